from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from velkomst.lib.workdays import add_working_days, is_working_day, next_working_day_on_or_after


def test_an_ordinary_weekday_is_a_working_day():
    assert is_working_day(date(2026, 11, 26))  # Thursday


def test_saturday_and_sunday_are_not_working_days():
    assert not is_working_day(date(2026, 11, 28))
    assert not is_working_day(date(2026, 11, 29))


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 1, 1),  # New Year's Day
        date(2026, 4, 2),  # Maundy Thursday
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 14),  # Ascension Day
        date(2026, 5, 25),  # Whit Monday
        date(2026, 12, 25),  # Christmas Day
        date(2028, 12, 26),  # Second Day of Christmas (a Tuesday)
    ],
)
def test_public_holidays_on_weekdays_are_not_working_days(holiday):
    assert holiday.weekday() < 5
    assert not is_working_day(holiday)
    assert not is_working_day(holiday, extra_closed_days=False)


def test_store_bededag_is_a_holiday_up_to_2023():
    assert not is_working_day(date(2023, 5, 5))


def test_store_bededag_is_an_ordinary_working_day_from_2024():
    assert is_working_day(date(2024, 4, 26))
    assert is_working_day(date(2025, 5, 16))
    assert is_working_day(date(2026, 5, 1))  # would have been Store Bededag; also 1 May, not a holiday


@pytest.mark.parametrize("day", [date(2026, 6, 5), date(2026, 12, 24), date(2026, 12, 31)])
def test_grundlovsdag_christmas_eve_and_new_years_eve_are_closed_by_default(day):
    assert day.weekday() < 5
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [date(2026, 6, 5), date(2026, 12, 24), date(2026, 12, 31)])
def test_grundlovsdag_christmas_eve_and_new_years_eve_are_working_days_when_asked(day):
    assert is_working_day(day, extra_closed_days=False)


def test_the_day_after_ascension_is_a_working_day():
    assert is_working_day(date(2026, 5, 15))


def test_a_year_the_holiday_calendar_does_not_cover_is_refused_rather_than_guessed():
    with pytest.raises(ValueError, match="2101"):
        is_working_day(date(2101, 3, 1))


def test_one_working_day_after_friday_is_monday():
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)


def test_the_starting_day_is_not_counted():
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 24)


def test_five_working_days_after_a_monday_is_the_next_monday():
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)


def test_counting_from_a_saturday_starts_on_monday():
    assert add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)


def test_easter_is_skipped():
    # Wed 1 April 2026; Thu 2, Fri 3, Sat, Sun, Mon 6 April are all closed.
    assert add_working_days(date(2026, 4, 1), 1) == date(2026, 4, 7)


def test_christmas_is_skipped():
    # Wed 23 Dec 2026; 24 (closed), 25 (holiday), 26–27 (weekend).
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert add_working_days(date(2026, 12, 23), 1, extra_closed_days=False) == date(2026, 12, 24)


def test_new_year_is_skipped():
    # Wed 30 Dec 2026; 31 (closed), 1 Jan (holiday), 2–3 Jan (weekend).
    assert add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 4)
    assert add_working_days(date(2026, 12, 30), 1, extra_closed_days=False) == date(2026, 12, 31)


def test_store_bededag_delays_a_count_in_2023_but_not_in_2024():
    assert add_working_days(date(2023, 5, 4), 1) == date(2023, 5, 8)
    assert add_working_days(date(2024, 4, 25), 1) == date(2024, 4, 26)


def test_adding_zero_working_days_returns_the_day_unchanged_even_on_a_weekend():
    assert add_working_days(date(2026, 11, 26), 0) == date(2026, 11, 26)
    assert add_working_days(date(2026, 11, 28), 0) == date(2026, 11, 28)


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        add_working_days(date(2026, 11, 26), -1)


def test_the_next_working_day_on_or_after_a_working_day_is_that_day():
    assert next_working_day_on_or_after(date(2026, 11, 26)) == date(2026, 11, 26)


def test_the_next_working_day_after_new_years_day_2027_is_monday_4_january():
    assert next_working_day_on_or_after(date(2027, 1, 1)) == date(2027, 1, 4)


# --- properties -------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
counts = st.integers(min_value=1, max_value=60)
extra = st.booleans()

# deadline=None: the first look-up of a year builds its holiday calendar,
# which must not count against Hypothesis's per-example time limit on slow CI.


@settings(deadline=None)
@given(days, counts, extra)
def test_the_result_is_always_a_working_day(day, n, extra_closed_days):
    result = add_working_days(day, n, extra_closed_days=extra_closed_days)

    assert is_working_day(result, extra_closed_days=extra_closed_days)
    assert result > day


@settings(deadline=None)
@given(days, st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60), extra)
def test_more_working_days_never_give_an_earlier_date(day, a, b, extra_closed_days):
    fewer, more = sorted((a, b))

    assert add_working_days(day, fewer, extra_closed_days=extra_closed_days) <= add_working_days(
        day, more, extra_closed_days=extra_closed_days
    )


@settings(deadline=None)
@given(days, counts, counts, extra)
def test_adding_in_two_steps_is_the_same_as_adding_at_once(day, a, b, extra_closed_days):
    in_two_steps = add_working_days(
        add_working_days(day, a, extra_closed_days=extra_closed_days), b, extra_closed_days=extra_closed_days
    )

    assert in_two_steps == add_working_days(day, a + b, extra_closed_days=extra_closed_days)


@settings(deadline=None)
@given(days, extra)
def test_the_next_working_day_is_a_working_day_and_not_before_the_day(day, extra_closed_days):
    result = next_working_day_on_or_after(day, extra_closed_days=extra_closed_days)

    assert result >= day
    assert is_working_day(result, extra_closed_days=extra_closed_days)
