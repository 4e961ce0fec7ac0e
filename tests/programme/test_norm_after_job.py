"""A citizen in an ordinary job has left the programme for work: the programme's weekly norm (30 hours, or 37 under the
work obligation) no longer holds her; the follow-ups take over. A wage subsidy job is an offer of the programme."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.programme.factories import make_participant, plan
from tests.reception.factories import aware
from velkomst.people.models import Case
from velkomst.programme.selectors import weekly_compliance_for
from velkomst.programme.services import employment_start

TODAY = date(2026, 11, 26)  # a Thursday
JOB_START = date(2026, 11, 9)  # a Monday, two complete weeks before TODAY's week
pytestmark = pytest.mark.time_machine(aware(TODAY, 10))

UNDER_NORM_30 = "normen er 30 timer"
UNDER_NORM_37 = "normen er 37 timer"


def _employed(caseworker, *, kind="ordinary_job", norm=30, work_obligation=False):
    """In the programme with 30 hours of Danish, then a job from JOB_START; Danish goes on to finish the module."""
    case = make_participant(caseworker=caseworker, norm=norm, work_obligation=work_obligation)
    plan(case)
    employment_start(by=caseworker, case=case, employer="Netto Nørrebro", hours_per_week=Decimal("30"), monthly_income=Decimal("24000"),
                     started_on=JOB_START, today=TODAY, kind=kind)
    plan(case, kind="danish_education", weekdays=(3,), start="17:00", end="20:00", valid_from=JOB_START)  # evening Danish
    return case


@pytest.mark.django_db
def test_an_employed_citizen_s_programme_page_does_not_find_the_week_under_the_norm(client, caseworker):
    case = _employed(caseworker)
    client.force_login(caseworker)
    html = client.get(f"/programme/cases/{case.pk}/").content.decode()
    assert UNDER_NORM_30 not in html
    assert "Gælder ikke i et ordinært job" in html


@pytest.mark.django_db
def test_under_the_work_obligation_a_job_lifts_the_37_hour_norm_too(client, caseworker):
    case = _employed(caseworker, norm=37, work_obligation=True)
    client.force_login(caseworker)
    html = client.get(f"/programme/cases/{case.pk}/").content.decode()
    assert UNDER_NORM_37 not in html


@pytest.mark.django_db
def test_the_weeks_of_an_ordinary_job_carry_no_norm_but_the_weeks_before_it_do(caseworker):
    case = _employed(caseworker)
    weeks = weekly_compliance_for(Case.objects.filter(pk=case.pk), as_of=TODAY)[case.pk]
    assert [w.week_start for w in weeks] == [JOB_START - timedelta(weeks=1), JOB_START, JOB_START + timedelta(weeks=1)]
    assert [w.norm for w in weeks] == [30, None, None]
    assert [w.plan_below_norm for w in weeks] == [False, False, False]


@pytest.mark.django_db
def test_a_wage_subsidy_job_is_part_of_the_programme_and_keeps_the_norm(client, caseworker):
    case = _employed(caseworker, kind="wage_subsidy")
    client.force_login(caseworker)
    assert UNDER_NORM_30 in client.get(f"/programme/cases/{case.pk}/").content.decode()
