"""A small world for the documents' tests: a host's location with a resident family, a caseworker's case, an incident."""
from dataclasses import dataclass
from datetime import date, datetime
from datetime import timezone as dt_timezone

import pytest

from tests.factories import make_case, make_household, make_person
from tests.housing.factories import house, make_location, make_room
from velkomst.accounts import roles
from velkomst.housing.models import Incident

TODAY = date(2026, 11, 26)


@dataclass
class World:
    staff: dict
    location: object
    other_location: object
    mother: object
    child: object
    case: object
    tenancy: object
    incident: object
    outsider_case: object  # a citizen living at the other location
    outsider_tenancy: object


@pytest.fixture
def world(staff) -> World:
    location = make_location(name="Sjællandsgade")
    location.hosts.add(staff[roles.HOUSING_HOST])
    other = make_location(name="Herbergvejen")
    mother = make_person(first_name="Olena", last_name="Dokumentova")
    child = make_person(first_name="Taras", last_name="Dokumentov", birth_date=date(2018, 4, 1), gender="M")
    household = make_household((mother, "applicant"), (child, "child"))
    case = make_case(person=mother, household=household, caseworker=staff[roles.CASEWORKER], status="in_programme")
    tenancy = house(household, make_room(location, number="101", beds=3))
    incident = Incident.objects.create(location=location, occurred_at=datetime(2026, 11, 20, 21, tzinfo=dt_timezone.utc), kind="vandalism",
                                       severity="low", description="Knust rude i opgangen", reported_by=staff[roles.HOUSING_HOST])
    incident.persons.add(mother)
    outsider = make_case(person=make_person(first_name="Iryna", last_name="Udenforova"))
    outsider_tenancy = house(outsider.household, make_room(other, number="7", beds=1))
    return World(staff=staff, location=location, other_location=other, mother=mother, child=child, case=case, tenancy=tenancy,
                 incident=incident, outsider_case=outsider, outsider_tenancy=outsider_tenancy)


def stored_files(storage) -> set[str]:
    """Every file in the documents storage (the session's temporary folder)."""
    found = set()

    def walk(folder):
        folders, files = storage.listdir(folder)
        found.update(f"{folder}/{name}".lstrip("/") for name in files)
        for sub in folders:
            walk(f"{folder}/{sub}".lstrip("/"))

    walk("")
    return found
