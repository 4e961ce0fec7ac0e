"""Calendar arithmetic the whole project shares: ages, weeks, months and years.

Pure Python (no Django). Danish date *formatting* needs Django's formats and lives
in ``velkomst/formats`` (``date_text``); working days (holidays) live in ``lib/workdays.py``.

The 29 February rule: moving a date by whole years turns a 29 February that the
target year lacks into 28 February (five years after 29.02.2024 is 28.02.2029);
ages count completed years, so someone born on 29 February turns a year older on
1 March in other years.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta


def age_on(birth: date, day: date) -> int:
    """Completed years on the day: someone born on 29 February has their birthday
    on 1 March in other years (they are not a year older on 28 February)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def latest_birth_date_for_age(age: int, day: date) -> date:
    """The latest birth date of someone who has turned ``age`` on ``day``: everyone born on
    or before it is at least ``age`` (``age_on(birth, day) >= age`` exactly when
    ``birth <= latest_birth_date_for_age(age, day)``, 29 February included)."""
    return add_years(day, -age)


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (earlier if negative); 29 February becomes 28 February
    in a year that has none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """The same day number ``months`` later (earlier if negative), or the last day of that
    month when it is shorter: 31 January + 1 month is 28 (or 29) February."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def monday_of(day: date) -> date:
    """The Monday of the day's week (Danish weeks run Monday to Sunday)."""
    return day - timedelta(days=day.weekday())


def first_of_month(day: date) -> date:
    return day.replace(day=1)
