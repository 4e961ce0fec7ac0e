"""Calendar helpers: ages, years and months added, the Monday of a week — 29 February included."""
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from velkomst.lib.dates import add_months, add_years, age_on, latest_birth_date_for_age, monday_of

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def test_someone_born_on_29_february_turns_a_year_older_on_1_march_in_other_years():
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18
    assert age_on(born, date(2028, 2, 29)) == 20


def test_a_year_after_29_february_is_28_february():
    assert add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)
    assert add_years(date(2028, 2, 29), -18) == date(2010, 2, 28)
    assert add_years(date(2028, 2, 29), -16) == date(2012, 2, 29)


def test_a_month_after_the_31st_is_the_last_day_of_a_shorter_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 2) == date(2027, 2, 15)


@given(day=DAYS)
def test_the_monday_of_a_week_is_a_monday_at_most_six_days_before(day):
    monday = monday_of(day)
    assert monday.weekday() == 0 and 0 <= (day - monday).days <= 6


@given(birth=DAYS, day=DAYS, age=st.integers(min_value=0, max_value=100))
def test_the_birth_date_bound_agrees_with_the_age(birth, day, age):
    bound = latest_birth_date_for_age(age, day)
    assert (age_on(birth, day) >= age) == (birth <= bound)


@given(day=DAYS, years=st.integers(min_value=-100, max_value=100))
def test_adding_years_keeps_the_month_and_moves_only_29_february(day, years):
    moved = add_years(day, years)
    assert moved.year == day.year + years and moved.month == day.month
    assert moved.day == day.day or (day.month, day.day, moved.day) == (2, 29, 28)


@given(day=DAYS)
def test_a_person_is_zero_on_the_day_of_birth_and_one_a_year_later(day):
    assert age_on(day, day) == 0
    assert age_on(day, add_years(day, 1) + timedelta(days=1)) == 1
