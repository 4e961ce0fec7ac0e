from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from velkomst.accounts import roles
from velkomst.education.models import ExamRegistration, TeachingClass, Track
from velkomst.forms import DATE_INPUT, Form
from velkomst.programme.models import Sector, Weekday
from velkomst.rules import date_windows

SELECT = forms.Select(attrs={"class": "form-select"})
TIME_INPUT = forms.TimeInput(format="%H:%M", attrs={"class": "form-input", "type": "time"})


def _text(**attrs):
    return forms.TextInput(attrs={"class": "form-input", **attrs})


class PlacementForm(Form):
    date_windows = {"started_on": date_windows.RECORD}
    years_of_schooling = forms.IntegerField(label=_("Years of schooling"), required=False, min_value=0, max_value=30,
                                            widget=forms.NumberInput(attrs={"class": "form-input"}), help_text=_("Leave empty if unknown"))
    literate_in_own_language = forms.BooleanField(label=_("Reads and writes their own language"), required=False)
    knows_latin_alphabet = forms.BooleanField(label=_("Knows the Latin alphabet"), required=False)
    has_medium_or_long_education = forms.BooleanField(label=_("Has a medium or long education"), required=False)
    track = forms.ChoiceField(label=_("Track decided by the language school"), choices=[("", "—")] + list(Track.choices), required=False, widget=SELECT,
                              help_text=_("Leave empty to see the suggestion first"))
    reason = forms.CharField(label=_("The language school's reason"), required=False, widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}),
                             help_text=_("Needed when you choose the track"))
    reason.required_with = "track"  # not "(optional)": saving a track needs its reason (education.services.learner_place)
    started_on = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    with_optional_module = forms.BooleanField(label=_("DU3 with the optional 6th module (towards Studieprøven)"), required=False)


class ModuleForm(Form):
    date_windows = {"test_on": date_windows.EVENT}
    module = forms.IntegerField(label=_("Module"), min_value=1, max_value=6, widget=forms.NumberInput(attrs={"class": "form-input"}))
    test_on = forms.DateField(label=_("Module test on"), widget=DATE_INPUT)
    passed = forms.BooleanField(label=_("Passed"), required=False)


class ExamForm(Form):
    date_windows = {"sitting_on": date_windows.PLANNED}
    exam = forms.ChoiceField(label=_("Exam"), choices=ExamRegistration.Exam.choices, widget=SELECT)
    sitting_on = forms.DateField(label=_("Exam date"), widget=DATE_INPUT, help_text=_("The exams are held in May–June and November–December"))


class ExamResultForm(Form):
    date_windows = {"sitting_on": date_windows.EVENT}  # a result comes after the exam: not in the future
    exam = forms.ChoiceField(label=_("Exam"), choices=ExamRegistration.Exam.choices, widget=SELECT)
    sitting_on = forms.DateField(label=_("Exam date"), widget=DATE_INPUT, help_text=_("dd.mm.yyyy; the day the learner sat the exam"))
    result = forms.ChoiceField(label=_("Result"), widget=SELECT, choices=[  # no default: the result is always chosen
        ("", "—"), (ExamRegistration.Result.PASSED, ExamRegistration.Result.PASSED.label),
        (ExamRegistration.Result.FAILED, ExamRegistration.Result.FAILED.label),
        (ExamRegistration.Result.ABSENT, ExamRegistration.Result.ABSENT.label)])
    grade = forms.ChoiceField(label=_("Grade"), required=False, choices=[("", "—")] + list(ExamRegistration.Grade.choices), widget=SELECT,
                              help_text=_("The 7-point scale; 02 is the lowest pass. Leave empty if the result has no grade"))


class PrivateSchoolForm(Form):
    date_windows = {"from_on": date_windows.RECORD}
    school = forms.CharField(label=_("Private language school"), max_length=120, widget=_text())
    from_on = forms.DateField(label=_("From"), widget=DATE_INPUT)


class ClassForm(Form):
    date_windows = {"starts_on": date_windows.PLANNED, "ends_on": date_windows.PLANNED}
    name = forms.CharField(label=_("Name"), max_length=120, widget=_text())
    kind = forms.ChoiceField(label=_("Kind"), choices=TeachingClass.Kind.choices, widget=SELECT)
    sector = forms.TypedChoiceField(label=_("Sector"), required=False, coerce=int, empty_value=None, choices=[("", "—")] + list(Sector.choices), widget=SELECT)
    track = forms.ChoiceField(label=_("Track"), required=False, choices=[("", "—")] + list(Track.choices), widget=SELECT)
    module = forms.IntegerField(label=_("Module"), required=False, min_value=1, max_value=6, widget=forms.NumberInput(attrs={"class": "form-input"}))
    teacher = forms.TypedChoiceField(label=_("Teacher"), required=False, coerce=int, empty_value=None, widget=SELECT)
    place = forms.CharField(label=pgettext_lazy("location", "Place"), required=False, max_length=120, widget=_text())
    with_interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)
    starts_on = forms.DateField(label=_("Starts"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Ends"), required=False, widget=DATE_INPUT)
    weekdays = forms.TypedMultipleChoiceField(label=_("Weekdays"), coerce=int, choices=Weekday.choices[:5], widget=forms.CheckboxSelectMultiple)
    start = forms.TimeField(label=_("Lesson from"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("Lesson to"), widget=TIME_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        teachers = get_user_model().objects.filter(groups__name=roles.TEACHER, is_active=True).order_by("first_name", "last_name")
        self.fields["teacher"].choices = [("", "—")] + [(u.pk, u.get_full_name() or u.username) for u in teachers]


class RosterAddForm(Form):
    date_windows = {"joined_on": date_windows.PLANNED}
    case_number = forms.CharField(label=_("Case number"), max_length=20, widget=_text(autocomplete="off"), help_text=_("e.g. 2026-00123"))
    joined_on = forms.DateField(label=_("Joins from"), widget=DATE_INPUT)
