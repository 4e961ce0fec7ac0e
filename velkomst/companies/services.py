"""Writes of the company register, placement offers and placements."""
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError as StdnumError

from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write, changes_record, snapshot
from velkomst.companies.models import Company, Contact, OfferKind, Placement, PlacementOffer
from velkomst.companies.selectors import planned_placement_hours
from velkomst.config import hours_rules
from velkomst.formats import date_text
from velkomst.people.models import Case, CaseStatus
from velkomst.people.services import case_status_change, journal_event_add
from velkomst.programme import services as programme
from velkomst.programme.messages import finding_text
from velkomst.programme.models import Attendance
from velkomst.programme.services import PlanItemData, attendance_save
from velkomst.rules import programme as rules

# Without named days and hours (the API, older callers), the plan's working day at a placement starts at 08:00.
WORKDAY_START_MINUTES = 8 * 60


def cvr_clean(value: str) -> str:
    try:
        return stdnum_cvr.validate(value)
    except StdnumError as error:
        raise ValidationError({"cvr": _("The CVR number is not valid: it has 8 digits and passes the check digit. Check the number.")}) from error


@transaction.atomic
def company_create(*, by: User, cvr: str, name: str, sector: int | None, ownership: str, address: str = "", phone: str = "") -> Company:
    number = cvr_clean(cvr)
    if Company.objects.filter(cvr=number).exists():
        raise ValidationError({"cvr": _("A company with this CVR number is already registered.")})
    if not name.strip():
        raise ValidationError({"name": _("Give the company's name.")})
    company = Company.objects.create(cvr=number, name=name.strip(), sector=sector, ownership=ownership, address=address, phone=phone)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=company)
    return company


@transaction.atomic
def contact_add(*, by: User, company: Company, name: str, title: str = "", phone: str = "", email: str = "") -> Contact:
    if not name.strip():
        raise ValidationError({"name": _("Give the contact person's name.")})
    contact = Contact.objects.create(company=company, name=name.strip(), title=title, phone=phone, email=email)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=contact)
    return contact


@transaction.atomic
def offer_create(*, by: User, company: Company, kind: str, title: str, hours_per_week: Decimal, days_per_week: int, starts_on: date,
                 weeks: int, danish_needed: int = 0, places: int = 1) -> PlacementOffer:
    errors = {}
    if kind not in OfferKind.values:
        errors["kind"] = _("Choose the kind of offer.")
    if not 1 <= days_per_week <= 5:
        errors["days_per_week"] = _("Give 1 to 5 days a week.")
    if not Decimal("1") <= hours_per_week <= Decimal("37"):
        errors["hours_per_week"] = _("Give 1 to 37 hours a week.")
    if weeks < 1:
        errors["weeks"] = _("The offer lasts at least one week.")
    if errors:
        raise ValidationError(errors)
    offer = PlacementOffer.objects.create(company=company, kind=kind, title=title, hours_per_week=hours_per_week, days_per_week=days_per_week,
                                          starts_on=starts_on, weeks=weeks, danish_needed=danish_needed, places=places, created_by=by)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=offer)
    return offer


def default_plan_days(offer: PlacementOffer) -> tuple[tuple[int, ...], time, time]:
    """The offer's days when the consultant names none: its first weekdays, from 08:00, the hours shared out."""
    minutes = int(offer.hours_per_week * 60 / offer.days_per_week)
    end = WORKDAY_START_MINUTES + minutes
    return tuple(range(offer.days_per_week)), time(WORKDAY_START_MINUTES // 60, WORKDAY_START_MINUTES % 60), time(end // 60, end % 60)


def _check_days(weekdays, start: time | None, end: time | None) -> dict[str, str]:
    errors = {}
    if weekdays is not None and (not weekdays or any(not 0 <= day <= 6 for day in weekdays)):
        errors["weekdays"] = _("Choose the weekdays of the placement.")
    if start is not None and end is not None and end <= start:
        errors["end"] = _("The working day must end after it starts.")
    return errors


@transaction.atomic
def placement_start(*, by: User, offer: PlacementOffer, case: Case, starts_on: date, today: date, ends_on: date | None = None,
                    extension_reason: str = "", weekdays: tuple[int, ...] | None = None, start: time | None = None,
                    end: time | None = None) -> Placement:
    """Place a citizen: the length is checked against the table by kind and readiness (an extension needs a reason),
    the placement joins the weekly plan on the weekdays and hours named (e.g. the shop Monday to Wednesday, so Danish
    on Thursday and Friday does not overlap; without them, ``default_plan_days``), and the case goes "in placement" on
    the first day: at once when that day has come, else by ``placements_starting_apply`` on the day (as a job makes
    the case employed)."""

    offer = PlacementOffer.objects.select_for_update().select_related("company").get(pk=offer.pk)
    case = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    ends_on = ends_on or starts_on + timedelta(weeks=offer.weeks) - timedelta(days=1)
    errors = _check_days(weekdays, start, end)
    if ends_on < starts_on:
        errors["ends_on"] = _("The placement must end on or after the day it starts.")
    if errors:
        raise ValidationError(errors)
    default_days, default_start, default_end = default_plan_days(offer)
    weekdays, start, end = tuple(sorted(set(weekdays))) if weekdays else default_days, start or default_start, end or default_end
    if offer.status != PlacementOffer.Status.OPEN:
        raise ValidationError({"case": _("The offer is no longer open.")})
    if case.status != CaseStatus.IN_PROGRAMME or programme.open_enrolment(case) is None:
        raise ValidationError({"case": _("Only a citizen in the programme and not already in a placement can be placed.")})
    waiting = Placement.objects.filter(case=case, outcome=Placement.Outcome.ONGOING, ends_on__gte=today).select_related("offer__company").first()
    if waiting is not None:  # placed already, from a later day: the case is still "in the programme" until then
        raise ValidationError({"case": _("The citizen is already placed at %(company)s from %(date)s.") % {
            "company": waiting.offer.company, "date": date_text(waiting.starts_on)}})
    needs_readiness = offer.kind in rules.INTERNSHIP_KINDS
    if needs_readiness and case.readiness not in (rules.JOB_READY, rules.ACTIVITY_READY):
        raise ValidationError({"case": _("Record whether the citizen is job-ready or activity-ready before an internship.")})
    # The citizen is in the programme (checked above): a job-ready newcomer's company internship may last 13 weeks.
    finding = rules.check_placement_length(offer.kind, starts_on, ends_on, case.readiness if needs_readiness else None,
                                           offer.company.ownership, in_programme=True, rules=hours_rules())
    if finding and not extension_reason.strip():
        raise ValidationError({"ends_on": finding_text(finding)})
    placement = Placement.objects.create(offer=offer, case=case, starts_on=starts_on, ends_on=ends_on,
                                         extension_reason=extension_reason.strip() if finding else "", created_by=by)
    programme.plan_item_add(by=by, case=case, placement=placement, data=PlanItemData(
        kind=offer.kind, weekdays=weekdays, start=start, end=end, valid_from=starts_on, valid_to=ends_on, note=str(offer.company)))
    if offer.placements.filter(outcome=Placement.Outcome.ONGOING).count() >= offer.places:
        before = snapshot(offer, ["status"])
        offer.status = PlacementOffer.Status.FILLED
        offer.save(update_fields=["status"])
        changes_record(user=by, instance=offer, before=before, person=None)
    if starts_on <= today:
        _in_placement(by=by, placement=placement)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=placement, person=case.person)
    return placement


def _in_placement(*, by: User, placement: Placement) -> None:
    case_status_change(by=by, case=placement.case, status=CaseStatus.IN_PLACEMENT, on=placement.starts_on, reason=str(placement.offer))


@transaction.atomic
def placements_starting_apply(*, today: date, by: User | None = None) -> int:
    """The daily step for placements, the same as ``programme.services.employments_starting_apply`` for jobs: every case
    still in the programme whose ongoing placement has begun by ``today`` (and not ended) goes "in placement", dated the
    placement's first day, in the name of whoever placed the citizen, else ``by``, else the caseworker. Run by
    ``velkomst programme_daily``; idempotent. Returns the number of cases changed."""
    placements = (Placement.objects.filter(outcome=Placement.Outcome.ONGOING, starts_on__lte=today, ends_on__gte=today,
                                           case__status=CaseStatus.IN_PROGRAMME)
                  .select_related("case__person", "case__caseworker", "offer__company", "created_by").order_by("case_id", "-starts_on"))
    changed = set()
    for placement in placements:
        actor = placement.created_by or by or placement.case.caseworker
        if placement.case_id not in changed and actor is not None:
            _in_placement(by=actor, placement=placement)
            changed.add(placement.case_id)
    return len(changed)


@transaction.atomic
def placement_outcome(*, by: User, placement: Placement, outcome: str, on: date, today: date, hours_per_week: Decimal | None = None,
                      monthly_income: Decimal | None = None, keep_danish: bool = False) -> Placement:
    """Completed or dropped out: back to the programme. Hired: the job is recorded from the next day (the programme
    suspended), and the case becomes employed on that day."""

    placement = Placement.objects.select_for_update().select_related("offer__company", "case__person").get(pk=placement.pk)
    if placement.outcome != Placement.Outcome.ONGOING:
        raise ValidationError({"outcome": _("The placement already has an outcome.")})
    if outcome not in (Placement.Outcome.COMPLETED, Placement.Outcome.DROPPED_OUT, Placement.Outcome.HIRED):
        raise ValidationError({"outcome": _("Choose completed, dropped out or hired.")})
    if on < placement.starts_on:
        raise ValidationError({"on": _("The outcome cannot be dated before the placement started (%(date)s).") % {"date": date_text(placement.starts_on)}})
    if outcome == Placement.Outcome.HIRED and (hours_per_week is None or monthly_income is None):
        raise ValidationError({"monthly_income": _("Give the job's hours and monthly income to record the hiring.")})
    placement.outcome, placement.outcome_on = outcome, on
    placement.save(update_fields=["outcome", "outcome_on"])
    programme.end_plan_items(items=placement.plan_items.all(), last_day=on)
    case = placement.case
    hired = outcome == Placement.Outcome.HIRED
    job_starts_on = on + timedelta(days=1)
    # Back to the programme after the placement, unless the job it led to has already begun (then: employed at once).
    if case.status == CaseStatus.IN_PLACEMENT and not (hired and job_starts_on <= today):
        case_status_change(by=by, case=case, status=CaseStatus.IN_PROGRAMME, on=on, reason=placement.get_outcome_display())
    if hired:
        company = placement.offer.company
        programme.employment_start(by=by, case=case, employer=company.name, company=company, hours_per_week=hours_per_week,
                                   monthly_income=monthly_income, started_on=job_starts_on, today=today, keep_danish=keep_danish)
    journal_event_add(case=case, author=by, text=_("Placement at %(company)s: %(outcome)s on %(date)s.") % {
        "company": placement.offer.company, "outcome": placement.get_outcome_display(), "date": date_text(on)})
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=placement, person=case.person)
    return placement


@transaction.atomic
def placement_attendance_register(*, by: User, company: Company, statuses: dict[tuple[int, date], str], now: datetime) -> int:
    """A company's placements, a week at a time: ``statuses`` maps (placement id, day) to present/absent/excused.

    A day counts the hours the weekly plan gives the placement that day, when present. Registering again corrects the
    earlier registration. Nothing is saved unless every day is a planned day of one of the company's placements and
    has come by ``now`` (the moment of the registration, kept on each row). Returns the number of days registered."""
    today = timezone.localdate(now)

    if not statuses:
        raise ValidationError({"week": _("No placement has a planned day to register in this week.")})
    if any(day > today for _placement, day in statuses):
        raise ValidationError({"week": _("Attendance can only be registered for days that have come.")})
    placements = {p.pk: p for p in Placement.objects.filter(offer__company=company, pk__in={pid for pid, _day in statuses})
                  .select_related("offer", "case__person")}
    missing = sorted((day, placements[pid].case.person.full_name) for (pid, day), status in statuses.items()
                     if status not in Attendance.Status.values and pid in placements)
    if missing or any(status not in Attendance.Status.values for status in statuses.values()):
        raise ValidationError({"week": _("Choose present, absent or absent with a valid reason for each day: %(days)s.") % {
            "days": "; ".join(f"{name} {date_text(day)}" for day, name in missing)}})
    placements_of_case = {p.case_id: p.pk for p in placements.values()}
    persons = {p.case_id: p.case.person_id for p in placements.values()}
    days = sorted({day for _placement, day in statuses})
    planned = planned_placement_hours(list(placements.values()), days) if placements else {}
    if any(planned.get(key, 0) <= 0 for key in statuses):
        raise ValidationError({"week": _("Some days are not planned days of this company's placements.")})
    existing = {
        (a.case_id, a.on, a.kind): a for a in Attendance.objects.select_for_update().filter(
            case__in=[p.case_id for p in placements.values()], on__in=days, teaching_class__isnull=True,
            kind__in={p.offer.kind for p in placements.values()})
    }
    new, changed = [], []
    for (placement_id, day), status in statuses.items():
        placement = placements[placement_id]
        hours = planned[(placement_id, day)] if status == Attendance.Status.PRESENT else Decimal("0")
        row = existing.get((placement.case_id, day, placement.offer.kind))
        if row is None:
            new.append(Attendance(case_id=placement.case_id, on=day, kind=placement.offer.kind, status=status, hours=hours, registered_by=by,
                                  registered_at=now))
        else:
            row.status, row.hours, row.registered_by, row.registered_at = status, hours, by, now
            changed.append(row)
    attendance_save(new=new, changed=changed, field="week")
    AccessLog.objects.bulk_create([
        AccessLog(user=by, action=action, object_type="attendance", object_id=f"{placements_of_case[row.case_id]}:{row.on.isoformat()}",
                  person_id=persons[row.case_id], purpose=AccessLog.Purpose.PROGRAMME)
        for rows, action in ((new, AccessLog.Action.CREATE), (changed, AccessLog.Action.CHANGE)) for row in rows
    ])
    return len(statuses)
