"""A long piece of work run by a background worker (django-tasks): what it is, how far it has come, and where its
result is. The job page (/jobs/<uuid>/) reads this row; the worker writes it. No personal data: the parameters are
ids and dates, the step text is a fixed sentence, the failure a sentence for the user."""
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        RELOCATION_PLAN = "relocation_plan", _("Relocation plan")
        PLACEMENT_PROPOSAL = "placement_proposal", _("Placement proposal")
        REFERRAL_IMPORT = "referral_import", _("Import of a referral list")
        FORECAST = "forecast", _("Capacity forecast")

    # The job's address: a random UUID, so the URL says nothing about the job, its user or anyone in it.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)  # per cent, 0-100
    # The step being worked on: a fixed English source sentence, translated when the page shows it.
    step = models.CharField(_("step"), max_length=200, blank=True)
    # The work's input as the starting service gave it: ids, codes and dates, never names or CPR numbers.
    params = models.JSONField(default=dict)
    # Who may follow the job besides the one who started it: the same role, holding this capability (accounts.roles).
    capability = models.CharField(max_length=50)
    role = models.CharField(max_length=30, blank=True)
    result_url = models.CharField(_("result"), max_length=200, blank=True)
    # Why it failed, in the interface's language (Danish), for the user: never a traceback or a person's data.
    failure = models.CharField(_("reason for failure"), max_length=500, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written with every progress step: a running job without one for long lost its worker (stopped, killed).
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["started_by", "kind", "-created_at"])]

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
