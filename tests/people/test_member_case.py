"""A household member's case of their own (issue 15): the spouse of a referred applicant takes part in the programme too."""
from datetime import date

import pytest

from tests.factories import make_case, make_household, make_person
from velkomst.people.models import Case


@pytest.fixture
def family(staff):
    mother = make_person(first_name="Natalia", last_name="Kovalenko", birth_date=date(1988, 3, 3))
    father = make_person(first_name="Andriy", last_name="Kovalenko", gender="M", birth_date=date(1986, 6, 6))
    son = make_person(first_name="Maksym", last_name="Kovalenko", gender="M", birth_date=date(2016, 1, 1))
    household = make_household((mother, "applicant"), (father, "spouse"), (son, "child"))
    case = make_case(person=mother, household=household, status="referred", caseworker=staff["caseworker"])
    return {"mother": mother, "father": father, "son": son, "case": case}


@pytest.mark.django_db
def test_reception_opens_the_spouse_s_own_case_from_the_person_page(client, staff, family):
    client.force_login(staff["reception"])
    father = family["father"]
    html = client.get(f"/people/{father.pk}/").content.decode()
    assert "Opret en egen sag" in html and f'action="/people/{father.pk}/case/"' in html
    assert "Opret en egen sag" not in client.get(f"/people/{family['son'].pk}/").content.decode()  # a child gets no case
    assert "Opret en egen sag" not in client.get(f"/people/{family['mother'].pk}/").content.decode()  # she has one

    response = client.post(f"/people/{father.pk}/case/")
    assert response.status_code == 302 and response["Location"] == f"/people/{father.pk}/"
    own = Case.objects.get(person=father)
    first = family["case"]
    assert (own.household, own.target_group, own.referral_decision_date, own.caseworker, own.status) == (
        first.household, first.target_group, first.referral_decision_date, first.caseworker, "referred")
    assert own.number != first.number and own.takeover_date is not None  # the legal take-over from the same decision

    client.post(f"/people/{father.pk}/case/")  # a second is refused
    assert Case.objects.filter(person=father).count() == 1


@pytest.mark.django_db
def test_a_role_that_may_not_change_persons_cannot_open_a_case(client, staff, family):
    client.force_login(staff["teacher"])
    assert client.post(f"/people/{family['father'].pk}/case/").status_code in (403, 404)
    assert not Case.objects.filter(person=family["father"]).exists()
