"""What every app's views share about forms."""
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from velkomst.lib.text import has_control_characters


def attach_errors(form, error: ValidationError) -> None:
    """Put a service's field errors on the form, so each message stands beside its field."""
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def query_date(value: str | None, default: date) -> date:
    """A date from a query parameter (yyyy-mm-dd), or the default when it is absent or unreadable."""
    return (parse_date(value) if value else None) or default


CONTROL_CHARACTER_MESSAGE = _("The text holds an invisible control character (often from pasted text); type it again without it.")


def no_control_characters(value) -> None:
    """The one text rule of every form, API field and import cell."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(CONTROL_CHARACTER_MESSAGE, code="control_character")


def control_character_columns(cells: dict) -> list[str]:
    """The columns of an import line whose cell breaks the text rule."""
    return [name for name, value in cells.items() if isinstance(value, str) and has_control_characters(value)]
