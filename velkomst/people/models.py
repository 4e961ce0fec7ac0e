from datetime import date

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from velkomst.lib.dates import add_years, age_on
from velkomst.rules import populations
from velkomst.rules.deadlines import INTEGRATION_PERIOD_YEARS


class Gender(models.TextChoices):
    FEMALE = "F", pgettext_lazy("gender", "Female")
    MALE = "M", pgettext_lazy("gender", "Male")
    OTHER = "X", pgettext_lazy("gender", "Other (X)")


class Person(models.Model):
    first_name = models.CharField(_("first name(s)"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    cpr = models.CharField(_("CPR number"), max_length=11, blank=True, null=True, unique=True)
    birth_date = models.DateField(_("birth date"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    nationality = models.CharField(_("nationality"), max_length=60, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True, help_text=_("Separate with commas"))
    interpreter_language = models.CharField(
        _("interpreter needed in"), max_length=60, blank=True, help_text=_("Leave empty if no interpreter is needed")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Search keys kept in step by the services: folded names (case and accents
    # ignored, identical on SQLite and PostgreSQL) and the transliterated name key.
    search_key = models.CharField(max_length=400, editable=False, db_index=True)
    name_key = models.CharField(max_length=400, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)

    def digital_post_eligible(self, on: date) -> bool:
        """Letters go by Digital Post to citizens of 15 and over with a CPR number (Fællesoffentlig Digital Post)."""
        return bool(self.cpr) and self.age_on(on) >= 15


class Household(models.Model):
    needs_step_free = models.BooleanField(_("needs step-free access"), default=False)
    needs_own_room = models.BooleanField(
        _("needs a room of their own (health)"), default=False, help_text=_("Skånebehov: documented health need")
    )
    # Restricted (GDPR art. 9): the documented reason is shown only to roles with `view_sensitive`; the others may
    # record one but never read it back.
    own_room_reason = models.TextField(_("documented reason for a room of their own"), blank=True, max_length=1000)
    first_benefit_payment_on = models.DateField(
        _("first benefit payment"), null=True, blank=True, help_text=_("Food distribution ends with the first benefit payment")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # What the occupancy overview counts of the members and pets, kept by `recount_members` (called by the services
    # that add members, change a member's gender or birth date, or change the pets). Why stored: at ten times
    # Copenhagen the overview counted 60,000 persons through their memberships on every view (0.1 s of its SQL).
    # The youngest member's birth date, not an age: whether the household is a family on a day follows from it.
    member_count = models.PositiveIntegerField(default=0, editable=False)
    women = models.PositiveIntegerField(default=0, editable=False)
    men = models.PositiveIntegerField(default=0, editable=False)
    youngest_birth_date = models.DateField(null=True, blank=True, editable=False)
    pet_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        # The lone minors (a household of one, under 18): the occupancy overview counts them as families on the day.
        indexes = [models.Index(fields=["youngest_birth_date"], condition=Q(member_count=1), name="people_household_lone_birth")]

    def __str__(self):
        return _("Household %(id)s") % {"id": self.pk}


class Pet(models.Model):
    class Kind(models.TextChoices):
        DOG = "dog", _("Dog")
        CAT = "cat", _("Cat")
        OTHER = "other", _("Other")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="pets", verbose_name=_("household"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("pet")
        verbose_name_plural = _("pets")


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        SPOUSE = "spouse", _("Spouse/partner")
        CHILD = "child", _("Child")
        OTHER = "other", _("Other")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="membership")
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")


class TargetGroup(models.TextChoices):
    DISPLACED_UKRAINIAN = "displaced_ukrainian", _("Displaced Ukrainian (special act)")
    MUNICIPAL_QUOTA = "municipal_quota", _("Refugee, municipal quota")
    UN_QUOTA = "un_quota", _("Refugee, UN quota")
    OTHER_REFUGEE = "other_refugee", _("Other refugee")
    FAMILY_REUNIFIED = "family_reunified", _("Family-reunified")
    LAB_YOUTH_ACTIVITY = "lab_youth_activity", _("LAB youth, activity-ready")
    LAB_YOUTH_EDUCATION = "lab_youth_education", _("LAB youth, education-ready")
    LAB_JOB_READY = "lab_job_ready", _("LAB, job-ready")
    LAB_ACTIVITY_READY = "lab_activity_ready", _("LAB, activity-ready")


# Which target groups are refugees is a rule (``rules.populations``); these are the same codes as choices.
QUOTA_GROUPS = tuple(TargetGroup(group) for group in populations.QUOTA_GROUPS)
REFUGEE_GROUPS = tuple(TargetGroup(group) for group in populations.REFUGEE_GROUPS)


class Readiness(models.TextChoices):
    JOB_READY = "job_ready", _("Job-ready (jobparat)")
    ACTIVITY_READY = "activity_ready", _("Activity-ready (aktivitetsparat)")
    EDUCATION_READY = "education_ready", _("Education-ready (uddannelsesparat)")


class CaseStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    ARRIVED = "arrived", _("Arrived")
    IN_PROGRAMME = "in_programme", _("In programme")
    IN_PLACEMENT = "in_placement", _("In placement")
    EMPLOYED = "employed", _("Employed")
    PAUSED = "paused", _("Paused")
    LEFT = "left", _("Left")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


# Statuses of a citizen who still lives in the municipality.
ACTIVE_STATUSES = (
    CaseStatus.REFERRED,
    CaseStatus.ARRIVED,
    CaseStatus.IN_PROGRAMME,
    CaseStatus.IN_PLACEMENT,
    CaseStatus.EMPLOYED,
    CaseStatus.PAUSED,
)
LIVING_HERE_STATUSES = tuple(s for s in ACTIVE_STATUSES if s != CaseStatus.REFERRED)
PROGRAMME_STATUSES = (CaseStatus.IN_PROGRAMME, CaseStatus.IN_PLACEMENT)


class LeftReason(models.TextChoices):
    MOVED_AWAY = "moved_away", _("Moved to another municipality")
    LEFT_DENMARK = "left_denmark", _("Left Denmark")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=20, unique=True)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases", verbose_name=_("person"))
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="cases", null=True, blank=True, verbose_name=_("household")
    )
    target_group = models.CharField(_("target group (målgruppe)"), max_length=24, choices=TargetGroup.choices)
    readiness = models.CharField(_("readiness (parathed)"), max_length=16, choices=Readiness.choices, blank=True)
    permit_type = models.CharField(_("residence permit (opholdstilladelse)"), max_length=100, blank=True)
    permit_expires = models.DateField(_("permit expires"), null=True, blank=True)
    referral_decision_date = models.DateField(_("referral decision date (visitationsdato)"))
    takeover_date = models.DateField(_("take-over date (overtagelsesdato)"), null=True, blank=True)
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.REFERRED)
    left_reason = models.CharField(_("reason for leaving"), max_length=16, choices=LeftReason.choices, blank=True)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("caseworker"),
    )
    # Restricted flags (GDPR art. 9): only roles with `view_sensitive` see them.
    patient = models.BooleanField(_("patient"), default=False)
    elderly_illness = models.BooleanField(_("elderly with age-related illness"), default=False)
    addiction = models.BooleanField(_("addiction"), default=False)
    psychologically_vulnerable = models.BooleanField(_("psychologically vulnerable"), default=False)
    socially_challenged = models.BooleanField(_("socially challenged"), default=False)
    patient_track = models.BooleanField(_("patient track (patientsporet)"), default=False)
    work_obligation = models.BooleanField(_("under the work obligation (arbejdspligt)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    SENSITIVE_FIELDS = (
        "patient",
        "elderly_illness",
        "addiction",
        "psychologically_vulnerable",
        "socially_challenged",
        "patient_track",
        "work_obligation",
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-referral_decision_date", "-id"]
        # arrival_date: the worklist's arrivals of the week (`worklist.selectors._arrivals_this_week`); referral decision
        # date: the referrals of the last weeks on the worklist and the dashboard (a seq scan of 67,593 cases at 10x).
        indexes = [models.Index(fields=["status", "target_group"]), models.Index(fields=["caseworker", "status"]),
                   models.Index(fields=["arrival_date"], name="people_case_arrival"),
                   models.Index(fields=["referral_decision_date"], name="people_case_referred")]

    def __str__(self):
        return self.number

    @property
    def population(self) -> str | None:
        """The housing population of the allocation SPEC: "ukrainian", "refugee" or None (LAB citizens)."""
        return populations.population_of(self.target_group)

    @property
    def integration_period_end(self) -> date | None:
        """Five years after the take-over (29 February rolls to 28 February)."""
        if self.takeover_date is None:
            return None
        return add_years(self.takeover_date, INTEGRATION_PERIOD_YEARS)

    @property
    def is_vulnerable(self) -> bool:
        return any((self.patient, self.elderly_illness, self.addiction, self.psychologically_vulnerable, self.socially_challenged))

    @property
    def housing_category(self) -> str | None:
        """The allocation category: patients first, then any other vulnerable group."""
        if self.patient or self.patient_track:
            return "patient"
        if self.is_vulnerable:
            return "vulnerable"
        return None


class CaseStatusChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    on = models.DateField(_("date"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    # The day the case's next change took effect (None: in effect still). The status of a case on a day is then the
    # one change with on <= day < until: one range condition the database joins on, where a search of each case's
    # history (ORDER BY on DESC LIMIT 1 per case) cost 0.2-0.4 s of the dashboard at ten times Copenhagen.
    # Derived from the history by `link_periods`, which whoever records a change calls (`people.services`); never edited.
    until = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["until"], name="people_status_until")]


def periods_until(changes) -> dict[int, date | None]:
    """`until` of each change: (id, case id, on) rows in the order (case, on, id) -> id: the next change's day."""
    until: dict[int, date | None] = {}
    previous = None
    for pk, case_id, on in changes:
        if previous is not None and previous[1] == case_id:
            until[previous[0]] = on
        until[pk] = None
        previous = (pk, case_id)
    return until


def link_periods(case_ids=None) -> None:
    """Set `until` of the status changes of these cases (None: of every case) from their history: a change ends
    the day the next one (by day, then as recorded) takes effect; two on one day, the earlier never holds."""
    changes = CaseStatusChange.objects.all() if case_ids is None else CaseStatusChange.objects.filter(case_id__in=case_ids)
    rows = list(changes.order_by("case_id", "on", "id").values_list("id", "case_id", "on", "until"))
    until = periods_until((pk, case_id, on) for pk, case_id, on, _until in rows)
    stale = [CaseStatusChange(pk=pk, until=until[pk]) for pk, _case, _on, current in rows if until[pk] != current]
    CaseStatusChange.objects.bulk_update(stale, ["until"], batch_size=2000)


# Sent with the ids of the households whose counts `recount_members` changed: the occupancy overview's read model of
# the rooms they live in follows (`housing.receivers`), without the people app knowing of housing.
household_counts_changed = Signal()


@transaction.atomic
def recount_members(household_ids=None) -> None:
    """Set the member and pet counts of these households (None: of every household) from their members and pets,
    and send `household_counts_changed` for those that changed. Three queries, and the receivers'."""
    households = Household.objects.all() if household_ids is None else Household.objects.filter(pk__in=list(household_ids))
    if household_ids is not None:
        # Locked first, in one order: of two members added to one household at once, the second is counted after the
        # first has committed, so neither count leaves the other's member out.
        list(households.select_for_update().order_by("pk").values_list("pk", flat=True))
    counted = households.annotate(
        n=models.Count("members", distinct=True),
        f=models.Count("members", filter=Q(members__person__gender="F"), distinct=True),
        m=models.Count("members", filter=Q(members__person__gender="M"), distinct=True),
        youngest=models.Max("members__person__birth_date"),
        p=models.Count("pets", distinct=True),
    ).values_list("pk", "n", "f", "m", "youngest", "p", "member_count", "women", "men", "youngest_birth_date", "pet_count")
    stale = [Household(pk=pk, member_count=n, women=f, men=m, youngest_birth_date=youngest, pet_count=p)
             for pk, n, f, m, youngest, p, *stored in counted if (n, f, m, youngest, p) != tuple(stored)]
    Household.objects.bulk_update(stale, ["member_count", "women", "men", "youngest_birth_date", "pet_count"], batch_size=2000)
    if stale:
        household_counts_changed.send(sender=Household, household_ids=[household.pk for household in stale])


def status_on(day):
    """The condition on a case's `status_changes` that selects the status in effect on the day (see `until`)."""
    return Q(status_changes__on__lte=day) & (Q(status_changes__until__isnull=True) | Q(status_changes__until__gt=day))


class JournalEntry(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        EVENT = "event", _("Event")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="journal")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # An event that names a restricted case flag, or the weekly norm that gives the work obligation away:
    # the timeline shows it only to roles with `view_sensitive`.
    restricted = models.BooleanField(_("Restricted information"), default=False)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal")
        ordering = ["-at", "-id"]
