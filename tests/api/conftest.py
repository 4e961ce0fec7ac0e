"""Tokens for system users with a role, and a small set of API objects."""
from datetime import date

import pytest
from rest_framework.authtoken.models import Token

from tests.conftest import make_staff
from tests.documents.factories import make_document
from tests.factories import make_case, make_household, make_person
from tests.housing.factories import house, make_location, make_room
from tests.reception.factories import make_appointment, make_referral
from velkomst.accounts import roles


def token_for(user) -> str:
    return Token.objects.get_or_create(user=user)[0].key


@pytest.fixture
def system_user(db):
    """A system of the municipality that reads with the caseworker role."""
    return make_staff("jobcenter-system", roles.CASEWORKER)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def api_as(api_client):
    """api_as(user) authenticates the API client with the user's token."""

    def authenticate(user):
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        return api_client

    return authenticate


@pytest.fixture
def api_objects(db, staff):
    """One of each: a family with cases in a room, a meeting, a referral."""
    mother = make_person(first_name="Олена", last_name="Шевченко", cpr="170590-1234", birth_date=date(1990, 5, 17), gender="F")
    son = make_person(first_name="Andrij", last_name="Shevchenko", birth_date=date(2015, 2, 1), gender="M")
    household = make_household((mother, "applicant"), (son, "child"))
    case = make_case(person=mother, household=household, caseworker=staff[roles.CASEWORKER], patient=True)
    make_case(person=son, household=household)
    location = make_location(code="solterrasserne", name="Solterrasserne")
    location.hosts.add(staff[roles.HOUSING_HOST])
    room = make_room(location, number="101", beds=3)
    tenancy = house(household, room)
    appointment = make_appointment(case=case, caseworker=staff[roles.CASEWORKER])
    referral = make_referral()
    document = make_document(tenancy=tenancy, kind="signed_lease")
    return {"person": mother, "child": son, "household": household, "case": case, "location": location, "room": room,
            "tenancy": tenancy, "appointment": appointment, "referral": referral, "document": document}
