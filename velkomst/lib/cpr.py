"""Danish CPR numbers (personnummer): reading, formatting and masking.

A CPR number is ``DDMMYY-SSSS``. The first six digits are the birth date; the
7th digit together with the two-digit year gives the century; the last digit
is odd for men and even for women.

Since 2007 CPR numbers are no longer required to pass the old modulus-11
check (the sequence numbers ran out), so nothing here ever checks it: a
system that rejects a CPR number for failing modulus 11 refuses real people.
"""

from __future__ import annotations

import re
from datetime import date

from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumValidationError

FEMALE = "F"
MALE = "M"

WRONG_FORMAT = "A CPR number has 10 digits, written DDMMYY-SSSS"
IMPOSSIBLE_DATE = "The first six digits must be a valid date (DDMMYY)"
FUTURE_BIRTH_DATE = "The birth date in the CPR number is in the future; check the digits"

# Exactly the two accepted spellings: DDMMYY-SSSS and DDMMYYSSSS. "[0-9]"
# rather than "\d" so that other scripts' digits (e.g. Arabic-Indic) are refused.
_CPR_PATTERN = re.compile(r"([0-9]{6})-?([0-9]{4})")


def _digits(text: str) -> str:
    """The 10 digits of a CPR number, or ValueError if it is not shaped like one."""
    match = _CPR_PATTERN.fullmatch(text.strip())
    if match is None:
        raise ValueError(WRONG_FORMAT)
    return match.group(1) + match.group(2)


def _birth_date(digits: str) -> date:
    # stdnum knows the 7th-digit century table; we only use that part of it.
    try:
        return stdnum_cpr.get_birth_date(digits)
    except StdnumValidationError:
        raise ValueError(IMPOSSIBLE_DATE) from None


def _gender(digits: str) -> str:
    return MALE if int(digits[-1]) % 2 == 1 else FEMALE


def parse(text: str, *, today: date) -> tuple[date, str]:
    """Return ``(birth_date, gender)`` for a CPR number; gender is "F" or "M".

    Accepts ``DDMMYY-SSSS`` and ``DDMMYYSSSS`` with surrounding whitespace.
    Raises ValueError, with a message a caseworker understands, when the text
    is not 10 digits, the date does not exist, or the person is not born yet
    on ``today`` (the caller's day: a pure module does not read the clock).
    """
    digits = _digits(text)
    birth_date = _birth_date(digits)
    if birth_date > today:
        raise ValueError(FUTURE_BIRTH_DATE)
    return birth_date, _gender(digits)


def format_cpr(text: str) -> str:
    """The standard display form ``DDMMYY-SSSS``.

    Checks only the shape (10 digits), not the date, so that a stored number
    can always be shown as it is.
    """
    digits = _digits(text)
    return f"{digits[:6]}-{digits[6:]}"


def mask(text: str) -> str:
    """``DDMMYY-XXXX``: the birth date without the part that identifies the person.

    For lists and screens where the full number is not needed.
    """
    return f"{_digits(text)[:6]}-XXXX"


# Ten digits with up to three separators of any kind between them (170591-0152, 170591 0152, 170591–0152,
# 170591/0152, 17.05.91-0152) whose first six read as a day and a month: a CPR number typed in any shape.
_CPR_LIKE = re.compile(r"\d(?:[^\dA-Za-z]{0,3}\d){9}(?!\d)")


def _looks_like_a_birth_date(digits: str) -> bool:
    day, month = int(digits[:2]), int(digits[2:4])
    return 1 <= day <= 31 and 1 <= month <= 12


def mask_in_text(text: str) -> str:
    """Every CPR-like run of digits in a free text masked (``DDMMYY-XXXX``), whatever its separators."""
    out, position = [], 0
    while (match := _CPR_LIKE.search(text, position)) is not None:
        digits = re.sub(r"\D", "", match.group())
        starts_a_number = match.start() == 0 or not text[match.start() - 1].isdigit()
        if starts_a_number and _looks_like_a_birth_date(digits):
            out.append(text[position:match.start()] + mask(digits))
            position = match.end()
        else:  # not a CPR number from here: try from the next digit
            out.append(text[position:match.start() + 1])
            position = match.start() + 1
    return "".join(out) + text[position:]
