from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from velkomst.forecast.plan import ScenarioSpec
from velkomst.forms import DATE_INPUT, Form
from velkomst.rules import date_windows

WEEKS = 52


class ForecastForm(Form):
    """The forecast's settings and one "what if" scenario shown beside the base (GET; nothing is saved)."""

    name = forms.CharField(label=_("Name of the scenario"), max_length=80, required=False,
                           help_text=_("E.g. Hotel X opens. Left empty, the page names it from what you set."))
    weekly_mean = forms.FloatField(label=_("Households arriving per week"), min_value=0, max_value=1000, required=False,
                                   help_text=_("Instead of the mean of the last 12 weeks."))
    factor = forms.FloatField(label=_("Arrivals times"), min_value=0, max_value=10, required=False,
                              help_text=_("E.g. 2 for twice as many arrivals."))
    factor_weeks = forms.IntegerField(label=_("For how many weeks"), min_value=1, max_value=WEEKS, required=False)
    factor_from = forms.IntegerField(label=_("From week"), min_value=1, max_value=WEEKS, required=False, initial=1)
    open_beds = forms.IntegerField(label=_("Beds at the new location"), min_value=1, max_value=2000, required=False)
    open_week = forms.IntegerField(label=_("Opens in week"), min_value=1, max_value=WEEKS, required=False, initial=1)
    open_room_beds = forms.IntegerField(label=_("Beds per room"), min_value=1, max_value=12, required=False, initial=2)
    close_location = forms.TypedChoiceField(label=_("Location that closes"), required=False, coerce=int, empty_value=None)
    close_on = forms.DateField(label=_("Closes on (date)"), required=False, widget=DATE_INPUT, help_text=_("dd.mm.yyyy"))
    runs = forms.IntegerField(label=_("Runs"), min_value=100, max_value=5000, initial=1000, required=False)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**31 - 1, initial=0, required=False,
                              help_text=_("The same seed gives the same forecast."))
    backtest = forms.BooleanField(label=_("Check the forecast against what happened (back-test; takes a few seconds)"),
                                  required=False)

    date_windows = {"close_on": date_windows.PLANNED}

    def __init__(self, *args, locations=(), today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.fields["close_location"].choices = [("", "—")] + [(pk, name) for pk, name in locations]

    def clean_close_on(self):
        day = self.cleaned_data["close_on"]
        if day is not None and day <= self.today:
            raise forms.ValidationError(_("The date must be after today."))
        return day

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if (data.get("factor") is None) != (data.get("factor_weeks") is None):
            self.add_error("factor" if data.get("factor") is None else "factor_weeks",
                           _("Give both how many times the arrivals and for how many weeks."))
        if (data.get("close_location") is None) != (data.get("close_on") is None):
            self.add_error("close_on" if data.get("close_on") is None else "close_location",
                           _("Give both the location that closes and the date."))
        for name in ("runs", "seed", "open_week", "open_room_beds", "factor_from"):
            if data.get(name) is None:
                data[name] = self.fields[name].initial
        return data

    def params(self) -> dict:
        """The settings as the background job takes them (`services.forecast_start`): numbers, text and ISO dates."""
        data = self.cleaned_data
        params = {name: data.get(name) for name in self.fields}
        params["close_on"] = data["close_on"].isoformat() if data.get("close_on") else None
        params["name"] = data.get("name") or ""
        params["backtest"] = bool(data.get("backtest"))
        return params

    @staticmethod
    def initial_from(params: dict) -> dict:
        """The settings as the form shows them again (the date as a date, so it is written as Danes write it)."""
        return {**params, "close_on": date.fromisoformat(params["close_on"]) if params.get("close_on") else None}

    @classmethod
    def default_params(cls) -> dict:
        """The settings of the page opened without any: the base forecast, 1,000 runs, seed 0, no back-test."""
        params = {name: field.initial for name, field in cls.base_fields.items()}
        params.update(name="", backtest=False)
        return params


def what_if_spec(params: dict) -> ScenarioSpec | None:
    """The "what if" of the settings (`ForecastForm.params`) as the forecast's ScenarioSpec, or None when nothing is asked."""
    spec = ScenarioSpec(
        name=params.get("name") or "",
        weekly_mean=params.get("weekly_mean"),
        factor=params.get("factor") or 1.0, factor_weeks=params.get("factor_weeks") or 0, factor_from=params["factor_from"],
        open_beds=params.get("open_beds") or 0, open_week=params["open_week"], open_room_beds=params["open_room_beds"],
        open_note=params.get("name") or "",
        close_location=params.get("close_location"),
        close_on=date.fromisoformat(params["close_on"]) if params.get("close_on") else None,
    )
    return spec if spec.changes_anything() else None
