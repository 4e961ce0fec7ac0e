"""Writes to persons, households and cases. Views, imports and commands call these; nothing else saves the models."""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write, changes_record, snapshot, values_record
from velkomst.config import deadline_rules
from velkomst.formats import date_text
from velkomst.forms import date_in_window, date_window_message
from velkomst.lib import cpr as cpr_lib
from velkomst.lib.text import fold, name_key, transliterate_uk
from velkomst.people.models import (
    Case,
    CaseStatus,
    CaseStatusChange,
    Household,
    HouseholdMember,
    JournalEntry,
    Person,
    Pet,
    link_periods,
    recount_members,
)
from velkomst.rules import date_windows
from velkomst.rules.deadlines import takeover_date as legal_takeover_date

PERSON_FIELDS = [
    "first_name",
    "last_name",
    "cpr",
    "birth_date",
    "gender",
    "nationality",
    "languages",
    "interpreter_language",
    "phone",
    "email",
]
CASE_FIELDS = [
    "target_group",
    "readiness",
    "permit_type",
    "permit_expires",
    "referral_decision_date",
    "takeover_date",
    "arrival_date",
    "caseworker",
    *Case.SENSITIVE_FIELDS,
]

MAX_PETS = 20
OWN_ROOM_REASON_MAX = 1000


@dataclass(frozen=True)
class PersonData:
    first_name: str
    last_name: str
    birth_date: date | None
    gender: str
    cpr: str = ""
    nationality: str = ""
    languages: str = ""
    interpreter_language: str = ""
    phone: str = ""
    email: str = ""


def search_keys(first_name: str, last_name: str) -> tuple[str, str]:
    """The folded search key (original and transliterated spelling) and the duplicate-check name key."""
    original = fold(f"{first_name} {last_name}")
    latin = fold(transliterate_uk(f"{first_name} {last_name}"))
    search_key = original if latin == original else f"{original} | {latin}"
    return search_key, name_key(first_name, last_name)


def cpr_resolve(*, cpr: str, birth_date: date | None, gender: str, today: date) -> tuple[str | None, date, str]:
    """Normalise the CPR number and fill birth date and gender from it; refuse contradictions field by field.
    A birth date after ``today`` is refused."""
    errors = {}
    normalised = None
    if cpr and cpr.strip():
        try:
            cpr_birth, cpr_gender = cpr_lib.parse(cpr, today=today)
        except ValueError as error:
            raise ValidationError({"cpr": _(str(error))}) from error
        normalised = cpr_lib.format_cpr(cpr)
        if birth_date and birth_date != cpr_birth:
            errors["birth_date"] = _("The birth date does not match the CPR number; correct one of them.")
        if gender and gender != "X" and gender != cpr_gender:
            errors["gender"] = _("The gender does not match the CPR number's last digit; correct one of them.")
        birth_date = birth_date or cpr_birth
        gender = gender or cpr_gender
    if not birth_date:
        errors["birth_date"] = _("Enter the birth date (dd.mm.yyyy) or a CPR number.")
    elif birth_date > today:
        errors["birth_date"] = _("The birth date is in the future; check the date.")
    elif not date_windows.in_window(date_windows.BIRTH, birth_date, today):
        errors["birth_date"] = date_window_message(date_windows.BIRTH, today)
    if not gender:
        errors["gender"] = _("Choose a gender, or enter a CPR number.")
    if errors:
        raise ValidationError(errors)
    return normalised, birth_date, gender


def _cpr_must_be_free(cpr: str | None, *, exclude_pk=None) -> None:
    if cpr and Person.objects.filter(cpr=cpr).exclude(pk=exclude_pk).exists():
        raise ValidationError({"cpr": _("A person with this CPR number is already registered; search for them instead.")})


def _next_case_number(year: int) -> str:
    prefix = f"{year}-"
    last = Case.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:05d}"


def person_create(*, by: User, data: PersonData, today: date) -> Person:
    cpr, birth_date, gender = cpr_resolve(cpr=data.cpr, birth_date=data.birth_date, gender=data.gender, today=today)
    _cpr_must_be_free(cpr)
    search_key, key = search_keys(data.first_name, data.last_name)
    person = Person(
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        cpr=cpr,
        birth_date=birth_date,
        gender=gender,
        nationality=data.nationality,
        languages=data.languages,
        interpreter_language=data.interpreter_language,
        phone=data.phone,
        email=data.email,
        search_key=search_key,
        name_key=key,
    )
    person.full_clean(exclude=["search_key", "name_key"])
    person.save()
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=person, person=person)
    return person


@transaction.atomic
def person_register(
    *,
    by: User,
    person: PersonData,
    target_group: str,
    referral_decision_date: date,
    needs_step_free: bool = False,
    needs_own_room: bool = False,
    own_room_reason: str = "",
    pets: int | Mapping[str, int] = 0,
    caseworker=None,
    today: date,
) -> Case:
    """A new person as the applicant of a new household, with a new case. ``pets`` is a number of each kind
    ({"dog": 1, "cat": 2}); a bare number counts pets of kind "other" (a list that gives no kind)."""
    counts = pet_counts(pets)
    own_room_reason_check(needs_own_room=needs_own_room, reason=own_room_reason)
    new_person = person_create(by=by, data=person, today=today)
    household = Household.objects.create(needs_step_free=needs_step_free, needs_own_room=needs_own_room,
                                         own_room_reason=own_room_reason.strip() if needs_own_room else "")
    Pet.objects.bulk_create([Pet(household=household, kind=kind) for kind, number in counts.items() for _ in range(number)])
    HouseholdMember.objects.create(household=household, person=new_person, relation=HouseholdMember.Relation.APPLICANT)
    recount_members([household.pk])
    return case_open(
        by=by,
        person=new_person,
        household=household,
        target_group=target_group,
        referral_decision_date=referral_decision_date,
        today=today,
        caseworker=caseworker,
    )


@dataclass(frozen=True)
class MemberData:
    """A household member to register with the applicant. ``target_group`` opens a case of their own
    (the usual case: every referred person has one); ``None`` adds the member without a case."""

    person: PersonData
    relation: str
    target_group: str | None = None
    caseworker: object = None
    referral_decision_date: date | None = None  # the household's when left out


class HouseholdRefused(ValidationError):
    """Registering a household found errors. ``errors`` maps ``None`` (the applicant) or a member's index
    to that person's field errors, so a page, the API and an import can each say where the error is."""

    def __init__(self, errors: dict[int | None, ValidationError]):
        self.errors = errors
        flat = {}
        for index, error in errors.items():
            by_field = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            for field_name, messages in by_field.items():
                flat[field_name if index is None else f"members.{index}.{field_name}"] = messages
        super().__init__(flat)


@transaction.atomic
def household_register(*, by: User, applicant: PersonData, target_group: str, referral_decision_date: date,
                       members: Sequence[MemberData] = (), needs_step_free: bool = False, needs_own_room: bool = False,
                       own_room_reason: str = "", pets: int | Mapping[str, int] = 0, caseworker=None, today: date) -> Case:
    """A new household: the applicant with their case, and each member (with a case when the member has a target group).
    Every person is checked; when any is refused nothing is saved and ``HouseholdRefused`` names them all."""
    errors: dict[int | None, ValidationError] = {}
    try:
        case = person_register(by=by, person=applicant, target_group=target_group, referral_decision_date=referral_decision_date,
                               needs_step_free=needs_step_free, needs_own_room=needs_own_room, own_room_reason=own_room_reason,
                               pets=pets, caseworker=caseworker, today=today)
    except ValidationError as error:
        errors[None] = error
        case = None
    for index, member in enumerate(members):
        if case is None:
            break
        try:
            with transaction.atomic():  # a savepoint: a refused member is undone, the next is still checked
                person = household_member_add(by=by, household=case.household, data=member.person, relation=member.relation, today=today)
                if member.target_group:
                    case_open(by=by, person=person, household=case.household, target_group=member.target_group,
                              referral_decision_date=member.referral_decision_date or referral_decision_date, today=today,
                              caseworker=member.caseworker)
        except ValidationError as error:
            errors[index] = error
    if errors:
        raise HouseholdRefused(errors)
    return case


@transaction.atomic
def household_member_add(*, by: User, household: Household, data: PersonData, relation: str, today: date) -> Person:
    person = person_create(by=by, data=data, today=today)
    HouseholdMember.objects.create(household=household, person=person, relation=relation)
    recount_members([household.pk])
    for case in household.cases.all():
        journal_event_add(case=case, text=_("%(name)s joined the household as %(relation)s.") % {
            "name": person.full_name,
            "relation": HouseholdMember.Relation(relation).label,
        })
    return person


CASE_DATE_KINDS = {"referral_decision_date": date_windows.DECISION, "takeover_date": date_windows.RECORD,
                   "arrival_date": date_windows.EVENT, "permit_expires": date_windows.EXPIRY}


def _case_dates_in_window(values: dict, today: date) -> None:
    """The case's dates, each within the window of its kind (``rules.date_windows``)."""
    errors = {}
    for name, kind in CASE_DATE_KINDS.items():
        try:
            date_in_window(name, values.get(name), kind, today=today)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_open(*, by: User, person: Person, household: Household | None, target_group: str, referral_decision_date: date, today: date,
              caseworker=None) -> Case:
    _case_dates_in_window({"referral_decision_date": referral_decision_date}, today)
    case = Case(
        number=_next_case_number(referral_decision_date.year),
        person=person,
        household=household,
        target_group=target_group,
        referral_decision_date=referral_decision_date,
        caseworker=caseworker,
    )
    if case.population:
        case.takeover_date = legal_takeover_date(case.population, referral_decision_date, rules=deadline_rules())
    case.full_clean()
    case.save()
    CaseStatusChange.objects.create(case=case, status=CaseStatus.REFERRED, on=referral_decision_date, by=by)
    journal_event_add(case=case, text=_("Case opened: referred on %(date)s.") % {"date": date_text(referral_decision_date)})
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=case, person=person)
    return case


@transaction.atomic
def member_case_open(*, by: User, person: Person, today: date) -> Case:
    """A household member's case of their own (a spouse in the programme, an adult child): the target group, the
    referral decision and the caseworker of the household's first case, and the same arrival once the household has
    arrived. Refused when the person has an open case or the household has no case to take them from."""
    membership = HouseholdMember.objects.select_related("household").filter(person=person).first()
    if membership is None:
        raise ValidationError({"case": _("The person is not in a household; register the case from the referral.")})
    if person.cases.exclude(status=CaseStatus.CLOSED).exists():
        raise ValidationError({"case": _("The person already has an open case.")})
    first = Case.objects.filter(household=membership.household).exclude(status=CaseStatus.CLOSED).order_by("id").first()
    if first is None:
        raise ValidationError({"case": _("The household has no case to take the referral from.")})
    case = case_open(by=by, person=person, household=membership.household, target_group=first.target_group,
                     referral_decision_date=first.referral_decision_date, today=today, caseworker=first.caseworker)
    if first.status != CaseStatus.REFERRED and first.arrival_date:
        case = case_status_change(by=by, case=case, status=CaseStatus.ARRIVED, on=first.arrival_date,
                                  reason=_("Arrived with the household."))
        case = case_update(by=by, case=case, changes={"arrival_date": first.arrival_date}, today=today)
    return case


@transaction.atomic
def person_update(*, by: User, person: Person, data: PersonData, today: date) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person, PERSON_FIELDS)
    cpr, birth_date, gender = cpr_resolve(cpr=data.cpr, birth_date=data.birth_date, gender=data.gender, today=today)
    _cpr_must_be_free(cpr, exclude_pk=person.pk)
    for field in PERSON_FIELDS:
        setattr(person, field, getattr(data, field))
    person.first_name, person.last_name = person.first_name.strip(), person.last_name.strip()
    person.cpr, person.birth_date, person.gender = cpr, birth_date, gender
    person.search_key, person.name_key = search_keys(person.first_name, person.last_name)
    person.full_clean(exclude=["search_key", "name_key"])
    person.save()
    recount_members(HouseholdMember.objects.filter(person=person).values_list("household_id", flat=True))
    if changes_record(user=by, instance=person, before=before, person=person):
        access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=person, person=person)
    return person


@transaction.atomic
def case_update(*, by: User, case: Case, changes: dict, today: date) -> Case:
    """Change case fields (not the status: see `case_status_change`). Each changed field goes to the history."""
    unknown = set(changes) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"not case fields: {sorted(unknown)}")
    _case_dates_in_window(changes, today)
    case = Case.objects.select_for_update().get(pk=case.pk)
    before = snapshot(case, list(changes))
    for field, value in changes.items():
        setattr(case, field, value)
    if "referral_decision_date" in changes and case.population and "takeover_date" not in changes:
        case.takeover_date = legal_takeover_date(case.population, case.referral_decision_date, rules=deadline_rules())
    case.full_clean()
    case.save()
    changed = changes_record(user=by, instance=case, before=before, person=case.person)
    if changed:
        access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=case, person=case.person)
        # The name of a restricted flag tells what it is about, so those changes get an event of their own that is restricted too.
        for restricted in (False, True):
            fields = [c.field for c in changed if (c.field in Case.SENSITIVE_FIELDS) == restricted]
            if fields:
                journal_event_add(case=case, author=by, restricted=restricted, text=_("Case changed: %(fields)s.") % {
                    "fields": ", ".join(str(Case._meta.get_field(name).verbose_name) for name in fields)
                })
    return case


@transaction.atomic
def case_status_change(*, by: User, case: Case, status: str, on: date, reason: str = "", left_reason: str = "") -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if status == case.status:
        raise ValidationError({"status": _("The case already has this status.")})
    if status == CaseStatus.LEFT and not left_reason:
        raise ValidationError({"left_reason": _("Choose why the citizen left.")})
    before = snapshot(case, ["status", "left_reason"])
    case.status = status
    case.left_reason = left_reason if status == CaseStatus.LEFT else ""
    if status == CaseStatus.ARRIVED and case.arrival_date is None:
        case.arrival_date = on
    case.save()
    CaseStatusChange.objects.create(case=case, status=status, reason=reason, on=on, by=by)
    link_periods([case.pk])  # a change may be back-dated: it can end an earlier one and be ended by a later one
    changes_record(user=by, instance=case, before=before, person=case.person)
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=case, person=case.person)
    journal_event_add(case=case, author=by, text=_("Status changed to %(status)s.") % {"status": CaseStatus(status).label}
                      + (f" {reason}" if reason else ""))
    return case


def journal_event_add(*, case: Case, text: str, author=None, restricted: bool = False) -> JournalEntry:
    """An event on the case's timeline; `restricted` when the text gives away restricted information (`view_sensitive`)."""
    return JournalEntry.objects.create(case=case, kind=JournalEntry.Kind.EVENT, text=text, author=author, restricted=restricted)


@transaction.atomic
def journal_note_add(*, by: User, case: Case, text: str) -> JournalEntry:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note before saving it.")})
    entry = JournalEntry.objects.create(case=case, kind=JournalEntry.Kind.NOTE, text=text, author=by)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=entry, person=case.person)
    return entry


# --- the household's needs and its first benefit payment --------------------------------------------------------------


def pet_counts(pets: int | Mapping[str, int] | None) -> dict[str, int]:
    """The number of pets of each kind, every kind present (0 when none); a bare number is pets of kind "other".
    Raises ValidationError on ``pets`` when a number is negative, the kind unknown or the total above 20."""
    given = {Pet.Kind.OTHER.value: pets or 0} if not isinstance(pets, Mapping) else dict(pets)
    unknown = set(given) - set(Pet.Kind.values)
    counts = {kind: given.get(kind) or 0 for kind in Pet.Kind.values}
    if unknown or any(n < 0 for n in counts.values()) or sum(counts.values()) > MAX_PETS:
        raise ValidationError({"pets": _("Give the number of dogs, cats and other pets, 0 to %(max)d in all.") % {"max": MAX_PETS}})
    return counts


def household_pet_counts(household: Household) -> dict[str, int]:
    """The household's pets by kind (reads ``household.pets.all()``, so a prefetch serves it)."""
    counts = dict.fromkeys(Pet.Kind.values, 0)
    for pet in household.pets.all():
        counts[pet.kind] = counts.get(pet.kind, 0) + 1
    return counts


def _household_cases(household: Household) -> list[Case]:
    return list(household.cases.select_related("person").order_by("id"))


def _household_person(household: Household, cases: list[Case]):
    """Whom the household's history is filed under: the applicant (the first case's person)."""
    return cases[0].person if cases else None


def own_room_reason_check(*, needs_own_room: bool, reason: str) -> None:
    """A room of their own is a documented health need: it comes with its reason (at most 1,000 characters)."""
    reason = (reason or "").strip()
    if needs_own_room and not reason:
        raise ValidationError({"own_room_reason": _("Write the documented reason for the room of their own (e.g. the doctor's "
                                                    "statement), or untick the need.")})
    if len(reason) > OWN_ROOM_REASON_MAX:
        raise ValidationError({"own_room_reason": _("The reason is longer than %(max)d characters; shorten it.") % {"max": OWN_ROOM_REASON_MAX}})


@transaction.atomic
def household_benefit_payment_set(*, by: User, household: Household, paid_on: date | None, today: date) -> Household:
    """Record the household's first benefit payment: food distribution ends on that day (``rules.households
    .needs_food_distribution``), so proposals, moves and relocations may place the household outside the reception
    locations from then on. ``None`` clears a date entered by mistake. The page, the referral import, the go-live
    import and the API all call this. Refused: a date after ``today``, or before the household's referral decision."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    cases = _household_cases(household)
    if paid_on is not None:
        date_in_window("first_benefit_payment_on", paid_on, date_windows.EVENT, today=today)
        decided = min((case.referral_decision_date for case in cases), default=None)
        if decided and paid_on < decided:
            raise ValidationError({"first_benefit_payment_on": _(
                "The first benefit payment cannot come before the referral decision (%(date)s); check the date.")
                % {"date": date_text(decided)}})
    if household.first_benefit_payment_on == paid_on:
        return household
    before = snapshot(household, ["first_benefit_payment_on"])
    household.first_benefit_payment_on = paid_on
    household.save(update_fields=["first_benefit_payment_on"])
    person = _household_person(household, cases)
    changes_record(user=by, instance=household, before=before, person=person)
    text = (_("First benefit payment on %(date)s: food distribution ends.") % {"date": date_text(paid_on)} if paid_on
            else _("First benefit payment removed: food distribution again until it is recorded."))
    for case in cases:
        journal_event_add(case=case, author=by, text=text)
        access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=household, person=case.person)
    return household


@transaction.atomic
def household_needs_change(*, by: User, household: Household, needs_step_free: bool, needs_own_room: bool,
                           own_room_reason: str | None, pets: int | Mapping[str, int]) -> Household:
    """Change the household's housing needs; proposals, moves and relocations read them as they are on the day.

    ``own_room_reason`` is the documented reason for a room of their own (restricted): ``None`` keeps the recorded
    one (a role that may not read it cannot send it back). A room of their own needs a reason. Each change goes to the
    history and the timeline; a change to the own-room need goes to a restricted timeline event."""
    counts = pet_counts(pets)
    household = Household.objects.select_for_update().get(pk=household.pk)
    reason = household.own_room_reason if own_room_reason is None else own_room_reason.strip()
    if not needs_own_room:
        reason = ""
    own_room_reason_check(needs_own_room=needs_own_room, reason=reason)
    fields = ["needs_step_free", "needs_own_room", "own_room_reason"]
    before = snapshot(household, fields)
    household.needs_step_free, household.needs_own_room, household.own_room_reason = needs_step_free, needs_own_room, reason
    household.save(update_fields=fields)
    cases = _household_cases(household)
    person = _household_person(household, cases)
    changed = [change.field for change in changes_record(user=by, instance=household, before=before, person=person)]
    now = household_pet_counts(household)
    if now != counts:
        for kind in Pet.Kind.values:
            extra = now[kind] - counts[kind]
            if extra > 0:
                Pet.objects.filter(pk__in=list(household.pets.filter(kind=kind).order_by("-id").values_list("pk", flat=True)[:extra])).delete()
            elif extra < 0:
                Pet.objects.bulk_create([Pet(household=household, kind=kind) for _ in range(-extra)])
        recount_members([household.pk])
        values_record(user=by, instance=household, person=person,
                      before={f"pets_{kind}": str(n) for kind, n in now.items()}, after={f"pets_{kind}": str(n) for kind, n in counts.items()})
        changed.append("pets")
    if not changed:
        return household
    labels = {"needs_step_free": _("step-free access"), "pets": _("pets")}
    open_changes = [str(labels[name]) for name in ("needs_step_free", "pets") if name in changed]
    restricted_changes = {"needs_own_room", "own_room_reason"} & set(changed)
    for case in cases:
        access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=household, person=case.person)
        if open_changes:
            journal_event_add(case=case, author=by, text=_("Housing needs changed: %(needs)s.") % {"needs": ", ".join(open_changes)})
        if restricted_changes:
            # The own-room need is a health matter: its event is restricted like the case flags.
            journal_event_add(case=case, author=by, restricted=True, text=_("Housing needs changed: room of their own (health)."))
    return household
