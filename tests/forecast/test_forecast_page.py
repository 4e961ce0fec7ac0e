"""The forecast page: the base and a manager's "what if" side by side, the back-test on request, refused roles, bad
input named by its field, and the same number of queries whatever the size of the data."""
import re
from datetime import timedelta

import pytest

from tests.forecast.test_inputs import AS_OF, housing  # noqa: F401 (fixture)
from tests.housing.factories import make_location, make_room, make_single
from tests.reception.factories import aware
from tests.reports.factories import tenancy
from velkomst.accounts import roles

pytestmark = pytest.mark.time_machine(aware(AS_OF, 10))
URL = "/reports/forecast/"


def sections(page: str) -> list[str]:
    return re.findall(r'<h3 id="scenario-\d">([^<]*)</h3>', page)


def test_a_manager_sees_the_base_forecast_with_its_starting_point(client_as, staff, housing):  # noqa: F811
    response = client_as(staff[roles.MANAGER]).get(URL)
    page = response.content.decode()

    assert response.status_code == 200
    assert len(sections(page)) == 1
    assert page.count('role="img"') == 1 and "<details>" in page
    assert "Hotellet" in page and "Modtagelsen" in page  # the closing location and the one that may be closed are named
    assert 'id="backtest"' not in page


def test_a_what_if_is_shown_beside_the_base_without_changing_the_data(client_as, staff, housing):  # noqa: F811
    from velkomst.housing.models import Room

    rooms = Room.objects.count()
    params = {"open_beds": 140, "open_week": 6, "factor": 2, "factor_weeks": 8, "close_location": housing["general"].pk,
              "close_on": (AS_OF + timedelta(weeks=5)).isoformat(), "runs": 200}
    response = client_as(staff[roles.MANAGER]).get(URL, params)
    page = response.content.decode()

    assert response.status_code == 200
    names = sections(page)
    assert len(names) == 2 and page.count('role="img"') == 2
    assert "140" in names[1] and "Gården" in names[1] and "8" in names[1]
    assert Room.objects.count() == rooms


def test_a_named_scenario_keeps_its_name(client_as, staff, housing):  # noqa: F811
    page = client_as(staff[roles.MANAGER]).get(URL, {"name": "Hotel X åbner", "open_beds": 140, "runs": 100}).content.decode()
    assert sections(page)[1] == "Hotel X åbner"


def test_the_back_test_is_shown_on_request(client_as, staff, housing):  # noqa: F811
    page = client_as(staff[roles.MANAGER]).get(URL, {"backtest": "on", "runs": 100}).content.decode()

    assert 'id="backtest"' in page
    # Three charts per forecast day (26 and 13 weeks back) besides the base forecast's.
    assert page.count('role="img"') == 1 + 2 * 3


@pytest.mark.parametrize("role", [roles.HOUSING_HOST, roles.CASEWORKER, roles.RECEPTION, roles.TEACHER, roles.COMPANY_CONSULTANT])
def test_other_roles_are_refused(client_as, staff, housing, role):  # noqa: F811
    assert client_as(staff[role]).get(URL).status_code == 403


def test_an_administrator_may_see_it(client_as, staff, housing):  # noqa: F811
    assert client_as(staff[roles.ADMIN]).get(URL, {"runs": 100}).status_code == 200


@pytest.mark.parametrize("params, field", [
    ({"factor": 2}, "factor_weeks"),
    ({"factor_weeks": 8}, "factor"),
    ({"close_on": "31.13.2027"}, "close_on"),
    ({"close_on": "2027-02-30", "close_location": 1}, "close_on"),
    ({"close_on": AS_OF.isoformat(), "close_location": 1}, "close_on"),
    ({"close_location": 999999, "close_on": "2027-03-31"}, "close_location"),
    ({"open_beds": -5}, "open_beds"),
    ({"open_week": 60, "open_beds": 10}, "open_week"),
    ({"runs": 50}, "runs"),
    ({"name": "Hotel\x07X", "open_beds": 10}, "name"),
])
def test_bad_input_is_named_with_its_field(client_as, staff, housing, params, field):  # noqa: F811
    response = client_as(staff[roles.MANAGER]).get(URL, params)
    assert response.status_code == 400
    assert f'id="id_{field}-error"' in response.content.decode()


def test_the_page_costs_the_same_queries_with_more_data(client_as, staff, housing, django_assert_max_num_queries):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(staff[roles.MANAGER])
    params = {"backtest": "on", "runs": 100, "open_beds": 10, "close_location": housing["general"].pk,
              "close_on": (AS_OF + timedelta(weeks=5)).isoformat()}
    more(3)
    client.get(URL, params)
    with CaptureQueriesContext(connection) as first:
        client.get(URL, params)
    more(30)
    with django_assert_max_num_queries(len(first)):
        assert client.get(URL, params).status_code == 200


def more(n):
    """n more rooms and households, referred, moved in and out over the last half year."""
    location = make_location(name=f"Flere {n}", food_distribution=bool(n % 2))
    for i in range(n):
        referred = AS_OF - timedelta(weeks=30 - i % 25)
        tenancy(make_single(gender="FM"[i % 2], referral_decision_date=referred), make_room(location, beds=2),
                referred + timedelta(weeks=2), moved_out_on=AS_OF - timedelta(days=i) if i % 3 else None, reason="other" if i % 3 else "")

