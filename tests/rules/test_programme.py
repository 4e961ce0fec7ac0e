from datetime import date, time

import pytest

from velkomst.rules import programme as rules
from velkomst.rules.programme import (
    ActivityKind,
    HoursRules,
    PlacementLimit,
    PlannedActivity,
    check_placement_length,
    check_week,
    placement_length_limit,
    placement_length_table,
    welcome_class_period,
    work_obligation_applies,
)

# --- work obligation ----------------------------------------------------------------


def test_a_refugee_with_nine_years_residence_and_4810_hours_of_work_is_exempt():
    assert not work_obligation_applies("refugee", 9, 4810)


def test_a_refugee_with_8_9_years_residence_is_covered_even_with_enough_work():
    assert work_obligation_applies("refugee", 8.9, 10_000)


def test_a_refugee_with_4809_hours_of_work_is_covered_even_with_ten_years_residence():
    assert work_obligation_applies("refugee", 10, 4809)


def test_a_newly_arrived_refugee_is_covered():
    assert work_obligation_applies("refugee", 0, 0)


@pytest.mark.parametrize(("years", "hours"), [(0, 0), (10, 10_000), (8.9, 4809)])
def test_a_displaced_ukrainian_is_never_covered(years, hours):
    assert not work_obligation_applies("ukrainian", years, hours)


def test_an_unknown_population_is_refused():
    with pytest.raises(ValueError, match="Unknown target group"):
        work_obligation_applies("student", 0, 0)


def test_impossible_residence_or_hours_are_refused():
    with pytest.raises(ValueError, match="between 0 and 10 years"):
        work_obligation_applies("refugee", 11, 0)
    with pytest.raises(ValueError, match="cannot be negative"):
        work_obligation_applies("refugee", 5, -1)


# --- check_week ----------------------------------------------------------------------


def activity(kind, weekday, start, end):
    return PlannedActivity(kind, weekday, time.fromisoformat(start), time.fromisoformat(end))


def six_hours_a_day(kind=ActivityKind.DANISH_EDUCATION):
    return [activity(kind, weekday, "08:30", "14:30") for weekday in range(5)]


def codes(findings):
    return [finding.code for finding in findings]


def test_a_week_of_exactly_30_hours_meets_the_30_hour_norm():
    assert check_week(six_hours_a_day(), norm_hours=30) == []


def test_a_week_of_29_5_hours_is_under_the_30_hour_norm():
    plan = six_hours_a_day()
    plan[4] = activity("danish_education", 4, "08:30", "14:00")

    findings = check_week(plan, norm_hours=30)

    assert codes(findings) == ["under_norm"]
    assert findings[0].params == {"planned": 29.5, "norm": 30}
    assert findings[0].message == "The week has 29.5 hours planned; the norm is 30 hours."


def test_a_week_above_the_norm_without_a_company_placement_is_flagged():
    plan = [*six_hours_a_day(), activity("job_search", 5, "10:00", "11:00")]

    findings = check_week(plan, norm_hours=30)

    assert codes(findings) == ["over_norm"]
    assert findings[0].message == "The week has 31 hours planned; at most 30 hours are allowed."


def test_a_company_placement_may_take_a_30_hour_week_up_to_37_hours():
    plan = [
        *(activity("company_internship", weekday, "08:00", "15:24") for weekday in range(3)),  # 22.2 h
        *(activity("danish_education", weekday, "08:00", "15:24") for weekday in (3, 4)),  # 14.8 h
    ]

    assert check_week(plan, norm_hours=30) == []


def test_a_company_placement_may_not_go_beyond_37_hours():
    plan = [*(activity("company_internship", weekday, "08:00", "15:30") for weekday in range(5))]  # 37.5 h

    assert codes(check_week(plan, norm_hours=30)) == ["over_norm"]


def test_an_ordinary_job_has_no_upper_limit():
    plan = [activity("ordinary_job", weekday, "07:00", "16:00") for weekday in range(5)]

    assert check_week(plan, norm_hours=37) == []


def test_the_work_obligation_norm_of_37_hours_is_checked_the_same_way():
    plan = [activity("utility_work", weekday, "08:00", "15:00") for weekday in range(5)]  # 35 h

    assert codes(check_week(plan, norm_hours=HoursRules().norm_hours_work_obligation)) == ["under_norm"]


def test_overlapping_activities_on_the_same_day_are_flagged():
    plan = [
        *six_hours_a_day(),
        activity("meeting", 1, "13:00", "14:00"),
    ]

    findings = check_week(plan, norm_hours=30)

    assert codes(findings) == ["overlap"]
    assert findings[0].params["weekday"] == 1
    assert findings[0].message == (
        "On Tuesday the Danish education (08:30–14:30) overlaps the meeting (13:00–14:00)."
    )


def test_overlapping_time_counts_once_towards_the_hours():
    plan = [*six_hours_a_day(), activity("transport", 0, "09:00", "10:00")]

    assert codes(check_week(plan, norm_hours=30)) == ["overlap"]


def test_back_to_back_activities_do_not_overlap():
    plan = [
        activity("transport", 0, "08:00", "08:30"),
        activity("welcome_class", 0, "08:30", "14:30"),
    ]

    assert "overlap" not in codes(check_week(plan, norm_hours=6))


def test_the_same_times_on_different_days_do_not_overlap():
    assert "overlap" not in codes(check_week(six_hours_a_day(), norm_hours=30))


def test_one_activity_inside_another_is_an_overlap_even_after_a_shorter_one():
    plan = [
        activity("sector_class", 2, "08:00", "16:00"),
        activity("meeting", 2, "09:00", "10:00"),
        activity("treatment", 2, "13:00", "14:00"),
    ]

    assert codes(check_week(plan, norm_hours=8)) == ["overlap", "overlap"]


def test_an_empty_week_is_under_the_norm():
    assert codes(check_week([], norm_hours=30)) == ["under_norm"]


def test_an_activity_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="must end after it starts"):
        activity("meeting", 0, "10:00", "09:00")


def test_an_unknown_activity_or_weekday_is_refused():
    with pytest.raises(ValueError, match="Unknown activity type"):
        activity("karaoke", 0, "10:00", "11:00")
    with pytest.raises(ValueError, match="weekday"):
        activity("meeting", 7, "10:00", "11:00")


def test_every_activity_kind_has_a_label():
    assert set(rules.ACTIVITY_LABELS) == set(ActivityKind)


# --- check_placement_length ---------------------------------------------------------------

JUNE_1 = date(2026, 6, 1)  # Monday


def test_a_four_week_job_internship_for_a_job_ready_citizen_is_within_the_limit():
    assert check_placement_length("job_internship", JUNE_1, date(2026, 6, 28), "job_ready", None) is None


def test_a_job_ready_citizens_job_internship_one_day_past_four_weeks_is_too_long():
    finding = check_placement_length("job_internship", JUNE_1, date(2026, 6, 29), "job_ready", None)

    assert finding.code == "placement_too_long"
    assert finding.params["latest_end"] == date(2026, 6, 28)
    assert finding.message == (
        "A job internship for a job-ready citizen may last at most 4 weeks; "
        "this one ends on 29 June 2026, so it must end by 28 June 2026."
    )


def test_domain_step_7_a_job_ready_newcomer_in_the_programme_may_have_a_13_week_company_internship():
    """DOMAIN.md, the journey, step 7: Oksana is job-ready and gets the 13-week internship without an exception."""
    assert check_placement_length("company_internship", JUNE_1, date(2026, 8, 30), "job_ready", None) is None
    assert check_placement_length("company_internship", JUNE_1, date(2026, 8, 31), "job_ready", None)
    assert placement_length_limit("company_internship", "job_ready", None) == PlacementLimit(13, "weeks")


def test_domain_step_7_outside_the_programme_a_job_ready_citizens_company_internship_is_4_weeks():
    assert placement_length_limit("company_internship", "job_ready", None, in_programme=False) == PlacementLimit(4, "weeks")
    assert check_placement_length("company_internship", JUNE_1, date(2026, 6, 29), "job_ready", None, in_programme=False)


def test_domain_step_7_the_presentation_s_path_fits_the_table():
    """13-week internship, 4-week job internship, 3 months' private wage subsidy: each within its limit."""
    assert check_placement_length("company_internship", JUNE_1, date(2026, 8, 30), "job_ready", None) is None
    assert check_placement_length("job_internship", JUNE_1, date(2026, 6, 28), "job_ready", None) is None
    assert check_placement_length("wage_subsidy", JUNE_1, date(2026, 8, 31), None, "private") is None


def test_domain_step_7_the_table_has_every_kind_and_condition_once():
    table = placement_length_table()
    assert table[("job_internship", "activity_ready", True)] == PlacementLimit(13, "weeks")
    assert table[("wage_subsidy", "public", True)] == PlacementLimit(4, "months")
    assert len(table) == 12


def test_an_activity_ready_citizen_may_have_a_13_week_internship():
    assert check_placement_length("company_internship", JUNE_1, date(2026, 8, 30), "activity_ready", None) is None
    assert check_placement_length("company_internship", JUNE_1, date(2026, 8, 31), "activity_ready", None)


def test_a_private_wage_subsidy_may_last_six_months():
    assert check_placement_length("wage_subsidy", JUNE_1, date(2026, 11, 30), None, "private") is None
    assert check_placement_length("wage_subsidy", JUNE_1, date(2026, 12, 1), None, "private")


def test_a_public_wage_subsidy_may_last_four_months():
    assert check_placement_length("wage_subsidy", JUNE_1, date(2026, 9, 30), None, "public") is None

    finding = check_placement_length("wage_subsidy", JUNE_1, date(2026, 10, 1), None, "public")

    assert "with a public employer may last at most 4 months" in finding.message


def test_other_activities_have_no_length_limit_here():
    assert check_placement_length("ordinary_job", JUNE_1, date(2030, 1, 1), None, None) is None


def test_the_information_needed_for_the_limit_must_be_given():
    with pytest.raises(ValueError, match="job-ready or activity-ready"):
        check_placement_length("company_internship", JUNE_1, date(2026, 6, 5), None, None)
    with pytest.raises(ValueError, match="private or public"):
        check_placement_length("wage_subsidy", JUNE_1, date(2026, 6, 5), None, "voluntary")


def test_a_placement_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="end on or after"):
        check_placement_length("wage_subsidy", JUNE_1, date(2026, 5, 31), None, "private")


def test_the_limits_can_be_configured():
    longer = HoursRules(internship_weeks_job_ready=8)

    finding = check_placement_length("job_internship", JUNE_1, date(2026, 7, 26), "job_ready", None, rules=longer)

    assert finding is None


def test_the_welcome_class_is_the_first_two_weeks_of_the_programme():
    assert welcome_class_period(date(2026, 11, 23)) == (date(2026, 11, 23), date(2026, 12, 6))


# --- the norm after a job -------------------------------------------------------------


JOB_MONDAY = date(2026, 11, 9)


def test_a_week_with_a_day_in_an_ordinary_job_is_not_held_to_the_norm():
    job = [(ActivityKind.ORDINARY_JOB.value, date(2026, 11, 11), None)]  # from a Wednesday
    assert rules.weekly_norm(30, date(2026, 11, 2), job) == 30
    assert rules.weekly_norm(30, JOB_MONDAY, job) is None
    assert rules.weekly_norm(37, date(2027, 3, 1), job) is None  # the work obligation too: paid work, off benefits


def test_the_norm_holds_again_from_the_week_after_the_job_ended():
    job = [(ActivityKind.ORDINARY_JOB.value, JOB_MONDAY, date(2026, 11, 10))]
    assert rules.weekly_norm(30, JOB_MONDAY, job) is None
    assert rules.weekly_norm(30, date(2026, 11, 16), job) == 30


def test_a_wage_subsidy_job_is_an_offer_of_the_programme_and_keeps_the_norm():
    assert rules.weekly_norm(30, JOB_MONDAY, [(ActivityKind.WAGE_SUBSIDY.value, JOB_MONDAY, None)]) == 30


def test_a_week_without_a_norm_checks_only_the_overlaps():
    assert check_week([], norm_hours=None) == []
