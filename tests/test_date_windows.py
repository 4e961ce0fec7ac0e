"""The one date-range rule: every date field of every form holds only the dates of its kind's window, counted from
the view's today, and says so naming the field (issue 14: absurd dates are refused everywhere)."""
from datetime import date, timedelta

import pytest
from django import forms

from tests.fuzz.test_forms_fuzz import FORMS, _arguments
from velkomst.forms import RulesMixin
from velkomst.rules import date_windows

TODAY = date(2026, 11, 26)


def date_fields(form) -> list[str]:
    return [name for name, field in form.fields.items() if isinstance(field, forms.DateField)]


FORMS_WITH_DATES = [cls for cls in FORMS if issubclass(cls, RulesMixin) and any(
    isinstance(f, forms.DateField) for f in getattr(cls, "base_fields", {}).values())]


def test_the_windows_are_days_around_today():
    assert date_windows.window(date_windows.BIRTH, TODAY) == (date(1906, 11, 26), TODAY)
    assert date_windows.window(date_windows.EVENT, TODAY)[1] == TODAY
    assert date_windows.window(date_windows.PLANNED, TODAY)[0] == date(2025, 11, 26)
    assert date_windows.window(date_windows.BIRTH, date(2028, 2, 29))[0] == date(1908, 2, 29)
    assert date_windows.window(date_windows.BIRTH, date(2027, 2, 28))[0] == date(1907, 2, 28)
    for kind in date_windows.WINDOWS:
        earliest, latest = date_windows.window(kind, TODAY)
        assert date_windows.CALENDAR[0] <= earliest <= TODAY <= latest <= date_windows.CALENDAR[1]


def test_every_form_with_a_date_is_found():
    assert len(FORMS_WITH_DATES) >= 30


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS_WITH_DATES, ids=lambda cls: f"{cls.__module__.split('.')[1]}.{cls.__name__}")
def test_every_date_field_has_a_window_and_refuses_a_day_outside_it_naming_the_field(form_class, caseworker):
    form = form_class(**(_arguments(form_class) | {"today": TODAY}))
    names = date_fields(form)
    assert set(names) <= set(form_class.date_windows), f"give {sorted(set(names) - set(form_class.date_windows))} a kind"
    for name in names:
        earliest, latest = date_windows.window(form_class.date_windows[name], TODAY)
        for outside in (earliest - timedelta(days=1), latest + timedelta(days=1), date(1, 1, 1), date(2999, 12, 31)):
            bound = form_class(data={name: outside.strftime("%d.%m.%Y")}, **(_arguments(form_class) | {"today": TODAY}))
            bound.is_valid()
            assert name in bound.errors, (name, outside)
        inside = form_class(data={name: TODAY.strftime("%d.%m.%Y")}, **(_arguments(form_class) | {"today": TODAY}))
        inside.is_valid()
        assert not any("Skriv en dato fra" in str(m) or "Write a date from" in str(m) for m in inside.errors.get(name, []))
