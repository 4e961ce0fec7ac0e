"""The embedded SQLite database under concurrent writes, and the "try again" answer to a lock still not had."""
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import RequestFactory

from velkomst.middleware import DatabaseBusyMiddleware

needs_sqlite = pytest.mark.skipif(not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                                  reason="the embedded default's options; PostgreSQL handles concurrent writers itself")


@pytest.fixture
def unblocked(django_db_blocker):
    """These tests open their own database files, not the test database."""
    with django_db_blocker.unblock():
        yield


def file_database(path):
    options = settings.DATABASES["default"].get("OPTIONS", {})
    return DatabaseWrapper({**settings.DATABASES["default"], "NAME": str(path), "OPTIONS": options,
                            "TIME_ZONE": None, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True,
                            "ATOMIC_REQUESTS": False, "TEST": {}}, alias="busy-test")


@needs_sqlite
def test_the_embedded_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path, unblocked):
    connection = file_database(tmp_path / "db.sqlite3")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
    connection.close()


@needs_sqlite
def test_sixteen_writers_at_once_all_succeed(tmp_path, unblocked):
    path = tmp_path / "db.sqlite3"
    setup = file_database(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE beds (n INTEGER)")
    setup.close()
    errors = []

    def write(n):
        # Django's own transaction, as a service runs it: read the free beds, then write (a deferred transaction
        # would fail at once with "database is locked" when two upgrade from reading to writing together).
        connection = file_database(path)
        connections["busy-test"] = connection  # this thread's connection under the alias
        try:
            with transaction.atomic(using="busy-test"), connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM beds").fetchone()
                time.sleep(0.02)  # hold the transaction a moment, as a move-in does
                cursor.execute("INSERT INTO beds VALUES (%s)", [n])
        except Exception as error:  # noqa: BLE001 — any error is the failure this test looks for
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = file_database(path)
    with check.cursor() as cursor:
        assert cursor.execute("SELECT COUNT(*) FROM beds").fetchone()[0] == 16
    check.close()


@pytest.mark.django_db
@pytest.mark.parametrize("message", ["database is locked", "could not serialize access due to concurrent update", "deadlock detected"])
def test_a_lock_still_not_had_is_answered_try_again_not_a_server_error(message, caseworker):
    request = RequestFactory().post("/anything/")
    request.user = caseworker
    request.LANGUAGE_CODE = "da"
    response = DatabaseBusyMiddleware(lambda r: None).process_exception(request, OperationalError(message))
    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert "Prøv igen" in response.content.decode() or "Try again" in response.content.decode()


def test_other_database_errors_are_not_hidden():
    request = RequestFactory().get("/")
    assert DatabaseBusyMiddleware(lambda r: None).process_exception(request, OperationalError("no such table: x")) is None
