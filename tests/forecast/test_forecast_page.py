"""The forecast page and `velkomst forecast` with inputs from the database."""
import io
import json

import pytest
from django.core.management import call_command

from tests.forecast.test_inputs import housing  # noqa: F401 (fixture)
from velkomst.accounts import roles


def test_a_manager_sees_the_forecast_with_a_chart_and_a_table_per_scenario(client_as, staff, housing):  # noqa: F811
    response = client_as(staff[roles.MANAGER]).get("/reports/forecast/", {"arrivals": "20 35", "recent": "on", "runs": 200, "seed": 3})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('role="img"') == 3 and page.count("<details>") == 3
    assert "20 om ugen" in page or "20 a week" in page
    # Counts through ngettext: one family is "1 familie", never "1 familier".
    assert "(1 familie indkvarteret)" in page and "(1 enlig kvinde indkvarteret)" in page and "(2 enlige mænd indkvarteret)" in page


def test_bad_scenarios_are_named_with_the_field(client_as, staff, housing):  # noqa: F811
    client = client_as(staff[roles.MANAGER])
    for params in ({"arrivals": "tyve"}, {"arrivals": "1 2 3 4 5 6"}, {"arrivals": "", "runs": 1000}):
        response = client.get("/reports/forecast/", params)
        assert response.status_code == 400, params
        assert 'id="id_arrivals-error"' in response.content.decode()
    response = client.get("/reports/forecast/", {"arrivals": "20", "runs": 50})
    assert response.status_code == 400 and 'id="id_runs-error"' in response.content.decode()


def test_a_housing_host_is_refused(client_as, staff, housing):  # noqa: F811
    assert client_as(staff[roles.HOUSING_HOST]).get("/reports/forecast/").status_code == 403


@pytest.mark.django_db
def test_the_command_fills_the_cli_from_the_database(housing):  # noqa: F811
    out = io.StringIO()
    call_command("forecast", "--as-of", "2026-11-26", "--json", "--runs", "100", "--arrivals", "1", stdout=out)
    results = json.loads(out.getvalue())
    assert [r["scenario"]["name"] for r in results] == ["recent 12 weeks", "1 per week"]
    assert results[1]["changes"][0]["family_rooms"] == 1  # the blocked room comes back
    assert len(results[1]["kinds"][0]["free_median"]) == 52


@pytest.mark.django_db
def test_arguments_on_the_command_line_win(housing):  # noqa: F811
    out = io.StringIO()
    call_command("forecast", "--as-of", "2026-11-26", "--json", "--free", "family_rooms=5", "--arrivals", "1", "--no-recent",
                 "--no-planned", "--deterministic", "--mix", "family=1", "--weeks", "3", stdout=out)
    [result] = json.loads(out.getvalue())
    assert result["kinds"][0]["free_median"] == [4, 3, 2] and result["changes"] == []
