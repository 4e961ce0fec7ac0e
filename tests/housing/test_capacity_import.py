"""New capacity from a spreadsheet: a location with its rooms from CSV or XLSX, a dry run that writes nothing, all or
nothing with every bad line named, rooms added to a location that exists; the documentation's column table."""
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.housing.factories import make_location, make_room
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.housing import capacity, services
from velkomst.housing.models import Location, Room

HEADER = ["location", "location_name", "kind", "address", "serves", "food_distribution", "pets_allowed", "step_free", "room", "floor",
          "beds", "accessible", "kitchen", "bath"]


def hotel_rows(count=40, *, code="hotel-nord"):
    rows = [[code, "Hotel Nord", "hotel", "Nørre Allé 7, 2200 København N", "ukrainian, refugee", "ja", "nej", "ja", "101", "1", "2", "ja",
             "", "ja"]]
    for n in range(102, 101 + count):
        rows.append([code, "", "", "", "", "", "", "", str(n), "1" if n < 121 else "2", "2", "", "", "ja"])
    return rows


def csv_bytes(rows, *, header=HEADER, delimiter=";") -> bytes:
    return ("\ufeff" + "\r\n".join(delimiter.join(cells) for cells in [header, *rows]) + "\r\n").encode("utf-8")


def xlsx_bytes(rows, *, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([int(cell) if cell.isdigit() else cell for cell in row])  # Excel keeps numbers as numbers
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make"), [("hotel.csv", csv_bytes), ("hotel.xlsx", xlsx_bytes)])
def test_a_hotel_with_40_rooms_is_created_from_csv_or_xlsx(admin_user, name, make):
    report = services.capacity_import(by=admin_user, file_name=name, content=make(hotel_rows()))
    assert report.ok, report.errors
    assert (report.rows, report.rooms, report.beds, report.created) == (40, 40, 80, ["Hotel Nord"])
    hotel = Location.objects.get(code="hotel-nord")
    assert (hotel.name, hotel.kind, hotel.serves, hotel.food_distribution, hotel.pets_allowed, hotel.step_free, hotel.status) == (
        "Hotel Nord", "hotel", ["ukrainian", "refugee"], True, False, True, "open")
    assert hotel.rooms.count() == 40 and hotel.rooms.filter(floor=2).count() == 20
    first = hotel.rooms.get(number="101")
    assert (first.beds, first.accessible, first.has_kitchen, first.has_bath) == (2, True, False, True)
    # The history has each new row, and the access log each location's creation and its rooms.
    assert FieldChange.objects.filter(object_type="room", field="beds", new_value="2").count() == 40
    assert FieldChange.objects.filter(object_type="location", object_id=str(hotel.pk), field="name", new_value="Hotel Nord").exists()
    assert AccessLog.objects.filter(user=admin_user, action="create", object_type="location", object_id=str(hotel.pk)).count() == 2


@pytest.mark.django_db
def test_a_dry_run_reports_exactly_what_an_import_creates_and_writes_nothing(admin_user):
    content = csv_bytes(hotel_rows())
    dry = services.capacity_import(by=admin_user, file_name="hotel.csv", content=content, dry_run=True)
    assert dry.ok and (dry.rooms, dry.beds, dry.created) == (40, 80, ["Hotel Nord"])
    assert not Location.objects.exists() and not Room.objects.exists()
    assert not FieldChange.objects.exists() and not AccessLog.objects.filter(action="create").exists()
    real = services.capacity_import(by=admin_user, file_name="hotel.csv", content=content)
    assert (real.rooms, real.beds, real.created) == (dry.rooms, dry.beds, dry.created)


@pytest.mark.django_db
def test_a_file_with_bad_lines_imports_nothing_and_names_every_bad_line(admin_user):
    rows = hotel_rows(5)
    rows[1][10] = "0"  # line 3: no beds
    rows[2][8] = "101"  # line 4: room 101 twice
    rows[3][11] = "måske"  # line 5: not yes or no
    rows.append(["ny lokation", "Pavilloner", "telt", "", "alle", "", "", "", "1", "", "2", "", "", ""])  # line 7: code, kind, serves
    rows.append(["hotel-nord", "Hotel Syd", "", "", "", "", "", "", "200", "x", "2", "", "", ""])  # line 8: another name, bad floor
    report = services.capacity_import(by=admin_user, file_name="hotel.csv", content=csv_bytes(rows))
    assert not report.ok
    assert [(e.line, e.column) for e in report.errors] == [
        (3, "beds"), (4, "room"), (5, "accessible"), (7, "location"), (7, "kind"), (7, "serves"), (8, "location_name"), (8, "floor"),
    ]
    assert "1 to 50" in report.errors[0].message or "1 til 50" in report.errors[0].message
    assert "line 2" in report.errors[1].message or "linje 2" in report.errors[1].message  # the room's first line
    assert not Location.objects.exists() and not Room.objects.exists() and not FieldChange.objects.exists()


@pytest.mark.django_db
def test_a_new_location_needs_its_name_kind_and_target_groups_and_the_header_its_required_columns(admin_user):
    report = services.capacity_import(by=admin_user, file_name="x.csv", content=csv_bytes([["pavilloner", "", "", "", "", "", "", "", "1",
                                                                                             "", "2", "", "", ""]]))
    assert [(e.line, e.column) for e in report.errors] == [(2, "location_name"), (2, "kind"), (2, "serves")]
    report = services.capacity_import(by=admin_user, file_name="x.csv", content=csv_bytes([["a", "1"]], header=["location", "floor"]))
    assert [(e.line, e.column) for e in report.errors] == [(1, "room"), (1, "beds")]
    report = services.capacity_import(by=admin_user, file_name="x.pdf", content=b"%PDF")
    assert report.errors[0].line == 1 and ".xlsx" in report.errors[0].message


@pytest.mark.django_db
def test_rooms_are_added_to_a_location_that_exists_and_a_room_it_has_is_a_bad_line(admin_user):
    hejrevej = make_location(code="hejrevej", name="Hejrevej", serves_refugees=True)
    make_room(hejrevej, number="1")
    rows = [["hejrevej", "", "", "", "", "", "", "", "2", "0", "3", "", "", ""],
            ["hejrevej", "Hejrevej", "building", "", "ukrainian, refugee", "", "", "", "3", "0", "1", "", "", ""]]
    report = services.capacity_import(by=admin_user, file_name="x.csv", content=csv_bytes(rows))
    assert report.ok and report.extended == ["Hejrevej"] and report.created == [] and report.rooms == 2
    assert sorted(hejrevej.rooms.values_list("number", flat=True)) == ["1", "2", "3"]
    again = services.capacity_import(by=admin_user, file_name="x.csv", content=csv_bytes(
        [["hejrevej", "", "", "", "", "", "", "", "1", "0", "2", "", "", ""],
         ["hejrevej", "", "pavilion", "", "", "", "", "", "9", "0", "2", "", "", ""]]))
    assert [(e.line, e.column) for e in again.errors] == [(2, "room"), (3, "kind")]
    assert hejrevej.rooms.count() == 3


@pytest.mark.django_db
def test_rooms_of_a_closed_location_are_refused(admin_user):
    make_location(code="lukket", name="Lukket", status="closed")
    report = services.capacity_import(by=admin_user, file_name="x.csv", content=csv_bytes([["lukket", "", "", "", "", "", "", "", "1", "",
                                                                                            "2", "", "", ""]]))
    assert [(e.line, e.column) for e in report.errors] == [(2, "location")]


def test_danish_headers_are_read_as_the_codes():
    content = csv_bytes([["hotel-nord", "Hotel Nord", "hotel", "ukrainer", "101", "2"]],
                        header=["Lokation", "Navn", "Type", "Målgruppe", "Værelse", "Senge"])
    parsed = capacity.read("liste.csv", content)
    assert parsed.errors == [] and parsed.lines[0].room == {"number": "101", "floor": 0, "beds": 2, "accessible": False,
                                                            "has_kitchen": False, "has_bath": False}


def test_a_control_character_is_a_bad_cell_named_by_line_and_column():
    parsed = capacity.read("x.csv", csv_bytes([["hotel-nord", "Hotel\x07Nord", "hotel", "", "ukrainian", "", "", "", "1", "", "2", "", "",
                                                ""]]))
    assert [(e.line, e.column) for e in parsed.errors] == [(2, "location_name")]


def test_the_documentation_shows_the_column_list_of_the_code():
    documentation = (Path(__file__).resolve().parents[2] / "docs" / "capacity-import.md").read_text()
    assert capacity.as_markdown() in documentation
