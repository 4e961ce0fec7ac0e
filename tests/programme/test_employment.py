"""A job suspends the programme; losing it resumes the programme with nothing lost."""
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.programme.factories import make_participant, plan
from velkomst.people.models import CaseStatus
from velkomst.programme.models import PlanItem
from velkomst.programme.selectors import plan_items_for_week
from velkomst.programme.services import employment_end, employment_start, enrolment_start


def start_job(case, by, on=date(2026, 6, 1)):
    return employment_start(by=by, case=case, employer="Hotel Nord", hours_per_week=Decimal("37"), monthly_income=Decimal("23000"), started_on=on,
                            today=on)


@pytest.mark.django_db
def test_a_job_makes_the_case_employed_suspends_the_plan_and_schedules_follow_ups_twice_a_year(caseworker):
    case = make_participant(takeover_date=date(2026, 1, 5))
    plan(case)

    job = start_job(case, caseworker)

    case.refresh_from_db()
    assert case.status == CaseStatus.EMPLOYED
    assert plan_items_for_week(case, date(2026, 6, 8)) == []
    assert PlanItem.objects.filter(case=case).count() == 5  # kept, not deleted
    dues = list(case.follow_ups.values_list("due_on", flat=True))
    assert dues[:2] == [date(2026, 12, 1), date(2027, 6, 1)]
    assert dues[-1] <= case.integration_period_end == date(2031, 1, 5)
    assert len(dues) == 9
    assert job.follow_ups.count() == 9


@pytest.mark.django_db
def test_losing_the_job_resumes_the_programme_and_nothing_is_lost(caseworker):
    case = make_participant(takeover_date=date(2026, 1, 5))
    originals = plan(case)
    job = start_job(case, caseworker)

    employment_end(by=caseworker, employment=job, ended_on=date(2026, 9, 30), reason="Sæsonansættelse sluttede")

    case.refresh_from_db()
    job.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRAMME
    assert job.ended_on == date(2026, 9, 30) and job.end_reason
    resumed = plan_items_for_week(case, date(2026, 10, 5))
    assert len(resumed) == 5 and all(item.resumed_from in originals for item in resumed)
    assert resumed[0].valid_from == date(2026, 10, 1)
    assert PlanItem.objects.filter(case=case).count() == 10
    assert case.follow_ups.count() == 9  # the follow-ups stay
    assert list(case.status_changes.values_list("status", flat=True))[-3:] == ["in_programme", "employed", "in_programme"]
    assert case.enrolments.filter(ended_on__isnull=True).count() == 1


@pytest.mark.django_db
def test_a_welcome_class_whose_period_passed_during_the_job_is_not_resumed(caseworker):
    case = make_participant(status="arrived")
    case.enrolments.all().delete()
    enrolment_start(by=caseworker, case=case, started_on=date(2026, 11, 2))
    job = start_job(case, caseworker, on=date(2026, 11, 9))
    employment_end(by=caseworker, employment=job, ended_on=date(2026, 11, 30), reason="Prøvetid")
    assert plan_items_for_week(case, date(2026, 12, 7)) == []


@pytest.mark.django_db
def test_a_job_cannot_end_before_it_started_or_twice(caseworker):
    case = make_participant()
    job = start_job(case, caseworker)
    with pytest.raises(ValidationError) as error:
        employment_end(by=caseworker, employment=job, ended_on=date(2026, 5, 1), reason="x")
    assert "ended_on" in error.value.message_dict
    employment_end(by=caseworker, employment=job, ended_on=date(2026, 7, 1), reason="x")
    with pytest.raises(ValidationError, match="ophørte allerede"):
        employment_end(by=caseworker, employment=job, ended_on=date(2026, 7, 2), reason="x")


@pytest.mark.django_db
def test_a_second_job_at_the_same_time_is_refused_naming_the_field(caseworker):
    case = make_participant()
    start_job(case, caseworker)
    with pytest.raises(ValidationError) as error:
        start_job(case, caseworker, on=date(2026, 7, 1))
    assert "started_on" in error.value.message_dict


@pytest.mark.django_db
def test_enrolment_starts_with_two_weeks_of_welcome_class_with_an_interpreter_and_the_norm_of_the_group(caseworker):
    case = make_participant(status="arrived")
    case.enrolments.all().delete()
    case.person.interpreter_language = "ukrainsk"
    case.person.save()

    enrolment = enrolment_start(by=caseworker, case=case, started_on=date(2026, 11, 30))

    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRAMME and enrolment.norm_hours == 30
    items = plan_items_for_week(case, date(2026, 11, 30))
    assert len(items) == 5 and all(i.kind == "welcome_class" and i.with_interpreter for i in items)
    assert items[0].valid_to == date(2026, 12, 13)
    assert plan_items_for_week(case, date(2026, 12, 14)) == []
