"""The occupancy overview as a spreadsheet (XLSX) and as CSV for other tools. Danish headers: the staff's language."""
import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from velkomst.formats import date_text
from velkomst.housing.selectors import OccupancyRow

# (header, value of a row) — the same columns as the page.
COLUMNS = [
    ("Lokation", lambda r: r.location.name if r.location else "I alt"),
    ("Kode", lambda r: r.location.code if r.location else ""),
    ("Målgruppe", lambda r: _population(r)),
    ("Reserveret til", lambda r: r.location.get_reserved_for_display() if r.location and r.location.reserved_for else ""),
    ("Madudlevering", lambda r: _yes(r.location and r.location.food_distribution)),
    ("Kæledyr tilladt", lambda r: _yes(r.location and r.location.pets_allowed)),
    ("Niveaufri adgang", lambda r: _yes(r.location and r.location.step_free)),
    ("Senge", lambda r: r.beds),
    ("Beboere", lambda r: r.occupied),
    ("Ledige senge", lambda r: r.free),
    ("Spærrede senge", lambda r: r.blocked),
    ("Belægning %", lambda r: r.percent_full),
    ("Kvinder", lambda r: r.women),
    ("Mænd", lambda r: r.men),
    ("Familier", lambda r: r.families),
    ("Kæledyr", lambda r: r.pets),
    ("Tomme værelser", lambda r: r.empty_rooms),
    ("Ledige delte senge, kvinder", lambda r: r.free_shared_women),
    ("Ledige delte senge, mænd", lambda r: r.free_shared_men),
]
HEADERS = [header for header, _ in COLUMNS]


def _yes(value) -> str:
    return "ja" if value else ""


def _population(row: OccupancyRow) -> str:
    if row.location is None:
        return ""
    names = {"ukrainian": "Fordrevne ukrainere", "refugee": "Flygtninge"}
    return ", ".join(names[p] for p in row.location.serves)


def _table(rows: list[OccupancyRow], totals: OccupancyRow) -> list[list]:
    return [[value(row) for _, value in COLUMNS] for row in [*rows, totals]]


def occupancy_xlsx(rows: list[OccupancyRow], totals: OccupancyRow, *, on: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Belægning"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in _table(rows, totals):
        sheet.append(line)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(header) + 2)
    sheet.column_dimensions["A"].width = 30
    sheet.freeze_panes = "B2"
    book.properties.title = f"Belægning {date_text(on)}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def occupancy_csv(rows: list[OccupancyRow], totals: OccupancyRow) -> bytes:
    """Semicolon-separated with a byte-order mark, so Danish Excel opens it with the letters right."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for line in _table(rows, totals):
        writer.writerow([str(v).replace(".", ",") if isinstance(v, float) else v for v in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
