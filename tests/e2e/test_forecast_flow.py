"""A manager opens the capacity forecast, sets a "what if" and sees it beside the base, computes it again; every page
state passes axe."""
import pytest

from tests.conftest import make_staff
from tests.e2e.conftest import assert_accessible, log_in
from tests.reports.factories import small_population
from velkomst.accounts import roles
from velkomst.housing.models import Room


@pytest.mark.django_db(transaction=True)
def test_a_manager_adds_a_scenario_and_sees_it_beside_the_base(page):
    make_staff("hanne", roles.MANAGER, first_name="Hanne", last_name="Aagaard")
    small_population()
    rooms = Room.objects.count()

    log_in(page, "hanne")
    page.goto("/reports/forecast/")
    page.get_by_role("heading", name="Kapacitetsprognose", level=1).wait_for()
    assert page.locator("section[data-scenario]").count() == 1
    page.get_by_text("Sådan regner prognosen").click()
    assert_accessible(page, "forecast, the base")

    page.get_by_label("Scenariets navn").fill("Hotel X åbner")
    page.get_by_label("Senge på den nye lokation").fill("140")
    page.get_by_label("Åbner i uge").fill("6")
    page.get_by_label("Ankomster gange").fill("2")
    page.get_by_label("I hvor mange uger").fill("8")
    page.get_by_label("Lokation, der lukker").select_option(label="Testgården")
    page.get_by_label("Lukker den (dato)").fill("30.06.2027")
    page.get_by_role("spinbutton", name="Kørsler (valgfrit)").fill("200")
    page.get_by_role("button", name="Beregn prognosen").click()

    page.get_by_role("heading", name="Hotel X åbner", level=3).wait_for()
    base, scenario = page.locator("section[data-scenario]").all()
    assert "Grundforløb" in base.locator("h3").inner_text()
    left, right = base.bounding_box(), scenario.bounding_box()
    assert right["x"] > left["x"] + left["width"] / 2 and abs(right["y"] - left["y"]) < 5  # side by side
    assert scenario.get_by_role("img").count() == 1 and "140 senge" in scenario.inner_text()
    scenario.get_by_text("Tallene som tabel").click()
    assert_accessible(page, "forecast with a scenario and its table")
    assert Room.objects.count() == rooms  # a scenario changes nothing in the data

    # Computed by a background job (run at once under test): the page says when, and computes again on request.
    assert page.locator(".forecast-computed").inner_text().startswith("Beregnet ")
    first = page.url
    page.get_by_role("button", name="Beregn igen med dagens data").click()
    page.get_by_role("heading", name="Hotel X åbner", level=3).wait_for()
    assert page.url != first and "/reports/forecast/" in page.url
    assert page.get_by_label("Scenariets navn").input_value() == "Hotel X åbner"  # the settings in the form again
    assert_accessible(page, "forecast computed again")

    page.get_by_label("Lukker den (dato)").fill("31.13.2027")
    page.get_by_role("button", name="Beregn prognosen").click()
    page.locator("#id_close_on-error").wait_for()
    assert_accessible(page, "forecast with bad input")
