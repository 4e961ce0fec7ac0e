"""Locations, rooms and households for housing tests."""
import itertools
from datetime import date

from tests.factories import make_case, make_household, make_person
from velkomst.housing.models import Location, Room, Tenancy

_codes = itertools.count(1)


def make_location(**fields) -> Location:
    n = next(_codes)
    defaults = dict(code=f"loc-{n}", name=f"Lokation {n}", kind="building", serves_ukrainians=True, serves_refugees=False)
    return Location.objects.create(**(defaults | fields))


def make_room(location=None, *, number=None, beds=2, **fields) -> Room:
    location = location or make_location()
    return Room.objects.create(location=location, number=number or str(next(_codes)), beds=beds, **fields)


def make_single(*, gender="F", birth_date=date(1990, 1, 1), target_group="displaced_ukrainian", first_benefit_payment_on=date(2026, 1, 1), **case_fields):
    """A one-person adult household with an open case; returns the household."""
    person = make_person(first_name="Single", last_name=f"Person{next(_codes)}", gender=gender, birth_date=birth_date)
    household = make_household((person, "applicant"), first_benefit_payment_on=first_benefit_payment_on)
    make_case(person=person, household=household, target_group=target_group, **case_fields)
    return household


def make_family(*, children=1, target_group="displaced_ukrainian", first_benefit_payment_on=date(2026, 1, 1), status="arrived",
                **household_fields):
    mother = make_person(first_name="Mor", last_name=f"Familie{next(_codes)}", gender="F", birth_date=date(1988, 3, 3))
    members = [(mother, "applicant")] + [
        (make_person(first_name=f"Barn{i}", last_name=mother.last_name, gender="M", birth_date=date(2018, 6, 1)), "child")
        for i in range(children)
    ]
    household = make_household(*members, first_benefit_payment_on=first_benefit_payment_on, **household_fields)
    make_case(person=mother, household=household, target_group=target_group, status=status)
    return household


def house(household, room, on=date(2026, 1, 5)) -> Tenancy:
    """A current tenancy written directly (set-up only; the services are tested on their own)."""
    return Tenancy.objects.create(household=household, room=room, moved_in_on=on, persons=household.members.count(), household_type="single")


def move_out_behind_the_services(tenancy: Tenancy, on: date) -> Tenancy:
    """The household moved out on the day, written directly (set-up only: also a day the services would refuse). Saved,
    not updated by a query, so the read models follow as they follow every write."""
    tenancy.moved_out_on, tenancy.move_out_reason = on, "other"
    tenancy.save(update_fields=["moved_out_on", "move_out_reason"])
    return tenancy
