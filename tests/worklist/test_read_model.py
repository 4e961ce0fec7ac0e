"""The worklist's read model (`worklist.models.OpenDeadline`): its lists are the lists computed from every case's
records, on any day and for any scope; it is built again when the deadline rules change, and the page computes its
lists itself until it is. That every write keeps it is checked after every test of the suite (`tests/conftest.py`)."""
import threading
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection, connections, transaction

from tests.factories import make_case
from tests.reception.factories import aware, make_appointment
from tests.worklist.read_model import read_model_differences
from velkomst.worklist import selectors, services
from velkomst.worklist.models import OpenDeadline, ReadModelState


def lists_as_data(lists) -> dict:
    """What the page shows of the lists, as plain data."""
    def deadlines(section):
        return ([(i.case.pk, i.kind, i.due, i.state, i.target, i.legal_limit) for i in section.items], section.total, section.number)

    return {"arrivals": ([(case.pk, day) for case, day in lists.arrivals.items], lists.arrivals.total, lists.arrivals.number),
            "overdue": deadlines(lists.overdue), "due_soon": deadlines(lists.due_soon), "later": deadlines(lists.later),
            "to_book": ([(i.case.pk, i.kind, i.by) for i in lists.to_book.items], lists.to_book.total, lists.to_book.number)}


@pytest.mark.django_db
def test_a_change_of_the_deadline_rules_builds_the_rows_again(caseworker, settings):
    case = make_case(caseworker=caseworker, status="arrived", takeover_date=date(2026, 11, 30), arrival_date=date(2026, 11, 30))
    services.read_model_rebuild()
    welcome_target = OpenDeadline.objects.get(case=case, kind="welcome_meeting").target
    settings.WORKDAYS_EXTRA_CLOSED_DAYS = not settings.WORKDAYS_EXTRA_CLOSED_DAYS  # 31.12 open or closed: other targets
    make_case(caseworker=caseworker, status="arrived", takeover_date=date(2026, 12, 23), arrival_date=date(2026, 12, 23))
    assert not services.read_model_current()
    selectors.worklist(user=caseworker, today=date(2026, 12, 28))  # queues the rebuild; the test suite's worker runs it at once
    assert services.read_model_current()
    assert not read_model_differences()
    assert OpenDeadline.objects.get(case=case, kind="welcome_meeting").target == welcome_target  # early December: no closed day between


@pytest.mark.django_db
def test_until_it_is_built_again_the_worklist_computes_its_lists_and_queues_one_rebuild(caseworker, monkeypatch):
    today = date(2026, 11, 26)
    for offset in range(6):
        case = make_case(caseworker=caseworker, status="arrived", takeover_date=today - timedelta(days=4 * offset),
                         arrival_date=today - timedelta(days=4 * offset))
        if offset % 2:
            make_appointment(case=case, kind="welcome", status="completed", starts_at=aware(today - timedelta(days=offset), 9))
    services.read_model_rebuild()
    from_read_model = lists_as_data(selectors.worklist(user=caseworker, today=today))
    queued = []
    monkeypatch.setattr(services, "read_model_rebuild_task", SimpleNamespace(enqueue=lambda *args: queued.append(args)))
    ReadModelState.objects.update(rules_key="0:rules of an older release")
    OpenDeadline.objects.all().delete()  # what a rebuild would write is not there yet
    assert lists_as_data(selectors.worklist(user=caseworker, today=today)) == from_read_model
    selectors.worklist(user=caseworker, today=today)
    assert len(queued) == 1  # queued by the first visit only
    services.read_model_rebuild()  # what the worker does
    assert lists_as_data(selectors.worklist(user=caseworker, today=today)) == from_read_model


@pytest.mark.django_db
def test_a_case_leaves_the_read_model_when_it_is_no_longer_new(caseworker):
    case = make_case(caseworker=caseworker, status="arrived", takeover_date=date(2026, 11, 20), arrival_date=date(2026, 11, 20))
    assert OpenDeadline.objects.filter(case=case).count() == 4  # the programme start waits for the contract meeting
    case.status = "in_programme"
    case.save(update_fields=["status"])
    assert not OpenDeadline.objects.filter(case=case).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_writes_to_one_case_at_once_both_leave_its_rows_whole(caseworker):
    """The second refresh of a case waits for the first to commit, then replaces the first's rows (it used to insert
    beside them: a unique violation, a 500 under load when two meetings of one case were booked at once)."""
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL")
    case = make_case(caseworker=caseworker, status="arrived", takeover_date=date(2026, 11, 30), arrival_date=date(2026, 11, 30))
    first_refreshed, errors = threading.Event(), []

    def first():
        try:
            with transaction.atomic():
                services.case_deadlines_refresh([case.pk])
                first_refreshed.set()
                threading.Event().wait(0.5)  # still uncommitted while the second starts
        finally:
            connections.close_all()

    def second():
        try:
            first_refreshed.wait(5)
            services.case_deadlines_refresh([case.pk])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert not read_model_differences()
