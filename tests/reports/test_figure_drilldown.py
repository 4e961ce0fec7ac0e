"""The list behind a figure: persons only for roles that may open them; managers see anonymous counts; sensitive groups as a count."""
import pytest

from tests.reports.factories import AS_OF, small_population
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.reports.selectors import level_for


@pytest.fixture
def population(db):
    return small_population()


def _get(client, figure, **params):
    return client.get("/reports/figure/", {"figure": figure, "as_of": AS_OF.isoformat(), **params})


def _persons(population):
    return [c for c in population.values() if hasattr(c, "person")]


def test_a_manager_sees_counts_by_group_and_no_person(client_as, staff, population):
    page = _get(client_as(staff[roles.MANAGER]), "ukrainians_living_in_municipality").content.decode()
    assert "velkomst-figure\">4<" in page
    for case in _persons(population):
        # field by field: no name, case number, CPR, birth date or person link
        assert case.person.first_name not in page and case.person.last_name not in page
        assert case.number not in page
        assert case.person.birth_date.strftime("%d.%m.%Y") not in page
        assert f"/people/{case.person_id}/" not in page
    for sensitive in ("Patient", "patient", "Sårbar", "Misbrug", "arbejdspligt"):
        assert sensitive not in page.split("<main", 1)[1]
    assert "Målgruppe" in page and "Køn" in page


def test_small_groups_are_hidden_from_managers(client_as, staff, population):
    page = _get(client_as(staff[roles.MANAGER]), "ukrainians_living_in_municipality").content.decode()
    assert "&lt; 3" in page  # e.g. the one person aged 0–15


def test_a_manager_sees_a_sensitive_group_as_a_count_only(client_as, staff, population):
    page = _get(client_as(staff[roles.MANAGER]), "patients_remaining").content.decode()
    assert "velkomst-figure\">1<" in page
    assert population["u6"].person.last_name not in page and population["u6"].number not in page
    assert "Målgruppe" not in page and "<caption>" not in page  # no breakdown at all


def test_admin_sees_the_persons_with_name_case_number_and_status_only(client_as, staff, population):
    page = _get(client_as(staff[roles.ADMIN]), "patients_remaining").content.decode()
    u6 = population["u6"]
    assert u6.person.last_name in page and u6.number in page and f"/people/{u6.person_id}/" in page
    assert population["u7"].number not in page  # left before the date
    assert "Patient" not in page.split("<tbody>", 1)[1].split("</tbody>")[0]  # no sensitive field in the rows
    assert u6.person.birth_date.strftime("%d.%m.%Y") not in page


def test_the_person_list_is_logged(client_as, staff, population):
    _get(client_as(staff[roles.ADMIN]), "ukrainians_employed")
    entry = AccessLog.objects.get(action="search", user=staff[roles.ADMIN])
    assert entry.criteria["figure"] == "ukrainians_employed" and entry.criteria["results"] == 1


def test_the_levels_follow_the_role_table(staff):
    assert level_for(staff[roles.MANAGER], "ukrainians_employed") == "breakdown"
    assert level_for(staff[roles.MANAGER], "patients_arrived") == "count"
    assert level_for(staff[roles.MANAGER], "vulnerable_residents") == "count"
    assert level_for(staff[roles.ADMIN], "vulnerable_residents") == "persons"
    # A role that may open persons but not see sensitive flags never gets a sensitive list.
    assert level_for(staff[roles.RECEPTION], "patients_arrived") == "count"
    assert level_for(staff[roles.RECEPTION], "ukrainians_employed") == "persons"


def test_a_housing_host_cannot_open_a_drill_down(client_as, staff, population):
    for figure in ("ukrainians_in_temporary_housing", "patients_remaining"):
        assert _get(client_as(staff[roles.HOUSING_HOST]), figure).status_code == 403


def test_an_unknown_figure_is_named_with_the_field(client_as, staff, population):
    response = _get(client_as(staff[roles.MANAGER]), "pets_total")
    assert response.status_code == 400 and 'id="id_figure-error"' in response.content.decode()


def test_the_list_is_paged(client_as, staff, population, settings):
    from velkomst.reports import selectors

    selectors.PAGE_SIZE, old = 2, selectors.PAGE_SIZE
    try:
        page = _get(client_as(staff[roles.ADMIN]), "ukrainians_referred_total", page=2).content.decode()
    finally:
        selectors.PAGE_SIZE = old
    assert "Side 2 af 4" in page or "Page 2 of 4" in page
