"""The dashboard's figures snapshot: shown at once, computed again in the background when it is old (models.py says why)."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django_tasks import task

from velkomst.reports import figures
from velkomst.reports.models import FiguresSnapshot

# A queued refresh that has not been stored after this long lost its worker: the next visit queues another.
REFRESH_LOST_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class ShownFigures:
    dashboard: figures.Dashboard
    computed_at: datetime
    refreshing: bool  # newer figures are being computed; the page asks again until they are there


def figures_shown(as_of: date, *, now: datetime, refresh: bool = True) -> ShownFigures:
    """The figures for the date as last computed. The first visit of a date computes them in the request; a snapshot
    older than `FIGURES_FRESH_SECONDS` is shown while a background task computes it again (``refresh``: may queue
    that task; the page's own polls do not, so that they end when the refresh is stored)."""
    snapshot = FiguresSnapshot.objects.filter(as_of=as_of).first()
    if snapshot is None:
        snapshot = figures_snapshot_store(as_of, computed_at=now)
    elif refresh and snapshot.computed_at < now - timedelta(seconds=settings.FIGURES_FRESH_SECONDS) and _refresh_claimed(snapshot, now):
        figures_refresh_task.enqueue(as_of.isoformat(), now.isoformat())
        snapshot.refresh_from_db()  # a worker that ran at once (the test suite's immediate backend) has stored it
    refreshing = snapshot.refresh_queued_at is not None and snapshot.refresh_queued_at >= now - REFRESH_LOST_AFTER
    return ShownFigures(figures.dashboard_from_payload(snapshot.figures), snapshot.computed_at, refreshing)


def figures_current(as_of: date, *, now: datetime) -> figures.Dashboard:
    """The figures for an export: the snapshot when it is fresh (what the page shows), else computed now and stored.
    An export is a record taken away: it may not be the hours-old snapshot of a date nobody has looked at since."""
    snapshot = FiguresSnapshot.objects.filter(as_of=as_of, computed_at__gte=now - timedelta(seconds=settings.FIGURES_FRESH_SECONDS)).first()
    return figures.dashboard_from_payload((snapshot or figures_snapshot_store(as_of, computed_at=now)).figures)


def figure_groups(as_of: date, *, now: datetime) -> tuple[list[figures.CaseRow], datetime]:
    """The cases grouped as the dashboard's figures were counted, and when: the snapshot the dashboard shows (refreshed
    as the dashboard is). A figure's count, share and anonymous breakdown come from them, so a figure's page says what
    the dashboard says, without reading the 67,593 cases of ten times Copenhagen one by one (a second and more).
    A snapshot kept before it held the groups: counted now (`figures.case_groups`)."""
    shown = figures_shown(as_of, now=now)
    if shown.dashboard.groups:
        return shown.dashboard.groups, shown.computed_at
    return figures.case_groups(as_of), now


def _refresh_claimed(snapshot: FiguresSnapshot, now: datetime) -> bool:
    """Mark the snapshot as being refreshed unless a refresh is already on its way: one task per date at a time."""
    unclaimed = Q(refresh_queued_at__isnull=True) | Q(refresh_queued_at__lt=now - REFRESH_LOST_AFTER)
    return bool(FiguresSnapshot.objects.filter(unclaimed, pk=snapshot.pk).update(refresh_queued_at=now))


# The background task lives beside the service it calls: one module, so neither has to import the other late.
@task()
def figures_refresh_task(as_of: str, requested_at: str) -> None:
    """Compute a date's figures again while the page shows the last ones (django-tasks; queued by `figures_shown`)."""
    figures_snapshot_store(date.fromisoformat(as_of), computed_at=datetime.fromisoformat(requested_at))


def figures_snapshot_store(as_of: date, *, computed_at: datetime) -> FiguresSnapshot:
    """Compute the date's figures and keep them. ``computed_at``: when the computation was asked for (the figures
    hold every change committed before it). An older computation finishing late never replaces a newer one."""
    payload = figures.dashboard_payload(figures.dashboard(as_of))
    stored = FiguresSnapshot.objects.filter(as_of=as_of, computed_at__lte=computed_at).update(
        computed_at=computed_at, figures=payload, refresh_queued_at=None)
    if not stored:
        try:
            with transaction.atomic():
                FiguresSnapshot.objects.create(as_of=as_of, computed_at=computed_at, figures=payload)
        except IntegrityError:  # a newer snapshot is there (stored by another request or a worker meanwhile)
            pass
    return FiguresSnapshot.objects.get(as_of=as_of)
