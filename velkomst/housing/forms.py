from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from velkomst.forms import Form
from velkomst.housing.models import Category, Incident, MoveOutInspection, MoveOutReason
from velkomst.housing.selectors import OccupancyFilters
from velkomst.housing.services import MoveInChecklist
from velkomst.people.forms import DATE_INPUT
from velkomst.rules import date_windows

SELECT = {"class": "form-select"}


def _date(label, *, required=False, help_text=_("dd.mm.yyyy")):
    return forms.DateField(label=label, required=required, help_text=help_text, widget=DATE_INPUT)


class OccupancyFilterForm(Form):
    """Filters of the overview. They describe locations, never persons, so they travel in the URL (GET)."""

    population = forms.ChoiceField(
        label=_("Target group"), required=False,
        choices=[("", _("All")), ("ukrainian", _("Displaced Ukrainians")), ("refugee", _("Refugees"))], widget=forms.Select(attrs=SELECT),
    )
    reserved = forms.ChoiceField(
        label=_("Reserved for"), required=False,
        choices=[("", _("All")), ("none", _("Not reserved"))] + list(Category.choices), widget=forms.Select(attrs=SELECT),
    )
    food_distribution = forms.BooleanField(label=_("Food distribution"), required=False)
    pets_allowed = forms.BooleanField(label=_("Pets allowed"), required=False)
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)

    def filters(self) -> OccupancyFilters:
        if not self.is_valid():
            return OccupancyFilters()
        return OccupancyFilters(**self.cleaned_data)


class HouseholdSearchForm(Form):
    q = forms.CharField(label=_("Name or case number"), max_length=100, required=False,
                        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off", "type": "search"}))


class ChecklistFieldsMixin:
    def checklist(self) -> MoveInChecklist:
        data = self.cleaned_data
        return MoveInChecklist(
            lease_signed_on=data.get("lease_signed_on"),
            start_kit_on=data.get("start_kit_on"),
            keys_handed_out_on=data.get("keys_handed_out_on"),
            house_rules_explained_on=data.get("house_rules_explained_on"),
            food_distribution=bool(data.get("food_distribution")),
            transport_ticket_on=data.get("transport_ticket_on"),
        )


class MoveInForm(Form):
    """Move-in on one day: the ticked items are recorded as done on the move-in date."""
    date_windows = {"moved_in_on": date_windows.EVENT}

    household = forms.TypedChoiceField(label=_("Household"), coerce=int, widget=forms.RadioSelect,
                                       error_messages={"required": _("Search for the household and choose it in the list.")})
    moved_in_on = _date(_("Move-in date"), required=True)
    lease_signed = forms.BooleanField(label=_("The lease is signed"), required=False)
    start_kit = forms.BooleanField(label=_("The start kit is handed out"), required=False)
    keys = forms.BooleanField(label=_("The keys are handed out"), required=False)
    house_rules = forms.BooleanField(label=_("The house rules are explained"), required=False)
    food_distribution = forms.BooleanField(label=_("Food distribution until the first benefit payment"), required=False)
    transport_ticket = forms.BooleanField(label=_("Transport ticket printed for the welcome meeting"), required=False)

    def __init__(self, *args, households=(), today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["household"].choices = [(h.pk, h.pk) for h in households]
        self.fields["moved_in_on"].initial = today

    def checklist(self) -> MoveInChecklist:
        data, day = self.cleaned_data, self.cleaned_data["moved_in_on"]
        return MoveInChecklist(
            lease_signed_on=day if data["lease_signed"] else None,
            start_kit_on=day if data["start_kit"] else None,
            keys_handed_out_on=day if data["keys"] else None,
            house_rules_explained_on=day if data["house_rules"] else None,
            food_distribution=data["food_distribution"],
            transport_ticket_on=day if data["transport_ticket"] else None,
        )


class MoveForm(Form):
    date_windows = {"moved_on": date_windows.EVENT}
    room = forms.TypedChoiceField(label=_("New room"), coerce=int, widget=forms.RadioSelect,
                                  error_messages={"required": _("Choose the room the household moves to.")})
    moved_on = _date(_("Moving date"), required=True)
    keys = forms.BooleanField(label=_("The keys to the new room are handed out"), required=False)

    def __init__(self, *args, rooms=(), today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["room"].choices = [(r.pk, str(r.pk)) for r in rooms]
        self.fields["moved_on"].initial = today


class MoveOutForm(Form):
    date_windows = {"moved_out_on": date_windows.RECORD, "keys_returned_on": date_windows.EVENT, "inspected_on": date_windows.EVENT}
    moved_out_on = _date(_("Move-out date"), required=True)
    reason = forms.ChoiceField(
        label=_("Reason for moving out"),
        choices=[("", "—")] + [c for c in MoveOutReason.choices if c[0] != MoveOutReason.INTERNAL_MOVE],
        widget=forms.Select(attrs=SELECT),
    )
    keys_returned_on = _date(_("Keys returned"))
    inspected_on = _date(_("Inspection date (flyttesyn)"), help_text=_("dd.mm.yyyy; leave empty if the inspection has not been held"))
    condition = forms.ChoiceField(label=_("Condition of the room"), required=False,
                                  choices=[("", "—")] + list(MoveOutInspection.Condition.choices), widget=forms.Select(attrs=SELECT))
    damages = forms.CharField(label=_("Damages"), required=False, max_length=2000, widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))
    estimated_cost = forms.DecimalField(label=_("Estimated cost of damages (DKK)"), required=False, min_value=0, max_digits=9, decimal_places=2,
                                        widget=forms.TextInput(attrs={"class": "form-input", "inputmode": "decimal"}))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["moved_out_on"].initial = today

    def clean(self):
        data = super().clean()
        if data.get("inspected_on") and not data.get("condition"):
            self.add_error("condition", _("Choose the condition the room was found in."))
        if data.get("condition") and not data.get("inspected_on"):
            self.add_error("inspected_on", _("Give the date of the inspection."))
        if data.get("condition") == MoveOutInspection.Condition.POOR and not data.get("damages", "").strip():
            self.add_error("damages", _("Describe the damages."))
        return data

    def inspection(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("inspected_on"):
            return None
        return {"inspected_on": data["inspected_on"], "condition": data["condition"], "damages": data["damages"].strip(),
                "estimated_cost": data["estimated_cost"] or 0, "notes": data["notes"].strip()}


class ChecklistForm(ChecklistFieldsMixin, Form):
    date_windows = {name: date_windows.EVENT for name in ("lease_signed_on", "start_kit_on", "keys_handed_out_on",
                                                          "house_rules_explained_on", "transport_ticket_on")}
    lease_signed_on = _date(_("Lease signed"))
    start_kit_on = _date(_("Start kit handed out"))
    keys_handed_out_on = _date(_("Keys handed out"))
    house_rules_explained_on = _date(_("House rules explained"))
    food_distribution = forms.BooleanField(label=_("Food distribution until the first benefit payment"), required=False)
    transport_ticket_on = _date(_("Transport ticket printed"))

    @classmethod
    def initial_from(cls, tenancy) -> dict:
        return {name: getattr(tenancy, name) for name in cls.base_fields}


class BlockForm(Form):
    date_windows = {"blocked_until": date_windows.PLANNED}
    blocked_reason = forms.CharField(label=_("Reason for blocking"), max_length=200,
                                     help_text=_("E.g. water damage, renovation, kept free for a family arriving on Monday"),
                                     widget=forms.TextInput(attrs={"class": "form-input"}))
    blocked_until = _date(_("Blocked until"), help_text=_("dd.mm.yyyy; leave empty if not known"))


class IncidentForm(Form):
    date_windows = {"occurred_on": date_windows.EVENT}
    occurred_on = _date(_("Date"), required=True)
    occurred_time = forms.TimeField(label=_("Time"), help_text=_("hh:mm"), widget=forms.TimeInput(format="%H:%M", attrs={"class": "form-input"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—")] + list(Incident.Kind.choices), widget=forms.Select(attrs=SELECT))
    severity = forms.ChoiceField(label=_("Severity"), choices=[("", "—")] + list(Incident.Severity.choices), widget=forms.Select(attrs=SELECT))
    description = forms.CharField(label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"class": "form-input", "rows": 4}))
    persons = forms.TypedMultipleChoiceField(label=_("Residents involved"), required=False, coerce=int,
                                              widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}))
    follow_up = forms.CharField(label=_("Follow-up actions"), required=False, max_length=5000,
                                widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))
    partner_social = forms.BooleanField(label=_("The social administration is involved"), required=False)
    partner_health = forms.BooleanField(label=_("The health administration is involved"), required=False)
    partner_police = forms.BooleanField(label=_("The police are involved"), required=False)

    def __init__(self, *args, residents=(), now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].choices = [(p.pk, f"{p.last_name}, {p.first_name}") for p in residents]
        now = timezone.localtime(now)
        self.fields["occurred_on"].initial = now.date()
        self.fields["occurred_time"].initial = now.strftime("%H:%M")
