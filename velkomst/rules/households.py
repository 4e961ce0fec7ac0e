"""What kind of household this is: the one definition of a family, an adult and a household type.

SPEC rule 3 and the rent caps both read it; so do the occupancy figures, the forecast
and the demo builder. Each function takes the members' ages on the day that matters
(``velkomst.lib.dates.age_on``), so the rule does not depend on where the ages come from.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

ADULT_AGE = 18
# Working age as the employment figures count it (Jobindsats: 18-66 years).
WORKING_AGE = (18, 66)
# The rent caps distinguish couples with 1-3 children from those with 4 or more.
MANY_CHILDREN = 4

SINGLE = "single"
COUPLE = "couple"
CHILDREN_1_3 = "children_1_3"
CHILDREN_4_PLUS = "children_4_plus"
HOUSEHOLD_TYPES = (SINGLE, COUPLE, CHILDREN_1_3, CHILDREN_4_PLUS)


def is_adult(age: int) -> bool:
    return age >= ADULT_AGE


def is_working_age(age: int) -> bool:
    return WORKING_AGE[0] <= age <= WORKING_AGE[1]


def is_family(ages: Iterable[int]) -> bool:
    """A family: two or more members, or any member under 18 (SPEC rule 3: a family has a room of its own)."""
    ages = list(ages)
    return len(ages) >= 2 or any(not is_adult(age) for age in ages)


def household_type(ages: Iterable[int]) -> str:
    """The rent caps' household type: single, couple, with 1-3 children, with 4 or more children."""
    ages = list(ages)
    children = sum(not is_adult(age) for age in ages)
    if children >= MANY_CHILDREN:
        return CHILDREN_4_PLUS
    if children:
        return CHILDREN_1_3
    return COUPLE if len(ages) >= 2 else SINGLE


def needs_food_distribution(first_benefit_payment_on: date | None, on: date) -> bool:
    """Newcomers get food handed out until their first benefit payment (a payment dated later
    than the day does not count yet)."""
    return first_benefit_payment_on is None or first_benefit_payment_on > on
