"""The one definition of a family, an adult and a household type (SPEC rule 3, the rent caps)."""
from datetime import date

import pytest

from velkomst.rules import households, populations


@pytest.mark.parametrize("ages, family", [([30], False), ([17], True), ([30, 29], True), ([30, 2], True), ([18], False)])
def test_a_family_is_two_or_more_members_or_anyone_under_18(ages, family):
    assert households.is_family(ages) is family


@pytest.mark.parametrize("ages, kind", [
    ([30], "single"), ([30, 31], "couple"), ([30, 31, 4], "children_1_3"), ([30, 3], "children_1_3"),
    ([30, 31, 1, 2, 3, 4], "children_4_plus"), ([30, 17, 17, 17, 17], "children_4_plus"),
])
def test_the_household_type_of_the_rent_caps(ages, kind):
    assert households.household_type(ages) == kind


def test_food_distribution_ends_on_the_first_benefit_payment():
    assert households.needs_food_distribution(None, date(2026, 12, 1))
    assert households.needs_food_distribution(date(2026, 12, 2), date(2026, 12, 1))
    assert not households.needs_food_distribution(date(2026, 12, 1), date(2026, 12, 1))


@pytest.mark.parametrize("group, population", [
    ("displaced_ukrainian", "ukrainian"), ("municipal_quota", "refugee"), ("un_quota", "refugee"),
    ("other_refugee", "refugee"), ("family_reunified", "refugee"), ("lab_job_ready", None), (None, None),
])
def test_the_target_group_decides_the_housing_population(group, population):
    assert populations.population_of(group) == population
