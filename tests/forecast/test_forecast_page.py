"""The forecast page: the base and a manager's "what if" side by side, the back-test on request, refused roles, bad
input named by its field, and the same number of queries whatever the size of the data. The forecast is computed by
a background job (the test suite's immediate backend runs it at once): the page leads to the job, the job to the
forecast, and the same settings on the same day show the stored forecast without computing it again."""
import re
from datetime import timedelta

import pytest
from django.utils import translation

from tests.conftest import make_staff
from tests.forecast.test_inputs import AS_OF, housing  # noqa: F401 (fixture)
from tests.housing.factories import make_location, make_room, make_single
from tests.reception.factories import aware
from tests.reports.factories import tenancy
from velkomst.accounts import roles
from velkomst.forecast import presentation, services
from velkomst.forecast.forms import ForecastForm
from velkomst.forecast.models import ForecastResult
from velkomst.jobs.models import Job

pytestmark = pytest.mark.time_machine(aware(AS_OF, 10))
URL = "/reports/forecast/"


def sections(page: str) -> list[str]:
    return re.findall(r'<h3 id="scenario-\d">([^<]*)</h3>', page)


def forecast_page(client, params=None):
    """The page asked with the settings, followed through its job to the forecast."""
    response = client.get(URL, params or {}, follow=True)
    assert [url.split("/")[1] for url, _status in response.redirect_chain] == ["jobs", "reports"]
    assert re.fullmatch(r"/reports/forecast/[0-9a-f-]{36}/", response.redirect_chain[-1][0])
    return response


def test_a_manager_sees_the_base_forecast_with_its_starting_point(client_as, staff, housing):  # noqa: F811
    response = forecast_page(client_as(staff[roles.MANAGER]))
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
    response = forecast_page(client_as(staff[roles.MANAGER]), params)
    page = response.content.decode()

    assert response.status_code == 200
    names = sections(page)
    assert len(names) == 2 and page.count('role="img"') == 2
    assert "140" in names[1] and "Gården" in names[1] and "8" in names[1]
    assert Room.objects.count() == rooms


def test_a_named_scenario_keeps_its_name(client_as, staff, housing):  # noqa: F811
    page = forecast_page(client_as(staff[roles.MANAGER]), {"name": "Hotel X åbner", "open_beds": 140, "runs": 100}).content.decode()
    assert sections(page)[1] == "Hotel X åbner"
    assert 'value="Hotel X åbner"' in page and 'value="140"' in page  # the settings in the form again


def test_the_back_test_is_shown_on_request(client_as, staff, housing):  # noqa: F811
    page = forecast_page(client_as(staff[roles.MANAGER]), {"backtest": "on", "runs": 100}).content.decode()

    assert 'id="backtest"' in page
    # Three charts per forecast day (26 and 13 weeks back) besides the base forecast's.
    assert page.count('role="img"') == 1 + 2 * 3


@pytest.mark.parametrize("role", [roles.HOUSING_HOST, roles.CASEWORKER, roles.RECEPTION, roles.TEACHER, roles.COMPANY_CONSULTANT])
def test_other_roles_are_refused(client_as, staff, housing, role):  # noqa: F811
    result = forecast_page(client_as(staff[roles.MANAGER]), {"runs": 100}).redirect_chain[-1][0]
    client = client_as(staff[role])

    assert client.get(URL).status_code == 403
    assert client.get(result).status_code == 403
    assert client.post(f"{result}again/").status_code == 403
    assert Job.objects.count() == 1
    assert client.get(f"/jobs/{Job.objects.get().pk}/").status_code == 404  # the manager's job is not theirs to follow


def test_the_same_settings_on_the_same_day_show_the_stored_forecast(client_as, staff, housing):  # noqa: F811
    client = client_as(staff[roles.MANAGER])
    forecast_page(client, {"runs": 100, "open_beds": 20})

    response = client.get(URL, {"runs": 100, "open_beds": 20})

    assert response.status_code == 200 and len(sections(response.content.decode())) == 2
    assert Job.objects.count() == 1 and ForecastResult.objects.count() == 1
    assert "Beregnet 26.11.2026 10:00" in response.content.decode()
    # Other settings are another forecast.
    forecast_page(client, {"runs": 100, "open_beds": 30})
    assert Job.objects.count() == 2


def test_computing_again_takes_the_data_as_they_are_now(client_as, staff, housing):  # noqa: F811
    client = client_as(staff[roles.MANAGER])
    result = forecast_page(client, {"runs": 100}).redirect_chain[-1][0]
    more(5)

    response = client.post(f"{result}again/", follow=True)

    newest = ForecastResult.objects.latest("computed_at")
    assert response.redirect_chain[-1][0] == f"/reports/forecast/{newest.pk}/" and newest.options["runs"] == 100
    assert ForecastResult.objects.count() == 2
    assert client.get(URL, {"runs": 100}).context["result"] == newest  # the page shows the newest


def test_a_reload_while_it_is_computed_follows_the_same_job(client_as, staff, housing):  # noqa: F811
    """The job queued (a worker has not taken it yet): asking again, or a colleague of the same role asking for the
    same forecast, leads to that job; no second computation is queued."""
    with translation.override("da"):
        key = services.forecast_key(as_of=AS_OF, params=ForecastForm.default_params())
    queued = Job.objects.create(kind=Job.Kind.FORECAST, capability="view_figures", role=roles.MANAGER, params={"key": key},
                                started_by=staff[roles.MANAGER])
    colleague = make_staff("leder2", roles.MANAGER)

    assert client_as(staff[roles.MANAGER]).get(URL)["Location"] == f"/jobs/{queued.pk}/"
    assert client_as(colleague).get(URL)["Location"] == f"/jobs/{queued.pk}/"
    assert Job.objects.count() == 1


def test_a_forecast_of_an_earlier_day_is_not_shown_and_is_deleted(client_as, staff, housing, time_machine):  # noqa: F811
    client = client_as(staff[roles.MANAGER])
    earlier = forecast_page(client, {"runs": 100}).redirect_chain[-1][0]
    time_machine.move_to(aware(AS_OF + timedelta(days=1), 9))
    client = client_as(staff[roles.MANAGER])  # a new day's session

    forecast_page(client, {"runs": 100})  # computed again: a new day

    assert ForecastResult.objects.count() == 1 and ForecastResult.objects.get().as_of == AS_OF + timedelta(days=1)
    assert client.get(earlier).status_code == 404


def test_a_failed_computation_says_so_and_the_next_visit_starts_again(client_as, staff, housing, monkeypatch):  # noqa: F811
    client = client_as(staff[roles.MANAGER])
    monkeypatch.setattr(presentation, "forecast_inputs", lambda *args, **kwargs: 1 / 0)

    response = client.get(URL, {"runs": 100}, follow=True)

    assert response.redirect_chain[-1][0].startswith("/jobs/")
    assert Job.objects.get().status == Job.Status.FAILED and "Prøv igen" in response.content.decode()
    monkeypatch.undo()
    forecast_page(client, {"runs": 100})
    assert Job.objects.filter(status=Job.Status.DONE).count() == 1


def test_the_forecast_is_in_the_language_of_whoever_asked(client_as, staff, housing):  # noqa: F811
    client = client_as(staff[roles.MANAGER])
    client.post("/language/", {"language": "en", "next": URL})

    page = forecast_page(client, {"runs": 100}).content.decode()

    assert "What the forecast starts from" in page and "Base: the recorded flows" in page


def test_an_administrator_may_see_it(client_as, staff, housing):  # noqa: F811
    assert forecast_page(client_as(staff[roles.ADMIN]), {"runs": 100}).status_code == 200


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
    assert not Job.objects.exists()  # nothing is computed


def test_the_page_costs_the_same_queries_with_more_data(client_as, staff, housing, django_assert_max_num_queries):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(staff[roles.MANAGER])
    params = {"backtest": "on", "runs": 100, "open_beds": 10, "close_location": housing["general"].pk,
              "close_on": (AS_OF + timedelta(weeks=5)).isoformat()}
    more(3)
    again = f"{forecast_page(client, params).redirect_chain[-1][0]}again/"
    client.post(again, follow=True)
    with CaptureQueriesContext(connection) as first:  # the computation: the job, its forecast and the page
        client.post(again, follow=True)
    more(30)
    with django_assert_max_num_queries(len(first)):
        assert client.post(again, follow=True).status_code == 200
    with django_assert_max_num_queries(8):  # the stored forecast shown again: no computing
        assert client.get(URL, params).status_code == 200


def more(n):
    """n more rooms and households, referred, moved in and out over the last half year."""
    location = make_location(name=f"Flere {n}", food_distribution=bool(n % 2))
    for i in range(n):
        referred = AS_OF - timedelta(weeks=30 - i % 25)
        tenancy(make_single(gender="FM"[i % 2], referral_decision_date=referred), make_room(location, beds=2),
                referred + timedelta(weeks=2), moved_out_on=AS_OF - timedelta(days=i) if i % 3 else None, reason="other" if i % 3 else "")

