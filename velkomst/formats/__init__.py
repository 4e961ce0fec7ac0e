"""How dates, times and numbers are written: Danish style in both interface languages (26.11.2026, 14:30, 1.600, 37,5).

The locale formats are in ``da/formats.py`` (``FORMAT_MODULE_PATH``); these helpers are the one way code
outside templates writes a date into a message, a journal event, an export or a letter. Templates use
``{{ day|date:"SHORT_DATE_FORMAT" }}``, which reads the same formats.
"""
from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone


def date_text(day: date | None, empty: str = "") -> str:
    """26.11.2026"""
    if day is None:
        return empty
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def time_text(moment: datetime) -> str:
    """14:30, in Copenhagen time."""
    return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


def datetime_text(moment: datetime) -> str:
    """26.11.2026 14:30, in Copenhagen time."""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def number_text(value: int | float | Decimal) -> str:
    """1.600, 37,5, 30: grouped, a decimal comma, no trailing zeros and never an exponent (a normalised
    ``Decimal("30")`` prints as "3E+1")."""
    if isinstance(value, Decimal):
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def plural_number(value: int | float | Decimal | None) -> int:
    """The count ``ngettext`` chooses a form by: a whole value as it is, a fraction as many (1 time, 1,5 timer, 0,5 hours).

    ngettext takes a whole number; 1.5 hours would otherwise be cut to 1 and read "1,5 time". In templates:
    ``{% blocktranslate count counter=hours|plural_number with hours=hours|number %}``.
    """
    if value is None:
        return 0
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return 0
    if not amount.is_finite():
        return 0
    return int(amount) if amount == amount.to_integral_value() else 2


def parse_date_text(text: str | None) -> date | None:
    """A date as Danes write it (26.11.2026; also 26-11-2026, 26/11/2026 and 2026-11-26), by the same input formats as
    every form's date field (``da/formats.py``); None when the text is empty or not a day that exists."""
    from velkomst.formats.da.formats import DATE_INPUT_FORMATS

    text = (text or "").strip()
    for pattern in DATE_INPUT_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
