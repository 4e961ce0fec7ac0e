from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from velkomst.jobs.models import Job
from velkomst.jobs.services import job_check_stale, job_visible_to


def job_for(user, job_id) -> Job:
    """The job, if this user may follow it; else it does not exist for them (404, as another host's tenancy)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or not job_visible_to(user, job):
        raise Http404
    return job


def job_detail(request, job_id):
    """A background job's progress; htmx asks for the status part again every two seconds until the job is finished.
    A job done with a result leads there: the poll makes the browser go (HX-Redirect), a visit or reload is redirected,
    so whoever started the work lands on what it made. A failed job stays here and says why.
    Open to every member of staff: who may see a job is decided per job (`job_visible_to`), by the job's capability."""
    job = job_check_stale(job_for(request.user, job_id), now=timezone.now())
    if job.status == Job.Status.DONE and job.result_url:
        if request.htmx:
            return HttpResponse(status=204, headers={"HX-Redirect": job.result_url})
        return redirect(job.result_url)
    template = "jobs/job.html#status" if request.htmx else "jobs/job.html"
    return render(request, template, {"job": job})
