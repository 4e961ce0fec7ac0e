"""The demo's temporary housing keeps every allocation rule and matches the presentation's figures (DOMAIN.md)."""
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q, Sum

from tests.shared import reference_check
from velkomst.demo.tables import PRESENTATION_DATE as AS_OF
from velkomst.housing.models import Incident, Location, Room, Tenancy
from velkomst.people.models import Case, Pet


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", as_of=AS_OF)
        try:
            yield
        finally:
            from velkomst.demo.loader import clear

            clear()


def housed_households():
    return Tenancy.objects.filter(moved_out_on__isnull=True).values("household")


def housed_persons(**filters) -> int:
    """Persons living in temporary housing now (every person of the demo has one case)."""
    return Case.objects.filter(household__in=housed_households(), **filters).count()


def near(actual, expected, share=0.05):
    return abs(actual - expected) <= share * expected


@pytest.mark.django_db
def test_the_present_rooms_of_the_demo_residents_keep_every_housing_rule(demo, tmp_path):
    instance_path, plan_path = tmp_path / "instance.json", tmp_path / "plan.json"
    call_command("housing_export", "--as-of", AS_OF.isoformat(), "--residents-as-households", "--plan", str(plan_path),
                 "-o", str(instance_path))
    instance, plan = json.loads(instance_path.read_text()), json.loads(plan_path.read_text())
    result = reference_check()(instance, plan)
    assert result["feasible"], result["violations"]
    assert result["violation_count"] == 0
    assert result["breakdown"]["unplaced_persons"] == 0
    assert len(plan["assignments"]) == len(instance["households"]) == Tenancy.objects.filter(moved_out_on__isnull=True).count()


@pytest.mark.django_db
def test_the_occupancy_export_is_a_valid_instance_with_every_resident_as_an_occupant(demo, tmp_path):
    path = tmp_path / "instance.json"
    call_command("housing_export", "--as-of", AS_OF.isoformat(), "-o", str(path))
    instance = json.loads(path.read_text())
    assert reference_check()(instance, {"assignments": [], "unplaced": []})["feasible"]
    residents = Tenancy.objects.filter(moved_out_on__isnull=True).aggregate(n=Sum("persons"))["n"]
    assert sum(len(room["occupants"]) for room in instance["rooms"]) == residents


@pytest.mark.django_db
def test_about_3300_ukrainians_and_200_quota_refugees_live_in_temporary_housing(demo):
    assert near(housed_persons(target_group="displaced_ukrainian"), 3300)
    assert near(housed_persons(target_group__in=["municipal_quota", "un_quota"]), 200)
    assert near(housed_persons(), 3500, share=0.05)


@pytest.mark.django_db
def test_about_90_pets_live_in_temporary_housing(demo):
    assert near(Pet.objects.filter(household__in=housed_households()).count(), 90)


@pytest.mark.django_db
def test_the_named_locations_have_their_roles(demo):
    named = Location.objects.exclude(kind=Location.Kind.FLAT)
    assert named.count() == 21
    assert named.filter(food_distribution=True).count() == 4
    assert named.filter(welcome_house=True).count() == 4
    assert sorted(named.exclude(reserved_for="").values_list("reserved_for", flat=True)) == ["patient", "vulnerable", "vulnerable"]
    assert named.get(code="sjaellandsgade").name == "Sjællandsgade"
    assert near(Location.objects.filter(kind=Location.Kind.FLAT).count(), 200)
    assert Room.objects.filter(location__kind=Location.Kind.FLAT).count() == Location.objects.filter(kind=Location.Kind.FLAT).count()


@pytest.mark.django_db
def test_no_location_is_larger_than_about_450_beds_and_capacity_leaves_room(demo):
    beds = Location.objects.annotate(beds=Sum("rooms__beds", filter=Q(rooms__status=Room.Status.AVAILABLE)))
    assert max(b.beds for b in beds) <= 460
    total_beds = sum(b.beds for b in beds)
    residents = Tenancy.objects.filter(moved_out_on__isnull=True).aggregate(n=Sum("persons"))["n"]
    assert total_beds >= 4000 and total_beds - residents >= 300
    empty_rooms = Room.objects.filter(status=Room.Status.AVAILABLE).exclude(tenancies__moved_out_on__isnull=True)
    assert Location.objects.exclude(kind=Location.Kind.FLAT).filter(pk__in=empty_rooms.values("location")).count() >= 15


@pytest.mark.django_db
def test_blocked_rooms_are_empty_and_say_why(demo):
    blocked = Room.objects.filter(status=Room.Status.BLOCKED)
    assert blocked.count() >= 10
    assert not blocked.filter(blocked_reason="").exists()
    assert blocked.filter(blocked_until__isnull=False).exists()
    assert not Tenancy.objects.filter(room__status__in=[Room.Status.BLOCKED, Room.Status.CLOSED], moved_out_on__isnull=True).exists()


@pytest.mark.django_db
def test_most_patient_track_residents_live_at_the_patient_location(demo):
    patients = Case.objects.filter(patient_track=True, household__in=housed_households())
    at_patient_location = patients.filter(household__in=housed_households().filter(room__location__reserved_for="patient"))
    assert patients.count() >= 20
    assert at_patient_location.count() >= 0.75 * patients.count()


@pytest.mark.django_db
def test_every_tenancy_counts_its_household_and_starts_after_arrival(demo):
    current = Tenancy.objects.filter(moved_out_on__isnull=True).annotate(members=Count("household__members"))
    assert all(t.persons == t.members for t in current)
    assert not Tenancy.objects.filter(household__cases__arrival_date__gt=F("moved_in_on")).exists()


@pytest.mark.django_db
def test_internal_moves_link_the_old_and_the_new_tenancy(demo):
    moved = Tenancy.objects.filter(previous__isnull=False).select_related("previous")
    assert moved.count() >= 100
    for tenancy in moved:
        assert tenancy.previous.move_out_reason == "internal_move"
        assert tenancy.previous.moved_out_on == tenancy.moved_in_on
        assert tenancy.previous.household_id == tenancy.household_id


@pytest.mark.django_db
def test_three_to_eight_households_a_week_moved_to_permanent_housing_over_the_last_year(demo):
    moves = Tenancy.objects.filter(move_out_reason="permanent_housing", moved_out_on__gt=AS_OF - timedelta(weeks=52)).count()
    assert 3 * 52 <= moves <= 8 * 52


@pytest.mark.django_db
def test_the_demo_housing_host_hosts_three_locations_and_every_named_location_has_a_host(demo):
    assert sorted(Location.objects.filter(hosts__username="vaert").values_list("code", flat=True)) == [
        "herbergvejen", "ottiliahus", "sjaellandsgade"]
    assert not Location.objects.exclude(kind=Location.Kind.FLAT).filter(hosts=None).exists()


@pytest.mark.django_db
def test_house_rules_incidents_and_inspections_exist(demo):
    assert not Location.objects.exclude(kind=Location.Kind.FLAT).filter(house_rules=None).exists()
    assert 10 <= Incident.objects.count() <= 20
    assert Incident.objects.values("location").distinct().count() >= 5
    assert not Incident.objects.filter(persons=None).exists()
    assert Tenancy.objects.filter(inspection__isnull=False).exists()


def test_the_housing_plan_is_deterministic():
    from velkomst.demo.planner.housing import plan_housing
    from velkomst.demo.planner.population import plan_population

    def fingerprint():
        plan = plan_housing(plan_population(scale=0.1, seed=2026, as_of=AS_OF), seed=3, as_of=AS_OF)
        return [(t.household, t.room, t.moved_in_on, t.moved_out_on) for t in plan.tenancies], [r.number for r in plan.rooms]

    assert fingerprint() == fingerprint()
