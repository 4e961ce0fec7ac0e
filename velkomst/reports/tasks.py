"""The figures' background task (django-tasks): computing a date's dashboard again while the page shows the last one."""
from datetime import date, datetime

from django_tasks import task

from velkomst.reports import services


@task()
def figures_refresh_task(as_of: str, requested_at: str) -> None:
    services.figures_snapshot_store(date.fromisoformat(as_of), computed_at=datetime.fromisoformat(requested_at))
