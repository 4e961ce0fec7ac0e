"""The capacity forecast as a background job: the page asks for a forecast by its settings, a worker computes and
renders it (`presentation.result_html`), and the page shows it for the rest of the day (`models.ForecastResult`).

Why a job: at ten times Copenhagen the base forecast takes about 6 s and the back-test about 30 s on PostgreSQL —
far longer than a page request may wait (and than the web server's timeout). The same settings on the same day ask
for the same forecast: a second visit or a reload shows the stored one, or follows the job still computing it."""
import hashlib
import json
from datetime import date

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop
from django_tasks import task

from velkomst.accounts.models import User
from velkomst.forecast import presentation
from velkomst.forecast.forms import what_if_spec
from velkomst.forecast.models import ForecastResult
from velkomst.jobs import services as jobs
from velkomst.jobs.models import Job

STEP_SAVING = gettext_noop("Saving the forecast")


def forecast_key(*, as_of: date, params: dict) -> str:
    """The same day, language (the active one: the request's) and settings are the same forecast (the seed makes it
    repeatable)."""
    text = json.dumps({"as_of": as_of.isoformat(), "language": translation.get_language(), "params": params}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def forecast_stored(key: str) -> ForecastResult | None:
    """The newest forecast computed with this key, if any."""
    return ForecastResult.objects.filter(key=key).order_by("-computed_at").first()


def forecast_job_unfinished(*, user: User, key: str) -> Job | None:
    """A forecast job with this key still queued or running that the user may follow: their own, or one of a colleague
    of the same role (`jobs.services.job_visible_to`): a second manager asking for the same forecast follows the first."""
    unfinished = Job.objects.filter(kind=Job.Kind.FORECAST, params__key=key, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    return next((job for job in unfinished.order_by("-created_at")[:20] if jobs.job_visible_to(user, job)), None)


def forecast_job_for(*, by: User, params: dict, as_of: date) -> Job:
    """The job computing these settings' forecast: one still waiting or running that the user may follow, else a new one."""
    return forecast_job_unfinished(user=by, key=forecast_key(as_of=as_of, params=params)) or forecast_start(by=by, params=params, as_of=as_of)


def forecast_start(*, by: User, params: dict, as_of: date) -> Job:
    """Queue the forecast of these settings (`ForecastForm.params`) as of the day, in the language of the request."""
    return jobs.job_start(by=by, kind=Job.Kind.FORECAST, capability="view_figures", task=forecast_task, params={
        "key": forecast_key(as_of=as_of, params=params), "as_of": as_of.isoformat(), "language": translation.get_language(),
        "settings": params})


def forecast_run(job: Job) -> str:
    """The job's work: compute and render the forecast, keep it, and drop the results of earlier days (never shown
    again: the key holds the day). Returns the result's page."""
    params = job.params
    as_of = date.fromisoformat(params["as_of"])
    settings = params["settings"]
    with translation.override(params["language"]):
        html = presentation.result_html(as_of=as_of, what_if=what_if_spec(settings), runs=settings["runs"], seed=settings["seed"],
                                        with_backtest=settings["backtest"],
                                        progress=lambda percent, step: jobs.job_progress(job, percent, step))
    jobs.job_progress(job, 95, STEP_SAVING)
    result = ForecastResult.objects.create(key=params["key"], as_of=as_of, options=settings, html=html, computed_by=job.started_by)
    ForecastResult.objects.filter(as_of__lt=as_of).delete()
    return reverse("reports:forecast:result", args=[result.pk])


@task()
def forecast_task(job_id: str) -> None:
    """django-tasks: queued by `forecast_start`; beside the service it runs (no tasks module, no cycle)."""
    jobs.run_job(job_id, forecast_run)
