"""Reading referral lists (CSV or XLSX) into checked rows, without writing anything.

The columns are documented in docs/referral-import.md. Every bad
cell becomes a `RowError(line, column, message)` whose message says how to fix
it; `services.referral_import` writes nothing while there is one.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from velkomst.forms import CONTROL_CHARACTER_MESSAGE, control_character_columns, date_window_message
from velkomst.lib.dates import age_on
from velkomst.lib.pets import parse_pets
from velkomst.lib.text import fold, name_key
from velkomst.people.services import cpr_resolve
from velkomst.rules import date_windows
from velkomst.rules.households import is_adult
from velkomst.rules.populations import population_of
from velkomst.spreadsheets import NO, YES, TableRefused, read_table

MAX_ROWS = 2000

# Column name -> accepted headers (compared folded: case, accents and æøå ignored).
COLUMNS = {
    "household": ("household", "husstand"),
    "relation": ("relation", "relation til ansøger"),
    "first_name": ("first_name", "first name", "fornavn", "fornavne"),
    "last_name": ("last_name", "last name", "efternavn"),
    "birth_date": ("birth_date", "birth date", "fødselsdato"),
    "gender": ("gender", "køn"),
    "nationality": ("nationality", "nationalitet"),
    "cpr": ("cpr", "cpr number", "cpr-nummer", "cpr nummer"),
    "languages": ("languages", "sprog"),
    "asylum_centre": ("asylum_centre", "asylum centre", "asylcenter"),
    "special_considerations": ("special_considerations", "special considerations", "særlige hensyn"),
    "pets": ("pets", "husdyr", "kæledyr"),
    "step_free": ("step_free", "step-free", "niveaufri adgang", "niveaufri"),
    "own_room": ("own_room", "own room", "eget værelse", "skånebehov"),
    "own_room_reason": ("own_room_reason", "own room reason", "begrundelse for eget værelse", "skånebehov begrundelse"),
    "first_benefit_payment": ("first_benefit_payment", "first benefit payment", "første ydelse", "første udbetaling"),
    "referral_decision_date": ("referral_decision_date", "referral decision date", "visitationsdato"),
    "population": ("population", "målgruppe"),
}
REQUIRED = ("first_name", "last_name", "birth_date", "referral_decision_date", "population")

RELATIONS = {
    "applicant": "applicant", "ansoger": "applicant", "hovedperson": "applicant",
    "spouse": "spouse", "partner": "spouse", "aegtefaelle": "spouse", "samlever": "spouse",
    "child": "child", "barn": "child",
    "other": "other", "anden": "other", "andet": "other",
}  # fmt: skip
GENDERS = {"f": "F", "k": "F", "kvinde": "F", "female": "F", "m": "M", "mand": "M", "male": "M", "x": "X"}
# The "population" (målgruppe) column names the case's target group; the referral's housing population follows from it.
TARGET_GROUPS = {
    "ukrainian": "displaced_ukrainian",
    "ukrainer": "displaced_ukrainian",
    "displaced_ukrainian": "displaced_ukrainian",
    "fordreven": "displaced_ukrainian",
    "refugee": "other_refugee",
    "flygtning": "other_refugee",
    "municipal_quota": "municipal_quota",
    "un_quota": "un_quota",
    "family_reunified": "family_reunified",
}
# The longest text each column may hold (the fields the rows become); longer is a bad row, read no further.
MAX_LENGTHS = {"first_name": 100, "last_name": 100, "cpr": 20, "nationality": 60, "languages": 200, "asylum_centre": 120,
               "special_considerations": 4000, "household": 100, "relation": 40, "gender": 20, "population": 40, "pets": 60,
               "step_free": 10, "own_room": 10, "own_room_reason": 1000, "birth_date": 30, "referral_decision_date": 30,
               "first_benefit_payment": 30}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class Row:
    line: int
    household: str
    relation: str
    first_name: str
    last_name: str
    birth_date: date
    gender: str
    cpr: str | None
    nationality: str
    languages: str
    asylum_centre: str
    special_considerations: str
    pets: dict  # kind -> number (``lib.pets``); a list kept from before the kinds holds a bare number
    step_free: bool
    referral_decision_date: date
    target_group: str
    own_room: bool = False
    own_room_reason: str = ""
    first_benefit_payment_on: date | None = None

    @property
    def population(self) -> str | None:
        return population_of(self.target_group)

    @property
    def name_key(self) -> str:
        return name_key(self.first_name, self.last_name)


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def to_json(self) -> dict:
        """The parsed list as kept between the preview and the import: the file itself is never stored."""
        def row(r: Row) -> dict:
            return {name: (value.isoformat() if isinstance(value, date) else value) for name, value in r.__dict__.items()}

        return {"rows": [row(r) for r in self.rows], "errors": [[e.line, e.column, str(e.message)] for e in self.errors]}

    @classmethod
    def from_json(cls, data: dict) -> "Parsed":
        dates = {"birth_date", "referral_decision_date", "first_benefit_payment_on"}
        rows = [Row(**{k: (date.fromisoformat(v) if k in dates and v else v) for k, v in r.items()}) for r in data.get("rows", [])]
        return cls(rows=rows, errors=[RowError(line, column, message) for line, column, message in data.get("errors", [])])

    def households(self) -> dict[str, list[Row]]:
        groups: dict[str, list[Row]] = {}
        for row in self.rows:
            groups.setdefault(row.household, []).append(row)
        return groups


def _header_map(headers: list[str]) -> tuple[dict[str, int], list[RowError]]:
    aliases = {fold(alias): name for name, options in COLUMNS.items() for alias in options}
    found, errors = {}, []
    for index, header in enumerate(headers):
        name = aliases.get(fold(header))
        if name and name not in found:
            found[name] = index
    for name in REQUIRED:
        if name not in found:
            errors.append(RowError(1, name, _("The column “%(column)s” is missing; add it to the header line.") % {"column": name}))
    return found, errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _shown(value) -> str:
    """A cell's text as an error message may quote it: short, so a huge cell does not make a huge page."""
    text = _text(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _date(value) -> date | None:
    """dd.mm.yyyy, dd-mm-yyyy, yyyy-mm-dd, or an Excel date cell. Raises ValueError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for pattern in ("%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _cpr(value) -> str:
    if isinstance(value, (int, float)):  # Excel drops the leading zero of a number cell
        return f"{int(value):010d}"
    return _text(value)


def parse(file_name: str, content: bytes, *, today: date) -> Parsed:
    """Every row checked on its own and against the other rows of the file (no database reads but the CPR rules).
    A birth date after ``today`` is a bad row."""
    try:
        table = read_table(file_name, content, max_rows=MAX_ROWS, what=_("one line per person"))
    except TableRefused as refused:
        return Parsed(errors=[RowError(refused.line, "", refused.message)])
    columns, errors = _header_map(table.headers)
    if errors:
        return Parsed(errors=errors)
    lines = table.lines
    if not lines:
        return Parsed(errors=[RowError(1, "", _("The file has a header line but no persons."))])
    parsed = Parsed()
    for line, cells in lines:
        cell = {name: (cells[index] if index < len(cells) else None) for name, index in columns.items()}
        row, row_errors = _parse_row(line, cell, today=today)
        parsed.errors += row_errors
        if row:
            parsed.rows.append(row)
    parsed.errors += _check_households(parsed)
    parsed.errors += _check_repeats(parsed.rows)
    parsed.errors.sort(key=lambda e: (e.line, e.column))
    return parsed


def _parse_row(line: int, cell: dict, *, today: date) -> tuple[Row | None, list[RowError]]:
    errors = []

    flagged = set()  # one error per cell: the first thing wrong with it

    def err(column, message):
        if column not in flagged:
            flagged.add(column)
            errors.append(RowError(line, column, message))

    for column in control_character_columns(cell):
        err(column, str(CONTROL_CHARACTER_MESSAGE))
    for column, longest in MAX_LENGTHS.items():
        if len(_text(cell.get(column))) > longest:
            err(column, _("The text is longer than %(max)d characters; shorten it.") % {"max": longest})
    first, last = _text(cell.get("first_name")), _text(cell.get("last_name"))
    if not first:
        err("first_name", _("The first name is empty; fill it in."))
    if not last:
        err("last_name", _("The last name is empty; fill it in."))
    dates = {}
    for name in ("birth_date", "referral_decision_date", "first_benefit_payment"):
        try:
            dates[name] = _date(cell.get(name))
        except ValueError:
            err(name, _("“%(value)s” is not a date; write it as dd.mm.yyyy, e.g. 17.05.1990.") % {"value": _shown(cell.get(name))})
            dates[name] = None
    if "referral_decision_date" not in [e.column for e in errors] and dates["referral_decision_date"] is None:
        err("referral_decision_date", _("The referral decision date is empty; copy it from the referral (dd.mm.yyyy)."))
    elif dates["referral_decision_date"] and not date_windows.in_window(date_windows.DECISION, dates["referral_decision_date"], today):
        # The same window as the referral form and the API: the preview lists it, the confirmation never meets it.
        err("referral_decision_date", date_window_message(date_windows.DECISION, today))
    gender_text = fold(_text(cell.get("gender")))
    gender = GENDERS.get(gender_text, "")
    if gender_text and not gender:
        err("gender", _("“%(value)s” is not a gender; write F, M or X.") % {"value": _shown(cell.get("gender"))})
    population_text = fold(_text(cell.get("population"))).replace(" ", "_")
    target_group = TARGET_GROUPS.get(population_text)
    if not target_group:
        err("population", _("“%(value)s” is not a population; write ukrainian or refugee (or municipal_quota, un_quota, family_reunified).")
            % {"value": _shown(cell.get("population"))})
    relation_text = fold(_text(cell.get("relation")))
    relation = RELATIONS.get(relation_text, "")
    if relation_text and not relation:
        err("relation", _("“%(value)s” is not a relation; write applicant, spouse, child or other.") % {"value": _shown(cell.get("relation"))})
    pets_text = _text(cell.get("pets")) or "0"
    try:
        pets = parse_pets(pets_text)
    except ValueError:
        pets = None
    if pets is None or sum(pets.values()) > 20:
        err("pets", _("“%(value)s” is not a number of pets; write a number and a kind, such as 0, 1 dog or 2 cats, 1 dog.")
            % {"value": _shown(pets_text)})
    flags = {}
    for name in ("step_free", "own_room"):
        flag_text = fold(_text(cell.get(name)))
        if flag_text not in YES | NO:
            err(name, _("“%(value)s” is not yes or no; write yes or no.") % {"value": _shown(cell.get(name))})
        flags[name] = flag_text in YES
    own_room_reason = _text(cell.get("own_room_reason"))
    if flags["own_room"] and not own_room_reason:
        err("own_room_reason", _("A room of their own needs its documented reason; write it in this column."))
    paid_on = dates["first_benefit_payment"]
    if paid_on and paid_on > today:
        err("first_benefit_payment", _("The first benefit payment cannot be after today; check the date."))
    elif paid_on and dates["referral_decision_date"] and paid_on < dates["referral_decision_date"]:
        err("first_benefit_payment", _("The first benefit payment cannot come before the referral decision; check the date."))
    cpr = None
    if "birth_date" not in [e.column for e in errors]:
        try:
            cpr, birth, gender = cpr_resolve(cpr=_cpr(cell.get("cpr")), birth_date=dates["birth_date"], gender=gender, today=today)
            dates["birth_date"] = birth
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    err(name, message)
    if errors:
        return None, errors
    return Row(
        line=line,
        household=_text(cell.get("household")) or f"line-{line}",
        relation=relation,
        first_name=first,
        last_name=last,
        birth_date=dates["birth_date"],
        gender=gender,
        cpr=cpr,
        nationality=_text(cell.get("nationality")),
        languages=_text(cell.get("languages")),
        asylum_centre=_text(cell.get("asylum_centre")),
        special_considerations=_text(cell.get("special_considerations")),
        pets=pets,
        step_free=flags["step_free"],
        referral_decision_date=dates["referral_decision_date"],
        target_group=target_group,
        own_room=flags["own_room"],
        own_room_reason=own_room_reason if flags["own_room"] else "",
        first_benefit_payment_on=paid_on,
    ), []


def _check_households(parsed: Parsed) -> list[RowError]:
    """One applicant per household and one referral: the same decision date, population and asylum centre on every row."""
    errors = []
    for rows in parsed.households().values():
        first = rows[0]
        applicants = [r for r in rows if r.relation == "applicant"]
        if not applicants and not first.relation:
            first.relation = "applicant"  # the first person of a household without relations is the applicant
            applicants = [first]
        if not applicants:
            errors.append(RowError(first.line, "relation", _("Household “%(household)s” has no applicant; mark one person as applicant.")
                                       % {"household": first.household}))
        for extra in applicants[1:]:
            errors.append(RowError(extra.line, "relation", _("Household “%(household)s” already has an applicant on line %(line)d; "
                                                             "write spouse, child or other.") % {"household": extra.household, "line": applicants[0].line}))
        for row in rows[1:]:
            if not row.relation:
                row.relation = "other" if is_adult(age_on(row.birth_date, row.referral_decision_date)) else "child"
            for name in ("referral_decision_date", "population", "asylum_centre"):
                if getattr(row, name) != getattr(first, name):
                    errors.append(RowError(row.line, name, _("Differs from line %(line)d of the same household; one household has one "
                                                             "referral, so make them the same.") % {"line": first.line}))
    return errors


def _check_repeats(rows: list[Row]) -> list[RowError]:
    """The same person twice in one file (by CPR, or birth date and name however spelled) is an error in the file."""
    errors, by_cpr, by_name = [], {}, {}
    for row in rows:
        if row.cpr and row.cpr in by_cpr:
            errors.append(RowError(row.line, "cpr", _("The same CPR number as line %(line)d; remove one of the two lines.") % {"line": by_cpr[row.cpr]}))
            continue
        key = (row.birth_date, row.name_key)
        if key in by_name:
            errors.append(RowError(row.line, "last_name", _("The same person as line %(line)d (same name and birth date); remove one of the two lines.")
                                   % {"line": by_name[key]}))
            continue
        if row.cpr:
            by_cpr[row.cpr] = row.line
        by_name[key] = row.line
    return errors
