"""A manager opens the key figures, drills into one figure and downloads the spreadsheet; a housing host sees no drill-down."""
import io

import pytest
from openpyxl import load_workbook

from tests.conftest import make_staff
from tests.e2e.conftest import ARTIFACTS, assert_accessible, log_in
from tests.reports.factories import small_population
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog


def tables_wider_than_their_column(page) -> list[str]:
    """The captions of the tables whose content is wider than the column they stand in (the rest is cut off)."""
    return page.evaluate("""() => [...document.querySelectorAll('table')]
        .filter(table => table.scrollWidth > table.parentElement.clientWidth + 1)
        .map(table => table.caption ? table.caption.textContent : '?')""")


@pytest.mark.django_db(transaction=True)
def test_a_manager_drills_into_a_figure_and_downloads_the_spreadsheet(page):
    manager = make_staff("hanne", roles.MANAGER, first_name="Hanne", last_name="Aagaard")
    population = small_population()

    log_in(page, "hanne")
    page.get_by_role("heading", name="Nøgletal", level=1).wait_for()
    assert_accessible(page, "dashboard")
    page.get_by_label("Pr. dato").fill("2026-11-26")
    page.get_by_role("button", name="Vis", exact=True).click()
    page.get_by_text("Pr. 26.11.2026.").wait_for()
    row = page.locator("#figure-ukrainians_living_in_municipality")
    assert row.locator("td").first.inner_text().strip() == "4"
    page.get_by_text("Tallene som tabel").first.click()
    assert_accessible(page, "dashboard with a table open")

    row.get_by_role("link", name="Fordrevne fra Ukraine bosat i København").click()
    page.get_by_role("heading", name="Fordrevne fra Ukraine bosat i København", level=1).wait_for()
    assert_accessible(page, "drill-down")
    content = page.content()
    assert population["u1"].person.last_name not in content and population["u1"].number not in content
    assert page.get_by_role("table", name="Målgruppe").is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Regneark (XLSX)").click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][2] == "Personer" and all(population["u1"].person.last_name not in str(r) for r in rows)
    assert AccessLog.objects.filter(user=manager, action="export", criteria__figure="ukrainians_living_in_municipality").exists()

    # A breakdown with a long status name ("I virksomhedsrettet tilbud") fits its column: no table is cut off.
    page.goto("/reports/figure/?figure=refugees_referred_total&as_of=2026-11-26")
    page.get_by_role("table", name="Status på datoen").get_by_text("I virksomhedsrettet tilbud").wait_for()
    assert tables_wider_than_their_column(page) == []

    page.goto("/reports/")
    page.get_by_role("link", name="Kapacitetsprognose").click()
    page.get_by_role("heading", name="Kapacitetsprognose", level=1).wait_for()
    assert_accessible(page, "forecast")


@pytest.mark.django_db(transaction=True)
def test_a_housing_host_cannot_see_case_level_drill_downs(page):
    make_staff("birgitte", roles.HOUSING_HOST, first_name="Birgitte", last_name="Holm")
    small_population()

    log_in(page, "birgitte")
    assert page.get_by_role("link", name="Nøgletal").count() == 0
    response = page.goto("/reports/figure/?figure=ukrainians_in_temporary_housing&as_of=2026-11-26")
    assert response.status == 403
    assert "Shevchenko" not in page.content()
    assert_accessible(page, "refused")


@pytest.mark.django_db(transaction=True)
def test_old_figures_are_shown_at_once_and_the_new_ones_replace_them_on_the_page(page, settings):
    """The dashboard's snapshot (reports/models.py) in the browser: an old snapshot is shown with when it was computed,
    a refresh is queued, and the page takes the new figures by itself when the worker has stored them."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_case, make_person
    from tests.reports.factories import AS_OF
    from velkomst.reports import services
    from velkomst.reports.models import FiguresSnapshot

    settings.FIGURES_FRESH_SECONDS = 60
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # the worker is this test
    make_staff("hanne", roles.MANAGER, first_name="Hanne", last_name="Aagaard")
    small_population()
    services.figures_snapshot_store(AS_OF, computed_at=timezone.now() - timedelta(hours=2))
    make_case(person=make_person(first_name="Nadiia", last_name="Hnatiuk", gender="F"), status="arrived")

    log_in(page, "hanne")
    page.goto(f"/reports/?as_of={AS_OF.isoformat()}")
    row = page.locator("#figure-ukrainians_living_in_municipality td").first
    assert row.inner_text().strip() == "4"  # the snapshot, computed before the new resident
    page.get_by_text("Ændringer siden da bliver talt med").wait_for()
    assert_accessible(page, "dashboard refreshing")
    page.screenshot(path=str(ARTIFACTS / "dashboard_refreshing.png"), full_page=True)

    services.figures_snapshot_store(AS_OF, computed_at=timezone.now())  # the worker stores the new figures
    page.wait_for_function("document.querySelector('#figure-ukrainians_living_in_municipality td').innerText.trim() == '5'",
                           timeout=15_000)
    assert page.get_by_text("Ændringer siden da bliver talt med").count() == 0
    assert FiguresSnapshot.objects.get(as_of=AS_OF).refresh_queued_at is None
    assert_accessible(page, "dashboard refreshed")
