from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_case
from tests.programme.factories import make_class, make_participant, on_roster, plan
from velkomst.people.models import Case
from velkomst.programme.models import Attendance
from velkomst.programme.selectors import compliance_rows, weekly_compliance_for
from velkomst.rules import compliance
from velkomst.rules.compliance import (
    AMBER,
    FLAGS,
    NOT_REGISTERED,
    RED,
    PlanRow,
    flag,
    planned_hours,
    week_from_rows,
    weekly_compliance,
)

MONDAY = date(2026, 11, 16)


def week(planned, attended, start=MONDAY):
    return weekly_compliance(planned, attended, 30, week_start=start)


def test_attending_what_was_planned_raises_no_flag():
    assert flag([week(30, 30), week(30, 30)]) is None


def test_half_an_hour_short_is_within_the_tolerance():
    assert not week(30, 29.5).below_plan
    assert week(30, 29).below_plan


def test_below_plan_last_week_only_is_amber():
    assert flag([week(30, 30), week(30, 20)]) == AMBER


def test_below_plan_two_weeks_running_is_red():
    assert flag([week(30, 30), week(30, 24), week(30, 18)]) == RED


def test_below_plan_earlier_but_not_last_week_raises_no_flag():
    assert flag([week(30, 10), week(30, 10), week(30, 30)]) is None


def test_a_plan_below_the_norm_is_noted():
    assert week(25, 25).plan_below_norm
    assert not week(30, 25).plan_below_norm


def test_negative_hours_are_refused():
    with pytest.raises(ValueError):
        weekly_compliance(-1, 0, 30, week_start=MONDAY)


def test_planned_hours_count_only_days_within_the_validity_and_overlaps_once():
    rows = [
        PlanRow(0, time(8, 30), time(14, 30), date(2026, 1, 1), None),  # Monday, 6 h
        PlanRow(0, time(14, 0), time(15, 0), date(2026, 1, 1), None),  # overlaps by 30 min: +0.5 h
        PlanRow(1, time(9, 0), time(12, 0), date(2026, 11, 18), None),  # Tuesday 17.11 is before it starts
        PlanRow(2, time(9, 0), time(12, 0), date(2026, 1, 1), date(2026, 11, 18)),  # Wednesday 18.11: its last day, 3 h
    ]
    assert planned_hours(rows, MONDAY) == 9.5


def test_the_last_complete_weeks_are_the_weeks_before_this_one():
    assert compliance.last_complete_weeks(date(2026, 11, 26), 3) == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]


def attend(case, day, hours, teaching_class=None):
    Attendance.objects.create(case=case, on=day, kind="danish_education", status="present" if hours else "absent", hours=hours,
                              teaching_class=teaching_class)


@pytest.mark.django_db
def test_a_participant_attending_less_than_planned_two_weeks_running_is_red(caseworker):
    case = make_participant(caseworker=caseworker)
    plan(case)  # 30 h a week
    for monday in (date(2026, 11, 9), MONDAY):
        for d in range(5):
            attend(case, monday.replace(day=monday.day + d), 4 if d < 4 else 0)
    rows = compliance_rows(user=caseworker, as_of=date(2026, 11, 26))
    assert [(r.case, r.flag) for r in rows] == [(case, RED)]
    assert [w.attended for w in rows[0].weeks] == [0, 16, 16]


@pytest.mark.django_db
def test_weekly_compliance_takes_the_same_number_of_queries_for_one_or_many_participants():
    teaching_class = make_class()

    def participants(n):
        for _ in range(n):
            case = make_participant()
            plan(case)
            on_roster(teaching_class, case)
            attend(case, MONDAY, 6, None)

    participants(1)
    with CaptureQueriesContext(connection) as one:
        weekly_compliance_for(Case.objects.all(), as_of=date(2026, 11, 26))
    participants(20)
    with CaptureQueriesContext(connection) as many:
        result = weekly_compliance_for(Case.objects.all(), as_of=date(2026, 11, 26))
    assert len(result) == 21
    assert len(one) == len(many) == 3 + 3  # norms, jobs, plans, one sum per week


@pytest.mark.django_db
def test_cases_outside_the_programme_are_not_counted():
    make_case(status="employed")
    assert weekly_compliance_for(Case.objects.all(), as_of=date(2026, 11, 26)) == {}


# --- a flag means registered and too low ---------------------------------------------------------


def rows_of(kind, weekdays, start=time(8, 30), end=time(14, 30)):
    return [PlanRow(w, start, end, date(2026, 1, 1), None, kind) for w in weekdays]


def test_nothing_registered_is_neither_below_plan_nor_a_flag_but_said_as_such():
    weeks = [week_from_rows(rows_of("welcome_class", range(5)), MONDAY, {}, 30)]
    assert not weeks[0].below_plan and weeks[0].not_registered
    assert flag(weeks) == NOT_REGISTERED and NOT_REGISTERED not in FLAGS


def test_nothing_planned_and_nothing_registered_is_no_flag():
    assert flag([week_from_rows([], MONDAY, {}, 30)]) is None


def test_an_activity_with_no_attendance_registered_is_left_out_of_the_comparison():
    rows = rows_of("welcome_class", range(3)) + rows_of("danish_education", (3, 4))
    full = week_from_rows(rows, MONDAY, {"danish_education": 12}, 30)
    assert (full.planned, full.expected, full.below_plan, full.partly_registered) == (30, 12, False, True)
    short = week_from_rows(rows, MONDAY, {"danish_education": 6}, 30)
    assert short.below_plan and flag([short, short]) == RED


def test_registered_absence_is_registered():
    absent = week_from_rows(rows_of("danish_education", range(5)), MONDAY, {"danish_education": 0}, 30)
    assert absent.registered and absent.below_plan and flag([absent]) == AMBER


def test_a_week_without_a_norm_is_never_below_it():
    assert not weekly_compliance(6, 6, None, week_start=MONDAY).plan_below_norm
