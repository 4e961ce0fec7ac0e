"""A household's member counts (what the occupancy overview reads) stay what its members say, through every service
that adds a member or changes a member's gender or birth date."""
import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from tests.conftest import make_staff
from tests.factories import make_household, make_person
from velkomst.accounts import roles
from velkomst.people import services
from velkomst.people.models import Household, HouseholdMember, recount_members
from velkomst.people.services import PersonData

TODAY = date(2026, 11, 26)


def _stored(household):
    household.refresh_from_db()
    return household.member_count, household.women, household.men, household.youngest_birth_date


def _recounted(household):
    recount_members([household.pk])
    return _stored(household)


@pytest.mark.django_db
def test_the_counts_follow_registration_new_members_and_corrected_persons():
    staff = make_staff("ada", roles.ADMIN)
    case = services.person_register(by=staff, person=PersonData("Olena", "Kovalenko", date(1990, 3, 1), "F"),
                                     target_group="displaced_ukrainian", referral_decision_date=TODAY, today=TODAY)
    household = case.household
    assert _stored(household) == (1, 1, 0, date(1990, 3, 1))
    son = services.household_member_add(by=staff, household=household, data=PersonData("Ivan", "Kovalenko", date(2012, 5, 5), "M"),
                                        relation="child", today=TODAY)
    assert _stored(household) == (2, 1, 1, date(2012, 5, 5))
    services.person_update(by=staff, person=son, data=PersonData("Ivan", "Kovalenko", date(2008, 5, 5), "X"), today=TODAY)
    assert _stored(household) == (2, 1, 0, date(2008, 5, 5)) == _recounted(household)


@pytest.mark.django_db
def test_a_household_without_members_counts_none():
    household = Household.objects.create()
    assert _recounted(household) == (0, 0, 0, None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_members_added_to_one_household_at_once_are_both_counted():
    """The second count waits for the first to commit (it used to count without the first's member, and write that)."""
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL")
    household = make_household((make_person(first_name="Olena"), "applicant"))
    first_counted = threading.Event()

    def add(first_name: str, *, first: bool):
        try:
            with transaction.atomic():
                if not first:
                    first_counted.wait(5)
                person = make_person(first_name=first_name, gender="M", birth_date=date(2015, 1, 1))
                HouseholdMember.objects.create(household=household, person=person, relation="child")
                recount_members([household.pk])
                if first:
                    first_counted.set()
                    threading.Event().wait(0.5)  # still uncommitted while the second counts
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add, args=("Ivan",), kwargs={"first": True}),
               threading.Thread(target=add, args=("Petro",), kwargs={"first": False})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _stored(household)[:3] == (3, 1, 2)
