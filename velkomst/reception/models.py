from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from velkomst.people.models import Readiness
from velkomst.rules import populations


class Population(models.TextChoices):
    """The allocation SPEC's populations; the case's target group says more."""

    UKRAINIAN = populations.UKRAINIAN, _("Displaced Ukrainians")
    REFUGEE = populations.REFUGEE, _("Refugees")


class Referral(models.Model):
    """One household's referral (visitation) from the immigration service, and its preparation checklist.

    The persons, household and cases are made by the people services; this row carries
    what reception needs until the household has arrived. Who ticked which item and when
    is in the change history (`audit.FieldChange`).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Being prepared")
        ARRIVED = "arrived", _("Arrived")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        FORM = "form", _("Form")
        IMPORT = "import", _("Import")

    household = models.OneToOneField(
        "people.Household", on_delete=models.CASCADE, related_name="referral", verbose_name=_("household")
    )
    decision_date = models.DateField(_("referral decision date (visitationsdato)"))
    population = models.CharField(_("population"), max_length=10, choices=Population.choices)
    asylum_centre = models.CharField(_("asylum centre"), max_length=120, blank=True)
    special_considerations = models.TextField(_("special considerations from the referral"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.FORM)

    # Preparation checklist
    asylum_centre_contacted_on = models.DateField(_("asylum centre contacted"), null=True, blank=True)
    considerations_health = models.TextField(_("health"), blank=True)
    considerations_disability = models.TextField(_("disability and accessibility"), blank=True)
    considerations_pets = models.TextField(_("pets"), blank=True)
    considerations_family = models.TextField(_("family"), blank=True)
    considerations_recorded_on = models.DateField(_("special considerations recorded"), null=True, blank=True)
    planned_room = models.ForeignKey(
        "housing.Room", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("temporary housing chosen")
    )
    cpr_activated_on = models.DateField(_("CPR number activated"), null=True, blank=True)
    expected_arrival_on = models.DateField(_("arrival date"), null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    PREPARATION_FIELDS = (
        "asylum_centre_contacted_on",
        "considerations_health",
        "considerations_disability",
        "considerations_pets",
        "considerations_family",
        "considerations_recorded_on",
        "planned_room",
        "cpr_activated_on",
        "expected_arrival_on",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-decision_date", "-id"]
        indexes = [models.Index(fields=["status", "decision_date"])]

    def __str__(self):
        return _("Referral %(id)s") % {"id": self.pk}

    @property
    def checklist(self) -> list[tuple[str, bool]]:
        """The four preparation steps and whether each is done."""
        return [
            (_("Asylum centre contacted"), self.asylum_centre_contacted_on is not None),
            (_("Special considerations recorded"), self.considerations_recorded_on is not None),
            (_("Temporary housing chosen"), self.planned_room_id is not None or self.has_reservation),
            (_("CPR number activated"), self.cpr_activated_on is not None),
            (_("Arrival date set"), self.expected_arrival_on is not None),
        ]

    @property
    def has_reservation(self) -> bool:
        """Whether a room is reserved for the household, or was and it has moved in (the selectors annotate it as
        ``reserved``, one query for a list): the housing step stays done after the arrival."""
        if hasattr(self, "reserved"):
            return bool(self.reserved)
        return (self.household.reservations.filter(status__in=("active", "converted")).exists()
                or self.household.tenancies.exists())

    @property
    def steps_done(self) -> int:
        return sum(done for _, done in self.checklist)


class ReferralImport(models.Model):
    """An uploaded referral list between the preview and the confirmation: the rows as parsed once at upload
    (the file itself is never stored), emptied once imported (the persons then live in their own tables)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Awaiting confirmation")
        IMPORTED = "imported", _("Imported")
        REFUSED = "refused", _("Refused")

    file_name = models.CharField(_("file name"), max_length=200)
    parsed = models.JSONField(_("parsed rows"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported_persons = models.PositiveIntegerField(_("persons imported"), default=0)
    skipped_duplicates = models.PositiveIntegerField(_("possible duplicates not imported"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)
    # Line numbers and ids only (no names): which lines became which referrals, which were skipped as possible duplicates.
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("referral import")
        verbose_name_plural = _("referral imports")
        ordering = ["-uploaded_at", "-id"]


class Appointment(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome meeting (velkomstsamtale)")
        CONTRACT = "contract", _("Contract meeting (kontraktsamtale)")
        FOLLOW_UP = "follow_up", _("Follow-up (opfølgning)")
        OTHER = "other", _("Other meeting")

    class Status(models.TextChoices):
        REQUIRED = "required", _("To be booked")
        PLANNED = "planned", _("Planned")
        COMPLETED = "completed", _("Completed")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey("people.Case", on_delete=models.CASCADE, related_name="appointments", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUIRED)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    interpreter_language = models.CharField(_("interpreter language"), max_length=60, blank=True)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointments", verbose_name=_("caseworker")
    )

    # The welcome meeting's one-stop-shop checklist
    residence_card = models.BooleanField(_("residence card"), default=False)
    mitid = models.BooleanField(_("MitID"), default=False)
    bank_account = models.BooleanField(_("bank account"), default=False)
    benefit_application = models.BooleanField(_("benefit application"), default=False)
    cv_job_shop = models.BooleanField(_("CV made at the job shop"), default=False)
    health = models.BooleanField(_("health talked about"), default=False)
    children = models.BooleanField(_("children talked about (school, day care)"), default=False)
    other_administrations = models.BooleanField(_("coordination with other administrations"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    # The contract meeting's outcome
    readiness = models.CharField(_("readiness assessment"), max_length=16, choices=Readiness.choices, blank=True)
    contract_signed_on = models.DateField(_("contract signed"), null=True, blank=True)
    programme_start_on = models.DateField(_("programme start"), null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    WELCOME_CHECKLIST = (
        "residence_card",
        "mitid",
        "bank_account",
        "benefit_application",
        "cv_job_shop",
        "health",
        "children",
        "other_administrations",
    )
    OPEN_STATUSES = (Status.REQUIRED, Status.PLANNED)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["caseworker", "status", "starts_at"]), models.Index(fields=["case", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="required") | models.Q(status="cancelled") | models.Q(starts_at__isnull=False),
                name="booked_meeting_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.case.number}"

    @property
    def duration(self) -> timedelta | None:
        return self.ends_at - self.starts_at if self.starts_at and self.ends_at else None

    @property
    def day(self):
        return timezone.localtime(self.starts_at).date() if self.starts_at else None
