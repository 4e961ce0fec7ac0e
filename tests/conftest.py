"""Shared fixtures: the named staff users of every test, and fast password hashing.

Any day: ``VELKOMST_TEST_TODAY=2028-02-29`` (or ``2028-02-29T23:30``, Copenhagen time; noon when only a day is given)
runs the whole session on that day with time-machine, the clock ticking from there. The suite must pass on any day:
code below the views and commands never reads the clock, and a test that depends on the day sets it.
"""
import os
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.storage import storages
from django.test import override_settings
from django.utils import translation

from velkomst.accounts import roles


@pytest.fixture(autouse=True)
def _danish_by_default():
    """Each test starts in the interface's default language: a request in English earlier in the same
    thread (the locale middleware activates the request's language) must not change the next test."""
    translation.activate("da")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 stays the production hasher (tests/accounts checks that); tests log in many times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The test installation has entered the rent caps of every year its tenancies start in (a lease uses the caps of its start
# year, and a move-in in a year without caps is refused): 2023's caps (DOMAIN.md) for each year from 2015 to three years
# after today. A test of a missing year deletes it; a test of a year's own caps writes them.
RENT_CAPS = {"single": Decimal("2467"), "couple": Decimal("4520"), "children_1_3": Decimal("4932"), "children_4_plus": Decimal("5343")}
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def rent_caps_enter(years, caps: dict | None = None) -> None:
    """The caps of the years, written over any caps those years have (a demo built by a module's fixture enters its own)."""
    from velkomst.housing.models import RentCap

    RentCap.objects.bulk_create([RentCap(year=year, household_type=kind, monthly_cap=amount)
                                 for year in years for kind, amount in (caps or RENT_CAPS).items()],
                                update_conflicts=True, unique_fields=["year", "household_type"], update_fields=["monthly_cap"])


@pytest.fixture(autouse=True)
def _rent_caps(request):
    if request.node.get_closest_marker("django_db") is None and not DATABASE_FIXTURES & set(request.fixturenames):
        return
    request.getfixturevalue("db")
    from django.utils import timezone

    rent_caps_enter(range(2015, timezone.localdate().year + 4))


@pytest.fixture(autouse=True)
def _read_models_kept(request):
    """After every test that wrote to the database: the worklist's read model holds what its cases' records give now,
    and the occupancy's what the stays give. Every write the suite makes (through the services, the factories, the
    views) is a test that no write path of a case, a meeting, a Danish education, a placement, a job, a tenancy, a
    reservation, a household member or a pet leaves a read model behind."""
    if request.node.get_closest_marker("django_db") is None and not DATABASE_FIXTURES & set(request.fixturenames):
        yield
        return
    request.getfixturevalue("db" if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames else "transactional_db")
    yield
    from tests.worklist.read_model import read_model_differences
    from velkomst.housing.services import room_occupancy_differences

    differences = read_model_differences()
    assert not differences, f"the worklist's read model differs from the records (stored, computed): {differences[:5]}"
    differences = room_occupancy_differences()
    assert not differences, f"the occupancy's read model differs from the stays (room, stored, counted): {differences[:5]}"


@pytest.fixture(scope="session", autouse=True)
def _documents_folder(tmp_path_factory):
    """Uploaded documents go to a temporary folder of the session, never to the project's var/documents (also for
    module-scoped fixtures, such as the demo's build)."""
    folder = tmp_path_factory.mktemp("documents")
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}}
    with override_settings(STORAGES={**settings.STORAGES, "documents": storage}):
        yield folder


@pytest.fixture
def documents_storage():
    """The documents' storage as the test sees it."""
    return storages["documents"]


def make_staff(username: str, role: str | None, **fields):
    user = get_user_model().objects.create_user(username=username, password="test-password-123", **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)  # fresh: no stale permission cache


@pytest.fixture
def staff(db):
    """One user per role, plus a second caseworker (a colleague)."""
    users = {role: make_staff(role, role, first_name=role.title(), last_name="Testesen") for role in roles.ROLES}
    users["colleague"] = make_staff("colleague", roles.CASEWORKER, first_name="Kollega", last_name="Andersen")
    return users


@pytest.fixture
def caseworker(staff):
    return staff[roles.CASEWORKER]


@pytest.fixture
def admin_user(staff):
    return staff[roles.ADMIN]


@pytest.fixture
def client_as(client):
    """client_as(user) logs the test client in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


TODAY_VARIABLE = "VELKOMST_TEST_TODAY"
_travel = None


def test_moment(text: str) -> datetime:
    """The moment a session travels to: a day (at noon) or a local date and time, in the project's time zone."""
    zone = ZoneInfo("Europe/Copenhagen")
    try:
        moment = datetime.combine(date.fromisoformat(text), time(12)) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise pytest.UsageError(f"{TODAY_VARIABLE}={text!r}: write a day (2028-02-29) or a day and time (2028-02-29T23:30)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def pytest_configure(config):
    """Travel before collection, so module-level dates in tests are read on the chosen day too."""
    global _travel
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    if text and _travel is None:
        import time_machine

        _travel = time_machine.travel(test_moment(text), tick=True)
        _travel.start()


def pytest_unconfigure(config):
    global _travel
    if _travel is not None:
        _travel.stop()
        _travel = None


def pytest_report_header(config):
    text = os.environ.get(TODAY_VARIABLE, "").strip()
    return f"{TODAY_VARIABLE}: {test_moment(text).isoformat()} (time-machine, ticking)" if text else None
