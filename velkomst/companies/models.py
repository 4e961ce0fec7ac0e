from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from velkomst.people.models import Case
from velkomst.programme.models import Sector
from velkomst.rules.programme import ActivityKind


class Company(models.Model):
    class Ownership(models.TextChoices):
        PRIVATE = "private", _("Private")
        PUBLIC = "public", _("Public")

    cvr = models.CharField(_("CVR number"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=150)
    sector = models.PositiveSmallIntegerField(_("sector"), choices=Sector.choices, null=True, blank=True)
    ownership = models.CharField(_("private or public"), max_length=8, choices=Ownership.choices, default=Ownership.PRIVATE)
    address = models.CharField(_("address"), max_length=200, blank=True, help_text=_("Street, number, postcode and town"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Contact(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("company"))
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name", "id"]


class OfferKind(models.TextChoices):
    COMPANY_INTERNSHIP = ActivityKind.COMPANY_INTERNSHIP.value, _("Company internship (virksomhedspraktik)")
    JOB_INTERNSHIP = ActivityKind.JOB_INTERNSHIP.value, _("Job internship (jobpraktik)")
    WAGE_SUBSIDY = ActivityKind.WAGE_SUBSIDY.value, _("Wage subsidy job (løntilskud)")
    ORDINARY_JOB = ActivityKind.ORDINARY_JOB.value, _("Ordinary job")


class DanishNeeded(models.IntegerChoices):
    """Danish needed, as modules passed in Danish education."""

    NONE = 0, _("No Danish needed")
    BASIC = 2, _("Basic Danish (2 modules passed)")
    INTERMEDIATE = 4, _("Intermediate Danish (4 modules passed)")
    GOOD = 6, _("Good Danish (all modules passed)")


class PlacementOffer(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", pgettext_lazy("offer", "Closed")

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="offers", verbose_name=_("company"))
    kind = models.CharField(_("kind"), max_length=20, choices=OfferKind.choices)
    title = models.CharField(_("job title"), max_length=120)
    hours_per_week = models.DecimalField(_("hours a week"), max_digits=4, decimal_places=1)
    days_per_week = models.PositiveSmallIntegerField(_("days a week"))
    starts_on = models.DateField(_("start"))
    weeks = models.PositiveSmallIntegerField(_("length in weeks"))
    danish_needed = models.PositiveSmallIntegerField(_("Danish needed"), choices=DanishNeeded.choices, default=DanishNeeded.NONE)
    places = models.PositiveSmallIntegerField(_("places"), default=1)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("placement offer")
        verbose_name_plural = _("placement offers")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(days_per_week__gte=1) & Q(days_per_week__lte=7), name="offer_days_1_to_7"),
            models.CheckConstraint(condition=Q(weeks__gte=1), name="offer_at_least_a_week"),
        ]

    def __str__(self):
        return f"{self.title}, {self.company}"


class Placement(models.Model):
    class Outcome(models.TextChoices):
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        DROPPED_OUT = "dropped_out", _("Dropped out")
        HIRED = "hired", _("Hired")

    offer = models.ForeignKey(PlacementOffer, on_delete=models.PROTECT, related_name="placements", verbose_name=_("offer"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="placements", verbose_name=_("case"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    extension_reason = models.CharField(_("reason for extending beyond the usual length"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.ONGOING)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="placement_ends_after_start"),
            models.UniqueConstraint(fields=["offer", "case"], condition=Q(outcome="ongoing"), name="one_ongoing_placement_per_offer"),
        ]
