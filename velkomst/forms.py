"""What every app's views share about forms."""
from datetime import date

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from velkomst.formats import date_text, parse_date_text
from velkomst.lib.text import has_control_characters
from velkomst.rules import date_windows


def attach_errors(form, error: ValidationError) -> None:
    """Put a service's field errors on the form, so each message stands beside its field."""
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


class QueryParameterRefused(BadRequest):
    """A query parameter that cannot be read: answered 400, naming the parameter and the fix (never its value)."""


def query_date(request, name: str, *, default: date, kind: str, today: date, label: str | None = None) -> date:
    """The one parse of a date in a query string (``?on=26.11.2026`` as Danes write it, or ``?week=2026-11-23`` in a
    link; a form's POST field of the same name first): ``default`` when absent; a date that does not exist or lies
    outside its kind's window is a 400 naming the field (``label``, else ``name``)."""
    value = request.POST.get(name) or request.GET.get(name)
    if not value:
        return default
    day = parse_date_text(value)
    field = label or name
    if day is None:
        raise QueryParameterRefused(_("“%(name)s” must be a date written dd.mm.yyyy, e.g. 26.11.2026.") % {"name": field})
    if not date_windows.in_window(kind, day, today):
        earliest, latest = date_windows.window(kind, today)
        raise QueryParameterRefused(_("“%(name)s” must be a date from %(earliest)s to %(latest)s.") % {
            "name": field, "earliest": date_text(earliest), "latest": date_text(latest)})
    return day


CONTROL_CHARACTER_MESSAGE = _("The text holds an invisible control character (often from pasted text); type it again without it.")


def no_control_characters(value) -> None:
    """The one text rule of every form, API field and import cell."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(CONTROL_CHARACTER_MESSAGE, code="control_character")


def control_character_columns(cells: dict) -> list[str]:
    """The columns of an import line whose cell breaks the text rule."""
    return [name for name, value in cells.items() if isinstance(value, str) and has_control_characters(value)]


def date_in_window(field: str, value: date | None, kind: str, *, today: date) -> None:
    """The one date-range rule (``rules.date_windows``): a date outside its kind's window is refused, naming the field
    and the days it may be."""
    if value is None or date_windows.in_window(kind, value, today):
        return
    raise ValidationError({field: date_window_message(kind, today)}, code="date_window")


def date_window_message(kind: str, today: date) -> str:
    earliest, latest = date_windows.window(kind, today)
    return _("Write a date from %(earliest)s to %(latest)s.") % {"earliest": date_text(earliest), "latest": date_text(latest)}



DATE_FORMAT_HINT = _("dd.mm.yyyy")

# The one date input: a text field written as Danes write it (``formats.parse_date_text``), wide enough for
# "dd.mm.åååå" (the class ``velkomst-date`` in velkomst.css).
DATE_INPUT = forms.DateInput(format="%d.%m.%Y", attrs={"class": "form-input velkomst-date", "placeholder": DATE_FORMAT_HINT,
                                                       "inputmode": "numeric", "autocomplete": "off"})


def date_field_shown(field: forms.Field) -> None:
    """Every date field looks the same, whichever form it is on: the date input's width class, and the format
    dd.mm.åååå as a visible hint (the field's help text, which the input is described by) in front of any hint of
    its own, unless that already says the format. A placeholder alone is not enough: it goes when one types."""
    if not isinstance(field.widget, forms.DateInput):
        return
    classes = field.widget.attrs.get("class", "form-input").split()
    field.widget.attrs["class"] = " ".join(classes + [c for c in ("velkomst-date",) if c not in classes])
    field.widget.attrs.setdefault("placeholder", DATE_FORMAT_HINT)
    own = str(field.help_text or "")
    if "dd.mm" not in own:
        field.help_text = format_lazy("{}; {}", DATE_FORMAT_HINT, field.help_text) if own else DATE_FORMAT_HINT


class RulesMixin:
    """What every form of the app does beside its own fields: the one text rule on every text field, the one look of
    every date field (``date_field_shown``), and the one date-range rule on the date fields it names in
    ``date_windows`` ({field: kind of ``rules.date_windows``}), counted from the ``today`` the view passes (a form
    with date windows must be given it)."""

    date_windows: dict[str, str] = {}

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.date_windows and today is None and self.is_bound:  # an unbound form is only shown, never checked
            raise TypeError(f"{type(self).__name__} checks dates against today: pass today=")
        self.today = today
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(no_control_characters)
            date_field_shown(field)

    def clean(self):
        data = super().clean()
        for name, kind in self.date_windows.items():
            try:
                date_in_window(name, data.get(name), kind, today=self.today)
            except ValidationError as error:
                self.add_error(name, error.message_dict[name])
        return data


class Form(RulesMixin, forms.Form):
    pass


class ModelForm(RulesMixin, forms.ModelForm):
    pass


def file_within(upload, max_bytes: int) -> None:
    """The one size rule of an uploaded file, before it is read or stored: its size as received, named with the limit."""
    if upload is not None and upload.size > max_bytes:
        raise ValidationError(_("The file is larger than %(mb)d MB; split it into smaller files.") % {"mb": max_bytes // (1024 * 1024)},
                              code="file_too_large")
