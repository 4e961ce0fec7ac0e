"""`velkomst housing_export` writes the occupancy as a SPEC instance that the reference checker accepts."""
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.housing.factories import house, make_family, make_location, make_room, make_single
from tests.shared import reference_check
from velkomst.housing.models import Location, Room
from velkomst.people.models import Pet

AS_OF = date(2026, 11, 26)
EMPTY_PLAN = {"assignments": [], "unplaced": []}



def export(tmp_path, *args) -> tuple[dict, dict | None]:
    instance_path, plan_path = tmp_path / "instance.json", tmp_path / "plan.json"
    extra = ["--plan", str(plan_path)] if "--residents-as-households" in args else []
    call_command("housing_export", "--as-of", AS_OF.isoformat(), "-o", str(instance_path), *args, *extra, stdout=StringIO())
    plan = json.loads(plan_path.read_text()) if extra else None
    return json.loads(instance_path.read_text()), plan


@pytest.fixture
def housing():
    """One open location with a shared room (one woman), a family's room, an empty room, a blocked and a closed room;
    a closed location with a resident."""
    location = make_location(code="sjaellandsgade", food_distribution=True)
    shared = make_room(location, number="101", beds=2)
    family_room = make_room(location, number="102", beds=4, accessible=True)
    make_room(location, number="103", beds=2)
    make_room(location, number="104", beds=2, status=Room.Status.BLOCKED, blocked_reason="Vandskade")
    make_room(location, number="105", beds=2, status=Room.Status.CLOSED)
    closed = make_location(code="lukket", status=Location.Status.CLOSED)
    single = make_single(gender="F", birth_date=date(1990, 1, 1))
    family = make_family(children=2, needs_step_free=True)
    Pet.objects.create(household=family, kind="cat")
    house(single, shared)
    house(family, family_room)
    house(make_single(gender="M"), make_room(closed, number="1", beds=1))
    return {"location": location, "shared": shared, "family_room": family_room, "single": single, "family": family}


@pytest.mark.django_db
def test_the_command_writes_an_instance_that_the_checker_accepts_with_an_empty_plan(housing, tmp_path):
    instance, _ = export(tmp_path)
    result = reference_check()(instance, EMPTY_PLAN)
    assert result["feasible"], result["violations"]
    assert instance["date"] == "2026-11-26"
    assert instance["households"] == []


@pytest.mark.django_db
def test_residents_appear_as_occupants_when_not_exported_as_households(housing, tmp_path):
    instance, _ = export(tmp_path)
    rooms = {room["id"]: room for room in instance["rooms"]}
    single = housing["single"]
    person = single.members.get().person_id
    assert rooms["sjaellandsgade/101"]["occupants"] == [{"person": f"p{person}", "household": f"h{single.pk}", "gender": "F", "age": 36}]
    assert len(rooms["sjaellandsgade/102"]["occupants"]) == 3
    assert rooms["sjaellandsgade/103"]["occupants"] == []


@pytest.mark.django_db
def test_blocked_and_closed_rooms_and_closed_locations_are_left_out(housing, tmp_path):
    instance, _ = export(tmp_path)
    assert sorted(room["id"] for room in instance["rooms"]) == ["sjaellandsgade/101", "sjaellandsgade/102", "sjaellandsgade/103"]
    assert [location["id"] for location in instance["locations"]] == ["sjaellandsgade"]


@pytest.mark.django_db
def test_the_location_carries_what_the_rules_need(housing, tmp_path):
    instance, _ = export(tmp_path)
    assert instance["locations"][0] == {"id": "sjaellandsgade", "serves": ["ukrainian"], "food_distribution": True,
                                        "pets_allowed": False, "reserved_for": None}


@pytest.mark.django_db
def test_residents_as_households_empty_the_rooms_and_the_plan_puts_each_in_its_present_room(housing, tmp_path):
    instance, plan = export(tmp_path, "--residents-as-households")
    assert all(room["occupants"] == [] for room in instance["rooms"])
    single, family = housing["single"], housing["family"]
    assert sorted(plan["assignments"], key=lambda a: a["room"]) == [
        {"household": f"h{single.pk}", "room": "sjaellandsgade/101"},
        {"household": f"h{family.pk}", "room": "sjaellandsgade/102"},
    ]
    households = {h["id"]: h for h in instance["households"]}
    assert households[f"h{family.pk}"] | {"members": None} == {
        "id": f"h{family.pk}", "population": "ukrainian", "members": None, "pets": 1, "needs_accessible": True,
        "needs_food_distribution": False, "category": None,
    }
    # The pet may not live here: the checker reports exactly that, and nothing else.
    result = reference_check()(instance, plan)
    assert result["violations"] == [f"h{family.pk}: pets not allowed at sjaellandsgade"]


@pytest.mark.django_db
def test_residents_as_households_pass_the_checker_when_every_rule_holds(housing, tmp_path):
    Location.objects.filter(pk=housing["location"].pk).update(pets_allowed=True)
    instance, plan = export(tmp_path, "--residents-as-households")
    result = reference_check()(instance, plan)
    assert result["feasible"], result["violations"]
    assert result["placed_households"] == 2


@pytest.mark.django_db
def test_the_household_category_and_food_need_come_from_the_case(tmp_path):
    room = make_room(make_location(code="stubmoellevej", reserved_for="patient"), number="1", beds=1)
    patient = make_single(first_benefit_payment_on=None, patient_track=True)
    house(patient, room)
    instance, plan = export(tmp_path, "--residents-as-households")
    assert instance["households"][0]["category"] == "patient"
    assert instance["households"][0]["needs_food_distribution"] is True
    assert instance["locations"][0]["reserved_for"] == "patient"


@pytest.mark.django_db
def test_the_export_costs_the_same_queries_for_one_or_many_residents(housing, tmp_path):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            export(tmp_path, "--residents-as-households")
        return len(captured)

    few = queries()
    for number in range(200, 210):
        house(make_single(gender="F"), make_room(housing["location"], number=str(number), beds=1))
    house(make_family(children=3), make_room(housing["location"], number="300", beds=4))
    assert queries() == few


@pytest.mark.django_db
def test_the_instance_goes_to_standard_output_without_a_file(housing):
    out, err = StringIO(), StringIO()
    call_command("housing_export", "--as-of", AS_OF.isoformat(), stdout=out, stderr=err)
    assert json.loads(out.getvalue())["date"] == "2026-11-26"
    assert "3 rooms" in err.getvalue()


@pytest.mark.django_db
def test_a_plan_file_without_residents_as_households_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--residents-as-households"):
        call_command("housing_export", "--plan", str(tmp_path / "plan.json"))
