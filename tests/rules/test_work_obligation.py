"""The work obligation as the app applies it: inputs from recorded residence and work, citizens on benefits only."""
from datetime import date
from decimal import Decimal

import pytest

from tests.factories import make_case
from tests.programme.factories import make_employment, make_participant
from velkomst.programme.models import ResidencePeriod, WorkPeriod
from velkomst.programme.services import work_obligation_assess, work_obligation_inputs
from velkomst.rules import programme as rules

AS_OF = date(2026, 11, 26)


def test_nine_calendar_years_of_residence_count_as_nine():
    assert rules.residence_years_last_10([(date(2017, 11, 26), None)], AS_OF) == 9.0


def test_residence_a_little_short_of_nine_years_is_8_9():
    assert rules.residence_years_last_10([(date(2018, 1, 2), None)], AS_OF) == pytest.approx(8.9, abs=0.01)


def test_overlapping_residence_periods_count_once_and_the_window_is_ten_years():
    periods = [(date(2010, 1, 1), date(2020, 12, 31)), (date(2019, 1, 1), None)]
    assert rules.residence_years_last_10(periods, AS_OF) == 10.0


def test_130_weeks_of_37_hours_are_4810_hours():
    end = date(2026, 11, 26)
    start = date.fromordinal(end.toordinal() - 130 * 7 + 1)
    assert rules.fulltime_work_hours_last_10([(start, end, 37)], AS_OF) == 4810.0


def test_work_before_the_last_ten_years_does_not_count():
    assert rules.fulltime_work_hours_last_10([(date(2000, 1, 1), date(2015, 1, 1), 37)], AS_OF) == 0


@pytest.mark.parametrize(("work_days", "applies"), [(130 * 7, False), (130 * 7 - 1, True)])
def test_a_refugee_with_nine_years_residence_is_exempt_only_with_4810_hours_of_work(work_days, applies, db):
    case = make_case(target_group="other_refugee", status="in_programme")
    ResidencePeriod.objects.create(person=case.person, started_on=date(2017, 11, 26))
    WorkPeriod.objects.create(person=case.person, started_on=date.fromordinal(AS_OF.toordinal() - work_days + 1), ended_on=AS_OF,
                              hours_per_week=Decimal("37"))

    assert work_obligation_inputs(case, AS_OF).applies is applies


@pytest.mark.django_db
def test_a_refugee_with_8_9_years_residence_and_much_work_is_covered():
    case = make_case(target_group="family_reunified", status="in_programme")
    ResidencePeriod.objects.create(person=case.person, started_on=date(2018, 1, 2))
    WorkPeriod.objects.create(person=case.person, started_on=date(2018, 1, 2), ended_on=AS_OF, hours_per_week=Decimal("37"))

    result = work_obligation_inputs(case, AS_OF)

    assert result.residence_years == pytest.approx(8.9, abs=0.01)
    assert result.applies


@pytest.mark.django_db
def test_a_displaced_ukrainian_is_never_covered_even_without_residence_or_work():
    case = make_case(target_group="displaced_ukrainian", status="in_programme")
    assert not work_obligation_inputs(case, AS_OF).applies


@pytest.mark.django_db
def test_a_refugee_in_a_job_is_not_on_benefits_and_not_covered():
    case = make_case(target_group="un_quota", status="employed")
    make_employment(case=case, started_on=date(2026, 1, 5))
    result = work_obligation_inputs(case, AS_OF)
    assert not result.on_benefits and not result.applies


@pytest.mark.django_db
def test_assessing_sets_the_flag_on_the_case_and_raises_the_norm_to_37_hours(caseworker):
    case = make_participant(target_group="other_refugee", norm=30)

    assessment = work_obligation_assess(by=caseworker, case=case, as_of=AS_OF)

    case.refresh_from_db()
    assert assessment.applies and case.work_obligation
    assert case.enrolments.get().norm_hours == Decimal("37")
    assert case.journal.filter(text__contains="37").exists()


def test_the_norm_is_30_for_ukrainians_and_37_under_the_work_obligation_and_configurable():
    assert rules.norm_hours_for("ukrainian", False) == 30
    assert rules.norm_hours_for("refugee", True) == 37
    assert rules.norm_hours_for("refugee", True, rules=rules.HoursRules(norm_hours_work_obligation=35)) == 35
