"""Matching a chosen citizen: search by name or case number, the reasons the filters leave a candidate out, the offers
that fit a citizen; every list pages and says how many there are; the query count does not grow with the caseload."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_person
from tests.programme.factories import make_class, make_company, make_offer, make_participant, on_roster
from tests.reception.factories import aware
from velkomst.audit.models import AccessLog
from velkomst.companies import matching

TODAY = date(2026, 11, 26)
pytestmark = pytest.mark.time_machine(aware(TODAY, 10))


def participant(first_name="Oksana", last_name="Melnyk", **fields):
    return make_participant(person=make_person(first_name=first_name, last_name=last_name), readiness="job_ready", **fields)


def test_a_filter_says_why_it_leaves_a_candidate_out():
    ranked = matching.rank(matching.OfferNeeds(sector=2, danish_modules=2, workplace=(55.67, 12.54)),
                           [matching.Candidate(1, sector=1, danish_modules=0, available=False, home=None)])[0]
    filters = matching.Filters(available_only=True, enough_danish=True, same_sector=True, max_km=5)
    assert matching.left_out_by(ranked, filters) == ("not_available", "other_sector", "too_little_danish", "distance_unknown")
    assert matching.left_out_by(ranked, matching.Filters(False, False)) == ()
    assert matching.left_out_by(ranked, matching.Filters(False, False), in_programme=False) == ("not_in_programme",)


@pytest.mark.django_db
def test_more_than_fifty_candidates_are_paged_and_counted_not_cut(client, staff):
    offer = make_offer()
    for n in range(60):
        participant(first_name=f"Borger{n}")
    client.force_login(staff["company_consultant"])
    html = client.get(f"/companies/offers/{offer.pk}/").content.decode()
    assert "60 kandidater passer til filtrene, af 60 i programmet." in html
    assert "Side 1 af 3" in html
    second = client.get(f"/companies/offers/{offer.pk}/?page=3").content.decode()
    assert "Side 3 af 3" in second and second.count('name="case"') == 10


@pytest.mark.django_db
def test_a_chosen_citizen_left_out_by_the_filters_is_found_by_name_with_the_reasons(client, staff):
    offer = make_offer(make_company(sector=2), danish_needed=2)
    oksana = participant()
    on_roster(make_class(kind="sector", sector=1), oksana)
    participant(first_name="Iryna")
    client.force_login(staff["company_consultant"])

    html = client.get(f"/companies/offers/{offer.pk}/?sector=same").content.decode()
    assert "Melnyk, Oksana" not in html and "0 kandidater passer til filtrene, af 2 i programmet." in html

    html = client.get(f"/companies/offers/{offer.pk}/", {"q": "oksana melnyk", "sector": "same"}).content.decode()
    assert "Melnyk, Oksana" in html and "Iryna" not in html
    assert "Holdet er i en anden branche end virksomhedens" in html
    assert "Dansk: 0 moduler bestået, tilbuddet kræver 2" in html
    assert f'name="case" value="{oksana.pk}"' in html  # available: she can be placed all the same
    search = AccessLog.objects.filter(action="search", object_type="placementoffer").latest("id")
    assert search.criteria["kind"] == "matching" and search.criteria["results"] == 1
    assert AccessLog.objects.filter(person=oksana.person, action="read").exists()


@pytest.mark.django_db
def test_a_citizen_not_in_the_programme_is_found_by_case_number_with_the_reason(client, staff):
    offer = make_offer()
    arrived = make_participant(status="arrived")
    client.force_login(staff["admin"])
    html = client.get(f"/companies/offers/{offer.pk}/", {"q": arrived.number}).content.decode()
    assert "Ikke i programmet (sagen er “Ankommet”)" in html
    assert 'name="case"' not in html


@pytest.mark.django_db
def test_the_search_and_the_list_take_the_same_queries_whatever_the_caseload(client, staff):
    offer = make_offer()
    client.force_login(staff["company_consultant"])
    participant()
    urls = [f"/companies/offers/{offer.pk}/", f"/companies/offers/{offer.pk}/?q=melnyk"]
    counts = []
    for _round in range(2):
        row = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            row.append(len(queries))
        counts.append(row)
        for _ in range(12):
            participant()
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_citizen_sees_the_offers_that_fit_first_and_why_the_others_do_not(client, staff):
    case = participant()
    on_roster(make_class(kind="sector", sector=2), case)
    fits = make_offer(make_company(sector=2), title="Butiksassistent")
    needs_danish = make_offer(make_company(sector=2), title="Kassemedarbejder", danish_needed=4)
    client.force_login(staff["company_consultant"])
    html = client.get(f"/companies/cases/{case.pk}/offers/").content.decode()
    assert "1 ledigt tilbud passer, af 2 ledige tilbud." in html
    assert html.index("Butiksassistent") < html.index("Kassemedarbejder")
    assert "Dansk: 0 moduler bestået, tilbuddet kræver 4" in html
    assert f"/companies/offers/{fits.pk}/?q={case.number}" in html and needs_danish.pk
    assert AccessLog.objects.filter(person=case.person, action="read", object_type="case").exists()
    with CaptureQueriesContext(connection) as few:
        client.get(f"/companies/cases/{case.pk}/offers/")
    for n in range(10):
        make_offer(make_company(sector=1), title=f"Tilbud {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/companies/cases/{case.pk}/offers/")
    assert len(few) == len(many)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["teacher", "caseworker", "housing_host", "reception", "manager"])
def test_only_a_consultant_matches(client, staff, role):
    case, offer = participant(), make_offer()
    client.force_login(staff[role])
    assert client.get(f"/companies/cases/{case.pk}/offers/").status_code == 403
    assert client.get(f"/companies/offers/{offer.pk}/?q=melnyk").status_code == 403


@pytest.mark.django_db
def test_the_offers_of_a_citizen_outside_the_consultant_s_scope_are_not_found(client, staff):
    case = make_participant(status="arrived")
    client.force_login(staff["company_consultant"])
    assert client.get(f"/companies/cases/{case.pk}/offers/").status_code == 404


@pytest.mark.django_db
def test_a_bad_filter_names_the_field_and_keeps_the_defaults(client, staff):
    offer = make_offer()
    participant()
    client.force_login(staff["company_consultant"])
    response = client.get(f"/companies/offers/{offer.pk}/", {"max_km": "-3"})
    assert response.status_code == 400
    assert "1 kandidat passer til filtrene" in response.content.decode()


@pytest.mark.django_db
def test_the_login_is_required(client):
    assert client.get(f"/companies/offers/{make_offer().pk}/").status_code == 302
