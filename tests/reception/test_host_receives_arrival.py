"""The housing host receives a household at their own location (DOMAIN.md: the host runs the location's move-in, keys,
start kit, house rules): from the location page, the host registers the arrival of a household whose room is reserved
there, through the same service as reception (``arrival_register``). Another host, a room at another location and
roles without the right are refused."""
from datetime import date, timedelta

import pytest

from tests.conftest import make_staff
from tests.factories import make_case, make_household, make_person
from tests.reception.factories import aware, make_referral, make_room
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.housing import services as housing
from velkomst.housing.models import Reservation, Tenancy
from velkomst.people.models import Case
from velkomst.reception.models import Appointment, Referral

TODAY = date(2026, 11, 26)
pytestmark = pytest.mark.time_machine(aware(TODAY, 9, 30))


def reserved_family(staff, *, room=None):
    mother = make_person(first_name="Iryna", last_name="Savchenko", birth_date=date(1988, 3, 1))
    son = make_person(first_name="Maksym", last_name="Savchenko", gender="M", birth_date=date(2016, 6, 1))
    household = make_household((mother, "applicant"), (son, "child"), first_benefit_payment_on=date(2026, 1, 1))
    decision = TODAY - timedelta(days=20)
    mother_case = make_case(person=mother, household=household, status="referred", referral_decision_date=decision)
    make_case(person=son, household=household, status="referred", referral_decision_date=decision)
    referral = make_referral(case=mother_case)
    room = room or make_room(beds=2)
    reservation = housing.reservation_make(by=staff["reception"], household=household, room=room, expected_arrival_on=TODAY)
    return referral, reservation


@pytest.mark.django_db
def test_the_host_registers_the_arrival_of_a_household_reserved_at_their_location_from_the_location_page(client, staff):
    host = staff["housing_host"]
    referral, reservation = reserved_family(staff)
    reservation.room.location.hosts.add(host)
    client.force_login(host)
    page = client.get(f"/housing/locations/{reservation.room.location_id}/").content.decode()
    arrival_url = f"/reception/referrals/{referral.pk}/arrival/"
    assert f'href="{arrival_url}"' in page and "Registrér ankomsten" in page

    form = client.get(arrival_url)
    assert form.status_code == 200
    html = form.content.decode()
    assert f'href="/housing/locations/{reservation.room.location_id}/"' in html  # back to the host's location, not reception's page
    done = client.post(arrival_url, {"room": reservation.room_id, "arrived_on": "26.11.2026", "keys": "on", "start_kit": "on"})
    assert done.status_code == 302 and done["Location"] == f"/housing/locations/{reservation.room.location_id}/"

    tenancy = Tenancy.objects.get(household=referral.household)
    reservation.refresh_from_db()
    assert (reservation.status, reservation.tenancy, tenancy.room, tenancy.keys_handed_out_on) == ("converted", tenancy, reservation.room, TODAY)
    assert Referral.objects.get(pk=referral.pk).status == "arrived"
    assert set(Case.objects.filter(household=referral.household).values_list("status", flat=True)) == {"arrived"}
    assert Appointment.objects.filter(case__household=referral.household, kind="welcome").count() == 1
    assert AccessLog.objects.filter(user=host, action="create", object_type="tenancy").exists()


@pytest.mark.django_db
def test_the_host_of_another_location_is_refused_and_nothing_changes(client, staff):
    referral, reservation = reserved_family(staff)
    elsewhere = make_room(beds=2)
    other_host = make_staff("other-host", roles.HOUSING_HOST)
    elsewhere.location.hosts.add(other_host)
    client.force_login(other_host)
    url = f"/reception/referrals/{referral.pk}/arrival/"
    assert client.get(url).status_code == 404
    assert client.get(f"/reception/households/{referral.household.pk}/arrival/").status_code == 404
    assert client.post(url, {"room": elsewhere.pk, "arrived_on": "26.11.2026"}).status_code == 404
    assert Referral.objects.get(pk=referral.pk).status == "open"
    assert not Tenancy.objects.exists() and Reservation.objects.get(pk=reservation.pk).status == "active"


@pytest.mark.django_db
def test_the_host_may_not_move_the_household_into_a_room_at_a_location_they_do_not_run(client, staff):
    host = staff["housing_host"]
    referral, reservation = reserved_family(staff)
    reservation.room.location.hosts.add(host)
    elsewhere = make_room(beds=2)
    client.force_login(host)
    url = f"/reception/referrals/{referral.pk}/arrival/"
    assert f'value="{elsewhere.pk}"' not in client.get(url).content.decode()
    response = client.post(url, {"room": elsewhere.pk, "arrived_on": "26.11.2026"})
    assert response.status_code == 400 and 'href="#id_room"' in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == "open" and not Tenancy.objects.exists()


@pytest.mark.django_db
def test_a_released_reservation_no_longer_lets_the_host_in(client, staff):
    host = staff["housing_host"]
    referral, reservation = reserved_family(staff)
    reservation.room.location.hosts.add(host)
    housing.reservation_release(by=staff["reception"], reservation=reservation, reason="Kommer ikke", today=TODAY)
    client.force_login(host)
    assert client.get(f"/reception/referrals/{referral.pk}/arrival/").status_code == 404


@pytest.mark.django_db
def test_roles_without_the_right_are_refused_the_arrival_and_see_no_link(client, staff):
    referral, reservation = reserved_family(staff)
    for role in (roles.TEACHER, roles.COMPANY_CONSULTANT, roles.CASEWORKER, roles.MANAGER):
        client.force_login(staff[role])
        assert client.get(f"/reception/referrals/{referral.pk}/arrival/").status_code == 403, role
        assert client.post(f"/reception/referrals/{referral.pk}/arrival/", {"room": reservation.room_id, "arrived_on": "26.11.2026"}).status_code == 403
        location_page = client.get(f"/housing/locations/{reservation.room.location_id}/")
        assert f'/reception/referrals/{referral.pk}/arrival/' not in location_page.content.decode(), role
    assert Referral.objects.get(pk=referral.pk).status == "open"
