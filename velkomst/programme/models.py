from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from velkomst.people.models import Case, Household, Person
from velkomst.rules.programme import ActivityKind

PROGRAMME_NAME = _("Introduction programme (introduktionsprogram)")
FORMER_NAME = _("formerly the self-support and return programme (selvforsørgelses- og hjemrejseprogram)")



class Sector(models.IntegerChoices):
    """The three sectors of the sector classes (branchehold)."""

    HOSPITALITY = 1, _("Hotel, restaurant, cleaning and experience economy")
    RETAIL_WELFARE = 2, _("Retail and public welfare")
    CONSTRUCTION_LOGISTICS = 3, _("Construction, transport, logistics and warehouse")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Activity(models.TextChoices):
    WELCOME_CLASS = ActivityKind.WELCOME_CLASS.value, _("Welcome class (velkomsthold)")
    SECTOR_CLASS = ActivityKind.SECTOR_CLASS.value, _("Sector class (branchehold)")
    DANISH_EDUCATION = ActivityKind.DANISH_EDUCATION.value, _("Danish education")
    COMPANY_INTERNSHIP = ActivityKind.COMPANY_INTERNSHIP.value, _("Company internship (virksomhedspraktik)")
    JOB_INTERNSHIP = ActivityKind.JOB_INTERNSHIP.value, _("Job internship (jobpraktik)")
    WAGE_SUBSIDY = ActivityKind.WAGE_SUBSIDY.value, _("Wage subsidy job (løntilskud)")
    ORDINARY_JOB = ActivityKind.ORDINARY_JOB.value, _("Ordinary job")
    UTILITY_WORK = ActivityKind.UTILITY_WORK.value, _("Utility work (nytteindsats)")
    JOB_SEARCH = ActivityKind.JOB_SEARCH.value, _("Job search")
    MEETING = ActivityKind.MEETING.value, pgettext_lazy("activity", "Meeting")
    TREATMENT = ActivityKind.TREATMENT.value, _("Treatment")
    TRANSPORT = ActivityKind.TRANSPORT.value, _("Transport between activities")


class Enrolment(models.Model):
    """The citizen's introduction programme, with the weekly hours norm of their group."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("case"))
    started_on = models.DateField(_("programme start"))
    norm_hours = models.DecimalField(_("weekly hours norm"), max_digits=4, decimal_places=1)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("programme enrolment")
        verbose_name_plural = _("programme enrolments")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(ended_on__isnull=True), name="one_open_enrolment_per_case"),
        ]


class ResidencePeriod(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residence_periods", verbose_name=_("person"))
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True, help_text=_("Leave empty while it lasts"))

    class Meta:
        verbose_name = _("residence period")
        verbose_name_plural = _("residence periods")
        ordering = ["started_on", "id"]


class WorkPeriod(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="work_periods", verbose_name=_("person"))
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True, help_text=_("Leave empty while it lasts"))
    hours_per_week = models.DecimalField(_("hours a week"), max_digits=4, decimal_places=1)
    employer = models.CharField(_("employer"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("work period")
        verbose_name_plural = _("work periods")
        ordering = ["started_on", "id"]


class Employment(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = ActivityKind.ORDINARY_JOB.value, _("Ordinary job")
        WAGE_SUBSIDY = ActivityKind.WAGE_SUBSIDY.value, _("Wage subsidy job (løntilskud)")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="employments", verbose_name=_("case"))
    kind = models.CharField(_("kind of job"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    # The employer from the company register when it is there (name and CVR copied, so the history reads as it was),
    # else a name typed in.
    company = models.ForeignKey("companies.Company", on_delete=models.PROTECT, null=True, blank=True, related_name="employments",
                                verbose_name=_("company"))
    employer = models.CharField(_("employer"), max_length=150)
    employer_cvr = models.CharField(_("employer's CVR number"), max_length=8, blank=True)
    hours_per_week = models.DecimalField(_("hours a week"), max_digits=4, decimal_places=1)
    monthly_income = models.DecimalField(_("monthly income (DKK, before tax)"), max_digits=9, decimal_places=2)
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(_("reason the job ended"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")), name="employment_ends_after_start"),
        ]


class PlanItem(models.Model):
    """One activity of the weekly plan: a weekday and times, valid from a date (to a date).

    Nothing is deleted: an item ends by getting ``valid_to``; a job suspends
    items (``suspended_for``) and losing the job resumes them as new items
    (``resumed_from``)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_items", verbose_name=_("case"))
    kind = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    with_interpreter = models.BooleanField(_("with an interpreter"), default=False)
    sector = models.PositiveSmallIntegerField(_("sector"), choices=Sector.choices, null=True, blank=True)
    teaching_class = models.ForeignKey("education.TeachingClass", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("class"))
    specially_arranged = models.BooleanField(_("specially arranged utility work (særligt tilrettelagt)"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    placement = models.ForeignKey("companies.Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="plan_items")
    # A job suspends an item: valid_to becomes the day before the job (the day before
    # valid_from for an item not yet begun: never active) and the old end is kept here.
    valid_to_before_suspension = models.DateField(null=True, blank=True, editable=False)
    suspended_for = models.ForeignKey(Employment, on_delete=models.PROTECT, null=True, blank=True, related_name="suspended_items")
    resumed_from = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="resumed_as")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("planned activity")
        verbose_name_plural = _("weekly plan")
        ordering = ["weekday", "start", "id"]
        indexes = [models.Index(fields=["case", "valid_from"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="plan_item_ends_after_start"),
        ]

    @property
    def hours(self) -> float:
        return ((self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)) / 60


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Absent with a valid reason")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("case"))
    on = models.DateField(_("date"))
    kind = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    teaching_class = models.ForeignKey("education.TeachingClass", on_delete=models.PROTECT, null=True, blank=True, related_name="attendance",
                                       verbose_name=_("class"))
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)
    hours = models.DecimalField(_("hours attended"), max_digits=4, decimal_places=2)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        indexes = [models.Index(fields=["on", "case"])]
        constraints = [
            models.UniqueConstraint(fields=["case", "on", "teaching_class"], name="one_attendance_per_class_day"),
            # Outside a class (a placement, utility work): one row per activity and day; NULLs never clash above.
            models.UniqueConstraint(fields=["case", "on", "kind"], condition=models.Q(teaching_class__isnull=True),
                                    name="one_attendance_per_activity_day"),
        ]


class FollowUp(models.Model):
    """A follow-up after the job, twice a year through the integration period: job, Danish and income."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("case"))
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("held on"), null=True, blank=True)
    still_employed = models.BooleanField(_("still in the job"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("hours a week"), max_digits=4, decimal_places=1, null=True, blank=True)
    monthly_income = models.DecimalField(_("monthly income (DKK, before tax)"), max_digits=9, decimal_places=2, null=True, blank=True)
    danish = models.CharField(_("Danish education"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    employment = models.ForeignKey(Employment, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups")
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "due_on"], name="one_follow_up_per_case_and_day")]


class HousingReferral(models.Model):
    """Referral to permanent housing (boligindstilling) of a household whose income allows it."""

    class Status(models.TextChoices):
        REFERRED = "referred", pgettext_lazy("housing referral", "Referred")
        OFFERED = "offered", _("Offered a home")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        MOVED_OUT = "moved_out", _("Moved out")

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="housing_referrals", verbose_name=_("household"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="housing_referrals", verbose_name=_("case"))
    monthly_income = models.DecimalField(_("household's monthly income (DKK)"), max_digits=9, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REFERRED)
    referred_on = models.DateField(_("referred"))
    status_on = models.DateField(_("status date"))
    address = models.CharField(_("address offered"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("referral to permanent housing (boligindstilling)")
        verbose_name_plural = _("referrals to permanent housing")
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=Q(status__in=["referred", "offered", "accepted"]),
                                    name="one_open_housing_referral_per_household"),
        ]


class HousingIncomeThreshold(models.Model):
    """The monthly income from which a household of a size is ready for permanent housing, valid from a day
    (``rules.permanent_housing``). Administrators enter a new set when the centre changes its figures; the old sets
    stay for the history."""

    valid_from = models.DateField(_("valid from"))
    household_size = models.PositiveSmallIntegerField(_("household size (persons)"))
    monthly_income = models.DecimalField(_("monthly income (DKK, before tax)"), max_digits=9, decimal_places=2)

    class Meta:
        verbose_name = _("income threshold for permanent housing")
        verbose_name_plural = _("income thresholds for permanent housing")
        ordering = ["-valid_from", "household_size"]
        constraints = [models.UniqueConstraint(fields=["valid_from", "household_size"], name="one_threshold_per_day_and_size")]


class PatientTrack(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="patient_track_record", verbose_name=_("case"))
    care_needs = models.TextField(_("care needs"))
    hospital = models.CharField(_("discharging hospital"), max_length=120, blank=True)
    partner_health_care = models.BooleanField(_("health and care administration (SUF)"), default=False)
    partner_social = models.BooleanField(_("social administration (SOF)"), default=False)
    partner_capital_region = models.BooleanField(_("Capital Region (Region Hovedstaden)"), default=False)
    partner_hospital = models.BooleanField(_("hospital"), default=False)
    relatives = models.TextField(_("relatives"), blank=True, help_text=_("Name, relation and how to reach them"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("patient track (patientsporet)")
        verbose_name_plural = _("patient tracks")


class VulnerabilityAction(models.Model):
    class Kind(models.TextChoices):
        COORDINATION = "coordination", _("Coordination")
        AGREED_ACTION = "agreed_action", _("Agreed action")
        REVIEW = "review", _("Review")

    class Partner(models.TextChoices):
        NONE = "", _("No partner")
        SOCIAL = "social", _("Social administration")
        HEALTH = "health", _("Health and care administration")
        BOTH = "both", _("Social and health administrations")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="vulnerability_actions", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    partner = models.CharField(_("partner"), max_length=8, choices=Partner.choices, blank=True)
    text = models.TextField(_("what was agreed or found"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vulnerable resident action")
        verbose_name_plural = _("vulnerable resident actions")
        ordering = ["-at", "-id"]


class ChildStatus(models.Model):
    class Status(models.TextChoices):
        DAYCARE = "daycare", _("In daycare")
        SCHOOL = "school", _("In school")
        RECEPTION_CLASS = "reception_class", _("In a reception class (modtagelsesklasse)")
        WAITING = "waiting", _("Waiting for a place")
        AT_HOME = "at_home", _("At home")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="child_statuses", verbose_name=_("child"))
    status = models.CharField(_("school or daycare"), max_length=16, choices=Status.choices)
    institution = models.CharField(_("institution"), max_length=150, blank=True)
    since = models.DateField(_("since"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("child's school or daycare")
        verbose_name_plural = _("children's school or daycare")
        ordering = ["-since", "-id"]
