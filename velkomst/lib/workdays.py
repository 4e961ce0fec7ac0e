"""Danish working days (hverdage): Monday to Friday, not a public holiday.

Public holidays come from the ``holidays`` package, which follows the law:
Store Bededag (the 4th Friday after Easter) is a holiday up to 2023 and
abolished from 2024.

The package counts only official public holidays. Grundlovsdag (5 June),
Christmas Eve and New Year's Eve are not official holidays, but public
offices, the jobcentre and the language school are closed, so by default
they are not working days either (``extra_closed_days=True``).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

# (month, day) of the days the municipality is closed without them being
# official public holidays.
EXTRA_CLOSED_DAYS = ((6, 5), (12, 24), (12, 31))

NEGATIVE_DAYS = "The number of working days cannot be negative"
YEAR_NOT_COVERED = "Danish holidays are only known for {first}–{last}; {year} is outside that"

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=None)
def _public_holidays(year: int) -> frozenset[date]:
    # Outside its range the package silently returns no holidays at all;
    # a wrong deadline is worse than an error.
    first, last = holidays.Denmark.start_year, holidays.Denmark.end_year
    if not first <= year <= last:
        raise ValueError(YEAR_NOT_COVERED.format(first=first, last=last, year=year))
    return frozenset(holidays.country_holidays("DK", years=year))


def is_public_holiday(day: date) -> bool:
    """An official Danish public holiday (helligdag), weekends aside."""
    return day in _public_holidays(day.year)


def is_working_day(day: date, *, extra_closed_days: bool = True) -> bool:
    """Monday–Friday and not a public holiday (nor 5 June, 24 or 31 December
    when ``extra_closed_days``)."""
    if day.weekday() >= 5:
        return False
    if extra_closed_days and (day.month, day.day) in EXTRA_CLOSED_DAYS:
        return False
    return not is_public_holiday(day)


def next_working_day_on_or_after(day: date, *, extra_closed_days: bool = True) -> date:
    """``day`` itself if it is a working day, otherwise the next one."""
    while not is_working_day(day, extra_closed_days=extra_closed_days):
        day += _ONE_DAY
    return day


def add_working_days(day: date, n: int, *, extra_closed_days: bool = True) -> date:
    """The date ``n`` working days after ``day``; ``day`` itself is not counted.

    "15 working days after Monday 2 March" is Monday 23 March (with no
    holiday between). ``n=0`` returns ``day`` unchanged, even if it is not a
    working day: adding nothing changes nothing; use
    ``next_working_day_on_or_after`` when a working day is needed.
    """
    if n < 0:
        raise ValueError(NEGATIVE_DAYS)
    for _ in range(n):
        day = next_working_day_on_or_after(day + _ONE_DAY, extra_closed_days=extra_closed_days)
    return day
