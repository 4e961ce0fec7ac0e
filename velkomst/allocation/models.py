from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from velkomst.housing.models import Category


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


class RelocationPlan(models.Model):
    """A relocation plan as the engine made it in a background job (velkomst/jobs): a move list by tenancy and room code.
    Made with the solver time the plan needs (settings.RELOCATION_TIME_LIMIT), kept so the page can be opened again."""

    class Mode(models.TextChoices):
        EMPTY_LOCATION = "empty_location", _("Empty a location")
        CATEGORY = "category", _("Move a target group to its reserved locations")

    job = models.OneToOneField("jobs.Job", on_delete=models.PROTECT, related_name="relocation_plan")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("plan"), max_length=20, choices=Mode.choices)
    location = models.ForeignKey("housing.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    category = models.CharField(_("target group"), max_length=30, blank=True)
    by_date = models.DateField(_("by date"))
    # {"moves": [{"tenancy": id, "to_room": code}], "stays": [id], "unplaced": [{"tenancy": id, "code", "params"}],
    #  "status", "objective", "bound", "time_limit"}: ids and codes only, the names are read when the page is shown.
    result = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("relocation plan")
        verbose_name_plural = _("relocation plans")
        ordering = ["-created_at", "-id"]

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label) if self.category in Category.values else self.category
