"""Domain objects for tests, written directly (fast); services are tested on their own."""
import itertools
from datetime import date

from velkomst.people.models import (
    Case,
    CaseStatus,
    CaseStatusChange,
    Household,
    HouseholdMember,
    Person,
    link_periods,
    recount_members,
)
from velkomst.people.services import search_keys

_sequence = itertools.count(1)


def make_person(*, first_name="Olena", last_name="Kovalenko", birth_date=date(1990, 5, 17), gender="F", cpr=None, **fields) -> Person:
    search_key, name_key = search_keys(first_name, last_name)
    return Person.objects.create(first_name=first_name, last_name=last_name, birth_date=birth_date, gender=gender, cpr=cpr,
                                 search_key=search_key, name_key=name_key, **fields)


def make_household(*members: tuple[Person, str], **fields) -> Household:
    household = Household.objects.create(**fields)
    for person, relation in members:
        HouseholdMember.objects.create(household=household, person=person, relation=relation)
    recount_members([household.pk])  # as the services that add members do
    return household


def make_case(*, person=None, status=CaseStatus.ARRIVED, target_group="displaced_ukrainian", referral_decision_date=date(2026, 3, 2),
              caseworker=None, household=None, **fields) -> Case:
    person = person or make_person()
    if household is None:
        household = make_household((person, "applicant"))
    case = Case.objects.create(
        number=f"2026-{next(_sequence):05d}", person=person, household=household, target_group=target_group,
        referral_decision_date=referral_decision_date, status=status, caseworker=caseworker, **fields,
    )
    CaseStatusChange.objects.create(case=case, status=CaseStatus.REFERRED, on=referral_decision_date)
    if status != CaseStatus.REFERRED:
        record_status_change(case=case, status=status, on=referral_decision_date)
    return case


def record_status_change(*, case, status, on, **fields) -> CaseStatusChange:
    """A change written straight into the history (as the demo and imports do), linked as `people.services` links it."""
    change = CaseStatusChange.objects.create(case=case, status=status, on=on, **fields)
    link_periods([case.pk])
    return change
