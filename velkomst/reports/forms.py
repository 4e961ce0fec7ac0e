from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from velkomst.forms import DATE_INPUT, Form
from velkomst.reports.figures import DEFINITIONS
from velkomst.rules import date_windows

EARLIEST = date(2022, 1, 1)
LATEST = date(2099, 12, 31)


class AsOfForm(Form):
    date_windows = {"as_of": date_windows.RECORD}
    as_of = forms.DateField(
        label=_("As of"), required=False, widget=DATE_INPUT,
        help_text=_("dd.mm.yyyy: the figures as they stood at the end of this day."),
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, today=today, **kwargs)
        self.today = today  # the view's day: an empty date means today

    def clean_as_of(self):
        day = self.cleaned_data["as_of"] or self.today
        if not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(_("Choose a date from 1 January 2022 on."))
        return day


def drillable_choices():
    return [(key, label) for key, (label, _definition, kind) in DEFINITIONS.items() if kind != "other"]


class FigureForm(AsOfForm):
    figure = forms.ChoiceField(label=_("Figure"), choices=drillable_choices)
