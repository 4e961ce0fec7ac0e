"""Every page refuses anonymous users and every role the table in code does not allow.

The pages are read from the URL configuration, and the roles from `accounts.roles`,
so a new page without a capability check fails here.
"""
from datetime import date

import pytest
from django.urls import URLPattern, get_resolver

from tests.factories import make_case
from velkomst.accounts import roles

# Pages open to any logged-in member of staff (or to anyone, for login and language). A background job's page decides
# per job: its starter, or the same role holding the job's capability (tests/jobs).
OPEN_TO_ALL_STAFF = {"home", "logout", "api_docs", "api_schema", "password_change", "job"}
# The API answers 401/403 as JSON, with a capability per method: tests/api/test_api_access.py checks it.
API_PREFIX = "api/"
OPEN_TO_ANONYMOUS = {"login", "set_language", "accessibility", "oidc_authentication_init", "oidc_authentication_callback"}


def url_patterns(resolver=None, prefix=""):
    """(route, pattern) for every page, included URL configurations too."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern
        else:
            yield from url_patterns(pattern, prefix + str(pattern.pattern))


# Ids for routes with parameters: each app's objects made by `objects_for_routes`.
def path_for(route: str, ids: dict[str, int]) -> str:
    path = route
    for name, value in ids.items():
        path = path.replace(f"<int:{name}>", str(value)).replace(f"<uuid:{name}>", str(value))
    assert "<" not in path, f"add an object for {route} to objects_for_routes"
    return "/" + path


def objects_for_routes() -> dict[str, int]:
    case = make_case()
    ids = {"person_id": case.person_id, "case_id": case.pk}
    for extra in ROUTE_OBJECTS:
        ids.update(extra())
    return ids


ROUTE_OBJECTS: list = []  # functions returning {"<param>": id}; each app adds its own


def _housing_objects() -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from tests.housing.factories import house, make_location, make_room, make_single
    from tests.reception.factories import aware
    from velkomst.housing.models import Incident

    location = make_location(food_distribution=True)
    room = make_room(location, beds=2)
    tenancy = house(make_single(), room)
    reporter = get_user_model().objects.create_user(username="incident-reporter")
    incident = Incident.objects.create(location=location, occurred_at=aware(date(2026, 11, 20), 23), kind="noise", severity="low",
                                       description="Musik om natten", reported_by=reporter)
    action = incident.actions.create(taken_on=date(2026, 11, 21), text="Samtale", done_by="Værten", recorded_by=reporter)
    from velkomst.housing.models import Reservation

    waiting = make_single()
    reservation = Reservation.objects.create(household=waiting, room=make_room(location, beds=1), expected_arrival_on=date(2026, 11, 30),
                                             persons=1)
    return {"location_id": location.pk, "room_id": room.pk, "tenancy_id": tenancy.pk, "incident_id": incident.pk,
            "action_id": action.pk, "reservation_id": reservation.pk, "household_id": waiting.pk}


ROUTE_OBJECTS.append(_housing_objects)


def _reception_objects() -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from tests.reception.factories import make_appointment, make_referral
    from velkomst.reception.models import ReferralImport

    referral = make_referral()
    appointment = make_appointment()
    uploader = get_user_model().objects.create_user(username="referral-uploader")
    batch = ReferralImport.objects.create(file_name="liste.csv", uploaded_by=uploader)
    return {"referral_id": referral.pk, "appointment_id": appointment.pk, "import_id": batch.pk}


ROUTE_OBJECTS.append(_reception_objects)


def _allocation_objects() -> dict[str, int]:
    from datetime import date

    from django.contrib.auth import get_user_model

    from velkomst.allocation.models import Proposal

    empty = {"date": "2026-11-26", "locations": [], "rooms": [], "households": []}
    proposal = Proposal.objects.create(created_by=get_user_model().objects.create_user(username="proposer"), move_in_on=date(2026, 11, 30),
                                       instance=empty, plan={"assignments": [], "unplaced": [], "objective": 0}, occupancy_fingerprint="")
    from velkomst.allocation.models import RelocationPlan
    from velkomst.jobs.models import Job

    planner = get_user_model().objects.create_user(username="relocation-planner")
    job = Job.objects.create(kind=Job.Kind.RELOCATION_PLAN, capability="plan_relocations", started_by=planner, status=Job.Status.DONE)
    plan = RelocationPlan.objects.create(job=job, created_by=planner, mode="category", category="vulnerable", by_date=date(2026, 11, 30),
                                         result={"moves": [], "stays": [], "unplaced": []})
    return {"proposal_id": proposal.pk, "plan_id": plan.pk, "job_id": job.pk}


ROUTE_OBJECTS.append(_allocation_objects)


def _forecast_objects() -> dict[str, str]:
    from django.contrib.auth import get_user_model

    from velkomst.forecast.forms import ForecastForm
    from velkomst.forecast.models import ForecastResult

    result = ForecastResult.objects.create(key="k", as_of=date(2026, 11, 26), options=ForecastForm.default_params(), html="<p>stored</p>",
                                           computed_by=get_user_model().objects.create_user(username="forecaster"))
    return {"result_id": result.pk}


ROUTE_OBJECTS.append(_forecast_objects)


def test_every_page_but_login_and_home_names_its_capability():
    unchecked = {
        p.name for _, p in url_patterns()
        if not hasattr(p.callback, "required_capability") and p.name not in OPEN_TO_ALL_STAFF | OPEN_TO_ANONYMOUS
    }
    assert unchecked == set()


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_the_login_page_everywhere(client):
    ids = objects_for_routes()
    for route, pattern in url_patterns():
        if pattern.name in OPEN_TO_ANONYMOUS or (route.startswith(API_PREFIX) and pattern.name != "api_docs"):
            continue
        response = client.get(path_for(route, ids))
        assert response.status_code == 302, pattern.name
        assert response["Location"].startswith("/login/"), pattern.name


@pytest.mark.django_db
@pytest.mark.parametrize("role", roles.ROLES)
def test_each_role_is_refused_exactly_where_the_table_says(client, staff, role):
    ids = objects_for_routes()
    client.force_login(staff[role])
    for route, pattern in url_patterns():
        capability = getattr(pattern.callback, "required_capability", None)
        if capability is None or route.startswith(API_PREFIX):
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path_for(route, ids))
            allowed = role in roles.roles_with(capability)
            if allowed:
                assert response.status_code != 403, (pattern.name, method)
            else:
                assert response.status_code == 403, (pattern.name, method)


def test_the_documentation_shows_the_role_table_of_the_code():
    from pathlib import Path

    documentation = (Path(__file__).resolve().parents[2] / "docs" / "roles.md").read_text()
    assert roles.as_markdown() in documentation


@pytest.mark.django_db
def test_the_role_groups_hold_exactly_the_table_s_permissions():
    from django.contrib.auth.models import Group

    for role in roles.ROLES:
        codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert codenames == set(roles.capabilities_of(role)), role


@pytest.mark.django_db
def test_a_change_to_the_role_table_reaches_the_permissions_after_migrate_without_a_migration(monkeypatch):
    from django.contrib.auth.models import Group, Permission

    from velkomst.accounts.permissions import sync_role_groups

    changed = dict(roles.CAPABILITIES)
    changed["view_housing"] = ("See occupancy (renamed)", changed["view_housing"][1])
    changed["brand_new"] = ("A capability added to the table", frozenset({roles.MANAGER}))
    del changed["export_occupancy"]
    monkeypatch.setattr(roles, "CAPABILITIES", changed)
    sync_role_groups()
    names = dict(Permission.objects.filter(content_type__app_label="accounts").values_list("codename", "name"))
    assert names["view_housing"] == "See occupancy (renamed)" and names["brand_new"] == "A capability added to the table"
    assert "export_occupancy" not in names
    assert set(Group.objects.get(name=roles.MANAGER).permissions.values_list("codename", flat=True)) == set(roles.capabilities_of(roles.MANAGER))


def test_passwords_are_hashed_with_argon2():
    from velkomst import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def _programme_objects() -> dict[str, int]:
    from tests.programme.factories import (
        make_class,
        make_company,
        make_employment,
        make_follow_up,
        make_offer,
        make_placement,
        make_referral,
    )

    company = make_company()
    return {
        "class_id": make_class().pk, "company_id": company.pk, "offer_id": make_offer(company).pk, "placement_id": make_placement().pk,
        "employment_id": make_employment().pk, "follow_up_id": make_follow_up().pk, "referral_id": make_referral().pk,
    }


ROUTE_OBJECTS.append(_programme_objects)


def _staff_objects() -> dict[str, int]:
    from tests.conftest import make_staff

    # A colleague for the staff pages (never the user who walks the matrix: an empty POST must not lock them out).
    return {"user_id": make_staff("matrix-colleague", roles.CASEWORKER).pk}


ROUTE_OBJECTS.append(_staff_objects)


def _documents_objects() -> dict[str, int]:
    from tests.documents.factories import make_document

    return {"document_id": make_document(person=make_case().person, kind="residence_permit").pk}


ROUTE_OBJECTS.append(_documents_objects)
