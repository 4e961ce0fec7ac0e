"""The one writer of every CSV and XLSX file the app hands out (figures, occupancy, the caseload export, extracts).

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and a name is data
anyone can type. So every text is stored as text: in XLSX each text cell is typed as a string (openpyxl would
otherwise make ``=HYPERLINK(...)`` a live formula), and in CSV a text that starts with one of those characters,
a tab or a carriage return gets a leading apostrophe, which spreadsheet programs read as "this is text"
(OWASP's advice for CSV injection; our own importers drop that apostrophe again, see ``text_from_cell``).
Control characters that a spreadsheet cannot hold are left out. Numbers stay numbers; dates are written the
Danish way (``26.11.2026``).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from velkomst.formats import date_text
from velkomst.lib.text import CONTROL_CHARACTERS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list]
    bold_last_row: bool = False  # a totals row
    first_column_width: int = 45
    freeze: str = "A2"
    widths: dict[int, int] = field(default_factory=dict)  # column index (1-based) -> width


def safe_text(value: str) -> str:
    """Text without the control characters a spreadsheet cannot hold."""
    return CONTROL_CHARACTERS.sub("", value)


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else ""
    if isinstance(value, (int, Decimal)):
        return str(value).replace(".", ",")
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, datetime):
        return date_text(value.date())
    if isinstance(value, date):
        return date_text(value)
    text = safe_text(str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def text_from_cell(value: str) -> str:
    """What an importer reads from a cell this module wrote: the apostrophe before a would-be formula goes."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, line_end: str = "\r\n") -> bytes:
    """Semicolon-separated with a byte-order mark, so Danish Excel opens it with the letters right."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator=line_end)
    writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_value(value):
    if isinstance(value, bool):
        return "ja" if value else ""
    if isinstance(value, (int, float, Decimal, date, datetime)) or value is None:
        return value
    return safe_text(str(value))


BOLD = Font(bold=True)


def xlsx_bytes(sheets: Sequence[Sheet], *, title: str) -> bytes:
    """The sheets as one XLSX file. Written row by row (openpyxl's write-only mode): the occupancy of 2,000 locations
    took 2.4 s with a cell object kept for every value, most of it spent building and then serialising them."""
    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(safe_text(spec.title)[:31] or "Ark")
        for index, header in enumerate(spec.headers, start=1):
            width = spec.widths.get(index, max(12, min(60, len(str(header)) + 4)))
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.column_dimensions["A"].width = spec.first_column_width
        sheet.freeze_panes = spec.freeze
        sheet.append([_xlsx_cell(sheet, header, bold=True) for header in spec.headers])
        for number, row in enumerate(spec.rows, start=1):
            bold = spec.bold_last_row and number == len(spec.rows)
            sheet.append([_xlsx_cell(sheet, value, bold=bold) for value in row])
    book.properties.title = safe_text(title)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value, *, bold: bool):
    """A number, a date or nothing as it is; a text as a cell typed as text (never a formula, whatever it starts
    with); a bold cell as a cell with its font."""
    value = _xlsx_value(value)
    if not bold and not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, even when it starts with "="
    if bold:
        cell.font = BOLD
    return cell


# --- reading ---------------------------------------------------------------------------------------------------------
# Every import (referrals, the go-live caseload, new capacity) reads its file here, within bounds: a file may claim
# a sheet of 16,384 columns and a million rows in a few kilobytes, so rows and columns are counted while reading,
# never taken from what the file says about itself.

MAX_BYTES = 5 * 1024 * 1024
# What every import reads as yes and as no in a yes/no column (compared folded: case and accents ignored).
YES = {"ja", "yes", "j", "y", "1", "true", "x"}
NO = {"nej", "no", "n", "0", "false", ""}
MAX_ROWS = 5000
MAX_COLUMNS = 60
# A list ends where this many empty rows in a row begin (a sheet's formatting can reach a million empty rows).
EMPTY_ROWS_ENDING_THE_DATA = 100


class TableRefused(Exception):
    """The file cannot be read as a table; ``message`` says why and what to do, naming no cell content."""

    def __init__(self, message: str, line: int = 1):
        self.message = message
        self.line = line
        super().__init__(message)


@dataclass
class Table:
    headers: list[str]
    lines: list[tuple[int, list]]  # (line number as a spreadsheet shows it, the cells), empty lines left out


def read_table(file_name: str, content: bytes, *, max_rows: int = MAX_ROWS, what: str = "") -> Table:
    """A CSV (``;`` or ``,``, UTF-8 with or without BOM) or XLSX file (its first sheet) as a header and lines.
    Raises ``TableRefused``. ``what`` names a line in the messages, e.g. "one line per person"."""
    what = what or _("one line per row")
    if len(content) > MAX_BYTES:
        raise TableRefused(_("The file is larger than %(mb)d MB; split it into smaller files.") % {"mb": MAX_BYTES // (1024 * 1024)})
    name = file_name.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(content)
    elif name.endswith((".csv", ".txt")):
        rows = _csv_rows(content)
    else:
        raise TableRefused(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    return _bounded(rows, max_rows=max_rows, what=what)


def _bounded(rows, *, max_rows: int, what: str) -> Table:
    headers, lines, empty_run = None, [], 0
    for number, cells in rows:
        if len(cells) > MAX_COLUMNS and any(c not in (None, "") for c in cells[MAX_COLUMNS:]):
            raise TableRefused(_("Line %(line)d has more than %(max)d columns; the list has at most %(max)d.")
                               % {"line": number, "max": MAX_COLUMNS})
        cells = list(cells[:MAX_COLUMNS])
        if headers is None:
            headers = ["" if c is None else safe_text(str(c)).strip() for c in cells]
            continue
        if not any(c not in (None, "") and str(c).strip() for c in cells):
            empty_run += 1
            if empty_run >= EMPTY_ROWS_ENDING_THE_DATA:
                break
            continue
        empty_run = 0
        lines.append((number, cells))
        if len(lines) > max_rows:
            raise TableRefused(_("The file has more than %(max)d lines; split it into smaller files.") % {"max": max_rows})
    if headers is None or not any(headers):
        raise TableRefused(_("The file is empty; it needs a header line and %(what)s.") % {"what": what})
    return Table(headers=headers, lines=lines)


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableRefused(_("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma-separated)”.")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, [text_from_cell(cell) for cell in cells]
    except csv.Error as error:
        line = max(reader.line_num, 1)  # the line being read when it failed
        if "field larger than field limit" in str(error):
            raise TableRefused(_("Line %(line)d has a cell longer than %(max)d characters; shorten it.") % {
                "line": line, "max": csv.field_size_limit()}, line=line) from None
        raise TableRefused(_("Line %(line)d of the file is not valid CSV; save the file again from Excel.") % {"line": line}, line=line) from None


def _xlsx_rows(content: bytes):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        # The sheet's own claim of its size ("A1:XFD2001") is not believed: rows come as stored, no padding.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise TableRefused(_("The file could not be read as an Excel workbook; save it again as .xlsx.")) from None
    try:
        for number, cells in enumerate(rows, start=1):
            yield number, [text_from_cell(c) if isinstance(c, str) else c for c in cells]
    except TableRefused:
        raise
    except Exception:
        raise TableRefused(_("The file could not be read as an Excel workbook; save it again as .xlsx.")) from None
    finally:
        workbook.close()
