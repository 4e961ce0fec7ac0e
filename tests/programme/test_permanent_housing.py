"""Referral to permanent housing: in the menu, the income threshold by household size from a table administrators
keep, search by name or case number, and pages that say how many there are."""
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_case, make_household, make_person
from tests.programme.factories import make_employment
from tests.reception.factories import aware
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.programme import selectors, services
from velkomst.programme.models import HousingIncomeThreshold
from velkomst.rules.permanent_housing import income_threshold

TODAY = date(2026, 11, 26)
pytestmark = pytest.mark.time_machine(aware(TODAY, 9))
PAGE = "/programme/housing-referrals/"


def family(size: int, income: int, *, last_name="Familie"):
    adult = make_person(first_name="Mor", last_name=last_name)
    members = [(adult, "applicant")] + [(make_person(first_name=f"Barn{i}", last_name=last_name, birth_date=date(2015, 1, 1)), "child")
                                        for i in range(size - 1)]
    case = make_case(person=adult, household=make_household(*members), status="employed")
    make_employment(case=case, monthly_income=Decimal(income), started_on=date(2026, 6, 1))
    return case


def test_the_threshold_is_the_latest_valid_set_s_amount_for_the_largest_size_up_to_the_household_s():
    rows = [(date(2020, 1, 1), 1, Decimal(15000)), (date(2020, 1, 1), 4, Decimal(21000)),
            (date(2027, 1, 1), 1, Decimal(16000)), (date(2027, 1, 1), 4, Decimal(22500))]
    assert income_threshold(rows, size=3, on=TODAY) == Decimal(15000)
    assert income_threshold(rows, size=9, on=TODAY) == Decimal(21000)
    assert income_threshold(rows, size=4, on=date(2027, 1, 1)) == Decimal(22500)
    assert income_threshold(rows, size=1, on=date(2019, 12, 31)) is None


@pytest.mark.django_db
def test_an_eligible_family_of_four_on_22000_appears_and_a_single_needs_less(caseworker):
    four = family(4, 22000, last_name="Fire")
    three_short = family(3, 18000, last_name="Tre")  # 19,000 needed for three
    single = family(1, 15000, last_name="Alene")
    ready = selectors.households_ready_for_permanent_housing(as_of=TODAY)
    assert {r.case for r in ready} == {four, single}
    assert next(r for r in ready if r.case == four).threshold == Decimal(21000)
    assert three_short not in {r.case for r in ready}


@pytest.mark.django_db
def test_a_family_of_four_on_22000_is_found_by_name_and_by_case_number_among_many_richer_households(client, caseworker):
    for i in range(60):
        family(1, 30000 + i, last_name=f"Rig{i}")
    four = family(4, 22000, last_name="Kovalenko")
    client.force_login(caseworker)
    html = client.get(PAGE).content.decode()
    assert "61 husstande er klar" in html and "Side 1 af 2" in html and "Kovalenko" not in html
    assert "Kovalenko" in client.get(PAGE, {"page": "2"}).content.decode()
    for text in ("kovalenko", four.number):
        html = client.post(PAGE, {"q": text}).content.decode()
        assert "Kovalenko" in html and "1 husstand er klar" in html
    assert AccessLog.objects.filter(user=caseworker, action="search", criteria__kind="permanent housing").exists()


@pytest.mark.django_db
def test_the_page_is_in_the_menu_for_caseworkers_and_refused_to_other_roles(client, staff):
    client.force_login(staff["caseworker"])
    assert f'href="{PAGE}"' in client.get("/my-cases/").content.decode()
    for role in ("reception", "housing_host", "teacher", "company_consultant", "manager"):
        client.force_login(staff[role])
        assert client.get(PAGE).status_code == 403
        assert client.post(PAGE, {"q": "x"}).status_code == 403
        assert client.get(PAGE + "thresholds/").status_code == 403


@pytest.mark.django_db
def test_a_search_too_long_is_named_on_its_field(client, caseworker):
    client.force_login(caseworker)
    response = client.post(PAGE, {"q": "x" * 101})
    assert response.status_code == 400 and 'href="#id_q"' in response.content.decode()


@pytest.mark.django_db
def test_the_list_page_needs_the_same_number_of_queries_for_2_and_8_households(client, caseworker):
    client.force_login(caseworker)

    def count():
        client.get(PAGE)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        return len(queries)

    for i in range(2):
        family(2, 30000, last_name=f"A{i}")
    small = count()
    for i in range(6):
        family(2, 30000, last_name=f"B{i}")
    assert count() == small


@pytest.mark.django_db
def test_administrators_enter_a_new_set_with_history_and_it_applies_from_its_day(client, admin_user):
    client.force_login(admin_user)
    assert client.get(PAGE + "thresholds/").status_code == 200
    amounts = {f"size_{n}": str(16000 + 2500 * (n - 1)) for n in range(1, 7)}
    response = client.post(PAGE + "thresholds/", {"valid_from": "01.11.2026", **amounts})
    assert response.status_code == 302
    assert HousingIncomeThreshold.objects.filter(valid_from=date(2026, 11, 1)).count() == 6
    assert FieldChange.objects.filter(object_type="housingincomethreshold", field="monthly_income").count() == 6
    assert selectors.threshold_for(selectors.income_thresholds(), size=4, on=TODAY) == Decimal(23500)
    assert selectors.threshold_for(selectors.income_thresholds(), size=4, on=date(2026, 10, 31)) == Decimal(21000)
    services.housing_income_thresholds_set(by=admin_user, valid_from=date(2026, 11, 1), amounts={n: Decimal(17000 + 2500 * (n - 1)) for n in range(1, 7)})
    assert FieldChange.objects.filter(object_type="housingincomethreshold", old_value="16000.00").exists()


@pytest.mark.django_db
def test_bad_thresholds_are_named_on_their_fields_and_nothing_is_saved(client, admin_user):
    client.force_login(admin_user)
    amounts = {f"size_{n}": "15000" for n in range(1, 7)} | {"size_3": "abc"}
    response = client.post(PAGE + "thresholds/", {"valid_from": "01.11.2026", **amounts})
    assert response.status_code == 400 and 'href="#id_size_3"' in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        services.housing_income_thresholds_set(by=admin_user, valid_from=date(2026, 11, 1),
                                               amounts={1: Decimal(20000), 2: Decimal(15000), 3: Decimal(21000), 4: Decimal(22000),
                                                        5: Decimal(23000), 6: Decimal(24000)})
    assert list(refused.value.message_dict) == ["size_2"]
    assert not HousingIncomeThreshold.objects.filter(valid_from=date(2026, 11, 1)).exists()
