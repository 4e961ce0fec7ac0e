"""Finished background jobs and the worker's task rows are deleted after `finished_job_days` (the retention run);
a job that a kept relocation plan names stays with the plan, and running or recent jobs stay."""
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from django.core.management import call_command
from django.utils import timezone as django_timezone
from django_tasks_db.models import DBTaskResult

from tests.jobs.test_jobs import make_job
from velkomst.allocation.models import RelocationPlan
from velkomst.jobs.models import Job
from velkomst.jobs.services import jobs_prune

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)


def make_jobs(staff, now):
    reception = staff["reception"]
    old, recent = now - timedelta(days=40), now - timedelta(days=10)
    made = {
        "old_done": make_job(reception, status=Job.Status.DONE, finished_at=old),
        "old_failed": make_job(reception, status=Job.Status.FAILED, finished_at=old, failure="Lokationen er lukket."),
        "old_with_plan": make_job(reception, status=Job.Status.DONE, finished_at=old),
        "recent_done": make_job(reception, status=Job.Status.DONE, finished_at=recent),
        "running": make_job(reception, status=Job.Status.RUNNING, created_at=old),
    }
    RelocationPlan.objects.create(job=made["old_with_plan"], created_by=reception, mode="category", category="vulnerable",
                                  by_date=date(2026, 11, 1), result={"moves": []})
    return made


def task_row(finished_at):
    return DBTaskResult.objects.create(task_path="velkomst.allocation.tasks.relocation_task", status="SUCCESSFUL",
                                       args_kwargs={"args": ["x"], "kwargs": {}}, finished_at=finished_at, priority=0,
                                       queue_name="default", backend_name="default", run_after=None)


@pytest.mark.django_db
def test_old_finished_jobs_go_and_a_plan_keeps_its_job(staff):
    jobs = make_jobs(staff, NOW)
    old_task, recent_task = task_row(NOW - timedelta(days=40)), task_row(NOW - timedelta(days=1))
    assert jobs_prune(before=NOW - timedelta(days=30)) == 2
    left = set(Job.objects.values_list("pk", flat=True))
    assert left == {jobs[k].pk for k in ("old_with_plan", "recent_done", "running")}
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [recent_task.pk] and old_task.pk


@pytest.mark.django_db
def test_the_retention_run_counts_then_deletes_them(staff, tmp_path, settings):
    make_jobs(staff, django_timezone.now())  # the command reads the clock once: the jobs are dated from it
    settings.RETENTION = settings.RETENTION | {"finished_job_days": 30}
    out = io.StringIO()
    call_command("retention", "--dry-run", "--as-of", "2026-12-06", stdout=out)
    assert "Finished background jobs due: 3." in out.getvalue()  # the plan's job is counted, and kept at the deletion
    assert Job.objects.count() == 5
    out = io.StringIO()
    call_command("retention", "--apply", "--as-of", "2026-12-06", "--archive-dir", str(tmp_path), stdout=out)
    assert Job.objects.count() == 3
