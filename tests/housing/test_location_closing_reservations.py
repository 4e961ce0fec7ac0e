"""A closing location counts the households with a reserved room apart from the residents who still live there; it
cannot be closed while a reservation stands, nor set to close on or before a reserved arrival day (the page warns first)."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from tests.housing.factories import house, make_family, make_location, make_room, make_single, move_out_behind_the_services
from velkomst.housing import services
from velkomst.housing.models import Location
from velkomst.housing.selectors import occupants_on

TODAY = date(2026, 11, 26)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(datetime(2026, 11, 26, 10, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False)]


@pytest.fixture
def location(staff):
    """A parent and child living in room 1; a woman with room 2 reserved for 30.11.2026."""
    location = make_location(code="lygten", name="Lygten")
    house(make_family(children=1), make_room(location, number="1", beds=3))
    room = make_room(location, number="2", beds=2)
    services.reservation_make(by=staff["reception"], household=make_single(gender="F"), room=room, expected_arrival_on=date(2026, 11, 30))
    return location


def test_residents_and_reservations_are_counted_apart(location):
    occupants = occupants_on(rooms=location.rooms.all(), on=TODAY)
    assert (occupants.households, occupants.persons, occupants.reserved_households, occupants.reserved_persons) == (1, 2, 1, 1)


def test_the_status_page_says_who_lives_there_and_who_is_only_reserved(client, admin_user, location):
    client.force_login(admin_user)
    preview = client.post(f"/housing/locations/{location.pk}/status/", {"status": "closing", "closing_on": "31.01.2027", "action": "preview"})
    html = preview.content.decode()
    assert "2 beboere (1 husstande) bor her den 31.01.2027 og skal flytte." in html
    assert "Desuden har 1 person (1 husstande) et værelse reserveret her og er endnu ikke ankommet." in html
    assert f'href="/housing/locations/{location.pk}/"' in html


def test_closing_later_than_the_reserved_arrival_is_allowed(admin_user, location):
    services.location_status_change(by=admin_user, location=location, status="closing", closing_on=date(2027, 1, 31), today=TODAY)
    assert Location.objects.get(pk=location.pk).status == "closing"


def test_closing_on_or_before_a_reserved_arrival_day_is_refused(admin_user, location):
    with pytest.raises(ValidationError) as error:
        services.location_status_change(by=admin_user, location=location, status="closing", closing_on=date(2026, 11, 30), today=TODAY)
    assert "reservation" in error.value.message_dict["closing_on"][0]
    assert Location.objects.get(pk=location.pk).status == "open"


def test_a_location_with_only_a_reservation_left_cannot_be_closed_and_the_page_says_why(client, admin_user, location):
    move_out_behind_the_services(location.rooms.get(number="1").tenancies.get(), TODAY)
    with pytest.raises(ValidationError) as error:
        services.location_status_change(by=admin_user, location=location, status="closed", closing_on=None, today=TODAY)
    assert "1 husstand har et værelse reserveret på Lygten" in error.value.message_dict["status"][0]
    client.force_login(admin_user)
    refused = client.post(f"/housing/locations/{location.pk}/status/", {"status": "closed", "closing_on": "", "action": "confirm"})
    assert refused.status_code == 400 and "reserveret" in refused.content.decode()
    assert Location.objects.get(pk=location.pk).status == "open"


@pytest.mark.parametrize("role", ["reception", "housing_host", "caseworker", "manager"])
def test_only_administrators_change_a_location_s_status(client, staff, location, role):
    client.force_login(staff[role])
    response = client.post(f"/housing/locations/{location.pk}/status/", {"status": "closed", "closing_on": "", "action": "confirm"})
    assert response.status_code == 403
