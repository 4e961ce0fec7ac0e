"""The occupancy export opens in a spreadsheet program: an openpyxl round-trip, and CSV for Danish Excel."""
import io

import pytest
from openpyxl import load_workbook

from tests.housing.factories import house, make_location, make_room, make_single
from velkomst.audit.models import AccessLog
from velkomst.housing.exports import HEADERS


@pytest.fixture
def location(db):
    location = make_location(name="Hotel Globetrotter", pets_allowed=True)
    house(make_single(gender="F"), make_room(location, beds=2))
    make_room(location, beds=3)
    return location


def test_the_xlsx_export_loads_with_danish_headers_a_row_per_location_and_totals(client, staff, location):
    client.force_login(staff["manager"])
    response = client.get("/housing/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and rows[0][0] == "Lokation" and "Ledige senge" in rows[0]
    row = dict(zip(HEADERS, rows[1]))
    assert (row["Lokation"], row["Senge"], row["Beboere"], row["Ledige senge"], row["Tomme værelser"], row["Kæledyr tilladt"]) == (
        "Hotel Globetrotter", 5, 1, 4, 1, "ja")
    assert row["Ledige delte senge, kvinder"] == 1 and row["Belægning %"] == 20.0
    assert rows[-1][0] == "I alt" and rows[-1][HEADERS.index("Senge")] == 5


def test_the_csv_export_has_a_bom_and_semicolons(client, staff, location):
    client.force_login(staff["reception"])
    content = client.get("/housing/export.csv").content
    assert content.startswith("\ufeff".encode())
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";") == HEADERS
    assert lines[1].startswith("Hotel Globetrotter;") and ";20,0;" in lines[1]


def test_the_export_follows_the_filters_and_is_logged(client, staff, location):
    make_location(name="Uden dyr")
    client.force_login(staff["manager"])
    sheet = load_workbook(io.BytesIO(client.get("/housing/export.xlsx?pets_allowed=on").content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["Hotel Globetrotter", "I alt"]
    entry = AccessLog.objects.get(action="export")
    assert entry.person is None and entry.criteria == {"export": "occupancy", "format": "xlsx", "pets_allowed": True}


def test_a_caseworker_may_see_occupancy_but_not_export_it(client, caseworker, location):
    client.force_login(caseworker)
    assert client.get("/housing/").status_code == 200
    assert client.get("/housing/export.xlsx").status_code == 403
