from django import forms
from django.utils.translation import gettext_lazy as _

from velkomst.forms import Form

MAX_SCENARIOS = 5


class ForecastForm(Form):
    arrivals = forms.CharField(
        label=_("Scenarios: households arriving per week"), required=False, initial="20 35 50",
        help_text=_("Whole or decimal numbers separated by spaces, e.g. 20 35 50. Up to five."),
    )
    recent = forms.BooleanField(label=_("Also the mean of the last 12 weeks of referrals"), required=False, initial=True)
    dispersion = forms.FloatField(
        label=_("Burstiness of arrivals"), min_value=0, max_value=5, initial=0, required=False,
        help_text=_("0: arrivals vary as a Poisson process. Higher: some weeks much busier than others (negative binomial)."),
    )
    runs = forms.IntegerField(label=_("Runs"), min_value=100, max_value=5000, initial=1000, required=False)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**31 - 1, initial=0, required=False,
                              help_text=_("The same seed gives the same forecast."))

    def clean_arrivals(self):
        text = self.cleaned_data["arrivals"].replace(",", " ").replace(";", " ")
        try:
            values = [float(part) for part in text.split()]
        except ValueError:
            raise forms.ValidationError(_("Write numbers separated by spaces, e.g. 20 35 50.")) from None
        if not all(0 <= v <= 1000 for v in values):  # also refuses nan and inf
            raise forms.ValidationError(_("Each number must be between 0 and 1,000 households a week."))
        if len(values) > MAX_SCENARIOS:
            raise forms.ValidationError(_("Give at most five scenarios."))
        return values

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("arrivals") and not data.get("recent"):
            self.add_error("arrivals", _("Give at least one scenario, or tick the mean of the last 12 weeks."))
        for name in ("dispersion", "runs", "seed"):
            if data.get(name) is None:
                data[name] = self.fields[name].initial
        return data
