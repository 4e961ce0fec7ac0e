"""A host's move-in, move and move-out pages: the service called, refusals shown, bad input named, foreign locations 404."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import make_staff
from tests.housing.factories import house, make_family, make_location, make_room, make_single
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.housing.models import MoveOutInspection, Tenancy

# The host records moves on the day they happen: the pages run on 26.11.2026.
pytestmark = pytest.mark.time_machine("2026-11-26 12:00 +01:00", tick=False)


@pytest.fixture
def host(db):
    return make_staff("host", roles.HOUSING_HOST, first_name="Birgitte", last_name="Holm")


@pytest.fixture
def location(host):
    location = make_location(name="Sjællandsgade", food_distribution=True)
    location.hosts.add(host)
    return location


@pytest.fixture
def english(client):
    client.cookies.load({"django_language": "en"})
    return client


def move_in_data(chosen, **changes):
    return {"action": "move_in", "household": chosen.pk, "moved_in_on": "26.11.2026", "lease_signed": "on", "keys": "on",
            "start_kit": "on", "house_rules": "on", "food_distribution": "on", **changes}


def test_the_household_search_travels_by_post_and_lists_only_households_without_a_home(client, host, location):
    newcomer = make_single()
    housed = make_single()
    house(housed, make_room(location))
    client.force_login(host)
    room = make_room(location)
    newcomer_name = newcomer.members.get().person.last_name
    response = client.post(f"/housing/rooms/{room.pk}/move-in/", {"action": "search", "q": "single"})
    assert [h.pk for h in response.context["households"]] == [newcomer.pk]
    assert newcomer_name in response.content.decode()
    assert AccessLog.objects.filter(action="search", user=host).exists()


def test_a_host_moves_a_household_in_with_the_checklist(client, host, location):
    room = make_room(location, beds=2)
    household = make_single()
    client.force_login(host)
    response = client.post(f"/housing/rooms/{room.pk}/move-in/", move_in_data(household))
    assert response.status_code == 302 and response["Location"] == f"/housing/locations/{location.pk}/"
    tenancy = Tenancy.objects.get(household=household)
    assert (tenancy.room, tenancy.moved_in_on, tenancy.lease_signed_on, tenancy.keys_handed_out_on, tenancy.transport_ticket_on) == (
        room, date(2026, 11, 26), date(2026, 11, 26), date(2026, 11, 26), None)
    assert tenancy.food_distribution and tenancy.created_by == host


def test_a_refused_move_in_shows_every_reason_keeps_the_input_and_writes_nothing(client, host, location, english):
    room = make_room(location, beds=2)
    house(make_single(gender="M"), room)
    family = make_family(children=2)
    client.force_login(host)
    response = client.post(f"/housing/rooms/{room.pk}/move-in/", move_in_data(family))
    assert response.status_code == 200
    html = response.content.decode()
    assert "A family must have a room of its own" in html
    assert "The room has 2 beds; 4 persons would live there." in html
    assert 'value="26.11.2026"' in html and f'value="{family.pk}"' in html  # ids unlocalized (no "5.345")
    assert not Tenancy.objects.filter(household=family).exists()


@pytest.mark.parametrize("changes, field", [
    ({"moved_in_on": "31.02.2026"}, "moved_in_on"),
    ({"moved_in_on": ""}, "moved_in_on"),
    ({"household": ""}, "household"),
])
def test_bad_move_in_input_names_the_field(client, host, location, english, changes, field):
    room = make_room(location)
    client.force_login(host)
    response = client.post(f"/housing/rooms/{room.pk}/move-in/", move_in_data(make_single(), **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Tenancy.objects.count() == 0


def test_a_host_moves_a_household_to_a_room_the_picker_offers(client, host, location):
    tenancy = house(make_single(gender="F"), make_room(location, number="101"))
    men = make_room(location, number="102")
    house(make_single(gender="M"), men)
    free = make_room(location, number="103")
    client.force_login(host)
    picker = client.get(f"/housing/tenancies/{tenancy.pk}/move/?location={location.pk}", HTTP_HX_REQUEST="true")
    fragment = picker.content.decode()
    assert "<html" not in fragment
    offered = [room for room in (tenancy.room, men, free) if f'name="room" id="room-{room.pk}"' in fragment]
    assert offered == [free]  # not the men's room, not the room the household lives in
    response = client.post(f"/housing/tenancies/{tenancy.pk}/move/", {"location": location.pk, "room": free.pk, "moved_on": "26.11.2026", "keys": "on"})
    assert response.status_code == 302
    new = Tenancy.objects.get(household=tenancy.household, moved_out_on__isnull=True)
    assert new.room == free and new.previous == tenancy and new.keys_handed_out_on == date(2026, 11, 26)


def test_a_move_to_a_room_the_picker_did_not_offer_is_refused_by_the_form(client, host, location, english):
    tenancy = house(make_single(gender="F"), make_room(location))
    men = make_room(location)
    house(make_single(gender="M"), men)
    client.force_login(host)
    response = client.post(f"/housing/tenancies/{tenancy.pk}/move/", {"location": location.pk, "room": men.pk, "moved_on": "26.11.2026"})
    assert response.status_code == 200 and "room" in response.context["form"].errors
    assert Tenancy.objects.get(pk=tenancy.pk).is_current


def test_a_host_moves_a_household_out_with_an_inspection(client, host, location):
    tenancy = house(make_single(), make_room(location))
    client.force_login(host)
    response = client.post(f"/housing/tenancies/{tenancy.pk}/move-out/", {
        "moved_out_on": "26.11.2026", "reason": "permanent_housing", "keys_returned_on": "26.11.2026", "inspected_on": "26.11.2026",
        "condition": "poor", "damages": "Hul i døren", "estimated_cost": "1500", "notes": "Aftalt afdrag"})
    assert response.status_code == 302
    tenancy.refresh_from_db()
    assert (tenancy.moved_out_on, tenancy.move_out_reason, tenancy.keys_returned_on) == (date(2026, 11, 26), "permanent_housing", date(2026, 11, 26))
    inspection = MoveOutInspection.objects.get(tenancy=tenancy)
    assert (inspection.condition, inspection.estimated_cost, inspection.inspected_by) == ("poor", 1500, host)


@pytest.mark.parametrize("changes, field", [
    ({"reason": ""}, "reason"),
    ({"reason": "internal_move"}, "reason"),
    ({"moved_out_on": "01.01.2020"}, "moved_out_on"),  # before the move-in: the service's rule
    ({"condition": ""}, "condition"),
    ({"inspected_on": "", "condition": "good"}, "inspected_on"),
    ({"condition": "poor", "damages": ""}, "damages"),
    ({"estimated_cost": "-5"}, "estimated_cost"),
])
def test_bad_move_out_input_names_the_field(client, host, location, english, changes, field):
    tenancy = house(make_single(), make_room(location))
    client.force_login(host)
    data = {"moved_out_on": "26.11.2026", "reason": "other", "inspected_on": "26.11.2026", "condition": "good", **changes}
    response = client.post(f"/housing/tenancies/{tenancy.pk}/move-out/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Tenancy.objects.get(pk=tenancy.pk).is_current and not MoveOutInspection.objects.exists()


def test_the_checklist_can_be_completed_later(client, host, location):
    tenancy = house(make_single(), make_room(location))
    client.force_login(host)
    response = client.post(f"/housing/tenancies/{tenancy.pk}/checklist/", {"lease_signed_on": "25.11.2026", "transport_ticket_on": "26.11.2026"})
    assert response.status_code == 302
    tenancy.refresh_from_db()
    assert (tenancy.lease_signed_on, tenancy.transport_ticket_on) == (date(2026, 11, 25), date(2026, 11, 26))


@pytest.mark.time_machine(datetime(2026, 11, 26, 12, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False)
def test_a_host_blocks_and_unblocks_an_empty_room(client, host, location, english):
    room = make_room(location)
    client.force_login(host)
    assert "blocked_reason" in client.post(f"/housing/rooms/{room.pk}/block/", {"blocked_reason": ""}).context["form"].errors
    assert client.post(f"/housing/rooms/{room.pk}/block/", {"blocked_reason": "Vandskade", "blocked_until": "01.12.2026"}).status_code == 302
    room.refresh_from_db()
    assert (room.status, room.blocked_reason) == ("blocked", "Vandskade")
    assert "Vandskade" in client.get(f"/housing/locations/{location.pk}/").content.decode()
    client.post(f"/housing/rooms/{room.pk}/unblock/")
    room.refresh_from_db()
    assert room.status == "available"


def test_a_host_gets_404_everywhere_at_another_host_s_location(client, host, location):
    other = make_location(name="Hejrevej")
    room = make_room(other)
    tenancy = house(make_single(), make_room(other))
    client.force_login(host)
    for url in (f"/housing/locations/{other.pk}/", f"/housing/rooms/{room.pk}/move-in/", f"/housing/rooms/{room.pk}/block/",
                f"/housing/tenancies/{tenancy.pk}/move/", f"/housing/tenancies/{tenancy.pk}/move-out/",
                f"/housing/tenancies/{tenancy.pk}/checklist/", f"/housing/locations/{other.pk}/incidents/new/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/housing/rooms/{room.pk}/unblock/").status_code == 404
    assert [row.location for row in client.get("/housing/").context["rows"]] == [location]


def test_a_host_cannot_move_a_household_to_another_host_s_location(client, host, location):
    tenancy = house(make_single(), make_room(location))
    other = make_location()
    target = make_room(other)
    client.force_login(host)
    response = client.post(f"/housing/tenancies/{tenancy.pk}/move/", {"location": other.pk, "room": target.pk, "moved_on": "26.11.2026"})
    assert response.status_code == 200 and "room" in response.context["form"].errors
    assert Tenancy.objects.get(pk=tenancy.pk).is_current


def test_ids_in_forms_are_not_written_with_thousands_separators(client, host, location):
    from tests.factories import make_case, make_household, make_person

    person = make_person(first_name="Tetiana", last_name="Bondar")
    household = make_household((person, "applicant"), id=12345, first_benefit_payment_on=date(2026, 1, 1))
    make_case(person=person, household=household)
    room = make_room(location, number="9")
    client.force_login(host)
    html = client.post(f"/housing/rooms/{room.pk}/move-in/", {"action": "search", "q": "bondar"}).content.decode()
    assert 'value="12345"' in html


def test_unblocking_a_closed_room_does_not_reopen_it(client, host, location):
    room = make_room(location, status="closed")
    client.force_login(host)
    response = client.post(f"/housing/rooms/{room.pk}/unblock/")
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.status == "closed"


def test_a_move_out_dated_2999_is_refused_naming_the_field(client, host, location):
    tenancy = house(make_single(gender="F"), make_room(location))
    client.force_login(host)
    response = client.post(f"/housing/tenancies/{tenancy.pk}/move-out/", {"moved_out_on": "31.12.2999", "reason": "other"})
    assert response.status_code == 200 and "moved_out_on" in response.context["form"].errors
    assert Tenancy.objects.get(pk=tenancy.pk).planned_move_out_on is None


def test_a_move_out_announced_for_a_later_day_keeps_the_bed_until_then(client, host, location):
    room = make_room(location, beds=1)
    tenancy = house(make_single(gender="F"), room)
    client.force_login(host)
    response = client.post(f"/housing/tenancies/{tenancy.pk}/move-out/", {"moved_out_on": "31.12.2027", "reason": "other"})
    assert response.status_code == 302
    tenancy.refresh_from_db()
    assert tenancy.is_current and tenancy.moved_out_on is None and tenancy.planned_move_out_on == date(2027, 12, 31)
    assert Tenancy.objects.current_on(date(2026, 11, 26)).filter(pk=tenancy.pk).exists()
    newcomer = make_single(gender="F")
    client.post(f"/housing/rooms/{room.pk}/move-in/", move_in_data(newcomer))
    assert not Tenancy.objects.filter(household=newcomer).exists()  # the one bed is still taken
    other_room = make_room(location, beds=1)
    client.post(f"/housing/rooms/{other_room.pk}/move-in/", move_in_data(newcomer))
    assert Tenancy.objects.filter(household=newcomer).exists()  # the same household fits where a bed is free
