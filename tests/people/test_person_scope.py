"""The persons a role may open (`persons_visible_to`), as a condition on each person's own row.

A scope written as a join needed DISTINCT, and a DISTINCT set used inside `person__in=` made the database list every
person the role may see before checking the few a page shows: a class's attendance page read 67,593 persons' cases
at ten times Copenhagen (27–44 ms of a 47 ms page). With `Exists` there is nothing to make distinct.
"""
import pytest

from tests.factories import make_case, make_person
from tests.housing.factories import house, make_location, make_room
from velkomst.accounts import roles
from velkomst.people.models import Case, CaseStatus, Person
from velkomst.people.selectors import persons_visible_through, persons_visible_to

SCOPED = [role for role, scope in roles.PERSON_SCOPE.items() if scope not in ("all", "none")]


@pytest.mark.django_db
@pytest.mark.parametrize("role", SCOPED)
def test_a_scoped_role_s_persons_need_no_distinct(staff, role):
    assert "DISTINCT" not in str(persons_visible_to(staff[role]).query).upper()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [roles.COMPANY_CONSULTANT, roles.TEACHER])
def test_a_person_with_two_cases_in_the_programme_is_listed_once_and_found_through_a_relation(staff, role):
    olena, ivan = make_person(first_name="Olena"), make_person(first_name="Ivan")
    first = make_case(person=olena, status=CaseStatus.IN_PROGRAMME)
    make_case(person=olena, status=CaseStatus.IN_PLACEMENT, household=first.household)
    make_case(person=ivan, status=CaseStatus.ARRIVED)  # not yet in the programme: neither role sees him
    visible = persons_visible_to(staff[role])
    assert list(visible.values_list("first_name", flat=True)) == ["Olena"]
    assert list(Person.objects.filter(pk__in=visible).values_list("first_name", flat=True)) == ["Olena"]


@pytest.mark.django_db
def test_a_host_s_residents_are_scoped_by_the_ids_of_the_host_s_locations_not_a_join(staff):
    """With the ids the database knows how many rooms the host's locations hold; through a join to the hosts it guessed
    a handful where there were thousands at ten times Copenhagen, and a host's name search read every resident (60 ms)."""
    host = staff[roles.HOUSING_HOST]
    mine, other = make_location(code="MINE"), make_location(code="OTHER")
    mine.hosts.add(host)
    resident, elsewhere = make_case(person=make_person(first_name="Resident")), make_case(person=make_person(first_name="Elsewhere"))
    house(resident.household, make_room(mine))
    house(elsewhere.household, make_room(other))
    visible = persons_visible_to(host)
    assert "housing_location_hosts" not in str(visible.query)
    assert list(visible.values_list("first_name", flat=True)) == ["Resident"]


@pytest.mark.django_db
def test_a_host_without_locations_finds_nobody(staff, client):
    make_case(person=make_person(first_name="Olena"))
    host = staff[roles.HOUSING_HOST]
    assert not persons_visible_to(host).exists()
    client.force_login(host)
    response = client.post("/people/search/", {"q": "olena"})
    assert response.status_code == 200 and response.context["results"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(roles.PERSON_SCOPE))
def test_a_relation_s_persons_are_the_role_s_persons_with_no_subquery_for_a_role_that_sees_everyone(staff, role):
    """`persons_visible_through` is `persons_visible_to` on another model's rows; for the roles that may open everyone
    it is no condition (the meetings page's case planned ~1 ms for `IN (every person)`, issue 18)."""
    make_case(person=make_person(first_name="Olena"), status=CaseStatus.IN_PROGRAMME)
    make_case(person=make_person(first_name="Ivan"), status=CaseStatus.ARRIVED)
    user = staff[role]
    through = Case.objects.filter(persons_visible_through(user, "person"))
    assert sorted(through.values_list("pk", flat=True)) == sorted(
        Case.objects.filter(person__in=persons_visible_to(user)).values_list("pk", flat=True))
    if roles.PERSON_SCOPE[role] == "all":
        assert through.count() == 2 and "people_person" not in str(through.query)
    elif roles.PERSON_SCOPE[role] != "none":
        assert "people_person" in str(through.query)
