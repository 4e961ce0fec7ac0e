"""A PostgreSQL restart while staff are working is survived: requests during the restart may fail, none after it.

gunicorn serves the app as in production (CONN_MAX_AGE=60 with CONN_HEALTH_CHECKS: a worker keeps its
connection between requests and checks it before use). Django's test client would not do: it switches the
connection handling off around each request.
"""
import os
import subprocess
import sys
import threading

import pytest

from tests.faults.conftest import ROOT
from tests.faults.restart_runner import PASSWORD, USERNAME
from tests.faults.web import Browser, start_gunicorn

pytestmark = pytest.mark.faults

PAGES = [("GET", "/people/search/", None), ("POST", "/people/search/", {"q": "olena"}), ("GET", "/my-cases/", None)]


def work(browser: Browser, n: int) -> list:
    statuses = []
    for i in range(n):
        method, path, form = PAGES[i % len(PAGES)]
        try:
            statuses.append(browser.request(method, path, form)[0])
        except OSError as error:
            statuses.append(type(error).__name__)
    return statuses


def test_requests_succeed_again_right_after_postgresql_restarts(cluster, tmp_path):
    env = {"DATABASE_URL": cluster.url, "LOG_LEVEL": "CRITICAL"}
    subprocess.run([sys.executable, str(ROOT / "tests" / "faults" / "restart_runner.py")], cwd=ROOT, env={**os.environ, **env},
                   check=True, capture_output=True, timeout=300)
    with open(tmp_path / "gunicorn.log", "w") as log:
        server, port = start_gunicorn(env, workers=2, log=log)
        try:
            staff = [Browser(port) for _ in range(4)]
            for browser in staff:
                browser.login(USERNAME, PASSWORD)
            before = [status for browser in staff for status in work(browser, 6)]  # every worker holds a pooled connection now

            during: list = []
            stop = threading.Event()

            def keep_working():
                while not stop.is_set():
                    during.extend(work(staff[0], 1))

            worker = threading.Thread(target=keep_working)
            worker.start()
            try:
                cluster.restart()
            finally:
                stop.set()
                worker.join(timeout=60)
            after = [status for browser in staff for status in work(browser, 10)]
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert set(before) == {200}
    assert len(after) == 40 and set(after) == {200}, (after, (tmp_path / "gunicorn.log").read_text()[-3000:])
    print(f"\nbefore: {len(before)} ok; during the restart: {during}; after: {after.count(200)} of {len(after)} ok")
