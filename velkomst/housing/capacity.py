"""New capacity from a spreadsheet: a hotel, a pavilion town or a batch of flats, one line per room.

The columns are the list below (docs/capacity-import.md is made from it). `read` checks every line on its own and
against the other lines of the file, without reading the database; `services.capacity_import` then checks the file
against the locations and rooms that exist and writes all of it or nothing. Read through `spreadsheets.read_table`,
as the referral and go-live imports are.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from velkomst.forms import CONTROL_CHARACTER_MESSAGE, control_character_columns
from velkomst.lib.text import fold, whole_number
from velkomst.spreadsheets import NO, YES, TableRefused, read_table

MAX_ROWS = 5000
MAX_BEDS = 50

# (column, required, what it holds) — the table in docs/capacity-import.md is made from this list.
COLUMNS = [
    ("location", True, "The location's code: lower-case letters, digits and hyphens, e.g. hotel-nord. Rooms of a location that "
                       "exists already are added to it"),
    ("location_name", False, "The location's name, e.g. Hotel Nord; required for a new location"),
    ("kind", False, "building, pavilion, hotel or flat; required for a new location"),
    ("address", False, "e.g. Nørre Allé 7, 2200 København N"),
    ("serves", False, "ukrainian, refugee, or both separated by a comma; required for a new location"),
    ("food_distribution", False, "yes/no: a reception location with food distribution — the location columns from here to host_contact "
                                 "are read from the location's first line; later lines leave them empty or repeat them"),
    ("welcome_house", False, "yes/no: a Welcome House"),
    ("pets_allowed", False, "yes/no"),
    ("step_free", False, "yes/no: step-free access to the building"),
    ("shared_kitchen", False, "yes/no"),
    ("shared_bath", False, "yes/no: shared bath and toilet"),
    ("common_room", False, "yes/no"),
    ("outdoor_area", False, "yes/no"),
    ("reserved_for", False, "vulnerable or patient; empty = not reserved for a target group"),
    ("host_contact", False, "Name and phone number of the host, e.g. Birgitte Holm, tlf. 33 66 12 34"),
    ("room", True, "The room number, unique at the location, e.g. 101 or 2.14 (format the column as text in Excel, so 2.10 stays 2.10)"),
    ("floor", False, "A whole number; 0 = the ground floor (empty = 0)"),
    ("beds", True, f"The number of beds, 1–{MAX_BEDS}"),
    ("accessible", False, "yes/no: the room is step-free"),
    ("kitchen", False, "yes/no: a kitchen in the room"),
    ("bath", False, "yes/no: a bath in the room"),
]
NAMES = [name for name, _required, _text in COLUMNS]
REQUIRED = [name for name, required, _text in COLUMNS if required]
LOCATION_FLAGS = ["food_distribution", "welcome_house", "pets_allowed", "step_free", "shared_kitchen", "shared_bath", "common_room",
                  "outdoor_area"]
LOCATION_COLUMNS = ["location_name", "kind", "address", "serves", *LOCATION_FLAGS, "reserved_for", "host_contact"]
ROOM_FLAGS = {"accessible": "accessible", "kitchen": "has_kitchen", "bath": "has_bath"}
# Headers as a Danish spreadsheet may write them, besides the codes (compared folded: case, accents, æøå and spaces ignored).
ALIASES = {
    "location": ("lokation", "lokationskode", "kode"),
    "location_name": ("navn", "lokationsnavn", "location name"),
    "kind": ("type", "art"),
    "address": ("adresse",),
    "serves": ("målgruppe", "maalgruppe", "populations"),
    "food_distribution": ("madudlevering",),
    "welcome_house": ("velkomsthus",),
    "pets_allowed": ("husdyr tilladt", "kæledyr tilladt"),
    "step_free": ("niveaufri", "niveaufri adgang"),
    "shared_kitchen": ("fælleskøkken",),
    "shared_bath": ("fælles bad",),
    "common_room": ("fællesrum",),
    "outdoor_area": ("udeareal",),
    "reserved_for": ("reserveret til", "målgruppespecifik"),
    "host_contact": ("vært", "kontakt"),
    "room": ("værelse", "værelsesnummer", "room number"),
    "floor": ("etage",),
    "beds": ("senge", "sengepladser"),
    "accessible": ("tilgængelig", "niveaufrit værelse"),
    "kitchen": ("køkken",),
    "bath": ("bad",),
}
KINDS = {"building": "building", "bygning": "building", "pavilion": "pavilion", "pavillon": "pavilion", "pavilion_town": "pavilion",
         "pavillonby": "pavilion", "hotel": "hotel", "flat": "flat", "lejlighed": "flat"}
POPULATIONS = {"ukrainian": "ukrainian", "ukrainer": "ukrainian", "ukrainere": "ukrainian", "displaced_ukrainian": "ukrainian",
               "refugee": "refugee", "refugees": "refugee", "flygtning": "refugee", "flygtninge": "refugee"}
RESERVED = {"vulnerable": "vulnerable", "udsatte": "vulnerable", "patient": "patient", "patients": "patient", "patienter": "patient"}
CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class Line:
    """One checked line: the location's code, the location values given on it, and the room. A line with an error keeps
    the values that could be read, so the checks against other lines and the database still name every bad line."""

    line: int
    location: str
    location_values: dict
    room: dict


@dataclass
class Parsed:
    lines: list[Line] = field(default_factory=list)  # every line, the bad ones with what could be read
    errors: list[RowError] = field(default_factory=list)
    count: int = 0  # the lines of the file below the header, good or bad

    def locations(self) -> dict[str, dict]:
        """Each location of the file with the values its lines give (the first line that gives a value), and its lines."""
        found: dict[str, dict] = {}
        for line in self.lines:
            entry = found.setdefault(line.location, {"values": {}, "lines": [], "first_line": line.line})
            for name, value in line.location_values.items():
                entry["values"].setdefault(name, (value, line.line))
            entry["lines"].append(line)
        return found


def as_markdown() -> str:
    rows = [f"| `{name}` | {'yes' if required else ''} | {text} |" for name, required, text in COLUMNS]
    return "\n".join(["| column | required | what it holds |", "| --- | :-: | --- |", *rows])


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (datetime, date)):
        return value.strftime("%d.%m.%Y")  # a date cell read as the text the parser reads (machine, not display)
    return str(value).strip()


def _header_map(headers: list[str]) -> tuple[dict[str, int], list[RowError]]:
    aliases = {fold(alias).replace(" ", "_"): name for name in NAMES for alias in (name, *ALIASES.get(name, ()))}
    found, errors = {}, []
    for index, header in enumerate(headers):
        name = aliases.get(fold(header).replace(" ", "_"))
        if name and name not in found:
            found[name] = index
    for name in REQUIRED:
        if name not in found:
            errors.append(RowError(1, name, _("The column “%(column)s” is missing; add it to the header line.") % {"column": name}))
    return found, errors


def read(file_name: str, content: bytes) -> Parsed:
    """Every line checked on its own and against the other lines of the file; no database reads."""
    try:
        table = read_table(file_name, content, max_rows=MAX_ROWS, what=_("one line per room"))
    except TableRefused as refused:
        return Parsed(errors=[RowError(1, "", refused.message)])
    columns, errors = _header_map(table.headers)
    if errors:
        return Parsed(errors=errors)
    if not table.lines:
        return Parsed(errors=[RowError(1, "", _("The file has a header line but no rooms."))])
    parsed = Parsed(count=len(table.lines))
    for number, cells in table.lines:
        values = {name: (cells[index] if index < len(cells) else None) for name, index in columns.items()}
        line, line_errors = _line(number, values)
        parsed.errors += line_errors
        parsed.lines.append(line)
    parsed.errors += _check_repeats(parsed)
    parsed.errors.sort(key=lambda e: (e.line, NAMES.index(e.column) if e.column in NAMES else -1))
    return parsed


def _yes_no(text: str) -> bool | None:
    """True, False, or None for an empty cell (not given). Raises ValueError."""
    value = fold(text)
    if not value:
        return None
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError


def _line(number: int, cells: dict) -> tuple[Line, list[RowError]]:
    errors = []

    def bad(column, message):
        errors.append(RowError(number, column, message))

    for column in control_character_columns(cells):
        bad(column, str(CONTROL_CHARACTER_MESSAGE))
    text = {name: _text(value) for name, value in cells.items()}
    code = text.get("location", "").lower()
    if not code:
        bad("location", _("The location code is empty; write the location's code, e.g. hotel-nord."))
    elif not CODE.match(code):
        bad("location", _("“%(value)s” is not a location code; use lower-case letters, digits and hyphens, e.g. hotel-nord.")
            % {"value": text["location"]})
    values: dict = {}
    for name in ("location_name", "address", "host_contact"):
        if text.get(name):
            values[name] = text[name]
    limits = {"location_name": 120, "address": 200, "host_contact": 200}
    for name, limit in limits.items():
        if len(values.get(name, "")) > limit:
            bad(name, _("The text is longer than %(max)d characters; shorten it.") % {"max": limit})
    if text.get("kind"):
        kind = KINDS.get(fold(text["kind"]).replace(" ", "_"))
        if kind is None:
            bad("kind", _("“%(value)s” is not a kind of location; write building, pavilion, hotel or flat.") % {"value": text["kind"]})
        values["kind"] = kind or text["kind"]
    if text.get("serves"):
        parts = [fold(part).strip().replace(" ", "_") for part in re.split(r"[,;/+]| og | and ", text["serves"]) if part.strip()]
        serves = {POPULATIONS.get(part) for part in parts}
        if None in serves or not serves:
            bad("serves", _("“%(value)s” is not a target group; write ukrainian, refugee, or both separated by a comma.") % {"value": text["serves"]})
            values["serves"] = text["serves"]
        else:
            values["serves"] = frozenset(serves)
    if text.get("reserved_for"):
        reserved = RESERVED.get(fold(text["reserved_for"]))
        if reserved is None:
            bad("reserved_for", _("“%(value)s” is not a target group with locations of its own; write vulnerable or patient, or leave it empty.")
                % {"value": text["reserved_for"]})
        values["reserved_for"] = reserved or text["reserved_for"]
    for name in LOCATION_FLAGS:
        try:
            flag = _yes_no(text.get(name, ""))
        except ValueError:
            bad(name, _("“%(value)s” is not yes or no; write yes or no.") % {"value": text[name]})
            continue
        if flag is not None:
            values[name] = flag
    room: dict = {}
    number_text = text.get("room", "")
    if not number_text:
        bad("room", _("The room number is empty; write the room's number, e.g. 101."))
    elif len(number_text) > 20:
        bad("room", _("The text is longer than %(max)d characters; shorten it.") % {"max": 20})
    room["number"] = number_text
    floor_text = text.get("floor", "") or "0"
    if re.fullmatch(r"-?\d{1,3}", floor_text):
        room["floor"] = int(floor_text)
    else:
        bad("floor", _("“%(value)s” is not a floor; write a whole number, 0 for the ground floor.") % {"value": floor_text})
    beds_text = text.get("beds", "")
    beds = whole_number(beds_text)
    if beds is not None and 1 <= beds <= MAX_BEDS:
        room["beds"] = beds
    else:
        bad("beds", _("“%(value)s” is not a number of beds; write a whole number from 1 to %(max)d.") % {"value": beds_text, "max": MAX_BEDS})
    for name, model_field in ROOM_FLAGS.items():
        try:
            room[model_field] = bool(_yes_no(text.get(name, "")))
        except ValueError:
            bad(name, _("“%(value)s” is not yes or no; write yes or no.") % {"value": text[name]})
    return Line(line=number, location=code, location_values=values, room=room), errors


def _check_repeats(parsed: Parsed) -> list[RowError]:
    """The same room twice, and a location described two ways, are errors in the file."""
    errors, rooms = [], {}
    for line in parsed.lines:
        key = (line.location, line.room["number"])
        if not line.room["number"]:
            continue
        if key in rooms:
            errors.append(RowError(line.line, "room", _("Room %(room)s of %(location)s is on line %(line)d too; remove one of the two lines.")
                                   % {"room": line.room["number"], "location": line.location, "line": rooms[key]}))
        else:
            rooms[key] = line.line
    for entry in parsed.locations().values():
        for line in entry["lines"]:
            for name, value in line.location_values.items():
                first, first_line = entry["values"][name]
                if value != first:
                    errors.append(RowError(line.line, name, _("Differs from line %(line)d of the same location; leave it empty or make them "
                                                              "the same.") % {"line": first_line}))
    return errors
