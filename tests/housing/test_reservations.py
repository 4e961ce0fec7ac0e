"""A confirmed placement is a reservation: its beds are occupied for every other move, proposal, relocation and forecast
from that moment; a move-in ends it; it can be changed or released with a reason, in the housing scope."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_staff
from tests.housing.factories import house, make_family, make_location, make_room, make_single
from tests.reception.factories import aware
from velkomst.accounts import roles
from velkomst.allocation import services as allocation
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.housing import selectors, services, spec
from velkomst.housing.models import Location, Reservation, Tenancy

TODAY = date(2026, 11, 26)
ARRIVAL = date(2026, 11, 30)
pytestmark = pytest.mark.time_machine(aware(TODAY, 9, 30))


@pytest.fixture
def reserved(db, staff):
    """One location with a one-bed room reserved for a woman arriving on Monday, and a two-bed room."""
    location = make_location(code="amager", name="Amager", food_distribution=True)
    location.hosts.add(staff["housing_host"])
    one_bed = make_room(location, number="1", beds=1)
    make_room(location, number="2", beds=2)
    woman = make_single(gender="F", birth_date=date(1985, 1, 1))
    reservation = services.reservation_make(by=staff["reception"], household=woman, room=one_bed, expected_arrival_on=ARRIVAL)
    return {"location": location, "room": one_bed, "household": woman, "reservation": reservation}


@pytest.mark.django_db
def test_a_reservation_records_its_history_and_names_the_room_in_the_journal(reserved, staff):
    reservation = reserved["reservation"]
    assert (reservation.status, reservation.persons, reservation.expected_arrival_on) == ("active", 1, ARRIVAL)
    history = dict(FieldChange.objects.filter(object_type="reservation", object_id=str(reservation.pk)).values_list("field", "new_value"))
    assert (history["status"], history["room"], history["persons"]) == ("active", str(reserved["room"].pk), "1")
    assert AccessLog.objects.filter(object_type="reservation", action="create").exists()
    case = reserved["household"].cases.get()
    assert "reserveret" in case.journal.latest("id").text


@pytest.mark.django_db
def test_one_active_reservation_per_household(reserved, staff):
    with pytest.raises(ValidationError) as refused:
        services.reservation_make(by=staff["reception"], household=reserved["household"], room=reserved["location"].rooms.get(number="2"),
                                  expected_arrival_on=ARRIVAL)
    assert "room" in refused.value.message_dict
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Reservation.objects.create(household=reserved["household"], room=reserved["room"], expected_arrival_on=ARRIVAL, persons=1)


# -- a reserved bed is never offered to anyone else ---------------------------------------------------------------

@pytest.mark.django_db
def test_a_reserved_bed_is_occupied_in_the_instance_every_proposal_and_move_reads(reserved):
    instance, _plan = spec.occupancy_instance(on=TODAY)
    room = next(r for r in instance["rooms"] if r["id"] == "amager/1")
    assert [o["household"] for o in room["occupants"]] == [f"h{reserved['household'].pk}"]


@pytest.mark.django_db
def test_a_reserved_bed_is_not_proposed_to_another_household(reserved, staff):
    reserved["location"].rooms.filter(number="2").update(status="closed")  # the reserved room is the only one left
    other = make_single(gender="F", birth_date=date(1990, 1, 1))
    proposal = allocation.proposal_create(by=staff["reception"], households=[other], move_in_on=ARRIVAL)
    assert proposal.plan["assignments"] == [] and [u["household"] for u in proposal.plan["unplaced"]] == [f"h{other.pk}"]
    services.reservation_release(by=staff["reception"], reservation=reserved["reservation"], reason="Kommer ikke", today=TODAY)
    again = allocation.proposal_create(by=staff["reception"], households=[other], move_in_on=ARRIVAL)
    assert again.plan["assignments"] == [{"household": f"h{other.pk}", "room": "amager/1"}]  # released: free again


@pytest.mark.django_db
def test_a_reserved_bed_cannot_be_taken_by_a_manual_move_in(reserved, staff, client):
    other = make_single(gender="F", birth_date=date(1990, 1, 1))
    with pytest.raises(services.MoveRefused) as refused:
        services.tenancy_start(by=staff["housing_host"], household=other, room=reserved["room"], moved_in_on=TODAY)
    assert [r.code for r in refused.value.refusals] == ["capacity"]
    fits = selectors.rooms_where_household_fits(location=reserved["location"], household=other, on=TODAY)
    assert [f.room.number for f in fits] == ["2"]
    client.force_login(staff["housing_host"])
    page = client.get(f"/housing/locations/{reserved['location'].pk}/")
    rooms = {item.room.number: item for item in page.context["detail"].rooms}
    assert (rooms["1"].free, rooms["1"].state) == (0, "full")
    assert "/housing/rooms/%d/move-in/" % reserved["room"].pk not in page.content.decode()  # no "Move in" link to the reserved bed


@pytest.mark.django_db
def test_a_reserved_bed_is_not_a_relocation_target(reserved, staff):
    reserved["location"].rooms.filter(number="2").update(status="closed")
    closing = make_location(code="lukker", name="Lukker")
    leaving = make_single(gender="F", birth_date=date(1992, 1, 1))
    house(leaving, make_room(closing, number="A", beds=1))
    instance, tenancies = allocation.relocation_instance_empty_location(location=closing, on=TODAY, within=Location.objects.all())
    result = allocation.relocation_plan(by=staff["reception"], instance=instance, tenancies=tenancies)
    assert result["moves"] == [] and [u["tenancy"].household_id for u in result["unplaced"]] == [leaving.pk]


@pytest.mark.django_db
def test_a_reserved_bed_counts_as_occupied_in_the_overview_and_the_forecast(reserved, staff):
    rows, totals = selectors.occupancy_rows(user=staff["manager"], on=TODAY)
    assert (totals.beds, totals.occupied, totals.free) == (3, 1, 2)
    from velkomst.forecast.inputs import Catalogue, capacity_on

    capacity = capacity_on(Catalogue.load(), TODAY, past=False)
    # The reserved one-bed room is a woman's place in use, not a free room: only room 2 is empty.
    assert (capacity["empty_rooms"], capacity["empty_beds"], capacity["shared_beds_F"], capacity["persons"]) == (1, 2, 0, 1)


@pytest.mark.django_db
def test_a_reserved_room_cannot_be_blocked(reserved, staff):
    with pytest.raises(ValidationError) as refused:
        services.room_block(by=staff["housing_host"], room=reserved["room"], reason="Vandskade", until=None, today=TODAY)
    assert "blocked_reason" in refused.value.message_dict


# -- a move-in ends the reservation ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_moving_into_the_reserved_room_turns_the_reservation_into_the_tenancy(reserved, staff):
    tenancy = services.tenancy_start(by=staff["housing_host"], household=reserved["household"], room=reserved["room"], moved_in_on=TODAY)
    reservation = Reservation.objects.get(pk=reserved["reservation"].pk)
    assert (reservation.status, reservation.tenancy) == ("converted", tenancy)
    assert spec.occupancy_instance(on=TODAY)[0]["rooms"][0]["occupants"][0]["household"] == f"h{reserved['household'].pk}"  # once


@pytest.mark.django_db
def test_moving_into_another_room_releases_the_reservation_with_the_reason(reserved, staff):
    other_room = reserved["location"].rooms.get(number="2")
    services.tenancy_start(by=staff["housing_host"], household=reserved["household"], room=other_room, moved_in_on=TODAY)
    reservation = Reservation.objects.get(pk=reserved["reservation"].pk)
    assert reservation.status == "released" and "Amager 2" in reservation.release_reason and reservation.released_on == TODAY


# -- change and release --------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_changing_a_reservation_checks_the_new_room_and_keeps_the_history(reserved, staff):
    family = make_family(children=1)
    with pytest.raises(ValidationError) as no_reason:
        services.reservation_change(by=staff["reception"], reservation=reserved["reservation"], room=reserved["location"].rooms.get(number="2"),
                                    expected_arrival_on=ARRIVAL, reason=" ", today=TODAY)
    assert "reason" in no_reason.value.message_dict
    house(family, reserved["location"].rooms.get(number="2"))
    with pytest.raises(services.MoveRefused):  # a family's room is closed to others
        services.reservation_change(by=staff["reception"], reservation=reserved["reservation"], room=reserved["location"].rooms.get(number="2"),
                                    expected_arrival_on=ARRIVAL, reason="Ønsker mere plads", today=TODAY)
    bigger = make_room(reserved["location"], number="3", beds=2)
    changed = services.reservation_change(by=staff["reception"], reservation=reserved["reservation"], room=bigger,
                                          expected_arrival_on=date(2026, 12, 2), reason="Ønsker mere plads", today=TODAY)
    assert (changed.room, changed.expected_arrival_on) == (bigger, date(2026, 12, 2))
    fields = set(FieldChange.objects.filter(object_type="reservation", object_id=str(changed.pk), old_value__gt="").values_list("field", flat=True))
    assert fields == {"room", "expected_arrival_on"}
    assert "Ønsker mere plads" in reserved["household"].cases.get().journal.latest("id").text


@pytest.mark.django_db
def test_releasing_needs_a_reason_and_frees_the_bed(reserved, staff):
    with pytest.raises(ValidationError):
        services.reservation_release(by=staff["reception"], reservation=reserved["reservation"], reason="", today=TODAY)
    released = services.reservation_release(by=staff["reception"], reservation=reserved["reservation"], reason="Bor hos familie", today=TODAY)
    assert (released.status, released.release_reason, released.released_on) == ("released", "Bor hos familie", TODAY)
    assert spec.occupancy_instance(on=TODAY)[0]["rooms"][0]["occupants"] == []
    with pytest.raises(ValidationError):  # once ended, it stays ended
        services.reservation_release(by=staff["reception"], reservation=released, reason="Igen", today=TODAY)


# -- the pages: reception and the location's host; others refused -----------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.RECEPTION, roles.HOUSING_HOST])
def test_reception_and_the_location_s_host_change_and_release_a_reservation(reserved, staff, client, role):
    client.force_login(staff[role])
    location_page = client.get(f"/housing/locations/{reserved['location'].pk}/").content.decode()
    url = f"/housing/reservations/{reserved['reservation'].pk}/"
    assert url in location_page
    page = client.get(url)
    assert page.status_code == 200 and [f.room.number for f in page.context["fits"]] == ["1", "2"]
    bad = client.post(url, {"location": reserved["location"].pk, "room": reserved["location"].rooms.get(number="2").pk,
                            "expected_arrival_on": "30.11.2026", "reason": ""})
    assert bad.status_code == 400 and "reason" in bad.context["form"].errors
    response = client.post(url, {"location": reserved["location"].pk, "room": reserved["location"].rooms.get(number="2").pk,
                                 "expected_arrival_on": "30.11.2026", "reason": "Tilgængeligt værelse"})
    assert response.status_code == 302
    assert Reservation.objects.get(pk=reserved["reservation"].pk).room.number == "2"
    missing = client.post(f"{url}release/", {"reason": ""})
    assert missing.status_code == 400 and "reason" in missing.context["release_form"].errors
    client.post(f"{url}release/", {"reason": "Kommer ikke"})
    assert Reservation.objects.get(pk=reserved["reservation"].pk).status == "released"
    assert client.get(url).status_code == 404  # ended: nothing left to change


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.TEACHER, roles.COMPANY_CONSULTANT, roles.CASEWORKER, roles.MANAGER])
def test_roles_that_do_not_move_households_are_refused(reserved, staff, client, role):
    client.force_login(staff[role])
    url = f"/housing/reservations/{reserved['reservation'].pk}/"
    assert client.get(url).status_code == 403
    assert client.post(f"{url}release/", {"reason": "x"}).status_code == 403
    assert Reservation.objects.get(pk=reserved["reservation"].pk).status == "active"


@pytest.mark.django_db
def test_the_host_of_another_location_gets_404(reserved, client):
    other_host = make_staff("other-host", roles.HOUSING_HOST)
    make_location(code="valby", name="Valby").hosts.add(other_host)
    client.force_login(other_host)
    url = f"/housing/reservations/{reserved['reservation'].pk}/"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}release/", {"reason": "x"}).status_code == 404
    assert Reservation.objects.get(pk=reserved["reservation"].pk).status == "active"


@pytest.mark.django_db
def test_the_proposal_s_confirmation_reserves_and_the_household_stops_waiting(staff):
    location = make_location(code="norrebro", name="Nørrebro", food_distribution=True)
    make_room(location, number="1", beds=2)
    family = make_family(children=1, status="referred")
    proposal = allocation.proposal_create(by=staff["reception"], households=[family], move_in_on=ARRIVAL)
    allocation.proposal_confirm(by=staff["reception"], proposal=proposal, now=aware(TODAY, 10))
    assert Reservation.objects.active().get(household=family).room.code == "norrebro/1"
    assert not Tenancy.objects.filter(household=family).exists()
    from velkomst.allocation.selectors import households_awaiting_housing

    assert not households_awaiting_housing().filter(pk=family.pk).exists()


@pytest.mark.django_db
def test_the_occupancy_instance_reads_a_fixed_number_of_queries_whatever_the_stays():
    """A proposal reads the whole housing: at ten times Copenhagen, reading it household by household took 8 s."""
    location = make_location()
    for _ in range(2):
        house(make_single(), make_room(location))
    with CaptureQueriesContext(connection) as few:
        small = spec.occupancy_instance(on=TODAY)[0]
    for _ in range(6):
        house(make_family(children=2), make_room(location, beds=4))
    with CaptureQueriesContext(connection) as many:
        large = spec.occupancy_instance(on=TODAY)[0]
    assert len(many) == len(few)
    assert sum(len(r["occupants"]) for r in small["rooms"]) == 2
    assert sum(len(r["occupants"]) for r in large["rooms"]) == 2 + 6 * 3
