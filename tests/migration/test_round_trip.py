"""The demo's residents exported and re-imported into an empty caseload give the same occupancy.

The locations and rooms stay (they are set up before go-live); everything about persons goes,
and comes back through `migrate_caseload`'s services with every rule of the pages applied.
"""
from collections import defaultdict

import pytest
from django.contrib.auth import get_user_model

from velkomst.housing.models import MoveOutInspection, Tenancy
from velkomst.migration.services import caseload_csv, caseload_import, caseload_rows
from velkomst.people.models import Case, Household, Person

SCALE = 0.05


def occupancy() -> dict[str, set[tuple]]:
    """Room code -> the persons living there now (name, birth date, CPR), and who is in which household."""
    rooms: dict[str, set[tuple]] = defaultdict(set)
    for tenancy in Tenancy.objects.filter(moved_out_on=None).select_related("room__location").prefetch_related("household__members__person"):
        household = frozenset((m.person.first_name, m.person.last_name, m.person.birth_date) for m in tenancy.household.members.all())
        for first, last, birth in household:
            rooms[tenancy.room.code].add((first, last, birth, household))
    return dict(rooms)


def clear_caseload() -> None:
    from velkomst.demo.loader.programme import clear_programme

    clear_programme()
    MoveOutInspection.objects.all().delete()
    Tenancy.objects.exclude(previous=None).update(previous=None)
    Tenancy.objects.all().delete()
    Case.objects.all().delete()
    Household.objects.all().delete()
    Person.objects.all().delete()


@pytest.mark.django_db
def test_the_demo_residents_round_trip_to_the_same_occupancy():
    from velkomst.demo.loader import load
    from velkomst.demo.planner import plan_demo
    from velkomst.demo.tables import PRESENTATION_DATE

    load(plan_demo(as_of=PRESENTATION_DATE, scale=SCALE))
    before = occupancy()
    assert sum(len(persons) for persons in before.values()) > 100
    admin = get_user_model().objects.get(username="admin")
    content = caseload_csv(caseload_rows(by=admin))

    clear_caseload()
    assert occupancy() == {}
    report = caseload_import(by=admin, file_name="caseload.csv", content=content, as_of=PRESENTATION_DATE)  # go-live on the demo's day

    assert report.tenancies == Tenancy.objects.filter(moved_out_on=None).count() > 0
    assert occupancy() == before
