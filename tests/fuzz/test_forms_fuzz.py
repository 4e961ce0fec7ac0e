"""Every form of the app validates any input without raising: odd unicode, huge strings, None-like text, bad dates.

The forms are collected from the apps' `forms` modules, so a new form is fuzzed without being listed here.
A form whose constructor needs an argument gets it from CONSTRUCTOR_ARGUMENTS (add one there if this test asks).
"""
import importlib
import inspect
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from velkomst.forms import RulesMixin
from velkomst.housing.models import Location

EXAMPLES = 20  # per form; the whole fuzz suite stays well under a minute


def velkomst_forms() -> list[type[forms.BaseForm]]:
    for app in apps.get_app_configs():
        if app.name.startswith("velkomst."):
            try:
                importlib.import_module(f"{app.name}.forms")
            except ModuleNotFoundError as error:
                if error.name != f"{app.name}.forms":
                    raise

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    # The project's own base classes (velkomst.forms.Form, ModelForm) are not forms of their own.
    found = {cls for cls in walk(forms.BaseForm) if cls.__module__.startswith("velkomst.") and cls.__module__ != "velkomst.forms"}
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def _referral():
    from tests.reception.factories import make_referral

    return make_referral()


def _appointment():
    from tests.reception.factories import make_appointment

    return make_appointment()


def _staff_member():
    from tests.conftest import make_staff

    return make_staff("fuzz-password-owner", "caseworker")


# Keyword arguments some forms need, by name: a value, or a function making one (called inside the test's database).
CONSTRUCTOR_ARGUMENTS = {
    "households": (), "rooms": (), "residents": (), "household_ids": [], "children": [], "show_sensitive": True,
    "reason_readable": True, "reason_recorded": False,
    "referral": _referral, "appointment": _appointment, "user": _staff_member, "locations": lambda: Location.objects.all(),
    # The view's clock: a fixed day (and a moment on it), so the fuzz runs the same on any day.
    "today": date(2026, 11, 26), "now": datetime(2026, 11, 26, 10, 30, tzinfo=ZoneInfo("Europe/Copenhagen")),
}

ODD_TEXT = [
    "", " ", "None", "null", "undefined", "NaN", "inf", "-1", "0", "1e309", "99999999999999999999999", "-0.0",
    "2026-02-30", "31.12.2026", "0000-00-00", "9999-12-31", "29-02-2027", "01-01-1900", "24:61",
    "\x00", "a\x00b", "\u202e", "\ufeff", "\u200b", "Олена Коваленко", "😀" * 50, "e\u0301", "ǅ", "ß" * 20,
    "' OR 1=1 --", "<script>alert(1)</script>", "{{ 7*7 }}", "%s%s%n", "../../etc/passwd", "010190-1234", "0101901234",
    "x" * 100_000, "9" * 5000, "\n" * 1000, "\t\r\n",
]
TEXT = st.one_of(st.sampled_from(ODD_TEXT), st.text(max_size=60), st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=2000))


def _value_for(field: forms.Field):
    choices = []
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = [str(value) for value, _ in getattr(field, "flatchoices", field.choices) if value not in ("", None)]
    single = st.one_of(TEXT, st.sampled_from(choices)) if choices else TEXT
    if isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
        return st.lists(single, max_size=4)
    return single


def _form_data(form: forms.BaseForm):
    data, files = {}, {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.FileField):
            files[key] = st.one_of(st.none(), st.builds(lambda content, name: SimpleUploadedFile(name, content),
                                                         st.binary(max_size=3000), st.sampled_from(["a.csv", "a.xlsx", "a.pdf", "noextension", "ü.csv"])))
        else:
            data[key] = st.one_of(st.none(), _value_for(field))
    drop_none = lambda d: {k: v for k, v in d.items() if v is not None}  # noqa: E731 - an absent field
    return st.tuples(st.fixed_dictionaries(data).map(drop_none), st.fixed_dictionaries(files).map(drop_none))


def _arguments(form_class) -> dict:
    # Every form of the app takes the view's day (the date-range rule); the fixed day keeps the fuzz the same on any day.
    needed = {"today": CONSTRUCTOR_ARGUMENTS["today"]} if issubclass(form_class, RulesMixin) else {}
    for name, parameter in inspect.signature(form_class.__init__).parameters.items():
        if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
            if name not in CONSTRUCTOR_ARGUMENTS:
                pytest.fail(f"{form_class.__name__} needs `{name}`: add a value for it to CONSTRUCTOR_ARGUMENTS")
            value = CONSTRUCTOR_ARGUMENTS[name]
            needed[name] = value() if callable(value) else value
    return needed


FORMS = velkomst_forms()


def test_the_forms_of_every_app_are_found():
    names = {cls.__name__ for cls in FORMS}
    assert {"SearchForm", "RegisterForm", "CaseForm", "MoveInForm", "ImportForm"} <= names
    assert len(FORMS) >= 20


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: f"{cls.__module__.split('.')[1]}.{cls.__name__}")
def test_any_input_is_validated_without_raising(form_class, caseworker):
    kwargs = _arguments(form_class)
    blank = form_class(**kwargs)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(_form_data(blank))
    def validate(payload):
        data, files = payload
        form = form_class(data=data, files=files, **kwargs)
        valid = form.is_valid()  # must not raise
        assert valid or form.errors
        str(form.errors)  # the messages render too

    validate()
