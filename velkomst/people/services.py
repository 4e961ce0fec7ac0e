"""Writes to persons, households and cases. Views, imports and commands call these; nothing else saves the models."""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write, changes_record, snapshot
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
    pets: int = 0,
    caseworker=None,
    today: date,
) -> Case:
    """A new person as the applicant of a new household, with a new case."""
    new_person = person_create(by=by, data=person, today=today)
    household = Household.objects.create(needs_step_free=needs_step_free, needs_own_room=needs_own_room)
    Pet.objects.bulk_create([Pet(household=household, kind=Pet.Kind.OTHER) for _ in range(pets)])
    HouseholdMember.objects.create(household=household, person=new_person, relation=HouseholdMember.Relation.APPLICANT)
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
                       pets: int = 0, caseworker=None, today: date) -> Case:
    """A new household: the applicant with their case, and each member (with a case when the member has a target group).
    Every person is checked; when any is refused nothing is saved and ``HouseholdRefused`` names them all."""
    errors: dict[int | None, ValidationError] = {}
    try:
        case = person_register(by=by, person=applicant, target_group=target_group, referral_decision_date=referral_decision_date,
                               needs_step_free=needs_step_free, needs_own_room=needs_own_room, pets=pets, caseworker=caseworker,
                               today=today)
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
