"""Background jobs (velkomst/jobs): started, followed on their page with htmx, finished or failed with a sentence for
the user; only the starter (or the same role with the job's capability, when that role sees everything) may follow one."""
import logging
import re

import pytest
from django.test import override_settings

from tests.conftest import make_staff
from velkomst.jobs import services
from velkomst.jobs.models import Job

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def make_job(user, **fields) -> Job:
    defaults = dict(kind=Job.Kind.RELOCATION_PLAN, capability="plan_relocations", role=user.role, started_by=user)
    return Job.objects.create(**(defaults | fields))


@pytest.mark.django_db
def test_a_running_job_shows_its_step_and_progress_and_polls_until_it_is_done(staff, client):
    job = make_job(staff["reception"], status=Job.Status.RUNNING, progress=40, step=services.STEP_QUEUED)
    client.force_login(staff["reception"])
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and f'hx-get="/jobs/{job.pk}/"' in page
    assert 'value="40"' in page and "Venter i køen" in page  # the step in Danish
    part = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert part.strip().startswith('<div id="job-status"') and "<html" not in part  # htmx gets the status part only
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, progress=100, result_url="/allocation/relocations/")
    done = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Redirect"] == "/allocation/relocations/"  # polling ends at the result
    assert client.get(f"/jobs/{job.pk}/")["Location"] == "/allocation/relocations/"  # and so does a reload


@pytest.mark.django_db
def test_a_failed_job_stays_on_its_page_and_says_why(staff, client):
    job = make_job(staff["reception"], status=Job.Status.FAILED, failure="Lokationen er lukket.")
    client.force_login(staff["reception"])
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Lokationen er lukket." in page and "hx-trigger" not in page


@pytest.mark.django_db
def test_the_job_s_address_is_a_random_uuid(staff):
    job = make_job(staff["reception"])
    assert re.fullmatch(r"[0-9a-f-]{36}", str(job.pk))


@pytest.mark.django_db
def test_a_job_is_followed_by_its_starter_and_the_same_role_only(staff, client):
    reception_job = make_job(staff["reception"])
    colleague = make_staff("reception-colleague", "reception")
    for user, expected in ((staff["reception"], 200), (colleague, 200), (staff["admin"], 404), (staff["caseworker"], 404),
                           (staff["housing_host"], 404)):
        client.force_login(user)
        assert client.get(f"/jobs/{reception_job.pk}/").status_code == expected, user.username
    client.logout()
    assert client.get(f"/jobs/{reception_job.pk}/")["Location"].startswith("/login/")


@pytest.mark.django_db
def test_a_hosts_job_is_theirs_alone_and_the_capability_is_needed(staff, client):
    host_job = make_job(staff["housing_host"])
    other_host = make_staff("other-host", "housing_host")
    client.force_login(other_host)
    assert client.get(f"/jobs/{host_job.pk}/").status_code == 404  # another host's locations are not theirs
    client.force_login(staff["housing_host"])
    assert client.get(f"/jobs/{host_job.pk}/").status_code == 200
    # The same role without the job's capability is refused (a proposal needs propose_placements; a host lacks it).
    proposal_job = make_job(staff["reception"], kind=Job.Kind.PLACEMENT_PROPOSAL, capability="propose_placements", role="housing_host")
    assert client.get(f"/jobs/{proposal_job.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_unknown_job_is_404(staff, client):
    client.force_login(staff["reception"])
    assert client.get("/jobs/00000000-0000-4000-8000-000000000000/").status_code == 404
    assert client.get("/jobs/not-a-uuid/").status_code == 404


@pytest.mark.django_db
def test_the_work_runs_at_once_under_test_and_the_job_ends_done_with_its_result(staff):
    from velkomst.allocation import tasks  # a real task: under pytest the immediate backend runs it inside enqueue

    def work(job):
        services.job_progress(job, 50, services.STEP_QUEUED)
        return "/somewhere/"

    job = Job.objects.create(kind=Job.Kind.RELOCATION_PLAN, capability="plan_relocations", started_by=staff["reception"])
    services.run_job(str(job.pk), work)
    job.refresh_from_db()
    assert (job.status, job.progress, job.result_url, job.failure) == (Job.Status.DONE, 100, "/somewhere/", "")
    assert job.started_at and job.finished_at
    services.run_job(str(job.pk), lambda job: pytest.fail("a second delivery runs nothing"))
    assert tasks.relocation_task.get_backend().__class__.__name__ == "ImmediateBackend"


@pytest.mark.django_db
def test_an_unexpected_failure_says_why_in_danish_without_the_exception_s_text(staff, client, caplog):
    personal = "Jens Hansen 010190-1234"  # as data reaches an exception's text: not in the code's lines

    def work(job):
        raise RuntimeError(f"{personal} crashed")

    job = make_job(staff["reception"])
    with caplog.at_level(logging.ERROR):
        services.run_job(str(job.pk), work)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.failure.startswith("Beregningen stoppede uventet") and "Jens" not in job.failure
    assert "Jens" not in caplog.text and "010190" not in caplog.text and "RuntimeError" in caplog.text and str(job.pk) in caplog.text
    client.force_login(staff["reception"])
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Arbejdet kunne ikke gøres færdigt" in page and "Beregningen stoppede uventet" in page
    assert "Traceback" not in page and "RuntimeError" not in page and "hx-trigger" not in page


@pytest.mark.django_db
def test_a_failure_the_user_can_act_on_is_said_as_the_work_said_it(staff):
    def work(job):
        raise services.JobFailed("Lokationen er lukket. Vælg en anden lokation.")

    job = make_job(staff["reception"])
    services.run_job(str(job.pk), work)
    job.refresh_from_db()
    assert (job.status, job.failure) == (Job.Status.FAILED, "Lokationen er lukket. Vælg en anden lokation.")


@pytest.mark.django_db
@override_settings(TASKS=DUMMY_TASKS)
def test_starting_a_job_queues_its_task_with_the_job_s_id_only(staff):
    from velkomst.allocation import tasks

    job = services.job_start(by=staff["reception"], kind=Job.Kind.RELOCATION_PLAN, capability="plan_relocations",
                             task=tasks.relocation_task, params={"mode": "category", "category": "vulnerable"})
    assert (job.status, job.role, job.step) == (Job.Status.QUEUED, "reception", services.STEP_QUEUED)
    [result] = tasks.relocation_task.get_backend().results
    assert (list(result.args), result.kwargs) == ([str(job.pk)], {})
    assert services.job_latest_unfinished(user=staff["reception"], kind=Job.Kind.RELOCATION_PLAN) == job
    with pytest.raises(ValueError):
        services.job_start(by=staff["reception"], kind=Job.Kind.RELOCATION_PLAN, capability="no_such", task=tasks.relocation_task, params={})


@pytest.mark.django_db
def test_a_running_job_whose_worker_stopped_is_failed_after_ten_minutes_without_progress(staff, client):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    job = make_job(staff["reception"], status=Job.Status.RUNNING, started_at=now - timedelta(minutes=30), heartbeat_at=now - timedelta(minutes=9))
    assert services.job_check_stale(job, now=now).status == Job.Status.RUNNING  # progress 9 minutes ago: still working
    job = services.job_check_stale(job, now=now + timedelta(minutes=2))
    assert job.status == Job.Status.FAILED and job.failure.startswith("Arbejdet blev afbrudt")
    # The page does the same with the clock.
    stale = make_job(staff["reception"], status=Job.Status.RUNNING, started_at=now - timedelta(hours=1), heartbeat_at=now - timedelta(hours=1))
    client.force_login(staff["reception"])
    page = client.get(f"/jobs/{stale.pk}/").content.decode()
    assert "Arbejdet blev afbrudt" in page and "hx-trigger" not in page
    queued = make_job(staff["reception"], created_at=now - timedelta(hours=1))  # waiting for a worker is not a failure
    assert services.job_check_stale(queued, now=now).status == Job.Status.QUEUED


@pytest.mark.django_db
def test_a_job_without_a_step_text_shows_its_status_only(staff, client):
    job = make_job(staff["reception"], step="")
    client.force_login(staff["reception"])
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "<strong>Venter på at starte</strong></p>" in page and "Content-Type" not in page  # gettext("") is the catalogue's header
