"""The dashboard's figures as last computed for a date (`services.figures_shown`).

Why a snapshot: at ten times Copenhagen computing the figures reads every case with its status, housing and job on
the date, and every journey of the year (about 0.6 s on PostgreSQL). The dashboard shows the snapshot at once and,
when it is older than `FIGURES_FRESH_SECONDS`, has a background worker compute it again; the page says when the
figures were computed and takes the new ones when they are ready. Not kept by the services in the write's own
transaction: the figures are "as of any date", and a status, a tenancy or a job can be recorded for a past day,
so which snapshots a change touches cannot be told cheaply. The snapshot holds counts only, never a person.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class FiguresSnapshot(models.Model):
    as_of = models.DateField(_("as of"), unique=True)
    computed_at = models.DateTimeField(_("computed"))
    # `figures.dashboard_payload`: numbers, keys, dates as ISO text; no label, so every language reads the same row.
    figures = models.JSONField(_("figures"))
    # Set while a refresh is queued or running (one at a time per date); cleared when the refresh is stored.
    refresh_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("figures snapshot")
        verbose_name_plural = _("figures snapshots")
