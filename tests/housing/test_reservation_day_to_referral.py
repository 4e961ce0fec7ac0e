"""A changed reservation day is copied back to the household's referral (its expected arrival), with the referral's
history, on the page and in the service; a referral already closed is left alone."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.housing.factories import make_location, make_room, make_single
from tests.reception.factories import aware, make_referral
from velkomst.audit.models import FieldChange
from velkomst.housing import services
from velkomst.reception.models import Referral

TODAY = date(2026, 11, 26)
ARRIVAL = date(2026, 11, 30)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(aware(TODAY, 9, 30))]


@pytest.fixture
def reserved(staff):
    location = make_location(name="Amager")
    location.hosts.add(staff["housing_host"])
    room = make_room(location, number="1", beds=1)
    woman = make_single(gender="F", birth_date=date(1985, 1, 1))
    referral = make_referral(case=woman.cases.get(), decision_date=date(2026, 11, 1), expected_arrival_on=ARRIVAL)
    reservation = services.reservation_make(by=staff["reception"], household=woman, room=room, expected_arrival_on=ARRIVAL)
    return {"location": location, "room": room, "reservation": reservation, "referral": referral}


def test_the_host_moves_the_day_on_the_page_and_the_referral_follows_with_its_history(reserved, staff, client):
    client.force_login(staff["housing_host"])
    response = client.post(f"/housing/reservations/{reserved['reservation'].pk}/", {
        "location": reserved["location"].pk, "room": reserved["room"].pk, "expected_arrival_on": "03.12.2026", "reason": "Forsinket fly"})
    assert response.status_code == 302
    referral = Referral.objects.get(pk=reserved["referral"].pk)
    assert referral.expected_arrival_on == date(2026, 12, 3)
    change = FieldChange.objects.get(object_type="referral", object_id=str(referral.pk), field="expected_arrival_on")
    assert (change.old_value, change.new_value, change.user) == ("2026-11-30", "2026-12-03", staff["housing_host"])


def test_a_referral_without_a_day_gets_the_reserved_day(reserved, staff):
    Referral.objects.filter(pk=reserved["referral"].pk).update(expected_arrival_on=None)
    services.reservation_change(by=staff["reception"], reservation=reserved["reservation"], room=reserved["room"],
                                expected_arrival_on=date(2026, 12, 1), reason="Ny dag", today=TODAY)
    assert Referral.objects.get(pk=reserved["referral"].pk).expected_arrival_on == date(2026, 12, 1)


def test_a_changed_room_on_the_same_day_leaves_the_referral_s_history_alone(reserved, staff):
    other = make_room(reserved["location"], number="2", beds=1)
    services.reservation_change(by=staff["reception"], reservation=reserved["reservation"], room=other, expected_arrival_on=ARRIVAL,
                                reason="Bedre værelse", today=TODAY)
    assert not FieldChange.objects.filter(object_type="referral").exists()


def test_a_closed_referral_is_left_as_it_was(reserved, staff):
    Referral.objects.filter(pk=reserved["referral"].pk).update(status=Referral.Status.ARRIVED)
    services.reservation_change(by=staff["reception"], reservation=reserved["reservation"], room=reserved["room"],
                                expected_arrival_on=date(2026, 12, 2), reason="Ny dag", today=TODAY)
    assert Referral.objects.get(pk=reserved["referral"].pk).expected_arrival_on == ARRIVAL


def test_a_day_before_the_referral_decision_is_refused_and_nothing_changes(reserved, staff):
    Referral.objects.filter(pk=reserved["referral"].pk).update(decision_date=date(2026, 12, 10))
    with pytest.raises(ValidationError) as error:
        services.reservation_change(by=staff["reception"], reservation=reserved["reservation"], room=reserved["room"],
                                    expected_arrival_on=date(2026, 12, 2), reason="Ny dag", today=TODAY)
    assert "expected_arrival_on" in error.value.message_dict
    reserved["reservation"].refresh_from_db()
    assert reserved["reservation"].expected_arrival_on == ARRIVAL
