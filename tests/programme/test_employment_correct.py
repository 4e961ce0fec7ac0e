"""A job entered wrong is corrected with its history kept: dates, employer (register or typed), hours, kind; its follow-ups
move with its first day; the case becomes employed on the job's first day, not when a future job is recorded."""
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.programme.factories import make_company, make_participant, plan
from tests.reception.factories import aware
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.programme.models import Employment
from velkomst.programme.selectors import plan_items_for_week
from velkomst.programme.services import employment_end, employment_start, employment_update, employments_starting_apply

TODAY = date(2026, 11, 26)
pytestmark = pytest.mark.time_machine(aware(TODAY, 10))


def start_job(case, by, on=date(2026, 11, 2), today=TODAY, **fields):
    return employment_start(by=by, case=case, employer="Hotel Nord", hours_per_week=Decimal("37"), monthly_income=Decimal("23000"),
                            started_on=on, today=today, **fields)


def correct(job, by, **changes):
    fields = dict(employer=job.employer, hours_per_week=job.hours_per_week, monthly_income=job.monthly_income, started_on=job.started_on,
                  ended_on=job.ended_on, kind=job.kind, today=TODAY)
    return employment_update(by=by, employment=job, **(fields | changes))


@pytest.mark.django_db
def test_a_job_recorded_before_it_starts_makes_the_case_employed_on_its_first_day(caseworker):
    case = make_participant(takeover_date=date(2026, 1, 5))
    start_job(case, caseworker, on=date(2026, 12, 1))
    case.refresh_from_db()
    assert case.status == "in_programme"

    assert employments_starting_apply(today=date(2026, 11, 30)) == 0
    call_command("programme_daily", as_of=date(2026, 12, 1))
    case.refresh_from_db()
    assert case.status == "employed"
    assert case.status_changes.filter(status="employed").get().on == date(2026, 12, 1)
    assert employments_starting_apply(today=date(2026, 12, 2)) == 0  # idempotent


@pytest.mark.django_db
def test_correcting_the_first_day_moves_the_follow_ups_and_the_suspension(caseworker):
    case = make_participant(takeover_date=date(2026, 1, 5))
    plan(case)
    job = start_job(case, caseworker, on=date(2026, 6, 1), today=date(2026, 6, 1))
    assert list(job.follow_ups.values_list("due_on", flat=True))[:2] == [date(2026, 12, 1), date(2027, 6, 1)]
    ids = set(job.follow_ups.values_list("pk", flat=True))

    correct(job, caseworker, started_on=date(2026, 6, 15))

    assert list(job.follow_ups.values_list("due_on", flat=True))[:2] == [date(2026, 12, 15), date(2027, 6, 15)]
    assert set(job.follow_ups.values_list("pk", flat=True)) == ids  # the same follow-ups, moved
    assert len(plan_items_for_week(case, date(2026, 6, 8))) == 5  # the programme runs until the new first day
    assert plan_items_for_week(case, date(2026, 6, 15)) == []
    change = FieldChange.objects.get(object_type="employment", object_id=str(job.pk), field="started_on")
    assert change.user == caseworker and change.person == case.person


@pytest.mark.django_db
def test_the_employer_can_be_picked_from_the_register_and_the_kind_changed(caseworker):
    case = make_participant()
    job = start_job(case, caseworker)
    shop = make_company(name="Netto Nørrebro")
    correct(job, caseworker, company=shop, employer="", kind="wage_subsidy", hours_per_week=Decimal("30"))
    job.refresh_from_db()
    assert (job.company, job.employer, job.employer_cvr, job.kind, job.hours_per_week) == (shop, "Netto Nørrebro", shop.cvr, "wage_subsidy", 30)


@pytest.mark.django_db
def test_an_end_before_the_start_is_refused_naming_the_field_and_nothing_is_saved(caseworker):
    case = make_participant()
    job = start_job(case, caseworker, on=date(2026, 6, 1), today=date(2026, 6, 1))
    employment_end(by=caseworker, employment=job, ended_on=date(2026, 9, 30), reason="Sæson")
    job.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        correct(job, caseworker, started_on=date(2026, 10, 5), hours_per_week=Decimal("20"))
    assert "ended_on" in error.value.message_dict
    job.refresh_from_db()
    assert (job.started_on, job.hours_per_week) == (date(2026, 6, 1), 37)
    correct(job, caseworker, ended_on=date(2026, 10, 31))
    job.refresh_from_db()
    assert job.ended_on == date(2026, 10, 31)


@pytest.mark.django_db
def test_a_job_corrected_to_start_later_takes_the_case_back_to_the_programme_until_then(caseworker):
    case = make_participant()
    job = start_job(case, caseworker, on=date(2026, 11, 23))
    case.refresh_from_db()
    assert case.status == "employed"
    correct(job, caseworker, started_on=date(2026, 12, 7))
    case.refresh_from_db()
    assert case.status == "in_programme"
    employments_starting_apply(today=date(2026, 12, 7))
    case.refresh_from_db()
    assert case.status == "employed"


@pytest.mark.django_db
def test_the_correction_page_saves_and_names_the_field_on_bad_input(client, caseworker):
    case = make_participant()
    job = start_job(case, caseworker)
    client.force_login(caseworker)
    url = f"/programme/employments/{job.pk}/edit/"
    page = client.get(url).content.decode()
    assert "Ret jobbet: Hotel Nord" in page and "Virksomhed fra registret" in page
    assert AccessLog.objects.filter(user=caseworker, person=case.person, action="read").exists()
    data = {"kind": "ordinary_job", "company": "", "employer": "", "employer_cvr": "", "hours_per_week": "37", "monthly_income": "23000",
            "started_on": "02.11.2026", "ended_on": ""}
    response = client.post(url, data)
    assert response.status_code == 400 and "Angiv arbejdsgiverens navn, eller vælg virksomheden i registret." in response.content.decode()
    response = client.post(url, data | {"employer": "Hotel Syd", "hours_per_week": "30"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.employer, job.hours_per_week) == ("Hotel Syd", 30)
    assert f"/programme/employments/{job.pk}/edit/" in client.get(f"/programme/cases/{case.pk}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["teacher", "company_consultant", "housing_host", "reception"])
def test_only_a_caseworker_corrects_a_job(client, staff, role):
    job = start_job(make_participant(), staff["caseworker"])
    client.force_login(staff[role])
    assert client.get(f"/programme/employments/{job.pk}/edit/").status_code == 403
    assert client.post(f"/programme/employments/{job.pk}/edit/", {"employer": "X"}).status_code == 403
    assert Employment.objects.get(pk=job.pk).employer == "Hotel Nord"


@pytest.mark.django_db
def test_the_job_form_records_a_future_job_without_employing_the_case_yet(client, caseworker):
    case = make_participant()
    client.force_login(caseworker)
    response = client.post(f"/programme/cases/{case.pk}/employment/", {
        "kind": "ordinary_job", "employer": "Hotel Nord", "hours_per_week": "37", "monthly_income": "24000", "started_on": "01.12.2026"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "in_programme" and case.employments.get().started_on == date(2026, 12, 1)
    assert "sagen kommer i job den dag" in client.get(f"/programme/cases/{case.pk}/").content.decode()
