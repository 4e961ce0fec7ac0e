"""The dashboard: managers and admin see it; the old /figures/ address leads there; a bad date is named."""
import pytest

from tests.reports.factories import AS_OF, small_population
from velkomst.accounts import roles


@pytest.fixture
def population(db):
    return small_population()


def test_a_manager_lands_on_the_dashboard(client_as, staff):
    response = client_as(staff[roles.MANAGER]).get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/reports/"
    assert response.status_code == 200


def test_the_old_figures_address_redirects_to_the_dashboard(client_as, staff):
    response = client_as(staff[roles.MANAGER]).get("/figures/")
    assert (response.status_code, response["Location"]) == (302, "/reports/")


def test_the_dashboard_shows_each_figure_with_its_definition(client_as, staff, population):
    page = client_as(staff[roles.MANAGER]).get("/reports/", {"as_of": AS_OF.isoformat()}).content.decode()
    assert 'id="figure-ukrainians_living_in_municipality"' in page
    assert "Ankommet og ikke fraflyttet eller afsluttet på datoen" in page or "Arrived, and not left" in page
    assert "50,0 %" in page  # the employment rate among job-ready, Danish format
    for chart in ("age-heading", "occupancy-heading", "referrals-heading", "durations-heading", "moves-heading"):
        assert f'aria-labelledby="{chart}"' in page
    assert page.count('role="img"') == 5 and page.count("<table") >= 6  # each chart with its table


def test_the_dashboard_names_no_person(client_as, staff, population):
    page = client_as(staff[roles.MANAGER]).get("/reports/", {"as_of": AS_OF.isoformat()}).content.decode()
    for case in population.values():
        if hasattr(case, "person"):
            assert case.person.last_name not in page
            assert case.number not in page


def test_a_bad_date_is_named_with_the_field(client_as, staff):
    response = client_as(staff[roles.MANAGER]).get("/reports/", {"as_of": "31.02.2026x"})
    assert response.status_code == 400
    assert 'id="id_as_of-error"' in response.content.decode()
    response = client_as(staff[roles.MANAGER]).get("/reports/", {"as_of": "1999-01-01"})
    assert response.status_code == 400 and "2022" in response.content.decode()


@pytest.mark.parametrize("role", [r for r in roles.ROLES if r not in (roles.MANAGER, roles.ADMIN)])
def test_other_roles_are_refused(client_as, staff, role):
    for url in ("/reports/", "/reports/figure/", "/reports/export.xlsx", "/reports/forecast/"):
        assert client_as(staff[role]).get(url).status_code == 403, url


def test_htmx_gets_only_the_dashboard_body(client_as, staff, population):
    response = client_as(staff[roles.MANAGER]).get("/reports/", {"as_of": AS_OF.isoformat()}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="dashboard">') and "<html" not in page


def test_the_page_costs_the_same_queries_with_more_data(client_as, staff, population, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(staff[roles.MANAGER])
    client.get("/reports/", {"as_of": AS_OF.isoformat()})
    with CaptureQueriesContext(connection) as first:
        client.get("/reports/", {"as_of": AS_OF.isoformat()})
    small_population()
    small_population()
    with django_assert_max_num_queries(len(first)):
        client.get("/reports/", {"as_of": AS_OF.isoformat()})


def test_a_child_born_after_the_date_counts_in_the_youngest_band_and_the_page_answers(client_as, staff, db):
    """A child recorded later, with the dashboard asked for a date before the birth: no 500 (it was one at 10x demo scale)."""
    from datetime import date

    from tests.factories import make_case, make_person, record_status_change
    from velkomst.reports import figures

    baby = make_case(person=make_person(first_name="Sofia", birth_date=date(2026, 2, 1)), referral_decision_date=date(2025, 12, 1))
    record_status_change(case=baby, status="arrived", on=date(2025, 12, 10))
    as_of = date(2026, 1, 15)
    response = client_as(staff[roles.MANAGER]).get("/reports/", {"as_of": as_of.isoformat()})
    assert response.status_code == 200
    youngest = figures.age_gender(figures.case_rows(as_of), as_of)[0]
    assert (youngest["band"], youngest["F"]) == ("0–5", 1)
    assert figures.age_gender(figures.case_groups(as_of), as_of)[0] == youngest
