"""The occupancy overview: exact counts on a small hand-built set of rooms, filters, and a query count flat in the data."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.housing.factories import house, make_family, make_location, make_room, make_single
from velkomst.housing.selectors import OccupancyFilters, occupancy_rows
from velkomst.people.models import Pet

ON = date(2026, 11, 26)


@pytest.fixture
def two_locations(db):
    """A: a family room (3 of 4 beds, a dog), a shared women's room with one free bed, a blocked room, an empty room, a closed room.
    B: a shared men's room with one free bed, a full women's room, an empty single room."""
    a = make_location(name="Amager", food_distribution=True, pets_allowed=True)
    b = make_location(name="Bispebjerg", serves_refugees=True, step_free=True)
    family = make_family(children=2)
    Pet.objects.create(household=family, kind="dog")
    house(family, make_room(a, number="A1", beds=4))
    house(make_single(gender="F"), make_room(a, number="A2", beds=2))
    make_room(a, number="A3", beds=2, status="blocked", blocked_reason="Vandskade")
    make_room(a, number="A4", beds=3)
    make_room(a, number="A5", beds=5, status="closed")
    house(make_single(gender="M"), make_room(b, number="B1", beds=2))
    full = make_room(b, number="B2", beds=2)
    house(make_single(gender="F"), full)
    house(make_single(gender="F"), full)
    make_room(b, number="B3", beds=1)
    return a, b


def counts(row):
    return {name: getattr(row, name) for name in (
        "beds", "occupied", "free", "blocked", "women", "men", "families", "pets", "empty_rooms", "free_shared_women", "free_shared_men")}


def test_each_location_is_counted_by_the_rules_of_the_page(two_locations, admin_user):
    rows, totals = occupancy_rows(user=admin_user, on=ON)
    by_name = {row.location.name: row for row in rows}
    assert counts(by_name["Amager"]) == dict(beds=11, occupied=4, free=5, blocked=2, women=2, men=2, families=1, pets=1,
                                             empty_rooms=1, free_shared_women=1, free_shared_men=0)
    assert by_name["Amager"].percent_full == 44.4  # 4 of the 9 beds that can be used
    assert counts(by_name["Bispebjerg"]) == dict(beds=5, occupied=3, free=2, blocked=0, women=2, men=1, families=0, pets=0,
                                                 empty_rooms=1, free_shared_women=0, free_shared_men=1)
    assert by_name["Bispebjerg"].percent_full == 60.0
    assert counts(totals) == dict(beds=16, occupied=7, free=7, blocked=2, women=4, men=3, families=1, pets=1,
                                  empty_rooms=2, free_shared_women=1, free_shared_men=1)
    assert totals.percent_full == 50.0


def test_a_free_bed_in_a_family_room_is_neither_an_empty_room_nor_a_shared_bed(admin_user):
    location = make_location()
    house(make_family(children=1), make_room(location, beds=3))
    house(make_single(birth_date=date(2010, 1, 1)), make_room(location, beds=2))  # a lone minor counts as a family (SPEC)
    rows, _ = occupancy_rows(user=admin_user, on=ON)
    assert counts(rows[0]) | {} == dict(beds=5, occupied=3, free=2, blocked=0, women=2, men=1, families=2, pets=0,
                                        empty_rooms=0, free_shared_women=0, free_shared_men=0)


@pytest.mark.parametrize("filters, names", [
    (OccupancyFilters(), ["Amager", "Bispebjerg"]),
    (OccupancyFilters(population="refugee"), ["Bispebjerg"]),
    (OccupancyFilters(food_distribution=True), ["Amager"]),
    (OccupancyFilters(pets_allowed=True), ["Amager"]),
    (OccupancyFilters(step_free=True), ["Bispebjerg"]),
    (OccupancyFilters(reserved="vulnerable"), []),
    (OccupancyFilters(reserved="none"), ["Amager", "Bispebjerg"]),
])
def test_the_filters_narrow_the_locations(two_locations, admin_user, filters, names):
    rows, _ = occupancy_rows(user=admin_user, filters=filters, on=ON)
    assert [r.location.name for r in rows] == names


def test_closed_locations_are_left_out(two_locations, admin_user):
    make_location(name="Lukket", status="closed")
    rows, _ = occupancy_rows(user=admin_user, on=ON)
    assert "Lukket" not in [r.location.name for r in rows]


def _build(n_locations: int) -> None:
    for _ in range(n_locations):
        location = make_location()
        house(make_family(children=1), make_room(location, beds=4))
        house(make_single(gender="F"), make_room(location, beds=2))
        house(make_single(gender="M"), make_room(location, beds=2))
        make_room(location, beds=2, status="blocked", blocked_reason="Renovering")


def _queries_of_the_page(client) -> int:
    client.get("/housing/")  # warm-up: session and permission caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/housing/?population=ukrainian")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_overview_s_query_count_does_not_grow_with_locations_or_residents(client, staff):
    client.force_login(staff["manager"])
    _build(2)
    with_two = _queries_of_the_page(client)
    _build(4)
    with_six = _queries_of_the_page(client)
    assert with_two == with_six


@pytest.mark.django_db
def test_the_counting_itself_takes_two_queries(staff):
    _build(3)
    manager = staff["manager"]
    occupancy_rows(user=manager, on=ON)  # the role and permissions are cached on the user after this
    with CaptureQueriesContext(connection) as queries:
        occupancy_rows(user=manager, filters=OccupancyFilters(population="ukrainian"), on=ON)
    # the locations, and one aggregate query counting all of them (the role is read once per user object)
    assert len(queries) == 2


@pytest.mark.django_db
def test_the_page_shows_rows_and_totals(client, staff, two_locations):
    client.force_login(staff["manager"])
    client.cookies.load({"django_language": "en"})
    html = client.get("/housing/").content.decode()
    assert "Amager" in html and "Bispebjerg" in html and "Total" in html
    assert "44.4 %" in html or "44,4 %" in html


@pytest.mark.django_db
def test_the_totals_come_before_the_list_and_the_list_pages_with_its_count(client, staff, monkeypatch):
    """~220 locations: the totals and filters first, then 50 locations a page, saying how many there are;
    the page links keep the filters, and the totals count every page."""
    from velkomst.housing import views

    monkeypatch.setattr(views, "OCCUPANCY_PAGE_SIZE", 2)
    for name in ("Amager", "Bispebjerg", "Christianshavn"):
        make_room(make_location(name=name), number="1", beds=3)
    client.force_login(staff["manager"])
    client.cookies.load({"django_language": "en"})

    first = client.get("/housing/", {"step_free": ""}).content.decode()
    assert first.index('class="housing-totals"') < first.index("<table")
    assert "Showing 1–2 of 3." in first and "Page 1 of 2" in first
    assert "Amager" in first and "Christianshavn" not in first
    assert 'href="?step_free=&amp;page=2"' in first
    assert '<dd>9</dd>' in first  # beds of all three locations, not just this page's

    second = client.get("/housing/", {"page": 2}).content.decode()
    assert "Christianshavn" in second and "Amager" not in second and "Showing 3–3 of 3." in second
    assert client.get("/housing/", {"page": "x"}).status_code == 200  # a bad page number shows the first page


@pytest.mark.django_db
def test_the_overview_s_tables_are_readable_type():
    """DKFDS sets the root font to 10px, so a table's rem size must be at least 1.4 (the outside walk found 8.75px)."""
    import re
    from pathlib import Path

    import velkomst

    root = Path(velkomst.__file__).parent
    for css in root.glob("**/static/**/*.css"):
        for size in re.findall(r"font-size:\s*([\d.]+)rem", css.read_text()):
            assert float(size) >= 1.4, f"{css.name}: font-size {size}rem is under 14px"


def test_a_lone_minor_stops_counting_as_a_family_on_the_18th_birthday(admin_user):
    """The counting runs in the database with the day as a parameter: the same room, two days, two answers."""
    location = make_location()
    house(make_single(gender="F", birth_date=date(2008, 11, 27)), make_room(location, beds=2))
    before, _ = occupancy_rows(user=admin_user, on=date(2026, 11, 26))
    after, _ = occupancy_rows(user=admin_user, on=date(2026, 11, 27))
    assert (before[0].families, before[0].free_shared_women) == (1, 0)
    assert (after[0].families, after[0].free_shared_women) == (0, 1)


def test_a_household_with_a_tenancy_and_a_reservation_counts_in_both_rooms_and_a_room_of_no_one_is_empty(admin_user):
    from velkomst.housing.models import Reservation

    location = make_location()
    single = make_single(gender="M")
    house(single, make_room(location, number="1", beds=2))
    reserved = make_room(location, number="2", beds=3)
    Reservation.objects.create(household=single, room=reserved, persons=1, expected_arrival_on=ON)
    rows, _ = occupancy_rows(user=admin_user, on=ON)
    assert counts(rows[0]) == dict(beds=5, occupied=2, free=3, blocked=0, women=0, men=2, families=0, pets=0,
                                   empty_rooms=0, free_shared_women=0, free_shared_men=3)


@pytest.mark.parametrize("per_page", [1, 2, 50])
def test_a_page_of_the_overview_has_the_rows_and_totals_of_the_whole_list(two_locations, admin_user, per_page):
    """The page reads only its own locations as models (`occupancy_page`); its rows and totals are those of every row."""
    from velkomst.housing.selectors import occupancy_page

    rows, totals = occupancy_rows(user=admin_user, on=ON)
    shown = []
    for number in range(1, 3):
        page, page_totals = occupancy_page(user=admin_user, on=ON, page=number, per_page=per_page)
        assert counts(page_totals) == counts(totals)
        shown += [(row.location, counts(row)) for row in page.object_list if (row.location, counts(row)) not in shown]
    assert shown == [(row.location, counts(row)) for row in rows]


def test_a_host_without_locations_sees_an_empty_overview(two_locations, staff):
    from velkomst.accounts import roles
    from velkomst.housing.selectors import occupancy_page

    page, totals = occupancy_page(user=staff[roles.HOUSING_HOST], on=ON, page=1, per_page=50)
    assert list(page.object_list) == [] and totals.beds == 0
    assert occupancy_rows(user=staff[roles.HOUSING_HOST], on=ON)[0] == []
