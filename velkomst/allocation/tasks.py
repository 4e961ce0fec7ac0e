"""The allocation's background tasks (django-tasks; velkomst/jobs): each takes the job's id and nothing else."""
from django_tasks import task

from velkomst.allocation import services
from velkomst.jobs.services import run_job


@task()
def relocation_task(job_id: str) -> None:
    run_job(job_id, services.relocation_run)


@task()
def proposal_task(job_id: str) -> None:
    run_job(job_id, services.proposal_run)
