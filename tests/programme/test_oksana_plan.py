"""Oksana's plan as the presentation tells it ("Fra opholdstilladelse til job"), each step one step on the pages:
a 13-week internship in a shop Monday to Wednesday with Danish at the language school on Thursday and Friday (no overlap,
the norm met), back to the programme, a 4-week job internship, 3 months of wage subsidy, the job, and her Danish module
finished at the centre before a private language school."""
import re
from datetime import date, time
from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import make_person
from tests.programme.factories import make_class, make_company, make_offer, make_participant
from tests.reception.factories import aware
from velkomst.education.models import LearnerPlacement
from velkomst.education.services import roster_add
from velkomst.programme.models import PlanItem
from velkomst.rules import programme as rules

TODAY = date(2026, 11, 26)
pytestmark = pytest.mark.time_machine(aware(TODAY, 10))


def oksana(caseworker):
    case = make_participant(person=make_person(first_name="Oksana", last_name="Melnyk"), readiness="job_ready", caseworker=caseworker,
                            takeover_date=date(2026, 10, 12))
    danish = make_class(kind="danish", name="DU3 modul 2", weekdays=(3, 4), start="09:00", end="15:00")
    roster_add(by=caseworker, teaching_class=danish, case=case, joined_on=date(2026, 11, 26))
    LearnerPlacement.objects.create(case=case, suggested_track="DU3", track="DU3", decision_reason="Lang uddannelse", started_on=date(2026, 11, 2))
    return case


def place(client, offer, case, starts_on, weekdays=("0", "1", "2"), start="08:00", end="14:00", **extra):
    return client.post(f"/companies/offers/{offer.pk}/", {"case": case.pk, "starts_on": starts_on, "ends_on": "", "extension_reason": "",
                                                          "weekdays": list(weekdays), "start": start, "end": end, **extra})


def status(case):
    case.refresh_from_db()
    return case.status


@pytest.mark.django_db
def test_oksana_s_path_from_internship_to_job_step_by_step_on_the_pages(client, staff, time_machine):
    caseworker, consultant, teacher = staff["caseworker"], staff["company_consultant"], staff["teacher"]
    case = oksana(caseworker)
    shop = make_company(name="Netto Nørrebro", sector=2, address="Nørrebrogade 20, 2200 København N")

    # 1. A 13-week internship for a job-ready newcomer: no extension reason asked; the shop Monday to Wednesday.
    client.force_login(consultant)
    internship = make_offer(shop, kind="company_internship", title="Butiksmedhjælper", hours_per_week=18, days_per_week=3,
                            starts_on=date(2026, 12, 7), weeks=13)
    assert place(client, internship, case, "07.12.2026").status_code == 302
    assert status(case) == "in_programme"  # placed today from 07.12: "in placement" from that day, by the daily step
    call_command("programme_daily", as_of=date(2026, 12, 7), stdout=StringIO())
    assert status(case) == "in_placement"
    placement = case.placements.get()
    assert placement.ends_on == date(2027, 3, 7) and placement.extension_reason == ""
    assert sorted(placement.plan_items.values_list("weekday", "start", "end")) == [(d, time(8), time(14)) for d in (0, 1, 2)]

    # The week: 3 days in the shop + 2 days Danish = 30 hours, no overlap, no finding.
    client.force_login(caseworker)
    html = client.get(f"/programme/cases/{case.pk}/?week=2026-12-07").content.decode()
    assert "overlapper" not in html and "Ugen har" not in html
    week = [rules.PlannedActivity(i.kind, i.weekday, i.start, i.end) for i in PlanItem.objects.filter(case=case)]
    assert rules.check_week(week, norm_hours=30) == []

    # 2. Back in the programme after the internship (6 weeks of Danish and the sector class).
    time_machine.move_to(aware(date(2027, 3, 8), 10))
    client.force_login(consultant)
    response = client.post(f"/companies/placements/{placement.pk}/outcome/", {"outcome": "completed", "on": "07.03.2027"})
    assert response.status_code == 302 and status(case) == "in_programme"

    # 3. A 4-week job internship in the shop.
    time_machine.move_to(aware(date(2027, 4, 19), 10))
    client.force_login(consultant)  # a new day, a new session
    job_internship = make_offer(shop, kind="job_internship", title="Jobpraktik", hours_per_week=18, days_per_week=3,
                                starts_on=date(2027, 4, 19), weeks=4)
    assert place(client, job_internship, case, "19.04.2027").status_code == 302
    assert status(case) == "in_placement"
    second = case.placements.get(offer=job_internship)
    time_machine.move_to(aware(date(2027, 5, 17), 10))
    client.force_login(consultant)
    assert client.post(f"/companies/placements/{second.pk}/outcome/", {"outcome": "completed", "on": "16.05.2027"}).status_code == 302

    # 4. Three months of wage subsidy at the same place, then hired: the job, Danish at the centre goes on.
    subsidy = make_offer(shop, kind="wage_subsidy", title="Løntilskud", hours_per_week=30, days_per_week=3,
                         starts_on=date(2027, 5, 17), weeks=13)
    assert place(client, subsidy, case, "17.05.2027").status_code == 302
    third = case.placements.get(offer=subsidy)
    assert third.ends_on == date(2027, 8, 15) and status(case) == "in_placement"
    time_machine.move_to(aware(date(2027, 8, 16), 10))
    client.force_login(consultant)
    response = client.post(f"/companies/placements/{third.pk}/outcome/", {
        "outcome": "hired", "on": "15.08.2027", "hours_per_week": "37", "monthly_income": "24500", "keep_danish": "on"})
    assert response.status_code == 302 and status(case) == "employed"
    job = case.employments.get()
    assert (job.started_on, job.company, job.employer) == (date(2027, 8, 16), shop, "Netto Nørrebro")
    danish_now = PlanItem.objects.filter(case=case, kind="danish_education", valid_from__lte=date(2027, 8, 19)).exclude(valid_to__lt=date(2027, 8, 19))
    assert danish_now.count() == 2  # Thursday and Friday go on after the job

    # 5. The teacher records the module finished at the centre, then the move to a private language school.
    client.force_login(teacher)
    assert client.get(f"/education/cases/{case.pk}/").status_code == 200
    client.post(f"/education/cases/{case.pk}/modules/", {"module": "1", "test_on": "16.08.2027", "passed": "on"})
    response = client.post(f"/education/cases/{case.pk}/private-school/", {"school": "Studieskolen", "from_on": "01.09.2027"})
    assert response.status_code == 302
    learner = LearnerPlacement.objects.get(case=case)
    assert learner.private_school == "Studieskolen" and learner.private_school_from == date(2027, 9, 1)
    assert not case.class_memberships.filter(left_on__isnull=True).exists()
    assert all(item.valid_to == date(2027, 8, 31) for item in PlanItem.objects.filter(case=case, kind="danish_education", suspended_for__isnull=True))
    # Once she has left the centre's classes, the teacher no longer sees her (need to know).
    assert client.get(f"/education/cases/{case.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_placement_form_offers_the_weekdays_as_dkfds_checkboxes_none_ticked(client, staff):
    case = make_participant(readiness="job_ready")
    offer = make_offer()
    for user, url in ((staff["company_consultant"], f"/companies/offers/{offer.pk}/"), (staff["caseworker"], f"/programme/cases/{case.pk}/plan/")):
        client.force_login(user)
        html = client.get(url).content.decode()
        boxes = re.findall(r'<div class="form-group-checkbox">\s*<input type="checkbox" class="form-checkbox" name="weekdays" value="(\d)" '
                           r'id="id_weekdays_\d">\s*<label class="form-label" for="id_weekdays_\d">', html)
        assert boxes == [str(d) for d in range(7)], url
        assert 'name="weekdays" value="0" id="id_weekdays_0" checked' not in html and "checked>" not in html.split("weekdays")[1][:4000]


@pytest.mark.django_db
def test_a_placement_without_weekdays_or_with_a_day_that_ends_before_it_starts_is_refused_naming_the_field(client, staff):
    case = make_participant(readiness="job_ready")
    offer = make_offer()
    client.force_login(staff["company_consultant"])
    response = place(client, offer, case, "07.12.2026", weekdays=())
    assert response.status_code == 400 and "Vælg praktikkens ugedage." in response.content.decode()
    response = place(client, offer, case, "07.12.2026", start="14:00", end="08:00")
    assert response.status_code == 400 and "Arbejdsdagen skal slutte, efter den starter." in response.content.decode()
    assert not case.placements.exists() and not case.plan_items.exists()
    case.refresh_from_db()
    assert case.status == "in_programme"


@pytest.mark.django_db
def test_a_job_internship_beyond_four_weeks_still_needs_a_reason_on_the_page(client, staff):
    case = make_participant(readiness="job_ready")
    offer = make_offer(kind="job_internship", weeks=6)
    client.force_login(staff["company_consultant"])
    response = place(client, offer, case, "07.12.2026")
    assert response.status_code == 400 and "4 uger" in response.content.decode()
    assert not case.placements.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["caseworker", "teacher", "housing_host"])
def test_only_a_consultant_places(client, staff, role):
    case, offer = make_participant(readiness="job_ready"), make_offer()
    client.force_login(staff[role])
    assert place(client, offer, case, "07.12.2026").status_code == 403
    assert not case.placements.exists()


@pytest.mark.django_db
def test_a_teacher_sees_a_citizen_in_a_job_only_while_on_a_class(client, staff):
    from tests.factories import make_case
    from tests.programme.factories import on_roster

    employed, learning = make_case(status="employed"), make_case(status="employed")
    entry = on_roster(make_class(), learning)
    client.force_login(staff["teacher"])
    assert client.get(f"/education/cases/{employed.pk}/").status_code == 404
    assert client.get(f"/education/cases/{learning.pk}/").status_code == 200
    entry.left_on = date(2026, 11, 20)
    entry.save()
    assert client.get(f"/education/cases/{learning.pk}/").status_code == 404
    client.force_login(staff["company_consultant"])  # the consultant's scope stays the programme
    on_roster(make_class(), employed)
    assert client.get(f"/programme/cases/{employed.pk}/").status_code == 404
