from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from velkomst.rules.deadlines import (
    Deadline,
    DeadlineRules,
    add_months,
    deadline_state,
    deadlines_for,
    programme_start,
    takeover_date,
)

# --- add_months ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2026, 5, 15), 1, date(2026, 6, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 11, 30), 2, date(2027, 1, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 5, 15), 12, date(2027, 5, 15)),
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_a_month_later_is_the_same_day_number_or_the_last_day_of_a_shorter_month(day, n, expected):
    assert add_months(day, n) == expected


# --- takeover_date --------------------------------------------------------------


def test_a_ukrainian_decided_on_a_monday_is_taken_over_on_the_monday_three_weeks_later():
    assert takeover_date("ukrainian", date(2026, 11, 2)) == date(2026, 11, 23)


def test_a_ukrainian_take_over_skips_easter():
    # 15 working days from Mon 23 March 2026, without Thu 2, Fri 3 and Mon 6 April.
    assert takeover_date("ukrainian", date(2026, 3, 23)) == date(2026, 4, 16)


def test_a_ukrainian_take_over_skips_christmas_and_new_year():
    # From Mon 14 Dec 2026: 15–18, 21–23, 28–30 Dec, 4–8 Jan (24, 25, 31 Dec and 1 Jan closed).
    assert takeover_date("ukrainian", date(2026, 12, 14)) == date(2027, 1, 8)


def test_a_ukrainian_take_over_decided_on_a_saturday_counts_from_monday():
    assert takeover_date("ukrainian", date(2026, 11, 7)) == date(2026, 11, 27)


def test_a_refugee_decided_in_mid_may_is_taken_over_on_1_july():
    assert takeover_date("refugee", date(2026, 5, 15)) == date(2026, 7, 1)


@pytest.mark.parametrize("decided", [date(2026, 10, 1), date(2026, 10, 31)])
def test_a_refugee_decided_any_day_in_october_is_taken_over_on_1_december(decided):
    assert takeover_date("refugee", decided) == date(2026, 12, 1)  # a Tuesday


def test_a_refugee_take_over_on_new_years_day_moves_to_the_next_working_day():
    # 1 Jan 2027 is a Friday and a holiday; 2–3 Jan are the weekend.
    assert takeover_date("refugee", date(2026, 11, 20)) == date(2027, 1, 4)


def test_a_refugee_take_over_on_a_sunday_moves_to_monday():
    assert takeover_date("refugee", date(2025, 12, 10)) == date(2026, 2, 2)  # 1 Feb 2026 is a Sunday


def test_an_unknown_population_is_refused():
    with pytest.raises(ValueError, match="Unknown target group"):
        takeover_date("tourist", date(2026, 5, 15))


# --- deadlines_for ----------------------------------------------------------------

TAKEOVER = date(2026, 11, 2)  # Monday


def by_kind(deadline_list):
    return {d.kind: d for d in deadline_list}


def test_the_deadlines_come_in_a_fixed_order():
    kinds = [d.kind for d in deadlines_for(takeover=TAKEOVER, arrival=None, contract_meeting=None)]

    assert kinds == [
        "welcome_meeting",
        "contract_meeting",
        "danish_education_referral",
        "first_company_offer",
        "programme_start",
    ]


def test_the_welcome_meeting_target_is_five_working_days_after_arrival():
    found = by_kind(deadlines_for(takeover=TAKEOVER, arrival=date(2026, 11, 2), contract_meeting=None))

    assert found["welcome_meeting"] == Deadline("welcome_meeting", target=date(2026, 11, 9), legal_limit=None)


def test_the_contract_meeting_has_a_target_from_arrival_and_a_legal_limit_from_take_over():
    found = by_kind(deadlines_for(takeover=TAKEOVER, arrival=date(2026, 11, 4), contract_meeting=None))

    assert found["contract_meeting"].target == date(2026, 11, 18)
    assert found["contract_meeting"].legal_limit == date(2026, 12, 2)


def test_danish_education_referral_has_only_a_legal_limit():
    found = by_kind(deadlines_for(takeover=TAKEOVER, arrival=None, contract_meeting=None))

    assert found["danish_education_referral"] == Deadline(
        "danish_education_referral", target=None, legal_limit=date(2026, 12, 2)
    )


def test_the_first_company_offer_is_aimed_at_two_weeks_and_due_within_a_month():
    found = by_kind(deadlines_for(takeover=TAKEOVER, arrival=None, contract_meeting=None))

    assert found["first_company_offer"].target == date(2026, 11, 16)
    assert found["first_company_offer"].legal_limit == date(2026, 12, 2)


def test_a_take_over_on_31_january_has_its_one_month_limits_at_the_end_of_february():
    found = by_kind(deadlines_for(takeover=date(2028, 1, 31), arrival=None, contract_meeting=None))

    assert found["contract_meeting"].legal_limit == date(2028, 2, 29)
    assert found["danish_education_referral"].legal_limit == date(2028, 2, 29)


def test_before_arrival_the_targets_counted_from_arrival_are_unknown_but_legal_limits_are_set():
    found = by_kind(deadlines_for(takeover=TAKEOVER, arrival=None, contract_meeting=None))

    assert found["welcome_meeting"].target is None
    assert found["contract_meeting"].target is None
    assert found["contract_meeting"].legal_limit == date(2026, 12, 2)


def test_the_programme_starts_the_monday_after_the_contract_meeting():
    found = by_kind(deadlines_for(takeover=TAKEOVER, arrival=TAKEOVER, contract_meeting=date(2026, 11, 18)))

    assert found["programme_start"].target == date(2026, 11, 23)


def test_the_programme_start_is_unknown_until_the_contract_meeting_is_booked():
    found = by_kind(deadlines_for(takeover=TAKEOVER, arrival=TAKEOVER, contract_meeting=None))

    assert found["programme_start"].target is None


@pytest.mark.parametrize(
    ("contract_meeting", "start"),
    [
        (date(2026, 11, 16), date(2026, 11, 23)),  # Monday -> next Monday
        (date(2026, 11, 20), date(2026, 11, 23)),  # Friday -> next Monday
        (date(2026, 3, 31), date(2026, 4, 7)),  # next Monday is Easter Monday
        (date(2026, 5, 20), date(2026, 5, 26)),  # next Monday is Whit Monday
    ],
)
def test_the_programme_starts_on_the_first_working_day_of_the_following_week(contract_meeting, start):
    assert programme_start(contract_meeting) == start


def test_the_numbers_can_be_configured():
    rules = DeadlineRules(welcome_meeting_working_days_after_arrival=3, contract_meeting_limit_months_after_takeover=2)

    found = by_kind(deadlines_for(takeover=TAKEOVER, arrival=TAKEOVER, contract_meeting=None, rules=rules))

    assert found["welcome_meeting"].target == date(2026, 11, 5)
    assert found["contract_meeting"].legal_limit == date(2027, 1, 2)


def test_the_rules_cannot_be_changed_by_accident():
    with pytest.raises(FrozenInstanceError):
        DeadlineRules().due_soon_working_days = 5


# --- deadline_state --------------------------------------------------------------

DEADLINE = Deadline("contract_meeting", target=date(2026, 11, 18), legal_limit=date(2026, 12, 2))


def test_a_deadline_that_is_done_is_done_whatever_the_date():
    assert deadline_state(DEADLINE, done_on=date(2026, 12, 10), today=date(2026, 12, 20)) == "done"


def test_a_deadline_far_ahead_is_ok():
    assert deadline_state(DEADLINE, done_on=None, today=date(2026, 11, 12)) == "ok"


def test_a_target_three_working_days_ahead_is_due_soon():
    assert deadline_state(DEADLINE, done_on=None, today=date(2026, 11, 13)) == "due_soon"  # Fri -> Wed


def test_a_target_four_working_days_ahead_is_ok():
    assert deadline_state(DEADLINE, done_on=None, today=date(2026, 11, 12)) == "ok"  # Thu -> Wed


def test_a_target_today_is_due_soon():
    assert deadline_state(DEADLINE, done_on=None, today=date(2026, 11, 18)) == "due_soon"


def test_the_day_after_a_missed_target_is_amber():
    assert deadline_state(DEADLINE, done_on=None, today=date(2026, 11, 19)) == "amber"


def test_the_legal_limit_day_itself_is_still_amber():
    assert deadline_state(DEADLINE, done_on=None, today=date(2026, 12, 2)) == "amber"


def test_the_day_after_a_missed_legal_limit_is_red():
    assert deadline_state(DEADLINE, done_on=None, today=date(2026, 12, 3)) == "red"


def test_a_deadline_with_only_a_legal_limit_is_due_soon_before_it_and_red_after_it():
    referral = Deadline("danish_education_referral", target=None, legal_limit=date(2026, 12, 2))

    assert deadline_state(referral, done_on=None, today=date(2026, 11, 20)) == "ok"
    assert deadline_state(referral, done_on=None, today=date(2026, 11, 27)) == "due_soon"
    assert deadline_state(referral, done_on=None, today=date(2026, 12, 3)) == "red"


def test_a_deadline_with_no_dates_yet_is_ok():
    welcome = Deadline("welcome_meeting", target=None, legal_limit=None)

    assert deadline_state(welcome, done_on=None, today=date(2026, 11, 20)) == "ok"
