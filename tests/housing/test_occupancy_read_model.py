"""The occupancy overview's read model (`RoomOccupancy`): each room's stays counted when they change, through every
service that moves a household, reserves a room, adds a member or changes the pets; the day-dependent family rule
counted on the day; and two writes to one room at once both counted (PostgreSQL).

Every test of the suite also checks the read model against the stays when it ends (`tests/conftest.py`)."""
import io
import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection, connections

from tests.conftest import make_staff
from tests.factories import make_household, make_person
from tests.housing.factories import house, make_location, make_room, make_single
from velkomst.accounts import roles
from velkomst.housing import services
from velkomst.housing.models import RoomOccupancy
from velkomst.housing.selectors import OccupancyFilters, occupancy_rows
from velkomst.people import services as people
from velkomst.people.services import PersonData

ON = date(2026, 11, 26)


def stored(room) -> dict:
    row = RoomOccupancy.objects.filter(room=room).first()
    return {name: getattr(row, name) if row else 0 for name in ("households", "persons", "women", "men", "pets")}


def location_row(user, location, on):
    rows, _totals = occupancy_rows(user=user, filters=OccupancyFilters(), on=on)
    return next(row for row in rows if row.location == location)


@pytest.fixture
def admin(db):
    return make_staff("root", roles.ADMIN)


@pytest.mark.django_db
def test_a_lone_minor_is_a_family_until_the_eighteenth_birthday(admin):
    """Stored: one household of one; counted on the day: a family the day before the birthday, a single adult on it
    (the shared men's room then has a free shared bed)."""
    location = make_location()
    room = make_room(location, beds=3)
    minor = make_household((make_person(first_name="Taras", gender="M", birth_date=date(2008, 12, 10)), "applicant"))
    house(minor, room)
    assert stored(room) == {"households": 1, "persons": 1, "women": 0, "men": 1, "pets": 0}
    before, after = location_row(admin, location, date(2026, 12, 9)), location_row(admin, location, date(2026, 12, 10))
    assert (before.families, before.free_shared_men) == (1, 0)
    assert (after.families, after.free_shared_men) == (0, 2)


@pytest.mark.django_db
def test_the_services_keep_the_rooms_counted(admin):
    staff = make_staff("reception", roles.RECEPTION)
    first, second = make_room(beds=4), make_room(beds=4)
    household = make_single(gender="F")
    reservation = services.reservation_make(by=staff, household=household, room=first, expected_arrival_on=ON)
    assert stored(first)["persons"] == 1
    services.reservation_change(by=staff, reservation=reservation, room=second, expected_arrival_on=ON, reason="Bedre værelse", today=ON)
    assert (stored(first)["persons"], stored(second)["persons"]) == (0, 1)  # the first room is left
    people.household_member_add(by=admin, household=household, data=PersonData("Ivan", "Petrenko", date(2015, 5, 5), "M"),
                                relation="child", today=ON)
    assert stored(second) == {"households": 1, "persons": 2, "women": 1, "men": 1, "pets": 0}
    people.household_needs_change(by=admin, household=household, needs_step_free=False, needs_own_room=False, own_room_reason=None,
                                  pets={"dog": 1, "cat": 1})
    assert stored(second)["pets"] == 2
    people.household_needs_change(by=admin, household=household, needs_step_free=False, needs_own_room=False, own_room_reason=None,
                                  pets={"dog": 1})
    assert stored(second)["pets"] == 1
    services.reservation_release(by=staff, reservation=reservation, reason="Kom ikke", today=ON)
    assert stored(second)["persons"] == 0
    assert services.room_occupancy_differences() == []


@pytest.mark.django_db
def test_the_rebuild_counts_what_the_receivers_count():
    room = make_room(beds=4)
    house(make_single(gender="M"), room)
    RoomOccupancy.objects.all().delete()  # as after the demo loader's bulk writes
    assert services.room_occupancy_differences() != []
    out = io.StringIO()
    call_command("occupancy_rebuild", stdout=out)
    assert services.room_occupancy_differences() == [] and stored(room)["men"] == 1
    assert out.getvalue().strip() == "Rooms counted again. With someone staying: 1. Counted differently before: 1."


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_households_moving_into_one_room_at_once_are_both_counted():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL")
    host = make_staff("host", roles.ADMIN)
    room = make_room(beds=4)
    newcomers = [make_single(gender="F"), make_single(gender="F")]
    barrier = threading.Barrier(2)
    errors = []

    def move_in(household):
        try:
            barrier.wait()
            services.tenancy_start(by=host, household=household, room=room, moved_in_on=ON)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move_in, args=(h,)) for h in newcomers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stored(room)["persons"] == 2 and services.room_occupancy_differences() == []
