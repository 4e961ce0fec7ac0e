"""Starting a background job and reporting its progress. The work itself lives with its app (allocation/tasks.py):
a django-tasks task that calls `run_job` with the job's id and a function doing the work.

Why django-tasks with its database backend (django-tasks-db): the embedded default needs no broker — the database
is the queue, so `velkomst run` stays one command, and N workers on other machines only need the same database
(`manage.py db_worker`). No Redis, no Celery. Under pytest the immediate backend runs each task at once."""
import logging
import threading
import time
import traceback
from datetime import datetime, timedelta
from typing import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.db.models.functions import Now
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks_db.models import DBTaskResult

from velkomst.accounts import roles
from velkomst.accounts.permissions import can
from velkomst.jobs.models import Job
from velkomst.lib.priority import run_in_background_priority

logger = logging.getLogger(__name__)

# Roles whose data is their own (a housing host sees the locations they run): their jobs are theirs alone.
PERSONAL_SCOPE_ROLES = frozenset({roles.HOUSING_HOST})
TICK_SECONDS = 1.0
# A running job whose progress has not moved for this long lost its worker (the solver ticks every second).
STALE_AFTER = timedelta(minutes=10)

STEP_QUEUED = gettext_noop("Waiting for a free worker")
STEP_DONE = gettext_noop("Done")


class JobFailed(Exception):
    """The work cannot be done, for a reason the user can act on: ``sentence`` says it (already translated)."""

    def __init__(self, sentence: str):
        super().__init__(sentence)
        self.sentence = sentence


def job_start(*, by, kind: str, capability: str, task, params: dict) -> Job:
    """Record the job, then queue its task with the job's id as its only argument (the parameters stay on the job row).
    The job row is committed before the task row, so a worker never finds a task whose job it cannot read."""
    if capability not in roles.CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")
    job = Job.objects.create(kind=kind, capability=capability, role=by.role or "", params=params, started_by=by, step=STEP_QUEUED)
    try:
        task.enqueue(str(job.pk))
    except Exception as error:
        _fail(job, error)
        raise
    job.refresh_from_db()
    return job


def job_visible_to(user, job: Job) -> bool:
    """The one who started it; or someone of the same role holding the job's capability, when that role sees the whole
    municipality (not a host, whose data is their own locations)."""
    if not user.is_authenticated:
        return False
    if job.started_by_id == user.pk:
        return True
    return (job.role not in PERSONAL_SCOPE_ROLES and user.role == job.role and can(user, job.capability))


def job_latest_unfinished(*, user, kind: str) -> Job | None:
    """The user's own job of this kind still queued or running (the starting page links to it after a reload)."""
    return (Job.objects.filter(started_by=user, kind=kind, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
            .order_by("-created_at").first())


def job_progress(job: Job, percent: int, step: str) -> None:
    """``step``: an English source sentence marked with gettext_noop; the page translates it."""
    percent = max(0, min(99, int(percent)))  # 100 only when done
    Job.objects.filter(pk=job.pk).update(progress=percent, step=step, heartbeat_at=Now())
    job.progress, job.step = percent, step


def run_job(job_id: str, work: Callable[[Job], str]) -> None:
    """Run ``work(job)`` for the task: it returns the result's URL. A job already taken (a second delivery) is left alone.
    What fails becomes a sentence for the user; the log gets the job's id and the code's lines, never the message
    (an exception's text may name a person)."""
    # The job's own instants (started, heartbeat, finished) are the database's clock: bookkeeping of the worker, not a
    # day any rule reads, so the clock stays an argument everywhere else (tests/test_clock.py).
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(status=Job.Status.RUNNING, started_at=Now(),
                                                                            heartbeat_at=Now())
    if not claimed:
        return
    job = Job.objects.select_related("started_by").get(pk=job_id)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            result_url = work(job)
        except Exception as error:  # noqa: BLE001 - every failure is recorded on the job and logged without its text
            _fail(job, error)
            return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, progress=100, step=STEP_DONE, result_url=result_url,
                                         finished_at=Now())


def job_check_stale(job: Job, *, now: datetime) -> Job:
    """A running job whose worker was stopped or killed would run for ever on its page: past ``STALE_AFTER`` without
    progress it is failed, with a sentence saying so (start the work again)."""
    if job.status == Job.Status.RUNNING and (job.heartbeat_at or job.started_at or job.created_at) < now - STALE_AFTER:
        with translation.override(settings.LANGUAGE_CODE):
            sentence = _("The work was interrupted: the background worker stopped before it was finished. Start it again.")
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(status=Job.Status.FAILED, failure=sentence, finished_at=now)
        job.refresh_from_db()
    return job


def _fail(job: Job, error: Exception) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(error, JobFailed):
            sentence = error.sentence
        elif isinstance(error, ValidationError):
            sentence = " ".join(error.messages)
        else:
            sentence = _("The calculation stopped unexpectedly. Try again; if it happens again, tell the system's support.")
            logger.error("job %s (%s) failed: %s\n%s", job.pk, job.kind, type(error).__name__,
                         "".join(traceback.format_tb(error.__traceback__)))
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, failure=sentence[:500], finished_at=Now())


def wait_with_progress(job: Job, work: Callable, *, seconds: float, start: int, end: int, step: str):
    """``work()`` at background priority in a thread, while this thread moves the job's progress from ``start`` towards
    ``end`` as the expected ``seconds`` pass (the solver gives no progress of its own; its time limit bounds it)."""
    outcome: dict = {}

    def thread_main():
        try:
            outcome["result"] = run_in_background_priority(work)
        except BaseException as error:  # noqa: BLE001 - handed back below
            outcome["error"] = error

    thread = threading.Thread(target=thread_main, name=f"job-{job.pk}", daemon=True)
    began = time.monotonic()
    job_progress(job, start, step)
    thread.start()
    while thread.is_alive():
        thread.join(TICK_SECONDS)
        if thread.is_alive():
            share = min(1.0, (time.monotonic() - began) / max(seconds, 0.001))
            job_progress(job, start + round((end - start) * share), step)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def jobs_finished_before(before: datetime):
    """Finished jobs (done or failed) that finished before ``before``."""
    return Job.objects.filter(status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=before)


def jobs_prune(*, before: datetime) -> int:
    """Delete the jobs that finished before ``before``, and the worker's task rows that finished then too, so the
    queue's tables stay small. A job whose result is kept and points at it (a relocation plan names its job) stays
    as long as that result. Returns how many jobs were deleted."""
    with transaction.atomic():
        DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
        kept: set = set()
        while True:
            try:
                deleted, by_model = jobs_finished_before(before).exclude(pk__in=kept).delete()
                return by_model.get(Job._meta.label, 0)
            except ProtectedError as error:  # the results that name a job keep it
                kept |= {result.job_id for result in error.protected_objects}
