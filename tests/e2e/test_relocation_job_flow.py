"""A relocation plan for a large location, made by a REAL background worker (`manage.py db_worker`, another process,
on the live server's PostgreSQL database): the planner is sent to the job's page, sees its progress, reloads the page
while the solver runs and still follows the same job, and opens the finished move list. axe-core clean on each page."""
import os
import re
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from tests.e2e.conftest import ARTIFACTS, ROOT, assert_accessible, log_in
from velkomst.demo.tables import PRESENTATION_DATE
from velkomst.demo.users import DEMO_PASSWORD

pytestmark = pytest.mark.time_machine("2026-11-26 10:00 +01:00")


@pytest.fixture
def demo(transactional_db):
    # Scale 0.3: the largest location has over a hundred households; their plan takes the solver several seconds.
    call_command("demo", as_of=PRESENTATION_DATE, scale=0.3, verbosity=0)


@pytest.fixture
def worker(demo, live_server, settings):
    """The web server queues in the database; a db_worker process, started as production starts it, takes the job."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker is another process and needs a database both can open: run with DATABASE_URL=postgres://…")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    url = f"postgres://{quote(db['USER'] or '')}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = os.environ | {"DATABASE_URL": url, "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "RELOCATION_TIME_LIMIT": "30"}
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "relocation_job_worker.log", "w")
    process = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    yield process
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


def test_a_relocation_plan_runs_in_the_background_survives_a_reload_and_ends_in_the_move_list(page, worker):
    from velkomst.allocation.models import RelocationPlan
    from velkomst.housing.models import Location, Tenancy
    from velkomst.jobs.models import Job

    largest = (Tenancy.objects.current().values("room__location").annotate(n=Count("id")).order_by("-n").first())
    location = Location.objects.get(pk=largest["room__location"])
    assert largest["n"] >= 100, "a large location"

    log_in(page, "modtagelse", DEMO_PASSWORD)
    page.goto("/allocation/relocations/")
    assert_accessible(page, "relocation planner")
    page.get_by_label("Tøm en lokation").check()
    page.get_by_label("Lokation, der skal tømmes").select_option(str(location.pk))
    page.get_by_role("button", name="Lav en flytteliste").click()
    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]{36}/$"))
    job_url = page.url

    # The worker takes the job; the page (htmx, every 2 s) shows it running with its step and progress.
    status = page.locator("#job-status")
    status.and_(page.locator("[data-status=running]")).wait_for(timeout=30_000)
    assert_accessible(page, "job running")
    page.screenshot(path=str(ARTIFACTS / "relocation_job_running.png"), full_page=True)

    # A reload while it runs: the same job, still running, its progress shown.
    page.reload()
    assert page.url == job_url
    assert status.get_attribute("data-status") == "running", "the solver was still working at the reload"
    assert page.locator("progress#job-progress").is_visible()
    assert "Søger den bedste plan" in status.inner_text() or "Læser belægningen" in status.inner_text()

    # Done: the page goes to the kept plan by itself, without another reload.
    page.wait_for_url(re.compile(r"/allocation/relocations/plans/\d+/$"), timeout=90_000)
    page.get_by_role("heading", name="Flytteliste").wait_for()
    assert_accessible(page, "move list")

    job = Job.objects.get(pk=job_url.rstrip("/").rsplit("/", 1)[1])
    plan = RelocationPlan.objects.get(job=job)
    assert (job.status, job.progress, job.failure) == (Job.Status.DONE, 100, "")
    rows = page.locator("table tbody tr")
    assert rows.count() == len(plan.result["moves"]) > 50
    assert location.name in page.locator("main").inner_text()
    # It was the worker process that ran it: the task's row names a worker, and the job took seconds, not a request's wait.
    from django_tasks_db.models import DBTaskResult

    [task] = DBTaskResult.objects.all()
    assert task.status == "SUCCESSFUL" and task.worker_ids and task.args_kwargs == {"args": [str(job.pk)], "kwargs": {}}
    assert (job.finished_at - job.started_at).total_seconds() > 1
