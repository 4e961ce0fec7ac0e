"""PATCH /api/households/{id}/: the household's needs and first benefit payment through the same services as the page."""
from datetime import date

import pytest

from tests.reception.factories import aware
from velkomst.audit.models import AccessLog
from velkomst.people.models import Household

TODAY = date(2026, 11, 26)
pytestmark = pytest.mark.time_machine(aware(TODAY, 9))


@pytest.mark.django_db
def test_the_first_benefit_payment_and_needs_are_set_and_returned(api_as, staff, api_objects):
    household = api_objects["household"]
    response = api_as(staff["reception"]).patch(f"/api/households/{household.pk}/", {
        "first_benefit_payment_on": "2026-11-20", "needs_step_free": True, "pets_by_kind": {"dog": 1},
        "needs_own_room": True, "own_room_reason": "Lægeerklæring"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["first_benefit_payment_on"], body["needs_step_free"], body["pets_by_kind"], body["needs_own_room"]) == (
        "2026-11-20", True, {"dog": 1, "cat": 0, "other": 0}, True)
    assert body["own_room_reason"] is None  # reception may record the reason, not read it
    household = Household.objects.get(pk=household.pk)
    assert (household.first_benefit_payment_on, household.own_room_reason) == (date(2026, 11, 20), "Lægeerklæring")
    assert AccessLog.objects.filter(user=staff["reception"], action="change", person=api_objects["person"]).exists()
    caseworker_view = api_as(staff["caseworker"]).get(f"/api/persons/{api_objects['person'].pk}/").json()
    assert caseworker_view["household"]["own_room_reason"] == "Lægeerklæring"


@pytest.mark.django_db
@pytest.mark.parametrize("body, field", [
    ({"first_benefit_payment_on": "2026-12-01"}, "first_benefit_payment_on"),
    ({"first_benefit_payment_on": "2026-01-01"}, "first_benefit_payment_on"),
    ({"first_benefit_payment_on": "20.11.2026"}, "first_benefit_payment_on"),
    ({"needs_own_room": True}, "own_room_reason"),
    ({"pets_by_kind": {"dog": -1}}, "pets_by_kind.dog"),
])
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(api_as, staff, api_objects, body, field):
    household = api_objects["household"]
    response = api_as(staff["caseworker"]).patch(f"/api/households/{household.pk}/", body, format="json")
    assert response.status_code == 400 and field in response.json()["errors"], response.content
    household = Household.objects.get(pk=household.pk)
    assert (household.first_benefit_payment_on, household.needs_own_room) == (None, False)


@pytest.mark.django_db
def test_a_household_outside_the_scope_or_unknown_is_404(api_as, staff, api_objects):
    assert api_as(staff["caseworker"]).patch("/api/households/999999/", {}, format="json").status_code == 404


@pytest.mark.django_db
def test_the_schema_documents_the_household_endpoint(api_as, staff):
    schema = api_as(staff["caseworker"]).get("/api/schema/", {"format": "json"}).json()
    assert "patch" in schema["paths"]["/api/households/{household_id}/"]
    update = next(v for k, v in schema["components"]["schemas"].items() if "HouseholdUpdate" in k)
    assert {"first_benefit_payment_on", "needs_own_room", "own_room_reason", "pets_by_kind"} <= set(update["properties"])
