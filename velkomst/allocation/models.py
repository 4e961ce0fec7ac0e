from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Proposal(models.Model):
    """A placement plan for a batch of arriving households, as the engine proposed it and staff adjusted it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        STALE = "stale", _("Out of date")

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    move_in_on = models.DateField(_("move-in date"))
    instance = models.JSONField()
    plan = models.JSONField()
    # The occupancy the plan was made for; confirmation is refused when it has changed.
    occupancy_fingerprint = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("placement proposal")
        verbose_name_plural = _("placement proposals")
        ordering = ["-created_at", "-id"]


class Override(models.Model):
    """A placement changed by hand, with the reason (the hard rules still hold)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="overrides")
    household_key = models.CharField(max_length=40)
    from_room = models.CharField(max_length=100, blank=True)
    to_room = models.CharField(max_length=100)
    reason = models.CharField(_("reason"), max_length=300)
    objective_before = models.IntegerField()
    objective_after = models.IntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
