from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from velkomst.forms import DATE_INPUT, Form
from velkomst.housing.models import Category, Location
from velkomst.rules import date_windows


class ProposeForm(Form):
    date_windows = {"move_in_on": date_windows.PLANNED}
    households = forms.TypedMultipleChoiceField(label=_("Households"), coerce=int, widget=forms.CheckboxSelectMultiple,
                                                error_messages={"required": _("Choose at least one household to place.")})
    move_in_on = forms.DateField(label=_("Arrival date"), help_text=_("dd.mm.yyyy"), widget=DATE_INPUT)

    def __init__(self, *args, household_ids, today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["households"].choices = [(pk, pk) for pk in household_ids]
        self.fields["move_in_on"].initial = today


class OverrideForm(Form):
    household = forms.CharField(widget=forms.HiddenInput)
    room = forms.CharField(label=_("Room"), max_length=100)  # a room code, chosen on the room chooser
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, widget=forms.TextInput(attrs={"class": "form-input"}))


class RelocationForm(Form):
    date_windows = {"by_date": date_windows.PLANNED}
    MODES = [("empty_location", _("Empty a location")), ("category", _("Move a target group to its reserved locations"))]
    mode = forms.ChoiceField(label=_("Plan"), choices=MODES, widget=forms.RadioSelect)
    location = forms.ModelChoiceField(label=_("Location to empty"), queryset=Location.objects.none(),
                                      required=False, widget=forms.Select(attrs={"class": "form-select"}))
    category = forms.ChoiceField(label=_("Target group"), choices=[("", "—")] + list(Category.choices), required=False,
                                 widget=forms.Select(attrs={"class": "form-select"}))
    by_date = forms.DateField(label=_("By date"), help_text=_("dd.mm.yyyy"), widget=DATE_INPUT)

    def __init__(self, *args, locations, **kwargs):
        """``locations``: those the user may plan for (a host's own)."""
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations.exclude(status="closed").order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("mode") == "empty_location" and not data.get("location"):
            self.add_error("location", _("Choose the location to empty."))
        if data.get("mode") == "category" and not data.get("category"):
            self.add_error("category", _("Choose the target group to move."))
        return data


class RelocationMoveForm(Form):
    tenancy = forms.IntegerField(min_value=1)
    to_room = forms.RegexField(regex=r"^[\w-]+/[\w-]+$", max_length=100)
    plan = forms.IntegerField(min_value=1, required=False)  # the relocation plan the move came from (back to it)
