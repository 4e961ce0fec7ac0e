"""The occupancy overview as a spreadsheet (XLSX) and as CSV for other tools. Danish headers: the staff's language."""
from datetime import date

from velkomst.formats import date_text
from velkomst.housing.selectors import OccupancyRow
from velkomst.spreadsheets import Sheet, csv_bytes, xlsx_bytes

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
    sheet = Sheet("Belægning", HEADERS, _table(rows, totals), bold_last_row=True, first_column_width=30, freeze="B2",
                  widths={index: max(10, len(header) + 2) for index, header in enumerate(HEADERS, start=1)})
    return xlsx_bytes([sheet], title=f"Belægning {date_text(on)}")


def occupancy_csv(rows: list[OccupancyRow], totals: OccupancyRow) -> bytes:
    return csv_bytes(HEADERS, _table(rows, totals))
