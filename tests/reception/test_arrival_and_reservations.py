"""The arrival turns the reservation into the tenancy; a household a host moved in without a proposal is registered as
arrived all the same; the host who moves in a household whose arrival is open is sent on to register it."""
from datetime import date, timedelta

import pytest

from tests.conftest import make_staff
from tests.factories import make_case, make_household, make_person
from tests.reception.factories import aware, make_referral, make_room
from velkomst.accounts import roles
from velkomst.housing import services as housing
from velkomst.housing.models import Reservation, Tenancy
from velkomst.people.models import Case
from velkomst.reception import services
from velkomst.reception.models import Appointment, Referral

TODAY = date(2026, 11, 26)
pytestmark = pytest.mark.time_machine(aware(TODAY, 9, 30))


def referred_family():
    mother = make_person(first_name="Iryna", last_name="Savchenko", birth_date=date(1988, 3, 1))
    son = make_person(first_name="Maksym", last_name="Savchenko", gender="M", birth_date=date(2016, 6, 1))
    household = make_household((mother, "applicant"), (son, "child"), first_benefit_payment_on=date(2026, 1, 1))
    decision = TODAY - timedelta(days=20)
    mother_case = make_case(person=mother, household=household, status="referred", referral_decision_date=decision)
    make_case(person=son, household=household, status="referred", referral_decision_date=decision)
    return make_referral(case=mother_case), mother_case


def assert_arrived(referral, mother_case):
    assert Referral.objects.get(pk=referral.pk).status == "arrived"
    assert set(Case.objects.filter(household=referral.household).values_list("status", flat=True)) == {"arrived"}
    assert set(Appointment.objects.filter(case=mother_case).values_list("kind", "status")) == {("welcome", "required"), ("contract", "required")}


@pytest.mark.django_db
def test_the_arrival_converts_the_reservation_into_the_tenancy(staff):
    referral, mother_case = referred_family()
    room = make_room(beds=2)
    reservation = housing.reservation_make(by=staff["reception"], household=referral.household, room=room, expected_arrival_on=TODAY)
    services.arrival_register(by=staff["reception"], referral=referral, room=room, arrived_on=TODAY, today=TODAY)
    tenancy = Tenancy.objects.get(household=referral.household)
    reservation.refresh_from_db()
    assert (reservation.status, reservation.tenancy, tenancy.room) == ("converted", tenancy, room)
    assert_arrived(referral, mother_case)


@pytest.mark.django_db
def test_an_arrival_after_a_host_s_move_in_keeps_the_tenancy_and_is_not_refused(staff):
    referral, mother_case = referred_family()
    room = make_room(beds=2)
    tenancy = housing.tenancy_start(by=staff["housing_host"], household=referral.household, room=room, moved_in_on=TODAY - timedelta(days=1))
    services.arrival_register(by=staff["reception"], referral=referral, room=None, arrived_on=TODAY, today=TODAY)
    assert list(Tenancy.objects.filter(household=referral.household)) == [tenancy]
    assert_arrived(referral, mother_case)


@pytest.mark.django_db
def test_an_arrival_before_the_host_s_move_in_is_refused_with_the_date(staff):
    referral, _ = referred_family()
    housing.tenancy_start(by=staff["housing_host"], household=referral.household, room=make_room(beds=2), moved_in_on=TODAY)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.arrival_register(by=staff["reception"], referral=referral, room=None, arrived_on=TODAY - timedelta(days=2), today=TODAY)
    assert "26.11.2026" in refused.value.message_dict["arrived_on"][0]
    assert Referral.objects.get(pk=referral.pk).status == "open"


@pytest.mark.django_db
def test_the_arrival_page_offers_the_reserved_room_first_and_chosen(client, staff):
    referral, mother_case = referred_family()
    make_room(beds=4)  # another room that fits
    reserved_room = make_room(beds=2)
    housing.reservation_make(by=staff["reception"], household=referral.household, room=reserved_room, expected_arrival_on=TODAY)
    client.force_login(staff["reception"])
    detail = client.get(f"/reception/referrals/{referral.pk}/").content.decode()
    assert "Reserveret værelse:" in detail and f"/housing/reservations/{Reservation.objects.get().pk}/" in detail
    assert "Udført: Midlertidig indkvartering valgt" in detail  # the reservation is the preparation's housing step
    page = client.get(f"/reception/referrals/{referral.pk}/arrival/")
    field = page.context["form"]["room"]
    choices = [(value, label) for value, label in field.field.choices if value]
    assert str(choices[0][0]) == str(reserved_room.pk) and "reserveret til denne husstand" in choices[0][1]
    assert str(field.value()) == str(reserved_room.pk)
    response = client.post(f"/reception/referrals/{referral.pk}/arrival/", {"room": reserved_room.pk, "arrived_on": "26.11.2026"})
    assert response.status_code == 302 and response["Location"] == f"/reception/referrals/{referral.pk}/"
    assert Reservation.objects.get().status == "converted"
    assert_arrived(referral, mother_case)


@pytest.mark.django_db
def test_choosing_another_room_at_arrival_releases_the_reservation(client, staff):
    referral, _ = referred_family()
    reserved_room, other = make_room(beds=2), make_room(beds=3)
    housing.reservation_make(by=staff["reception"], household=referral.household, room=reserved_room, expected_arrival_on=TODAY)
    client.force_login(staff["reception"])
    client.post(f"/reception/referrals/{referral.pk}/arrival/", {"room": other.pk, "arrived_on": "26.11.2026"})
    assert Tenancy.objects.get(household=referral.household).room == other
    assert Reservation.objects.get().status == "released"


@pytest.mark.django_db
def test_a_host_s_move_in_leads_to_the_arrival_which_the_host_registers_in_one_more_step(client, staff):
    referral, mother_case = referred_family()
    room = make_room(beds=2)
    room.location.hosts.add(staff["housing_host"])
    client.force_login(staff["housing_host"])
    response = client.post(f"/housing/rooms/{room.pk}/move-in/", {"action": "move_in", "household": referral.household.pk,
                                                                   "moved_in_on": "26.11.2026"})
    assert response.status_code == 302 and response["Location"] == f"/reception/households/{referral.household.pk}/arrival/"
    arrival_url = client.get(response["Location"])["Location"]
    assert arrival_url == f"/reception/referrals/{referral.pk}/arrival/"
    page = client.get(arrival_url)
    assert page.status_code == 200 and "room" not in page.context["form"].fields  # the tenancy is kept, no room asked for
    done = client.post(arrival_url, {"arrived_on": "26.11.2026", "keys": "on"})
    assert done.status_code == 302 and done["Location"] == f"/housing/locations/{room.location_id}/"
    assert_arrived(referral, mother_case)


@pytest.mark.django_db
def test_a_host_moving_in_a_household_that_has_arrived_goes_back_to_the_location(client, staff):
    person = make_person()
    household = make_household((person, "applicant"), first_benefit_payment_on=date(2026, 1, 1))
    make_case(person=person, household=household, status="arrived")
    room = make_room(beds=2)
    room.location.hosts.add(staff["housing_host"])
    client.force_login(staff["housing_host"])
    response = client.post(f"/housing/rooms/{room.pk}/move-in/", {"action": "move_in", "household": household.pk, "moved_in_on": "26.11.2026"})
    assert response["Location"] == f"/housing/locations/{room.location_id}/"


@pytest.mark.django_db
def test_the_arrival_page_is_refused_to_roles_without_it_and_hidden_from_another_host(client, staff):
    referral, _ = referred_family()
    room = make_room(beds=2)
    housing.tenancy_start(by=staff["reception"], household=referral.household, room=room, moved_in_on=TODAY)
    for role in (roles.TEACHER, roles.COMPANY_CONSULTANT, roles.CASEWORKER, roles.MANAGER):
        client.force_login(staff[role])
        assert client.get(f"/reception/referrals/{referral.pk}/arrival/").status_code == 403, role
        assert client.get(f"/reception/households/{referral.household.pk}/arrival/").status_code == 403, role
    other_host = make_staff("other-host", roles.HOUSING_HOST)
    client.force_login(other_host)
    assert client.get(f"/reception/referrals/{referral.pk}/arrival/").status_code == 404
    assert client.post(f"/reception/referrals/{referral.pk}/arrival/", {"arrived_on": "26.11.2026"}).status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == "open"
