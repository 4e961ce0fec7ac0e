from django import forms
from django.utils.translation import gettext_lazy as _

from velkomst.companies import matching
from velkomst.companies.models import Company, DanishNeeded, OfferKind, Placement
from velkomst.forms import DATE_INPUT, Form
from velkomst.programme.models import Sector, Weekday
from velkomst.rules import date_windows

SELECT = forms.Select(attrs={"class": "form-select"})
TIME_INPUT = forms.TimeInput(format="%H:%M", attrs={"class": "form-input", "type": "time"})


def _text(**attrs):
    return forms.TextInput(attrs={"class": "form-input", **attrs})


def _number(**attrs):
    return forms.NumberInput(attrs={"class": "form-input", **attrs})


class CompanyForm(Form):
    cvr = forms.CharField(label=_("CVR number"), max_length=12, widget=_text(inputmode="numeric", autocomplete="off"), help_text=_("8 digits"))
    name = forms.CharField(label=_("Name"), max_length=150, widget=_text())
    sector = forms.TypedChoiceField(label=_("Sector"), required=False, coerce=int, empty_value=None, choices=[("", "—")] + list(Sector.choices), widget=SELECT)
    ownership = forms.ChoiceField(label=_("Private or public"), choices=Company.Ownership.choices, widget=SELECT)
    address = forms.CharField(label=_("Address"), required=False, max_length=200, widget=_text(), help_text=_("Street, number, postcode and town"))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30, widget=_text(type="tel"))


class ContactForm(Form):
    name = forms.CharField(label=_("Name"), max_length=120, widget=_text())
    title = forms.CharField(label=_("Job title"), required=False, max_length=120, widget=_text())
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30, widget=_text(type="tel"))
    email = forms.EmailField(label=_("Email"), required=False, widget=forms.EmailInput(attrs={"class": "form-input"}))


class OfferForm(Form):
    date_windows = {"starts_on": date_windows.PLANNED}
    kind = forms.ChoiceField(label=_("Kind"), choices=OfferKind.choices, widget=SELECT)
    title = forms.CharField(label=_("Job title"), max_length=120, widget=_text())
    hours_per_week = forms.DecimalField(label=_("Hours a week"), max_digits=4, decimal_places=1, widget=_number(step="0.5"))
    days_per_week = forms.IntegerField(label=_("Days a week"), min_value=1, max_value=5, widget=_number())
    starts_on = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    weeks = forms.IntegerField(label=_("Length in weeks"), min_value=1, max_value=104, widget=_number())
    danish_needed = forms.TypedChoiceField(label=_("Danish needed"), coerce=int, choices=DanishNeeded.choices, widget=SELECT)
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=1, widget=_number())


class PlaceForm(Form):
    date_windows = {"starts_on": date_windows.PLANNED, "ends_on": date_windows.PLANNED}
    case = forms.IntegerField(widget=forms.HiddenInput)
    starts_on = forms.DateField(label=_("Start"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("End"), required=False, widget=DATE_INPUT, help_text=_("Leave empty for the offer's length"))
    extension_reason = forms.CharField(label=_("Reason for extending beyond the usual length"), required=False, max_length=300, widget=_text())
    # Nothing ticked in advance: the consultant names the days agreed with the company (e.g. Monday to Wednesday).
    weekdays = forms.TypedMultipleChoiceField(label=_("Weekdays at the workplace"), coerce=int, choices=Weekday.choices,
                                              widget=forms.CheckboxSelectMultiple,
                                              error_messages={"required": _("Choose the weekdays of the placement.")})
    start = forms.TimeField(label=_("From"), widget=TIME_INPUT, help_text=_("hh:mm"))
    end = forms.TimeField(label=_("To"), widget=TIME_INPUT, help_text=_("hh:mm"))


class OutcomeForm(Form):
    date_windows = {"on": date_windows.EVENT}
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Placement.Outcome.choices[1:], widget=SELECT)
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    hours_per_week = forms.DecimalField(label=_("Hours a week in the job"), required=False, max_digits=4, decimal_places=1, widget=_number(step="0.5"),
                                        help_text=_("When hired"))
    monthly_income = forms.DecimalField(label=_("Monthly income (DKK, before tax)"), required=False, max_digits=9, decimal_places=2,
                                        widget=_number(step="100"), help_text=_("When hired"))
    keep_danish = forms.BooleanField(label=_("Danish education at the centre goes on (to finish the module)"), required=False,
                                     help_text=_("When hired"))


class CandidateFilterForm(Form):
    """The matching page's filters (GET). Selects, not checkboxes, so the defaults hold on the first visit."""

    q = forms.CharField(label=_("Find a citizen by name or case number"), required=False, max_length=100,
                        widget=_text(type="search", autocomplete="off"),
                        help_text=_("Shows the citizen even when the filters leave them out, with the reason"))
    who = forms.ChoiceField(label=_("Availability"), required=False, widget=SELECT, choices=[
        ("available", _("Only available (in the programme, not in a placement)")), ("all", _("Everyone in the programme"))])
    danish = forms.ChoiceField(label=_("Danish"), required=False, widget=SELECT, choices=[
        ("enough", _("Only those with the Danish the offer needs")), ("any", _("Any Danish"))])
    sector = forms.ChoiceField(label=_("Sector class"), required=False, widget=SELECT, choices=[
        ("any", _("Any sector class")), ("same", _("Only the company's sector"))])
    max_km = forms.DecimalField(label=_("At most this far away (km)"), required=False, min_value=0, max_value=200, max_digits=5,
                                decimal_places=1, widget=_number(step="0.5"), help_text=_("Leave empty for any distance"))

    def filters(self) -> matching.Filters:
        """The filters asked for; the defaults when the form is unbound or invalid (its errors are shown)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        max_km = data.get("max_km")
        return matching.Filters(available_only=data.get("who") != "all", enough_danish=data.get("danish") != "any",
                                same_sector=data.get("sector") == "same", max_km=float(max_km) if max_km is not None else None)

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_bound and self.is_valid() else ""
