"""When a household's income makes it ready for referral to permanent housing (boligindstilling).

The centre keeps a table of monthly incomes by household size, each set valid from a day (``programme.
HousingIncomeThreshold``): a bigger household needs a bigger income to pay the rent of a bigger home. Pure: the
table comes in as rows.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

# The table's sizes: 1 to 6 persons; the amount for 6 counts for every bigger household too.
LARGEST_SIZE = 6
SIZES = tuple(range(1, LARGEST_SIZE + 1))


def income_threshold(rows: Iterable[tuple[date, int, Decimal]], *, size: int, on: date) -> Decimal | None:
    """The monthly income a household of ``size`` persons needs on the day: from the set with the latest
    ``valid_from`` on or before the day, the amount of the largest size up to ``size`` (the smallest listed when
    none is). None when no set is valid yet."""
    valid = [row for row in rows if row[0] <= on]
    if not valid:
        return None
    latest = max(row[0] for row in valid)
    amounts = {row_size: amount for valid_from, row_size, amount in valid if valid_from == latest}
    fitting = [row_size for row_size in amounts if row_size <= size]
    return amounts[max(fitting)] if fitting else amounts[min(amounts)]


def is_ready(monthly_income: Decimal | float, threshold: Decimal) -> bool:
    return Decimal(str(monthly_income)) >= threshold
