"""The go-live import of the existing caseload, and its exporter.

`caseload_import` writes persons, households, cases and current tenancies through the
same services as the pages (people, housing), so the same rules apply: CPR checks,
case validation, the housing rules of a move-in. It is all or nothing: each household
runs in a savepoint so that every bad row is found, and the whole import is rolled back
when one row is bad — or always, in a dry run, which therefore reports exactly what a
real run would create.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from velkomst import spreadsheets
from velkomst.accounts import roles
from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.formats import date_text
from velkomst.forms import CONTROL_CHARACTER_MESSAGE, control_character_columns
from velkomst.housing import refusals as housing_refusals
from velkomst.housing.models import Room, Tenancy
from velkomst.housing.services import MoveRefused, household_type, rent_for
from velkomst.lib.pets import parse_pets
from velkomst.lib.text import fold
from velkomst.migration import columns as cols
from velkomst.people import services as people
from velkomst.people.models import (
    ACTIVE_STATUSES,
    Case,
    CaseStatus,
    Household,
    HouseholdMember,
    LeftReason,
    Readiness,
    TargetGroup,
)
from velkomst.reception.importing import GENDERS, NO, RELATIONS, YES
from velkomst.spreadsheets import TableRefused, read_table


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class Row:
    line: int
    values: dict


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    persons: int = 0
    households: int = 0
    cases: int = 0
    tenancies: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class CaseloadRefused(Exception):
    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(f"{len(report.errors)} errors")


# --- reading --------------------------------------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return date_text(value.date())
    if isinstance(value, date):
        return date_text(value)
    return str(value).strip()


def _date(text: str) -> date | None:
    if not text:
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def _choice(text: str, choices) -> str:
    if not text:
        return ""
    value = fold(text).replace(" ", "_")
    if value not in choices:
        raise ValueError
    return value


def _parse_row(line: int, cells: dict) -> tuple[Row, list[RowError]]:
    values, errors = {}, []

    def bad(column, message):
        errors.append(RowError(line, column, message))

    for column in control_character_columns(cells):
        bad(column, str(CONTROL_CHARACTER_MESSAGE))
    for name in cols.NAMES:
        values[name] = _text(cells.get(name))
    for name in cols.REQUIRED:
        if not values[name]:
            bad(name, _("Fill in “%(column)s”.") % {"column": name})
    for name in cols.DATES:
        try:
            values[name] = _date(values[name])
        except ValueError:
            bad(name, _("Write the date as dd.mm.yyyy, e.g. 26.11.2026."))
            values[name] = None
    relation = RELATIONS.get(fold(values["relation"]).replace(" ", ""), "")
    if values["relation"] and not relation:
        bad("relation", _("Write applicant, spouse, child or other."))
    values["relation"] = relation
    gender = values["gender"]
    values["gender"] = GENDERS.get(fold(gender), "") if gender else ""
    if gender and not values["gender"]:
        bad("gender", _("Write F, M or X."))
    for name, choices, fix in (
        ("target_group", TargetGroup.values, _("Use one of the target group codes in docs/go-live.md.")),
        ("status", CaseStatus.values, _("Use one of: referred, arrived, in_programme, in_placement, employed, paused, left, closed.")),
        ("left_reason", LeftReason.values, _("Use one of: moved_away, left_denmark, deceased, other.")),
        ("readiness", Readiness.values, _("Use one of: job_ready, activity_ready, education_ready.")),
    ):
        try:
            values[name] = _choice(values[name], choices)
        except ValueError:
            bad(name, fix)
            values[name] = ""
    for name in [*cols.FLAGS, "needs_step_free", "needs_own_room"]:
        text = fold(values[name])
        if text not in YES | NO:
            bad(name, _("Write yes or no."))
        values[name] = text in YES
    try:
        values["pets"] = parse_pets(values["pets"])
        if sum(values["pets"].values()) > 20:
            raise ValueError
    except ValueError:
        bad("pets", _("Write the number and kind of pets, 0 to 20 in all, e.g. 1 dog or 2 cats, 1 dog."))
        values["pets"] = {}
    if values["target_group"] and not values["referral_decision_date"]:
        bad("referral_decision_date", _("A case needs its referral decision date (dd.mm.yyyy)."))
    if values["room"] and not values["moved_in_on"]:
        bad("moved_in_on", _("Write the date the household moved into the room (dd.mm.yyyy)."))
    if values["room"] and "/" not in values["room"]:
        bad("room", _("Write the room as location code/room number, e.g. solterrasserne/2.14."))
    return Row(line, values), errors


def read(file_name: str, content: bytes) -> tuple[list[Row], list[RowError]]:
    """The rows of the file, each checked on its own and within its household (no database writes)."""
    try:
        table = read_table(file_name, content, what=_("one line per person"))
    except TableRefused as refused:
        return [], [RowError(refused.line, "", refused.message)]
    headers, lines = table.headers, table.lines
    index = {fold(header).replace(" ", "_"): i for i, header in enumerate(headers)}
    errors = [RowError(1, name, _("The column “%(column)s” is missing; add it to the header line.") % {"column": name})
              for name in cols.REQUIRED if name not in index]
    if errors:
        return [], errors
    rows = []
    for line, cells in lines:
        row, row_errors = _parse_row(line, {name: cells[i] if i < len(cells) else None for name, i in index.items()})
        rows.append(row)
        errors += row_errors
    for key, members in _households(rows).items():
        applicants = [row for row in members if row.values["relation"] == "applicant"]
        if len(applicants) != 1:
            for row in members:
                errors.append(RowError(row.line, "relation", _("Household “%(key)s” needs exactly one applicant.") % {"key": key}))
        elif not applicants[0].values["target_group"]:
            errors.append(RowError(applicants[0].line, "target_group", _("The applicant needs a target group for the case.")))
    return rows, sorted(set(errors), key=lambda e: (e.line, e.column))


def _households(rows: list[Row]) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row.values["household"]].append(row)
    return groups


# --- writing ----------------------------------------------------------------------------------------------------------

CASE_CHANGES = ["readiness", "permit_type", "permit_expires", "takeover_date", "arrival_date", *cols.FLAGS]


def _person_data(values: dict) -> people.PersonData:
    return people.PersonData(**{name: values[name] for name in people.PersonData.__dataclass_fields__})


def _errors_from(error: ValidationError, line: int, column_of: dict | None = None) -> list[RowError]:
    column_of = column_of or {}
    if not hasattr(error, "error_dict"):
        return [RowError(line, "", message) for message in error.messages]
    return [RowError(line, column_of.get(name, name if name != "__all__" else ""), message)
            for name, messages in error.message_dict.items() for message in messages]


def _case_complete(*, by: User, case: Case, values: dict, as_of: date) -> None:
    changes = {name: values[name] for name in CASE_CHANGES if values[name] not in (None, "", False)}
    if changes:
        people.case_update(by=by, case=case, changes=changes, today=as_of)
    status = values["status"] or CaseStatus.REFERRED
    if status != CaseStatus.REFERRED:
        on = values["arrival_date"] or case.takeover_date or case.referral_decision_date
        people.case_status_change(by=by, case=case, status=status, on=on, reason=_("Go-live import"), left_reason=values["left_reason"])


def tenancy_import(*, by: User, household: Household, room: Room, moved_in_on: date, as_of: date) -> Tenancy:
    """A current tenancy from the old system. The housing rules of a move-in are checked as of go-live day (`as_of`),
    not as of the historic move-in: the caseload is imported as it is today (a household that moved in before its first
    benefit payment is no longer a newcomer who needs food distribution). `housing.services.tenancy_start` checks on
    the move-in date, which is right for every move made in Velkomst itself."""
    room = Room.objects.select_for_update().select_related("location").get(pk=room.pk)
    refused = housing_refusals.refusals(room=room, household=household, on=as_of)
    if refused:
        raise MoveRefused(refused)
    kind = household_type(household, moved_in_on)
    tenancy = Tenancy.objects.create(
        household=household, room=room, moved_in_on=moved_in_on, persons=household.members.count(), household_type=kind,
        monthly_rent=rent_for(kind, moved_in_on), lease_signed_on=moved_in_on, created_by=by,
    )
    for case in household.cases.select_related("person"):
        people.journal_event_add(case=case, author=by, text=_("Living in %(room)s since %(date)s (go-live import).") % {
            "room": room, "date": date_text(moved_in_on)})
        access_log_write(user=by, action=AccessLog.Action.CREATE, obj=tenancy, person=case.person)
    return tenancy


def _import_household(*, by: User, rows: list[Row], caseworkers: dict, rooms: dict, report: ImportReport, as_of: date) -> list[RowError]:
    applicant = next(row for row in rows if row.values["relation"] == "applicant")
    others = [row for row in rows if row is not applicant]
    head = applicant.values
    errors = []

    def caseworker_of(row):
        name = row.values["caseworker"]
        if name and name not in caseworkers:
            errors.append(RowError(row.line, "caseworker", _("No caseworker has the user name “%(name)s”.") % {"name": name}))
        return caseworkers.get(name)

    members = [people.MemberData(person=_person_data(row.values), relation=row.values["relation"],
                                 target_group=row.values["target_group"] or None, caseworker=caseworker_of(row),
                                 referral_decision_date=row.values["referral_decision_date"]) for row in others]
    try:
        case = people.household_register(
            by=by, applicant=_person_data(head), target_group=head["target_group"], referral_decision_date=head["referral_decision_date"],
            members=members, needs_step_free=head["needs_step_free"], needs_own_room=head["needs_own_room"],
            own_room_reason=head["own_room_reason"], pets=head["pets"],
            caseworker=caseworker_of(applicant), today=as_of,
        )
    except people.HouseholdRefused as refused:
        line_of = {None: applicant.line} | {index: row.line for index, row in enumerate(others)}
        return errors + [e for index, error in refused.errors.items() for e in _errors_from(error, line_of[index])]
    household = case.household
    # Each person's case details from their own row.
    cases_by_person = {c.person_id: c for c in household.cases.all()}
    persons_by_line = {applicant.line: case.person_id} | {
        row.line: m.person_id for row, m in zip(others, household.members.exclude(person=case.person).order_by("id"))}
    for row in [applicant, *others]:
        member_case = cases_by_person.get(persons_by_line[row.line])
        if member_case is None:
            continue
        try:
            _case_complete(by=by, case=member_case, values=row.values, as_of=as_of)
        except ValidationError as error:
            errors += _errors_from(error, row.line)
    report.persons += 1 + len(others)
    report.cases += len(cases_by_person)
    if head["first_benefit_payment_on"]:
        try:
            people.household_benefit_payment_set(by=by, household=household, paid_on=head["first_benefit_payment_on"], today=as_of)
        except ValidationError as error:
            errors += _errors_from(error, applicant.line)
    if head["room"] and not errors:
        room = rooms.get(head["room"])
        if room is None:
            errors.append(RowError(applicant.line, "room", _("No room “%(room)s”: set up the locations and rooms first, then import.") % {"room": head["room"]}))
        else:
            try:
                tenancy_import(by=by, household=household, room=room, moved_in_on=head["moved_in_on"], as_of=as_of)
                report.tenancies += 1
            except MoveRefused as refused:
                errors += [RowError(applicant.line, "room", refusal.message) for refusal in refused.refusals]
    report.households += 1
    return errors


def caseload_import(*, by: User, file_name: str, content: bytes, dry_run: bool = False, as_of: date) -> ImportReport:
    """Import the file whole or not at all. Raises CaseloadRefused with every bad row; a dry run never writes.

    `as_of`: the go-live day (the command's today) that the housing rules of a move-in and the birth dates are checked on."""
    report = ImportReport(dry_run=dry_run)
    rows, errors = read(file_name, content)
    report.rows = len(rows)
    bad_lines = {error.line for error in errors}
    if rows:
        caseworkers = {u.username: u for u in get_user_model().objects.filter(groups__name=roles.CASEWORKER)}
        rooms = {room.code: room for room in Room.objects.select_related("location")}
        with transaction.atomic():
            for household_rows in _households(rows).values():
                if any(row.line in bad_lines for row in household_rows):
                    continue  # its rows are reported already; the other households are still checked against the database
                try:
                    with transaction.atomic():  # a savepoint: a bad household is undone, the next is still checked
                        household_errors = _import_household(by=by, rows=household_rows, caseworkers=caseworkers, rooms=rooms, report=report, as_of=as_of)
                        if household_errors:
                            raise CaseloadRefused(ImportReport(dry_run, errors=household_errors))
                except CaseloadRefused as refused:
                    errors += refused.report.errors
            if errors or dry_run:
                transaction.set_rollback(True)
    report.errors = sorted(set(errors), key=lambda e: (e.line, e.column))
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=None, criteria={
        "kind": "caseload import", "dry_run": dry_run, "rows": report.rows, "errors": len(report.errors),
        "persons": 0 if (dry_run or errors) else report.persons,
    })
    if report.errors:
        raise CaseloadRefused(report)
    return report


# --- export (the same format: the round trip, and a copy of the caseload for the next system) -------------------------

def _pets_text(household: Household) -> str:
    """The household's pets as the import reads them back: "0", or "1 dog, 2 cat"."""
    counts = people.household_pet_counts(household)
    return ", ".join(f"{number} {kind}" for kind, number in counts.items() if number) or "0"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _day(value: date | None) -> str:
    return date_text(value)


def caseload_rows(*, by: User) -> list[dict]:
    """Every household with an active case or a current tenancy, one row per member, in the import format."""
    active = set(Case.objects.filter(status__in=ACTIVE_STATUSES, household__isnull=False).values_list("household_id", flat=True))
    housed = set(Tenancy.objects.current().values_list("household_id", flat=True))
    members = list(
        HouseholdMember.objects.filter(household_id__in=active | housed).select_related("person", "household")
        .prefetch_related("household__pets").order_by("household_id", "relation", "id")
    )
    household_ids = {m.household_id for m in members}
    cases: dict[int, Case] = {}
    for case in Case.objects.filter(household_id__in=household_ids).select_related("caseworker").order_by("referral_decision_date", "id"):
        cases[case.person_id] = case  # the latest case of each person
    tenancies = {t.household_id: t for t in Tenancy.objects.current().filter(household_id__in=household_ids).select_related("room__location")}
    rows = []
    for member in members:
        person, household, case = member.person, member.household, cases.get(member.person_id)
        tenancy = tenancies.get(household.pk)
        row = {
            "household": str(household.pk), "relation": member.relation, "first_name": person.first_name, "last_name": person.last_name,
            "cpr": person.cpr or "", "birth_date": _day(person.birth_date), "gender": person.gender, "nationality": person.nationality,
            "languages": person.languages, "interpreter_language": person.interpreter_language, "phone": person.phone, "email": person.email,
        }
        if case:
            row |= {
                "target_group": case.target_group, "referral_decision_date": _day(case.referral_decision_date), "takeover_date": _day(case.takeover_date),
                "arrival_date": _day(case.arrival_date), "status": case.status, "left_reason": case.left_reason, "readiness": case.readiness,
                "permit_type": case.permit_type, "permit_expires": _day(case.permit_expires),
                "caseworker": case.caseworker.username if case.caseworker else "", **{flag: _yes(getattr(case, flag)) for flag in cols.FLAGS},
            }
        if member.relation == "applicant":
            row |= {
                "needs_step_free": _yes(household.needs_step_free), "needs_own_room": _yes(household.needs_own_room),
                "own_room_reason": household.own_room_reason, "pets": _pets_text(household), "first_benefit_payment_on": _day(household.first_benefit_payment_on),
                "room": tenancy.room.code if tenancy else "", "moved_in_on": _day(tenancy.moved_in_on) if tenancy else "",
            }
        rows.append({name: row.get(name, "") for name in cols.NAMES})
    access_log_write(user=by, action=AccessLog.Action.EXPORT, obj=None, criteria={"kind": "caseload export", "rows": len(rows)})
    return rows


def caseload_csv(rows: list[dict]) -> bytes:
    return spreadsheets.csv_bytes(cols.NAMES, ([row[name] for name in cols.NAMES] for row in rows), line_end="\n")
