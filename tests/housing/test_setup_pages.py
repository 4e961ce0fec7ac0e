"""The set-up pages of temporary housing: administrators only (reception and hosts block rooms, nothing more), every bad
input named beside its field, and the same number of queries whatever the data."""
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_staff
from tests.housing.factories import house, make_family, make_location, make_room, make_single
from tests.housing.test_capacity_import import csv_bytes, hotel_rows
from velkomst.accounts import roles
from velkomst.housing.models import HouseRules, Location, RentCap, Room
from velkomst.housing.services import house_rules_add

NOW = datetime(2026, 11, 26, 10, tzinfo=ZoneInfo("Europe/Copenhagen"))
pytestmark = pytest.mark.time_machine(NOW, tick=False)


@pytest.fixture
def location(db):
    location = make_location(code="lygten", name="Lygten", food_distribution=True)
    house(make_family(children=1), make_room(location, number="1", beds=3))
    make_room(location, number="2", beds=2)
    return location


def setup_urls(location) -> list[str]:
    room = location.rooms.first()
    return ["/housing/setup/", "/housing/setup/locations/new/", "/housing/setup/import/", "/housing/setup/rent-caps/",
            f"/housing/locations/{location.pk}/edit/", f"/housing/locations/{location.pk}/status/", f"/housing/locations/{location.pk}/rooms/new/",
            f"/housing/locations/{location.pk}/house-rules/", f"/housing/rooms/{room.pk}/edit/"]


@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.ADMIN])
def test_every_set_up_page_refuses_every_role_but_the_administrator(client, staff, location, role):
    location.hosts.add(staff[roles.HOUSING_HOST])  # a host is refused at their own location too
    client.force_login(staff[role])
    for url in setup_urls(location):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "X"}).status_code == 403, url
    assert Location.objects.count() == 1


def test_the_administrator_opens_every_set_up_page(client, admin_user, location):
    client.force_login(admin_user)
    for url in setup_urls(location):
        assert client.get(url).status_code == 200, url
    html = client.get(f"/housing/locations/{location.pk}/").content.decode()
    for url in setup_urls(location)[4:]:
        assert url in html  # the location's page links to its set-up


def test_reception_blocks_and_unblocks_a_room_but_sees_no_set_up_link(client, staff, location):
    room = location.rooms.get(number="2")
    client.force_login(staff[roles.RECEPTION])
    assert "/housing/setup/" not in client.get(f"/housing/locations/{location.pk}/").content.decode()
    assert client.post(f"/housing/rooms/{room.pk}/block/", {"blocked_reason": "Skimmel", "blocked_until": "01.12.2026"}).status_code == 302
    assert Room.objects.get(pk=room.pk).status == "blocked"
    assert client.post(f"/housing/rooms/{room.pk}/unblock/").status_code == 302
    assert Room.objects.get(pk=room.pk).status == "available"
    response = client.post(f"/housing/rooms/{room.pk}/block/", {"blocked_reason": "Skimmel", "blocked_until": "01.11.2026"})
    assert "blocked_until" in response.context["form"].errors


# -- locations -------------------------------------------------------------------------------------------------------

def test_a_location_is_created_by_hand_with_its_hosts_and_then_gets_its_rooms(client, admin_user):
    host = make_staff("birgitte", roles.HOUSING_HOST, first_name="Birgitte", last_name="Holm")
    client.force_login(admin_user)
    response = client.post("/housing/setup/locations/new/", {
        "name": "Ravnsborggade", "code": "ravnsborggade", "address": "Ravnsborggade 15", "kind": "building", "serves_ukrainians": "on",
        "pets_allowed": "on", "hosts": [host.pk], "host_contact": "Birgitte Holm, 33 66 12 34"})
    location = Location.objects.get(code="ravnsborggade")
    assert response.status_code == 302 and response["Location"] == f"/housing/locations/{location.pk}/rooms/new/"
    assert location.pets_allowed and list(location.hosts.all()) == [host]
    response = client.post(f"/housing/locations/{location.pk}/rooms/new/", {"first": "101", "last": "140", "beds": "2", "floor": "1",
                                                                            "has_bath": "on"})
    assert response.status_code == 302
    assert location.rooms.filter(floor=1, beds=2, has_bath=True).count() == 40
    assert set(location.rooms.values_list("number", flat=True)) == {str(n) for n in range(101, 141)}


def test_bad_location_input_is_named_beside_each_field(client, admin_user, location):
    client.force_login(admin_user)
    response = client.post("/housing/setup/locations/new/", {"name": "", "code": "Lygten!", "kind": "telt"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "code", "kind", "serves_ukrainians"}
    response = client.post("/housing/setup/locations/new/", {"name": "Ny", "code": "lygten", "kind": "hotel", "serves_refugees": "on"})
    assert response.status_code == 400 and "code" in response.context["form"].errors  # the code is taken
    response = client.post("/housing/setup/locations/new/", {"name": "Ny\x07", "code": "ny", "kind": "hotel", "serves_refugees": "on"})
    assert "name" in response.context["form"].errors  # the one text rule
    response = client.post(f"/housing/locations/{location.pk}/edit/", {"name": "Lygten", "code": "lygten", "kind": "building",
                                                                       "serves_ukrainians": "on", "hosts": ["999999"]})
    assert response.status_code == 400 and "hosts" in response.context["form"].errors
    assert Location.objects.count() == 1


def test_editing_a_location_changes_every_field_given(client, admin_user, location):
    client.force_login(admin_user)
    response = client.post(f"/housing/locations/{location.pk}/edit/", {
        "name": "Lygten 2", "code": "lygten", "kind": "building", "serves_refugees": "on", "step_free": "on", "reserved_for": "patient"})
    assert response.status_code == 302
    location.refresh_from_db()
    assert (location.name, location.serves, location.step_free, location.food_distribution, location.reserved_for) == (
        "Lygten 2", ["refugee"], True, False, "patient")


def test_the_status_page_shows_how_many_must_move_and_links_the_relocation_plan_before_saving(client, admin_user, location):
    client.force_login(admin_user)
    url = f"/housing/locations/{location.pk}/status/"
    preview = client.post(url, {"status": "closing", "closing_on": "31.01.2027", "action": "preview"})
    assert preview.status_code == 200
    assert (preview.context["consequences"]["households"], preview.context["consequences"]["persons"]) == (1, 2)
    html = preview.content.decode()
    assert f"/allocation/relocations/?location={location.pk}&amp;by_date=2027-01-31" in html
    assert Location.objects.get(pk=location.pk).status == "open"  # nothing saved yet
    assert client.post(url, {"status": "closing", "closing_on": "31.01.2027", "action": "confirm"}).status_code == 302
    location.refresh_from_db()
    assert (location.status, location.closing_on) == ("closing", date(2027, 1, 31))
    refused = client.post(url, {"status": "closed", "closing_on": "", "action": "confirm"})
    assert refused.status_code == 400 and "status" in refused.context["form"].errors
    relocation = client.get(f"/allocation/relocations/?location={location.pk}&by_date=2027-01-31")
    assert relocation.context["form"]["location"].value() == location.pk
    assert relocation.context["form"]["by_date"].value() == date(2027, 1, 31)


def test_bad_status_input_is_named(client, admin_user, location):
    client.force_login(admin_user)
    url = f"/housing/locations/{location.pk}/status/"
    assert "closing_on" in client.post(url, {"status": "closing", "closing_on": "", "action": "preview"}).context["form"].errors
    assert "closing_on" in client.post(url, {"status": "closing", "closing_on": "31.02.2027"}).context["form"].errors
    assert "closing_on" in client.post(url, {"status": "closing", "closing_on": "01.11.2026", "action": "confirm"}).context["form"].errors
    assert "status" in client.post(url, {"status": "ajar"}).context["form"].errors


# -- rooms -----------------------------------------------------------------------------------------------------------

def test_bad_room_input_is_named_and_a_room_cannot_lose_beds_below_its_residents(client, admin_user, location):
    client.force_login(admin_user)
    url = f"/housing/locations/{location.pk}/rooms/new/"
    assert set(client.post(url, {"first": "140", "last": "101", "beds": "0"}).context["form"].errors) == {"last", "beds", "floor"}
    assert "last" in client.post(url, {"first": "1", "last": "1000", "beds": "2", "floor": "0"}).context["form"].errors
    taken = client.post(url, {"first": "1", "last": "3", "beds": "2", "floor": "0"})
    assert taken.status_code == 400 and "1, 2" in taken.content.decode()
    assert location.rooms.count() == 2
    room = location.rooms.get(number="1")
    response = client.post(f"/housing/rooms/{room.pk}/edit/", {"number": "1", "floor": "0", "beds": "1"})
    assert response.status_code == 400
    message = response.context["form"].errors["beds"][0]
    assert "1" in message and "2" in message  # room 1, two residents
    assert client.post(f"/housing/rooms/{room.pk}/edit/", {"number": "2", "floor": "0", "beds": "3"}).context["form"].errors["number"]
    assert client.post(f"/housing/rooms/{room.pk}/edit/", {"number": "1A", "floor": "3", "beds": "2", "accessible": "on"}).status_code == 302
    room.refresh_from_db()
    assert (room.number, room.floor, room.beds, room.accessible) == ("1A", 3, 2, True)


# -- capacity from a spreadsheet ---------------------------------------------------------------------------------------

def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_the_import_page_checks_first_and_imports_on_request(client, admin_user):
    client.force_login(admin_user)
    check = client.post("/housing/setup/import/", {"file": _upload("hotel.csv", csv_bytes(hotel_rows())), "action": "check"})
    assert check.status_code == 200 and check.context["report"].ok and check.context["report"].rooms == 40
    assert not Location.objects.exists()
    done = client.post("/housing/setup/import/", {"file": _upload("hotel.csv", csv_bytes(hotel_rows())), "action": "import"})
    assert done.status_code == 302 and Room.objects.filter(location__code="hotel-nord").count() == 40


def test_the_import_page_lists_every_bad_line_and_imports_nothing(client, admin_user):
    client.force_login(admin_user)
    rows = hotel_rows(3)
    rows[1][10] = "mange"
    rows[2][8] = ""
    response = client.post("/housing/setup/import/", {"file": _upload("hotel.csv", csv_bytes(rows)), "action": "import"})
    assert response.status_code == 400
    assert [(e.line, e.column) for e in response.context["report"].errors] == [(3, "beds"), (4, "room")]
    assert not Location.objects.exists()
    assert "file" in client.post("/housing/setup/import/", {"action": "import"}).context["form"].errors


# -- rent caps and house rules -----------------------------------------------------------------------------------------

def test_the_rent_caps_page_warns_of_a_missing_year_and_saves_a_year_in_danish_numbers(client, admin_user):
    RentCap.objects.filter(year__in=[2026, 2027]).delete()
    client.force_login(admin_user)
    page = client.get("/housing/setup/rent-caps/")
    assert page.context["missing"] == [2026, 2027] and page.context["form"]["year"].value() == 2026
    response = client.post("/housing/setup/rent-caps/", {"year": "2026", "single": "2600,50", "couple": "4700", "children_1_3": "5100",
                                                         "children_4_plus": "5500"})
    assert response.status_code == 302
    assert RentCap.objects.get(year=2026, household_type="single").monthly_cap == Decimal("2600.50")
    assert client.get("/housing/setup/rent-caps/").context["missing"] == [2027]


def test_bad_rent_caps_are_named_beside_each_field(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/housing/setup/rent-caps/", {"year": "1999", "single": "", "couple": "0", "children_1_3": "abc",
                                                         "children_4_plus": "100000"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"year", "single", "couple", "children_1_3", "children_4_plus"}


def test_a_new_version_of_the_house_rules_in_danish_and_ukrainian(client, admin_user, location):
    client.force_login(admin_user)
    url = f"/housing/locations/{location.pk}/house-rules/"
    response = client.post(url, {"valid_from": "01.12.2026", "text": "Ro efter kl. 22.", "text_uk": "Тиша після 22:00."})
    assert response.status_code == 302
    rules = HouseRules.objects.get(location=location)
    assert (rules.version, rules.valid_from, rules.text_uk, rules.created_by) == (1, date(2026, 12, 1), "Тиша після 22:00.", admin_user)
    bad = client.post(url, {"valid_from": "01.11.2026", "text": ""})
    assert bad.status_code == 400 and set(bad.context["form"].errors) == {"text"}
    early = client.post(url, {"valid_from": "01.11.2026", "text": "Før"})
    assert early.status_code == 400 and "valid_from" in early.context["form"].errors
    assert client.get(url).context["form"]["text_uk"].value() == "Тиша після 22:00."  # the next version starts from the last


# -- queries -----------------------------------------------------------------------------------------------------------

def _queries(client, method, url, data=None) -> int:
    getattr(client, method)(url, data or {})
    with CaptureQueriesContext(connection) as queries:
        getattr(client, method)(url, data or {})
    return len(queries)


def test_each_set_up_page_costs_the_same_queries_with_more_data(client, admin_user, location, django_assert_max_num_queries):
    client.force_login(admin_user)
    room = location.rooms.get(number="2")
    pages = [("get", url, None) for url in setup_urls(location)] + [
        ("get", f"/housing/rooms/{room.pk}/edit/", None),
        ("post", f"/housing/locations/{location.pk}/status/", {"status": "closing", "closing_on": "31.01.2027", "action": "preview"}),
    ]
    before = {url + method: _queries(client, method, url, data) for method, url, data in pages}
    # More of everything: locations with rooms and residents, hosts, house-rule versions, rent-cap years.
    for n in range(4):
        other = make_location()
        other.hosts.add(make_staff(f"vaert-{n}", roles.HOUSING_HOST))
        location.hosts.add(make_staff(f"egen-vaert-{n}", roles.HOUSING_HOST))
        house(make_single(), make_room(other))
        house(make_family(children=2), make_room(location, beds=4))
        house_rules_add(by=admin_user, location=location, valid_from=date(2026, 1, 1 + n), text=f"Version {n}")
    RentCap.objects.bulk_create([RentCap(year=2050 + n, household_type=kind, monthly_cap=1) for n in range(5)
                                 for kind in ("single", "couple", "children_1_3", "children_4_plus")])
    house(make_single(gender="M"), room)
    for method, url, data in pages:
        assert before[url + method] >= 2  # the session, and the user with their role, at least
        with django_assert_max_num_queries(before[url + method]):
            getattr(client, method)(url, data or {})
