"""The location page: the room grid with a text label per status, residents, blocked rooms, house rules."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_staff
from tests.housing.factories import house, make_family, make_location, make_room, make_single
from velkomst.accounts import roles
from velkomst.housing.models import HouseRules
from velkomst.people.models import Pet


@pytest.fixture
def location(db):
    location = make_location(name="Ottiliahus")
    HouseRules.objects.create(location=location, version=1, valid_from=date(2025, 1, 1), text="Gammel husorden")
    HouseRules.objects.create(location=location, version=2, valid_from=date(2026, 1, 1), text="Ro efter kl. 22")
    house(make_single(gender="F"), make_room(location, number="1", beds=2))
    make_room(location, number="2", beds=2, status="blocked", blocked_reason="Skimmelsvamp", blocked_until=date(2026, 12, 24))
    make_room(location, number="3", beds=1)
    return location


def test_the_grid_says_each_room_s_status_in_words_and_shows_free_beds(client, location, staff):
    client.force_login(staff["reception"])
    client.cookies.load({"django_language": "en"})
    html = client.get(f"/housing/locations/{location.pk}/").content.decode()
    assert "Partly occupied" in html and "Blocked" in html and "Empty" in html
    assert "1 free" in html
    assert "Skimmelsvamp" in html and ("24.12.2026" in html or "12/24/2026" in html)
    assert "Ro efter kl. 22" in html and "Gammel husorden" not in html


def test_a_caseworker_sees_resident_names_linked_and_a_manager_only_counts(client, location, staff):
    resident = location.rooms.get(number="1").tenancies.get().household.members.get().person
    client.force_login(staff["caseworker"])
    assert f'/people/{resident.pk}/' in client.get(f"/housing/locations/{location.pk}/").content.decode()
    client.force_login(staff["manager"])
    html = client.get(f"/housing/locations/{location.pk}/").content.decode()
    assert resident.last_name not in html and f'/people/{resident.pk}/' not in html


def test_a_family_s_members_are_named_in_order_and_its_pets_counted_and_a_manager_sees_the_numbers(client, location, staff):
    family = make_family(children=2)
    Pet.objects.create(household=family, kind="dog")
    Pet.objects.create(household=family, kind="cat")
    house(family, location.rooms.get(number="3"))
    client.force_login(staff["caseworker"])
    client.cookies.load({"django_language": "en"})
    html = client.get(f"/housing/locations/{location.pk}/").content.decode()
    mother, first, second = (m.person for m in family.members.order_by("id"))
    names = [f"{person.last_name}, {person.first_name}" for person in (mother, first, second)]
    assert html.index(names[0]) < html.index(names[1]) < html.index(names[2])  # the applicant first, then the children
    assert "2 pets" in html
    client.force_login(staff["manager"])
    html = client.get(f"/housing/locations/{location.pk}/").content.decode()
    assert "3 persons" in html and "2 pets" in html and mother.last_name not in html


def test_a_host_may_open_the_record_of_a_resident_but_not_of_someone_living_elsewhere(client, location):
    host = make_staff("host", roles.HOUSING_HOST)
    location.hosts.add(host)
    resident = location.rooms.get(number="1").tenancies.get().household.members.get().person
    elsewhere = make_single()
    house(elsewhere, make_room(make_location()))
    client.force_login(host)
    assert client.get(f"/people/{resident.pk}/").status_code == 200
    assert client.get(f"/people/{elsewhere.members.get().person_id}/").status_code == 404


def test_the_page_s_query_count_does_not_grow_with_rooms_or_residents(client, location, staff):
    client.force_login(staff["reception"])
    url = f"/housing/locations/{location.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(5):
        house(make_family(children=2), make_room(location, beds=4))
        house(make_single(gender="M"), make_room(location, beds=2))
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(before) == len(after)


@pytest.fixture
def large_location(db):
    """55 rooms on two floors: page 1 holds the first 50 in floor and number order, page 2 the last 5."""
    location = make_location(name="Stort sted")
    for n in range(1, 56):
        make_room(location, number=f"{n:03d}", floor=0 if n <= 30 else 1, beds=2)
    first = make_single(gender="F")
    house(first, location.rooms.get(number="001"))
    last = make_single(gender="M")
    house(last, location.rooms.get(number="055"))
    location.rooms.filter(number="054").update(status="blocked", blocked_reason="Skimmelsvamp")
    return location, first.members.get().person, last.members.get().person


def test_a_large_location_shows_fifty_rooms_a_page_with_the_residents_of_those_rooms(client, large_location, staff):
    location, first, last = large_location
    client.force_login(staff["caseworker"])
    client.cookies.load({"django_language": "en"})
    url = f"/housing/locations/{location.pk}/"
    one = client.get(url).content.decode()
    assert one.count('class="housing-room housing-room--') == 50
    assert "Showing 1–50 of 55." in one and "?page=2" in one
    assert f"/people/{first.pk}/" in one and f"/people/{last.pk}/" not in one
    assert "Skimmelsvamp" in one  # the blocked rooms are all the location's, whichever page
    two = client.get(url, {"page": 2}).content.decode()
    assert two.count('class="housing-room housing-room--') == 5
    assert "Room 055" in two and "Room 001" not in two
    assert f"/people/{last.pk}/" in two and f"/people/{first.pk}/" not in two
    for bad in ("0", "99", "x", "-1"):  # a page out of range shows a page, never an error
        assert client.get(url, {"page": bad}).status_code == 200


def test_a_small_location_has_no_page_navigation(client, location, staff):
    client.force_login(staff["reception"])
    client.cookies.load({"django_language": "en"})
    assert "Showing" not in client.get(f"/housing/locations/{location.pk}/").content.decode()


def test_the_paged_location_s_query_count_does_not_grow_with_rooms(client, large_location, staff):
    location, _first, _last = large_location
    client.force_login(staff["reception"])
    url = f"/housing/locations/{location.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"page": 2})
    for _ in range(60):
        house(make_family(children=1), make_room(location, number=f"9{location.rooms.count():03d}", floor=2, beds=4))
    with CaptureQueriesContext(connection) as after:
        client.get(url, {"page": 2})
    assert len(before) == len(after)
