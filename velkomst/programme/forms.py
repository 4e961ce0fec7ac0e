from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from velkomst.forms import DATE_INPUT, Form
from velkomst.programme.models import (
    Activity,
    Attendance,
    ChildStatus,
    Employment,
    HousingReferral,
    Sector,
    VulnerabilityAction,
    Weekday,
)
from velkomst.rules import date_windows, permanent_housing

TIME_INPUT = forms.TimeInput(format="%H:%M", attrs={"class": "form-input", "type": "time"})
SELECT = forms.Select(attrs={"class": "form-select"})


def _text(**attrs):
    return forms.TextInput(attrs={"class": "form-input", **attrs})


def _number(**attrs):
    return forms.NumberInput(attrs={"class": "form-input", **attrs})


class EnrolForm(Form):
    date_windows = {"started_on": date_windows.PLANNED}
    started_on = forms.DateField(label=_("Programme start"), help_text=_("dd.mm.yyyy; usually a Monday"), widget=DATE_INPUT)
    with_welcome_class = forms.BooleanField(label=_("Start with the welcome class (the first two weeks)"), required=False, initial=True)


class PlanItemForm(Form):
    date_windows = {"valid_from": date_windows.PLANNED, "valid_to": date_windows.PLANNED}
    kind = forms.ChoiceField(label=_("Activity"), choices=Activity.choices, widget=SELECT)
    weekdays = forms.TypedMultipleChoiceField(label=_("Weekdays"), coerce=int, choices=Weekday.choices, widget=forms.CheckboxSelectMultiple)
    start = forms.TimeField(label=_("From"), widget=TIME_INPUT)
    end = forms.TimeField(label=_("To"), widget=TIME_INPUT)
    valid_from = forms.DateField(label=_("First day"), help_text=_("dd.mm.yyyy"), widget=DATE_INPUT)
    valid_to = forms.DateField(label=_("Last day"), required=False, help_text=_("Leave empty while it lasts"), widget=DATE_INPUT)
    sector = forms.TypedChoiceField(label=_("Sector"), required=False, coerce=int, empty_value=None,
                                    choices=[("", "—")] + list(Sector.choices), widget=SELECT, help_text=_("For a sector class"))
    with_interpreter = forms.BooleanField(label=_("With an interpreter"), required=False)
    specially_arranged = forms.BooleanField(label=_("Specially arranged utility work"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=200, widget=_text())


class PlanItemEndForm(Form):
    date_windows = {"last_day": date_windows.PLANNED}
    item = forms.IntegerField(widget=forms.HiddenInput)
    last_day = forms.DateField(label=_("Last day"), widget=DATE_INPUT)


class ResidencePeriodForm(Form):
    date_windows = {"started_on": date_windows.HISTORY, "ended_on": date_windows.HISTORY}
    started_on = forms.DateField(label=_("Resident from"), widget=DATE_INPUT)
    ended_on = forms.DateField(label=_("Resident to"), required=False, help_text=_("Leave empty while it lasts"), widget=DATE_INPUT)


class WorkPeriodForm(Form):
    date_windows = {"work_started_on": date_windows.HISTORY, "work_ended_on": date_windows.HISTORY}
    work_started_on = forms.DateField(label=_("Worked from"), widget=DATE_INPUT)
    work_ended_on = forms.DateField(label=_("Worked to"), required=False, help_text=_("Leave empty while it lasts"), widget=DATE_INPUT)
    hours_per_week = forms.DecimalField(label=_("Hours a week"), max_digits=4, decimal_places=1, widget=_number(step="0.5"))
    employer = forms.CharField(label=_("Employer"), required=False, max_length=150, widget=_text())


class EmploymentForm(Form):
    date_windows = {"started_on": date_windows.RECORD}
    kind = forms.ChoiceField(label=_("Kind of job"), choices=Employment.Kind.choices, widget=SELECT)
    company = forms.ModelChoiceField(label=_("Company from the register"), required=False, queryset=None, widget=SELECT,
                                     empty_label="—", help_text=_("Or type the employer's name below"))
    employer = forms.CharField(label=_("Employer"), required=False, max_length=150, widget=_text(),
                               help_text=_("When the company is not in the register"))
    employer_cvr = forms.CharField(label=_("Employer's CVR number"), required=False, max_length=8, widget=_text(inputmode="numeric"))
    hours_per_week = forms.DecimalField(label=_("Hours a week"), max_digits=4, decimal_places=1, widget=_number(step="0.5"))
    monthly_income = forms.DecimalField(label=_("Monthly income (DKK, before tax)"), max_digits=9, decimal_places=2, widget=_number(step="100"))
    started_on = forms.DateField(label=_("First day of work"), widget=DATE_INPUT,
                                 help_text=_("dd.mm.yyyy; the case becomes employed on this day"))
    keep_danish = forms.BooleanField(label=_("Danish education at the centre goes on (to finish the module)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The company register is the companies app's (a layer above); the job's own relation names it.
        self.fields["company"].queryset = Employment._meta.get_field("company").related_model.objects.order_by("name", "id")


class EmploymentEditForm(EmploymentForm):
    date_windows = {"started_on": date_windows.RECORD, "ended_on": date_windows.RECORD}
    ended_on = forms.DateField(label=_("Last day of work"), required=False, widget=DATE_INPUT,
                               help_text=_("Only for a job that has ended; to end a job, use “The job ends”"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["keep_danish"]


class EmploymentEndForm(Form):
    date_windows = {"ended_on": date_windows.RECORD}
    ended_on = forms.DateField(label=_("Last day of work"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Why the job ended"), max_length=200, widget=_text())


class FollowUpForm(Form):
    date_windows = {"done_on": date_windows.EVENT}
    done_on = forms.DateField(label=_("Held on"), widget=DATE_INPUT)
    still_employed = forms.BooleanField(label=_("Still in the job"), required=False)
    hours_per_week = forms.DecimalField(label=_("Hours a week"), required=False, max_digits=4, decimal_places=1, widget=_number(step="0.5"))
    monthly_income = forms.DecimalField(label=_("Monthly income (DKK, before tax)"), required=False, max_digits=9, decimal_places=2,
                                        widget=_number(step="100"))
    danish = forms.CharField(label=_("Danish education"), required=False, max_length=200, widget=_text(),
                             help_text=_("e.g. DU2 module 4, continues at a private language school"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))


class ReferralCreateForm(Form):
    household = forms.IntegerField(widget=forms.HiddenInput)


class HousingSearchForm(Form):
    q = forms.CharField(label=_("Name, CPR number or case number"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off", "type": "search"}))


class ThresholdsForm(Form):
    """A set of income thresholds, one per household size, valid from a day."""

    date_windows = {"valid_from": date_windows.RECORD}
    valid_from = forms.DateField(label=_("Valid from"), help_text=_("dd.mm.yyyy"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for size in permanent_housing.SIZES:
            label = (ngettext("%(count)d person", "%(count)d persons", size) % {"count": size} if size < permanent_housing.LARGEST_SIZE
                     else _("%(count)d persons or more") % {"count": size})
            self.fields[f"size_{size}"] = forms.DecimalField(
                label=label, min_value=1, max_value=999999, max_digits=9, decimal_places=2,
                help_text=_("Monthly income in kroner before tax, e.g. 15000"), widget=_number(inputmode="decimal"))

    def amounts(self) -> dict:
        return {size: self.cleaned_data[f"size_{size}"] for size in permanent_housing.SIZES}


class ReferralUpdateForm(Form):
    date_windows = {"on": date_windows.EVENT}
    status = forms.ChoiceField(label=_("New status"), choices=HousingReferral.Status.choices[1:], widget=SELECT)
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    address = forms.CharField(label=_("Address offered"), required=False, max_length=200, widget=_text())


class PatientTrackForm(Form):
    care_needs = forms.CharField(label=_("Care needs"), widget=forms.Textarea(attrs={"class": "form-input", "rows": 4}))
    hospital = forms.CharField(label=_("Discharging hospital"), required=False, max_length=120, widget=_text())
    partner_health_care = forms.BooleanField(label=_("Health and care administration (SUF)"), required=False)
    partner_social = forms.BooleanField(label=_("Social administration (SOF)"), required=False)
    partner_capital_region = forms.BooleanField(label=_("Capital Region (Region Hovedstaden)"), required=False)
    partner_hospital = forms.BooleanField(label=_("Hospital"), required=False)
    relatives = forms.CharField(label=_("Relatives"), required=False, help_text=_("Name, relation and how to reach them"),
                                widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))


class VulnerabilityActionForm(Form):
    date_windows = {"due_on": date_windows.PLANNED}
    kind = forms.ChoiceField(label=_("Kind"), choices=VulnerabilityAction.Kind.choices, widget=SELECT)
    partner = forms.ChoiceField(label=_("Partner"), required=False, choices=VulnerabilityAction.Partner.choices, widget=SELECT)
    text = forms.CharField(label=_("What was agreed or found"), widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))
    due_on = forms.DateField(label=_("Due"), required=False, help_text=_("Needed for a review"), widget=DATE_INPUT)


class ChildStatusForm(Form):
    date_windows = {"since": date_windows.RECORD}
    child = forms.TypedChoiceField(label=_("Child"), coerce=int, widget=SELECT)
    status = forms.ChoiceField(label=_("School or daycare"), choices=ChildStatus.Status.choices, widget=SELECT)
    institution = forms.CharField(label=_("Institution"), required=False, max_length=150, widget=_text())
    since = forms.DateField(label=_("Since"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), required=False, max_length=200, widget=_text())

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [(p.pk, p.full_name) for p in children]


ATTENDANCE_CHOICES = Attendance.Status.choices
