from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from velkomst.people.models import Case
from velkomst.programme.models import Sector, Weekday
from velkomst.rules import danish as rules


class Track(models.TextChoices):
    DU1 = rules.DU1, "DU1"
    DU2 = rules.DU2, "DU2"
    DU3 = rules.DU3, "DU3"


class LearnerPlacement(models.Model):
    """A learner's Danish education: the track the language school decided, with its reason."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="danish_education", verbose_name=_("case"))
    years_of_schooling = models.PositiveSmallIntegerField(_("years of schooling"), null=True, blank=True)
    literate_in_own_language = models.BooleanField(_("reads and writes their own language"), default=True)
    knows_latin_alphabet = models.BooleanField(_("knows the Latin alphabet"), default=True)
    has_medium_or_long_education = models.BooleanField(_("has a medium or long education"), default=False)
    suggested_track = models.CharField(_("suggested track"), max_length=3, choices=Track.choices)
    track = models.CharField(_("track (danskuddannelse)"), max_length=3, choices=Track.choices)
    decision_reason = models.TextField(_("the language school's reason"))
    with_optional_module = models.BooleanField(_("DU3 with the optional 6th module (towards Studieprøven)"), default=False)
    started_on = models.DateField(_("started"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    private_school = models.CharField(_("private language school"), max_length=120, blank=True)
    private_school_from = models.DateField(_("at the private language school from"), null=True, blank=True)

    class Meta:
        verbose_name = _("Danish education placement")
        verbose_name_plural = _("Danish education placements")

    @property
    def module_count(self) -> int:
        return rules.module_count(self.track, with_optional_module=self.with_optional_module)


class ModuleResult(models.Model):
    placement = models.ForeignKey(LearnerPlacement, on_delete=models.CASCADE, related_name="modules", verbose_name=_("Danish education"))
    module = models.PositiveSmallIntegerField(_("module"))
    test_on = models.DateField(_("module test on"))
    passed = models.BooleanField(_("passed"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("module test")
        verbose_name_plural = _("module tests")
        ordering = ["module", "test_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(module__gte=1) & Q(module__lte=6), name="module_1_to_6")]


class TeachingClass(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome class (velkomsthold)")
        SECTOR = "sector", _("Sector class (branchehold)")
        DANISH = "danish", _("Danish class")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    sector = models.PositiveSmallIntegerField(_("sector"), choices=Sector.choices, null=True, blank=True)
    track = models.CharField(_("track"), max_length=3, choices=Track.choices, blank=True)
    module = models.PositiveSmallIntegerField(_("module"), null=True, blank=True)
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="classes",
                                verbose_name=_("teacher"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    with_interpreter = models.BooleanField(_("with an interpreter"), default=False)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["kind", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="sector") | Q(sector__isnull=False), name="sector_class_has_sector"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="class_ends_after_start"),
        ]

    def __str__(self):
        return self.name


class ClassSession(models.Model):
    """The class's schedule: one row per weekday and time."""

    teaching_class = models.ForeignKey(TeachingClass, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("class"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("class session")
        verbose_name_plural = _("schedule")
        ordering = ["weekday", "start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="session_ends_after_start")]

    @property
    def hours(self) -> float:
        return ((self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)) / 60


class RosterEntry(models.Model):
    teaching_class = models.ForeignKey(TeachingClass, on_delete=models.CASCADE, related_name="roster", verbose_name=_("class"))
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="class_memberships", verbose_name=_("case"))
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster")
        constraints = [
            models.UniqueConstraint(fields=["teaching_class", "case"], condition=Q(left_on__isnull=True), name="one_current_roster_entry"),
        ]


class ExamRegistration(models.Model):
    class Exam(models.TextChoices):
        PD1 = "PD1", "Prøve i Dansk 1"
        PD2 = "PD2", "Prøve i Dansk 2"
        PD3 = "PD3", "Prøve i Dansk 3"
        STUDIEPROEVEN = "SP", "Studieprøven"

    class Result(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not passed")
        ABSENT = "absent", _("Did not attend")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exams", verbose_name=_("case"))
    exam = models.CharField(_("exam"), max_length=3, choices=Exam.choices)
    sitting_on = models.DateField(_("exam date"))
    class Grade(models.TextChoices):
        # The Danish 7-point scale; 02 is the lowest pass.
        TWELVE = "12", "12"
        TEN = "10", "10"
        SEVEN = "7", "7"
        FOUR = "4", "4"
        TWO = "02", "02"
        ZERO = "00", "00"
        MINUS_THREE = "-3", "-3"

    PASSING_GRADES = ("12", "10", "7", "4", "02")

    result = models.CharField(_("result"), max_length=10, choices=Result.choices, default=Result.REGISTERED)
    grade = models.CharField(_("grade"), max_length=2, choices=Grade.choices, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    result_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("result recorded by"))

    class Meta:
        verbose_name = _("exam registration")
        verbose_name_plural = _("exam registrations")
        ordering = ["-sitting_on", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "exam", "sitting_on"], name="one_registration_per_sitting")]
