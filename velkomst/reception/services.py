"""Writes of reception: referrals (form and import), preparation, arrival, meetings.

Persons, households and cases are made through `people.services`; the move-in through
`housing.services.tenancy_start`; status changes through `people.services.case_status_change`.
"""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django_tasks import task

from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write, changes_record, snapshot
from velkomst.config import deadline_rules
from velkomst.formats import date_text, datetime_text, time_text
from velkomst.forms import date_in_window
from velkomst.housing import refusals as housing_refusals
from velkomst.housing.models import Tenancy
from velkomst.housing.services import MoveInChecklist, MoveRefused, tenancy_start
from velkomst.jobs import services as jobs
from velkomst.jobs.models import Job
from velkomst.people import services as people
from velkomst.people.models import Case, CaseStatus, HouseholdMember, Person
from velkomst.reception import importing
from velkomst.reception.models import Appointment, Referral, ReferralImport
from velkomst.rules import date_windows
from velkomst.rules.deadlines import programme_start
from velkomst.rules.households import is_adult
from velkomst.rules.populations import population_of

MIN_MEETING_MINUTES, MAX_MEETING_MINUTES = 15, 8 * 60


def _journal(case: Case, by, text: str) -> None:
    people.journal_event_add(case=case, author=by, text=text)


# --- Referrals -------------------------------------------------------------------------------------------------


@transaction.atomic
def referral_register(*, by: User, applicant: people.PersonData, target_group: str, decision_date: date,
                      members: Sequence[people.MemberData] = (), asylum_centre: str = "", special_considerations: str = "",
                      needs_step_free: bool = False, needs_own_room: bool = False, own_room_reason: str = "",
                      pets: int | Mapping[str, int] = 0, first_benefit_payment_on: date | None = None, caseworker=None,
                      source: str = Referral.Source.FORM, today: date) -> Referral:
    """A new household referral: the applicant and the members, each with a case, and the referral to prepare.
    The page, the API and the referral import all call this. The housing population follows from the
    applicant's target group (``rules.populations``), so the referral and its cases cannot disagree. A room of their
    own needs its documented reason; a first benefit payment already made ends food distribution
    (``people.services.household_benefit_payment_set``)."""
    date_in_window("decision_date", decision_date, date_windows.DECISION, today=today)

    population = population_of(target_group)
    if population is None:
        raise ValidationError({"target_group": _("A referral is for a displaced Ukrainian or a refugee; "
                                                 "register citizens under the Active Employment Act as persons instead.")})
    case = people.household_register(
        by=by, applicant=applicant, target_group=target_group, referral_decision_date=decision_date, members=members,
        needs_step_free=needs_step_free, needs_own_room=needs_own_room, own_room_reason=own_room_reason, pets=pets,
        caseworker=caseworker, today=today,
    )
    if first_benefit_payment_on is not None:
        people.household_benefit_payment_set(by=by, household=case.household, paid_on=first_benefit_payment_on, today=today)
    referral = Referral.objects.create(
        household=case.household, decision_date=decision_date, population=population, asylum_centre=asylum_centre.strip(),
        special_considerations=special_considerations.strip(), source=source, created_by=by,
    )
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=referral, person=case.person)
    return referral


@dataclass
class ImportCheck:
    """What confirming an import would do: the rows, every bad row, and the possible duplicates."""

    parsed: importing.Parsed
    duplicates: dict[int, Person] = field(default_factory=dict)  # line -> the person already registered

    @property
    def errors(self) -> list[importing.RowError]:
        return self.parsed.errors

    @property
    def skipped_lines(self) -> set[int]:
        """Households with a possible duplicate are left out whole: half a household would be worse than none."""
        skipped = set()
        for rows in self.parsed.households().values():
            if any(row.line in self.duplicates for row in rows):
                skipped |= {row.line for row in rows}
        return skipped

    @property
    def households_to_import(self) -> list[list[importing.Row]]:
        skipped = self.skipped_lines
        return [rows for rows in self.parsed.households().values() if rows[0].line not in skipped]

    @property
    def persons_to_import(self) -> int:
        return sum(len(rows) for rows in self.households_to_import)


def duplicates_find(rows: list[importing.Row]) -> dict[int, Person]:
    """Rows whose person is already registered: the same CPR, or the same birth date and name however spelled (one query)."""
    cprs = {row.cpr for row in rows if row.cpr}
    keys = {row.name_key for row in rows}
    births = {row.birth_date for row in rows}
    if not rows:
        return {}
    known = Person.objects.filter(Q(cpr__in=cprs) | Q(birth_date__in=births, name_key__in=keys)).order_by("id")
    by_cpr = {p.cpr: p for p in known if p.cpr}
    by_name = {(p.birth_date, p.name_key): p for p in known}
    found = {}
    for row in rows:
        person = (row.cpr and by_cpr.get(row.cpr)) or by_name.get((row.birth_date, row.name_key))
        if person:
            found[row.line] = person
    return found


def import_check(*, parsed: importing.Parsed) -> ImportCheck:
    """What importing the parsed list would do: its rows, every bad row, and the possible duplicates (the dry run).
    The duplicates are looked up now, against the persons registered now."""
    check = ImportCheck(parsed=parsed)
    if not parsed.errors:
        check.duplicates = duplicates_find(parsed.rows)
    return check


@transaction.atomic
def referral_import_upload(*, by: User, file_name: str, content: bytes, today: date) -> ReferralImport:
    """Read the list once (within bounds) and keep the parsed rows and row errors for the preview, not the file."""
    parsed = importing.parse(file_name, content, today=today)
    batch = ReferralImport.objects.create(file_name=file_name[:200], parsed=parsed.to_json(), rows=len(parsed.rows), uploaded_by=by)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=batch, criteria={"file": "referral list", "bytes": len(content)})
    return batch


class ImportRefused(Exception):
    def __init__(self, errors: list[importing.RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} bad rows")


STEP_IMPORTING = gettext_noop("Registering the households of the list")


def referral_import_start(*, by: User, batch: ReferralImport) -> Job:
    """Import a checked list as a background job: a list of some hundred households takes seconds (every person,
    case, referral and their history), longer than a page should wait. The job's page leads to the list's report."""
    return jobs.job_start(by=by, kind=Job.Kind.REFERRAL_IMPORT, capability="manage_referrals", task=referral_import_task,
                          params={"import": batch.pk})


def referral_import_run(job: Job) -> str:
    """The job's work: the import as of the moment it was asked for; returns the address of the report."""
    batch = ReferralImport.objects.get(pk=job.params["import"])

    def progress(done: int, total: int) -> None:
        if done % 10 == 0:
            jobs.job_progress(job, 100 * done // max(total, 1), STEP_IMPORTING)

    try:
        referral_import(by=job.started_by, batch=batch, now=job.created_at, progress=progress)
    except ImportRefused as refused:
        raise jobs.JobFailed(ngettext("Nothing was imported: %(count)s row is wrong. Open the list to see it and upload it again.",
                                      "Nothing was imported: %(count)s rows are wrong. Open the list to see them and upload it again.",
                                      len(refused.errors)) % {"count": len(refused.errors)}) from refused
    except ValidationError as error:
        raise jobs.JobFailed(" ".join(error.messages)) from error
    return reverse("reception:import_preview", args=[batch.pk])


@task()
def referral_import_task(job_id: str) -> None:
    """django-tasks: queued by `referral_import_start`; beside the service it runs (no tasks module, no cycle)."""
    jobs.run_job(job_id, referral_import_run)


@transaction.atomic
def referral_import(*, by: User, batch: ReferralImport, now: datetime, progress=None) -> ReferralImport:
    """Import every household of the list in one transaction, or nothing at all when a row is bad.

    Possible duplicates (see `duplicates_find`) are not created a second time: their households are
    left out and listed in the report with the person already registered. ``now`` is the moment of the
    import (its day checks the birth dates). ``progress(done, total)``: told after each household.
    """
    today = timezone.localdate(now)
    batch = ReferralImport.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ReferralImport.Status.PREVIEW:
        raise ValidationError({"file": _("This list has already been imported; upload it again to import it again.")})
    check = import_check(parsed=importing.Parsed.from_json(batch.parsed))
    if check.errors:
        raise ImportRefused(check.errors)
    referrals = {}
    households = check.households_to_import
    for done, rows in enumerate(households, start=1):
        referral = _household_import(by=by, rows=rows, today=today)
        referrals[rows[0].line] = referral.pk
        if progress:
            progress(done, len(households))
    batch.status = ReferralImport.Status.IMPORTED
    batch.rows = len(check.parsed.rows)
    batch.imported_persons = check.persons_to_import
    batch.skipped_duplicates = len(check.duplicates)
    batch.imported_at = now
    batch.report = {
        "referrals": [{"line": line, "referral": pk} for line, pk in referrals.items()],
        "duplicates": [{"line": line, "person": person.pk} for line, person in sorted(check.duplicates.items())],
        "skipped_lines": sorted(check.skipped_lines),
    }
    batch.parsed = {}  # data minimisation: the persons now live in their own tables
    batch.save()
    return batch


def _person_data(row: importing.Row) -> people.PersonData:
    return people.PersonData(first_name=row.first_name, last_name=row.last_name, birth_date=row.birth_date, gender=row.gender,
                             cpr=row.cpr or "", nationality=row.nationality, languages=row.languages)


def _household_import(*, by: User, rows: list[importing.Row], today: date) -> Referral:
    applicant = next(row for row in rows if row.relation == "applicant")
    others = [row for row in rows if row is not applicant]
    considerations = "\n".join(f"{row.first_name} {row.last_name}: {row.special_considerations}" for row in rows if row.special_considerations)
    return referral_register(
        by=by, applicant=_person_data(applicant), target_group=applicant.target_group, decision_date=applicant.referral_decision_date,
        members=[people.MemberData(person=_person_data(row), relation=row.relation, target_group=row.target_group) for row in others],
        asylum_centre=applicant.asylum_centre, special_considerations=considerations,
        needs_step_free=any(row.step_free for row in rows), needs_own_room=any(row.own_room for row in rows),
        own_room_reason="\n".join(row.own_room_reason for row in rows if row.own_room_reason),
        pets=_household_pets(rows), first_benefit_payment_on=next((row.first_benefit_payment_on for row in rows if row.first_benefit_payment_on), None),
        source=Referral.Source.IMPORT, today=today,
    )


def _household_pets(rows: list[importing.Row]) -> dict[str, int]:
    """Every row of a household may list the household's pets: the most of each kind any row names."""
    counts: dict[str, int] = {}
    for row in rows:
        for kind, number in people.pet_counts(row.pets).items():
            counts[kind] = max(counts.get(kind, 0), number)
    return counts


# --- Preparation -----------------------------------------------------------------------------------------------


@transaction.atomic
def referral_prepare(*, by: User, referral: Referral, changes: dict, caseworker=None, today: date) -> Referral:
    """Tick preparation steps. A chosen room is checked against the housing rules on the arrival date (``today`` when none is set)."""
    unknown = set(changes) - set(Referral.PREPARATION_FIELDS)
    if unknown:
        raise ValueError(f"not preparation fields: {sorted(unknown)}")
    referral = Referral.objects.select_for_update().select_related("household").get(pk=referral.pk)
    if referral.status != Referral.Status.OPEN:
        raise ValidationError({"expected_arrival_on": _("The household has arrived; change the tenancy instead.")})
    before = snapshot(referral, list(changes))
    for name, value in changes.items():
        setattr(referral, name, value)
    arrival = referral.expected_arrival_on
    if arrival and arrival < referral.decision_date:
        raise ValidationError({"expected_arrival_on": _("The arrival date is before the referral decision date; check the date.")})
    if referral.planned_room_id and "planned_room" in changes:
        refused = housing_refusals.refusals(room=referral.planned_room, household=referral.household, on=arrival or today)
        if refused:
            raise ValidationError({"planned_room": [r.message for r in refused]})
    referral.save()
    cases = list(referral.household.cases.select_related("person"))
    applicant = _applicant_case(cases)
    if changes_record(user=by, instance=referral, before=before, person=applicant.person if applicant else None):
        access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=referral, person=applicant.person if applicant else None)
        if applicant:
            _journal(applicant, by, _("Preparation of the arrival updated."))
    for case in cases:
        if caseworker is not None and case.caseworker_id != caseworker.pk:
            people.case_update(by=by, case=case, changes={"caseworker": caseworker}, today=today)
    return referral


def _applicant_case(cases: list[Case]) -> Case | None:
    for case in cases:
        membership = getattr(case.person, "membership", None)
        if membership and membership.relation == HouseholdMember.Relation.APPLICANT:
            return case
    return cases[0] if cases else None


# --- Arrival ---------------------------------------------------------------------------------------------------


@transaction.atomic
def arrival_register(*, by: User, referral: Referral, room, arrived_on: date, checklist: MoveInChecklist = MoveInChecklist(),
                     today: date) -> Referral:
    """The household moves in (housing rules re-checked), its cases become "arrived", and the first meetings are due.

    Into its reserved room, the reservation becomes the tenancy (``tenancy_start``). A household a host has already moved in
    (the housing move-in page, without a proposal) keeps that tenancy: ``room`` may then be None, and the arrival is
    registered all the same."""
    referral = Referral.objects.select_for_update().select_related("household").get(pk=referral.pk)
    if referral.status != Referral.Status.OPEN:
        raise ValidationError({"arrived_on": _("The arrival is already registered.")})
    if arrived_on < referral.decision_date:
        raise ValidationError({"arrived_on": _("The arrival date is before the referral decision date; check the date.")})
    if arrived_on > today:
        raise ValidationError({"arrived_on": _("The arrival date is in the future; register the arrival on the day.")})
    housed = Tenancy.objects.current().filter(household=referral.household).first()
    if housed is None:
        if room is None:
            raise ValidationError({"room": _("Choose the room the household moves into.")})
        try:
            tenancy_start(by=by, household=referral.household, room=room, moved_in_on=arrived_on, checklist=checklist)
        except MoveRefused as refused:
            raise ValidationError({"room": [r.message for r in refused.refusals]}) from refused
    elif arrived_on < housed.moved_in_on:
        raise ValidationError({"arrived_on": _("The household moved into %(room)s on %(date)s; the arrival cannot be before that.") % {
            "room": housed.room, "date": date_text(housed.moved_in_on)}})
    before = snapshot(referral, ["status", "expected_arrival_on"])
    referral.status = Referral.Status.ARRIVED
    referral.expected_arrival_on = arrived_on
    referral.save(update_fields=["status", "expected_arrival_on"])
    cases = list(referral.household.cases.select_related("person"))
    applicant = _applicant_case(cases)
    changes_record(user=by, instance=referral, before=before, person=applicant.person if applicant else None)
    for case in cases:
        if case.status == CaseStatus.REFERRED:
            case = people.case_status_change(by=by, case=case, status=CaseStatus.ARRIVED, on=arrived_on)
        if is_adult(case.person.age_on(arrived_on)):
            for kind in (Appointment.Kind.WELCOME, Appointment.Kind.CONTRACT):
                Appointment.objects.create(case=case, kind=kind, status=Appointment.Status.REQUIRED, caseworker=case.caseworker,
                                           interpreter_language=case.person.interpreter_language, created_by=by)
    return referral


# --- Meetings --------------------------------------------------------------------------------------------------


def _clashes(*, caseworker, case: Case, starts_at: datetime, ends_at: datetime, exclude_pk) -> list[Appointment]:
    overlapping = Appointment.objects.filter(status=Appointment.Status.PLANNED, starts_at__lt=ends_at, ends_at__gt=starts_at)
    who = Q(case=case)
    if caseworker is not None:
        who |= Q(caseworker=caseworker)
    return list(overlapping.filter(who).exclude(pk=exclude_pk).select_related("case"))


@transaction.atomic
def appointment_book(*, by: User, case: Case, kind: str, starts_at: datetime, minutes: int, place: str, interpreter_language: str = "",
                     caseworker=None, appointment: Appointment | None = None, today: date, now: datetime | None = None) -> Appointment:
    """Book (or move) a meeting. Refused when it overlaps the caseworker's or the citizen's other planned meetings,
    when its day is before ``today``, or when it starts before ``now`` (the pages pass the moment of the booking).
    Moving keeps one meeting: the old time stays in the change history and the journal."""
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be timezone-aware")
    if kind not in Appointment.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")})
    if not MIN_MEETING_MINUTES <= minutes <= MAX_MEETING_MINUTES:
        raise ValidationError({"minutes": _("A meeting lasts from 15 minutes to 8 hours.")})
    if not place.strip():
        raise ValidationError({"place": _("Write where the meeting is, e.g. the address and room.")})
    if timezone.localtime(starts_at).date() < today or (now is not None and starts_at < now):
        raise ValidationError({"starts_at": _("The time is in the past; choose a time from today on.")})
    if caseworker is not None:
        # One booking at a time per caseworker, so two bookings cannot both pass the clash check.
        get_user_model().objects.select_for_update().filter(pk=caseworker.pk).first()
    ends_at = starts_at + timedelta(minutes=minutes)
    if appointment is None:
        appointment = Appointment.objects.filter(case=case, kind=kind, status=Appointment.Status.REQUIRED).order_by("id").first()
    clashes = _clashes(caseworker=caseworker, case=case, starts_at=starts_at, ends_at=ends_at, exclude_pk=getattr(appointment, "pk", None))
    if clashes:
        other = clashes[0]
        whose = _("the citizen") if other.case_id == case.pk else _("the caseworker")
        raise ValidationError({"starts_at": _("The time clashes with another meeting of %(whose)s on %(day)s at %(start)s–%(end)s; choose another time.") % {
            "whose": whose, "day": date_text(timezone.localtime(other.starts_at).date()),
            "start": time_text(other.starts_at), "end": time_text(other.ends_at)}})
    created = appointment is None
    if created:
        appointment = Appointment(case=case, kind=kind, created_by=by)
        before = {}
    else:
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.status not in Appointment.OPEN_STATUSES:
            raise ValidationError({"starts_at": _("The meeting is %(status)s and cannot be moved.") % {"status": appointment.get_status_display().lower()}})
        before = snapshot(appointment, ["status", "starts_at", "ends_at", "place", "interpreter_language", "caseworker"])
    moved_from = appointment.starts_at if not created and appointment.status == Appointment.Status.PLANNED else None
    appointment.status = Appointment.Status.PLANNED
    appointment.starts_at, appointment.ends_at = starts_at, ends_at
    appointment.place, appointment.interpreter_language, appointment.caseworker = place.strip(), interpreter_language.strip(), caseworker
    appointment.save()
    if before:
        changes_record(user=by, instance=appointment, before=before, person=case.person)
    access_log_write(user=by, action=AccessLog.Action.CREATE if created else AccessLog.Action.CHANGE, obj=appointment, person=case.person)
    if moved_from is not None:
        _journal(case, by, _("%(kind)s moved from %(old)s to %(new)s.") % {
            "kind": appointment.get_kind_display(), "old": datetime_text(moved_from), "new": datetime_text(starts_at)})
    else:
        _journal(case, by, _("%(kind)s booked for %(when)s.") % {
            "kind": appointment.get_kind_display(), "when": datetime_text(starts_at)})
    return appointment


@transaction.atomic
def appointment_status_set(*, by: User, appointment: Appointment, status: str, welcome_checklist: dict | None = None, notes: str = "",
                           now: datetime) -> Appointment:
    """Mark a meeting completed, missed or cancelled (the contract meeting completes with `contract_outcome_record`).
    A meeting that has not started by ``now`` can only be cancelled."""
    appointment = Appointment.objects.select_for_update().select_related("case__person").get(pk=appointment.pk)
    if status not in (Appointment.Status.COMPLETED, Appointment.Status.MISSED, Appointment.Status.CANCELLED):
        raise ValidationError({"status": _("Choose completed, missed or cancelled.")})
    if status in (Appointment.Status.COMPLETED, Appointment.Status.MISSED):
        if appointment.status != Appointment.Status.PLANNED:
            raise ValidationError({"status": _("Only a booked meeting can be completed or missed; book it first.")})
        if appointment.starts_at > now:
            raise ValidationError({"status": _("The meeting has not started yet.")})
    if status == Appointment.Status.COMPLETED and appointment.kind == Appointment.Kind.CONTRACT:
        raise ValidationError({"status": _("Record the contract meeting's outcome instead.")})
    fields = ["status", "notes", *(welcome_checklist or {})]
    before = snapshot(appointment, fields)
    appointment.status = status
    appointment.notes = notes.strip() or appointment.notes
    for name, value in (welcome_checklist or {}).items():
        if name not in Appointment.WELCOME_CHECKLIST:
            raise ValueError(name)
        setattr(appointment, name, bool(value))
    appointment.save()
    changes_record(user=by, instance=appointment, before=before, person=appointment.case.person)
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=appointment, person=appointment.case.person)
    _journal(appointment.case, by, _("%(kind)s: %(status)s.") % {"kind": appointment.get_kind_display(), "status": appointment.get_status_display()})
    return appointment


@transaction.atomic
def contract_outcome_record(*, by: User, appointment: Appointment, readiness: str, contract_signed_on: date,
                            programme_start_on: date | None = None, today: date) -> Appointment:
    """The contract meeting is held: readiness assessed, contract signed, the programme starts the week after (by default)."""
    appointment = Appointment.objects.select_for_update().select_related("case__person").get(pk=appointment.pk)
    errors = {}
    if appointment.kind != Appointment.Kind.CONTRACT:
        errors["readiness"] = _("Only a contract meeting has an outcome.")
    elif appointment.status not in (Appointment.Status.PLANNED, Appointment.Status.COMPLETED):
        errors["readiness"] = _("Book the contract meeting before recording its outcome.")
    if not readiness:
        errors["readiness"] = _("Choose the readiness assessment.")
    meeting_day = appointment.day
    if meeting_day and contract_signed_on < meeting_day:
        errors["contract_signed_on"] = _("The contract cannot be signed before the meeting (%(date)s).") % {"date": date_text(meeting_day)}
    if contract_signed_on > today:
        errors["contract_signed_on"] = _("The date is in the future; record the outcome after the meeting.")
    start = programme_start_on or programme_start(meeting_day or contract_signed_on, rules=deadline_rules())
    if start < contract_signed_on:
        errors["programme_start_on"] = _("The programme cannot start before the contract is signed.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(appointment, ["status", "readiness", "contract_signed_on", "programme_start_on"])
    appointment.status = Appointment.Status.COMPLETED
    appointment.readiness, appointment.contract_signed_on, appointment.programme_start_on = readiness, contract_signed_on, start
    appointment.save()
    case = appointment.case
    changes_record(user=by, instance=appointment, before=before, person=case.person)
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=appointment, person=case.person)
    if case.readiness != readiness:
        case = people.case_update(by=by, case=case, changes={"readiness": readiness}, today=today)
    if case.status in (CaseStatus.REFERRED, CaseStatus.ARRIVED):
        people.case_status_change(by=by, case=case, status=CaseStatus.IN_PROGRAMME, on=start,
                                  reason=_("Contract signed %(date)s.") % {"date": date_text(contract_signed_on)})
    return appointment
