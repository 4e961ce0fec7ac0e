"""The dashboard's figures snapshot (reports/models.py): shown at once, computed again by a background task when it is
older than FIGURES_FRESH_SECONDS, one refresh per date at a time, and a page that says when the figures were computed."""
from datetime import datetime, timedelta, timezone

import pytest
from django.test import override_settings
from django.utils import translation
from django_tasks import task_backends

from tests.factories import make_case, make_person
from tests.reports.factories import AS_OF, small_population
from velkomst.accounts import roles
from velkomst.reports import figures, services
from velkomst.reports.models import FiguresSnapshot

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
NOON = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
LIVING = "ukrainians_living_in_municipality"


@pytest.fixture
def population(db):
    return small_population()


def add_living_ukrainian():
    make_case(person=make_person(first_name="Nadiia", last_name="Hnatiuk", gender="F"), status="arrived")


def queued() -> list:
    return task_backends["default"].results


def test_the_payload_gives_back_the_same_dashboard_and_holds_no_label(population):
    computed = figures.dashboard(AS_OF)
    payload = figures.dashboard_payload(computed)
    assert figures.dashboard_from_payload(payload) == computed
    with translation.override("en"):
        english = figures.dashboard_from_payload(payload)
    assert english.figures[0].label == "Displaced Ukrainians referred since the start"
    assert computed.figures[0].label == "Fordrevne fra Ukraine visiteret siden starten"
    assert "Fordrevne" not in str(payload) and "Displaced" not in str(payload)


@override_settings(FIGURES_FRESH_SECONDS=60)
def test_a_fresh_snapshot_is_shown_as_it_is_and_an_old_one_is_computed_again(population):
    first = services.figures_shown(AS_OF, now=NOON)
    assert (first.computed_at, first.refreshing) == (NOON, False)
    before = first.dashboard.values[LIVING]
    add_living_ukrainian()
    within = services.figures_shown(AS_OF, now=NOON + timedelta(seconds=59))
    assert (within.dashboard.values[LIVING], within.computed_at) == (before, NOON)
    later = NOON + timedelta(seconds=61)
    refreshed = services.figures_shown(AS_OF, now=later)  # the test suite's worker runs the task at once
    assert (refreshed.dashboard.values[LIVING], refreshed.computed_at, refreshed.refreshing) == (before + 1, later, False)
    assert FiguresSnapshot.objects.get(as_of=AS_OF).refresh_queued_at is None


@override_settings(FIGURES_FRESH_SECONDS=60, TASKS=DUMMY_TASKS)
def test_one_refresh_per_date_is_queued_and_the_pages_polls_queue_none(population):
    services.figures_shown(AS_OF, now=NOON)
    old = NOON + timedelta(minutes=5)
    shown = services.figures_shown(AS_OF, now=old)
    assert shown.refreshing and shown.computed_at == NOON
    assert [result.args for result in queued()] == [[AS_OF.isoformat(), old.isoformat()]]
    services.figures_shown(AS_OF, now=old + timedelta(seconds=10))  # another manager, meanwhile
    services.figures_shown(AS_OF, now=old + timedelta(seconds=12), refresh=False)  # the page's poll
    assert len(queued()) == 1
    # A refresh that never came back (its worker was stopped) is queued again, and polls stop waiting for it.
    lost = old + services.REFRESH_LOST_AFTER + timedelta(seconds=1)
    assert not services.figures_shown(AS_OF, now=lost, refresh=False).refreshing
    assert services.figures_shown(AS_OF, now=lost).refreshing and len(queued()) == 2


def test_a_computation_finishing_late_never_replaces_a_newer_one(population):
    services.figures_snapshot_store(AS_OF, computed_at=NOON)
    add_living_ukrainian()
    services.figures_snapshot_store(AS_OF, computed_at=NOON - timedelta(minutes=1))
    snapshot = FiguresSnapshot.objects.get(as_of=AS_OF)
    assert snapshot.computed_at == NOON
    assert figures.dashboard_from_payload(snapshot.figures).values[LIVING] == figures.dashboard(AS_OF).values[LIVING] - 1


@override_settings(FIGURES_FRESH_SECONDS=60, TASKS=DUMMY_TASKS)
def test_the_page_says_when_the_figures_were_computed_and_asks_again_while_newer_ones_are_computed(client_as, staff, population):
    client = client_as(staff[roles.MANAGER])
    page = client.get("/reports/", {"as_of": AS_OF.isoformat()}).content.decode()
    assert "Beregnet " in page and "poll=1" not in page
    FiguresSnapshot.objects.update(computed_at=NOON - timedelta(days=400))  # long ago: the visit queues a refresh
    page = client.get("/reports/", {"as_of": AS_OF.isoformat()}).content.decode()
    assert "Ændringer siden da bliver talt med" in page
    assert f'hx-get="/reports/?as_of={AS_OF.isoformat()}&amp;poll=1"' in page
    poll = client.get("/reports/", {"as_of": AS_OF.isoformat(), "poll": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert poll.lstrip().startswith('<div id="dashboard">') and "poll=1" in poll and len(queued()) == 1
    FiguresSnapshot.objects.update(refresh_queued_at=None)  # the worker stored the new figures
    poll = client.get("/reports/", {"as_of": AS_OF.isoformat(), "poll": "1"}, HTTP_HX_REQUEST="true").content.decode()
    assert "poll=1" not in poll


@pytest.mark.parametrize("role", [roles.CASEWORKER, roles.HOUSING_HOST, roles.TEACHER, roles.RECEPTION])
def test_the_polls_are_refused_to_roles_without_the_figures(client_as, staff, population, role):
    response = client_as(staff[role]).get("/reports/", {"as_of": AS_OF.isoformat(), "poll": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert not FiguresSnapshot.objects.exists()


@override_settings(FIGURES_FRESH_SECONDS=60, TASKS=DUMMY_TASKS)
def test_an_export_takes_the_fresh_snapshot_and_never_an_old_one(population):
    shown = services.figures_shown(AS_OF, now=NOON).dashboard.values[LIVING]
    add_living_ukrainian()

    assert services.figures_current(AS_OF, now=NOON + timedelta(seconds=59)).values[LIVING] == shown  # what the page shows
    assert services.figures_current(AS_OF, now=NOON + timedelta(hours=3)).values[LIVING] == shown + 1  # computed again
    assert FiguresSnapshot.objects.get(as_of=AS_OF).computed_at == NOON + timedelta(hours=3)  # and kept for the page
    assert not queued()


@override_settings(FIGURES_FRESH_SECONDS=60, TASKS=DUMMY_TASKS)
def test_a_figures_page_counts_from_the_groups_of_the_dashboards_snapshot(client_as, staff, population, time_machine):
    """The manager's figure page says what the dashboard says (the same snapshot's groups) and when it was computed; a
    list of persons (the administrator's) reads the cases as they are now."""
    time_machine.move_to(NOON, tick=False)
    params = {"figure": LIVING, "as_of": AS_OF.isoformat()}
    shown = client_as(staff[roles.MANAGER]).get("/reports/", {"as_of": AS_OF.isoformat()}).context["shown"].dashboard.values[LIVING]
    add_living_ukrainian()

    manager = client_as(staff[roles.MANAGER]).get("/reports/figure/", params)
    admin = client_as(staff[roles.ADMIN]).get("/reports/figure/", params)

    assert manager.context["level"] == "breakdown" and manager.context["count"] == shown
    assert manager.context["computed_at"] == NOON and "Beregnet 27.11.2026" in manager.content.decode()
    assert admin.context["level"] == "persons" and admin.context["count"] == shown + 1 and admin.context["computed_at"] is None
    assert sum(cell.count for cell in dict(manager.context["breakdown"])["Køn"]) == shown
