from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_staff
from tests.factories import make_case
from tests.programme.factories import make_class, make_participant, on_roster, plan
from tests.reception.factories import aware
from velkomst.accounts import roles
from velkomst.lib.dates import monday_of
from velkomst.programme.models import Attendance, PlanItem

TODAY = date(2026, 11, 26)  # a Thursday
# The pages read the clock: every test here runs on TODAY.
pytestmark = pytest.mark.time_machine(aware(TODAY, 10))


@pytest.mark.django_db
def test_the_programme_page_shows_both_names_the_week_s_plan_and_its_findings(client, caseworker):
    case = make_participant(caseworker=caseworker)
    plan(case, weekdays=range(4))  # 24 hours against a norm of 30
    client.force_login(caseworker)
    html = client.get(f"/programme/cases/{case.pk}/").content.decode()
    assert "Introduktionsprogram" in html and "tidligere selvforsørgelses- og hjemrejseprogram" in html
    assert "Ugen har 24 planlagte timer; normen er 30 timer." in html


@pytest.mark.django_db
def test_adding_an_activity_with_bad_input_names_the_field(client, caseworker):
    case = make_participant()
    client.force_login(caseworker)
    response = client.post(f"/programme/cases/{case.pk}/plan/", {
        "kind": "sector_class", "weekdays": ["0", "1"], "start": "10:00", "end": "09:00", "valid_from": "30.11.2026"})
    html = response.content.decode()
    assert response.status_code == 200 and "Aktiviteten skal slutte, efter den starter." in html
    assert "Vælg branchen for brancheholdet." in html
    assert not PlanItem.objects.filter(case=case).exists()


@pytest.mark.django_db
def test_adding_an_activity_on_several_weekdays(client, caseworker):
    case = make_participant()
    client.force_login(caseworker)
    response = client.post(f"/programme/cases/{case.pk}/plan/", {
        "kind": "utility_work", "weekdays": ["0", "2", "4"], "start": "08:00", "end": "15:00", "valid_from": "30.11.2026",
        "specially_arranged": "on"})
    assert response.status_code == 302
    assert sorted(PlanItem.objects.filter(case=case).values_list("weekday", flat=True)) == [0, 2, 4]


@pytest.mark.django_db
def test_enrolling_a_citizen_not_yet_arrived_is_refused_naming_the_field(client, caseworker):
    case = make_case(status="referred")
    client.force_login(caseworker)
    response = client.post(f"/programme/cases/{case.pk}/enrol/", {"started_on": "30.11.2026", "with_welcome_class": "on"})
    assert response.status_code == 400
    assert "Kun en borger, der er ankommet" in response.content.decode()


@pytest.mark.django_db
def test_a_teacher_does_not_see_the_norm_or_the_work_obligation(client, staff):
    case = make_participant(norm=37, work_obligation=True)
    client.force_login(staff["teacher"])
    html = client.get(f"/programme/cases/{case.pk}/").content.decode()
    assert "Ugentlig timenorm" not in html and "arbejdspligt" not in html.lower()


@pytest.mark.django_db
def test_a_teacher_cannot_open_a_citizen_outside_the_programme(client, staff):
    client.force_login(staff["teacher"])
    assert client.get(f"/programme/cases/{make_case(status='employed').pk}/").status_code == 404


@pytest.mark.django_db
def test_the_class_attendance_form_registers_the_whole_roster_and_corrects_on_resave(client, staff):
    teaching_class = make_class(weekdays=range(7), starts_on=date(2026, 1, 5))
    cases = [make_participant() for _ in range(3)]
    for case in cases:
        on_roster(teaching_class, case)
    client.force_login(staff["teacher"])
    url = f"/education/classes/{teaching_class.pk}/attendance/"
    others = {f"case-{cases[0].pk}": "present", f"case-{cases[2].pk}": "present"}
    client.post(url, {"on": "2026-11-25", f"case-{cases[1].pk}": "absent", **others})
    client.post(url, {"on": "2026-11-25", f"case-{cases[1].pk}": "excused", **others})
    rows = dict(Attendance.objects.filter(on=date(2026, 11, 25)).values_list("case_id", "status"))
    assert rows == {cases[0].pk: "present", cases[1].pk: "excused", cases[2].pk: "present"}
    assert Attendance.objects.get(case=cases[0]).hours == 3


@pytest.mark.django_db
def test_no_citizen_is_present_by_default_and_an_unchosen_one_is_named(client, staff):
    teaching_class = make_class(weekdays=range(7), starts_on=date(2026, 1, 5))
    chosen, forgotten = make_participant(), make_participant()
    for case in (chosen, forgotten):
        on_roster(teaching_class, case)
    client.force_login(staff["teacher"])
    url = f"/education/classes/{teaching_class.pk}/attendance/"
    assert " checked" not in client.get(f"{url}?on=2026-11-25").content.decode().split("<main", 1)[1]
    response = client.post(url, {"on": "2026-11-25", f"case-{chosen.pk}": "absent"})
    html = response.content.decode()
    assert response.status_code == 400 and f"Vælg mødt, fraværende eller lovligt fravær for {forgotten.person.full_name}." in html
    assert 'value="absent" checked' in html  # what was chosen stays chosen
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_attendance_for_a_day_that_has_not_come_is_refused(client, staff):
    teaching_class = make_class(weekdays=range(7), starts_on=date(2026, 1, 5))
    case = make_participant()
    on_roster(teaching_class, case)
    client.force_login(staff["teacher"])
    response = client.post(f"/education/classes/{teaching_class.pk}/attendance/?on=2026-11-27", {"on": "2026-11-27", f"case-{case.pk}": "present"})
    assert response.status_code == 400 and not Attendance.objects.exists()


@pytest.mark.django_db
def test_attendance_on_a_day_without_a_lesson_is_refused(client, staff):
    teaching_class = make_class(weekdays=(0,))
    on_roster(teaching_class, make_participant())
    client.force_login(staff["teacher"])
    response = client.post(f"/education/classes/{teaching_class.pk}/attendance/", {"on": "2026-11-25"})
    assert response.status_code == 400 and "ikke undervisning den ugedag" in response.content.decode()


def _below_plan_twice(case):
    plan(case)
    this_monday = monday_of(TODAY)
    for weeks_back in (1, 2):
        Attendance.objects.create(case=case, on=this_monday - timedelta(weeks=weeks_back), kind="danish_education", status="present", hours=6)


@pytest.mark.django_db
def test_my_cases_shows_the_count_of_compliance_flags_and_the_page_lists_them(client, caseworker):
    _below_plan_twice(make_participant(caseworker=caseworker))
    _below_plan_twice(make_participant(caseworker=None))  # not hers
    client.force_login(caseworker)
    landing = client.get("/my-cases/").content.decode()
    assert 'hx-get="/programme/compliance/counts/"' in landing and "røde" not in landing  # counted after the page
    assert "Fremmødeflag: 1 røde, 0 gule" in client.get("/programme/compliance/counts/").content.decode()
    html = client.get("/programme/compliance/").content.decode()
    assert html.count("Rød: mødt mindre end planlagt to uger i træk") == 1


@pytest.mark.django_db
def test_the_compliance_page_s_query_count_does_not_grow_with_participants(client, caseworker):
    client.force_login(caseworker)
    _below_plan_twice(make_participant(caseworker=caseworker))
    with CaptureQueriesContext(connection) as few:
        client.get("/programme/compliance/?show=all")
    for _ in range(10):
        _below_plan_twice(make_participant(caseworker=caseworker))
    with CaptureQueriesContext(connection) as many:
        client.get("/programme/compliance/?show=all")
    assert len(few) == len(many)


@pytest.mark.django_db
def test_the_patient_track_records_partners_and_marks_the_case(client, caseworker):
    case = make_participant()
    client.force_login(caseworker)
    response = client.post(f"/programme/cases/{case.pk}/patient-track/", {"care_needs": "", "hospital": "Rigshospitalet"})
    assert "id_care_needs-error" in response.content.decode()
    client.post(f"/programme/cases/{case.pk}/patient-track/", {"care_needs": "Dialyse", "partner_capital_region": "on", "relatives": "Søster"})
    case.refresh_from_db()
    assert case.patient_track and case.patient_track_record.partner_capital_region


@pytest.mark.django_db
def test_a_review_of_a_vulnerable_resident_needs_a_date(client, caseworker):
    case = make_participant(addiction=True)
    client.force_login(caseworker)
    response = client.post(f"/programme/cases/{case.pk}/vulnerable/", {"kind": "review", "partner": "social", "text": "Opfølgning"})
    assert response.status_code == 400 and "Angiv datoen for opfølgningen." in response.content.decode()
    client.post(f"/programme/cases/{case.pk}/vulnerable/", {"kind": "review", "partner": "social", "text": "Opfølgning", "due_on": "15.12.2026"})
    assert case.vulnerability_actions.count() == 1


@pytest.mark.django_db
def test_a_child_s_school_status_is_recorded(client, caseworker):
    from tests.factories import make_household, make_person

    mother = make_person(first_name="Mor")
    child = make_person(first_name="Barn", birth_date=date(2018, 6, 1))
    household = make_household((mother, "applicant"), (child, "child"))
    case = make_participant(person=mother, household=household)
    client.force_login(caseworker)
    response = client.post(f"/programme/cases/{case.pk}/children/", {"child": child.pk, "status": "school", "institution": "", "since": "01.08.2026"})
    assert "Angiv navnet på skolen eller dagtilbuddet." in response.content.decode()
    client.post(f"/programme/cases/{case.pk}/children/", {"child": child.pk, "status": "school", "institution": "Lykkebo Skole", "since": "01.08.2026"})
    assert child.child_statuses.get().institution == "Lykkebo Skole"


@pytest.mark.django_db
def test_large_ids_are_not_written_with_a_thousands_separator_in_forms(client, staff):
    """USE_THOUSAND_SEPARATOR would turn case 12345 into "12.345" in a form field name."""
    teaching_class = make_class(weekdays=range(7))
    case = make_participant(id=12345)
    on_roster(teaching_class, case)
    client.force_login(staff["teacher"])
    html = client.get(f"/education/classes/{teaching_class.pk}/attendance/?on=2026-11-25").content.decode()
    assert 'name="case-12345"' in html
    client.post(f"/education/classes/{teaching_class.pk}/attendance/", {"on": "2026-11-25", "case-12345": "absent"})  # the whole roster
    assert Attendance.objects.get(case=case).status == "absent"


@pytest.mark.django_db
def test_the_landing_page_does_not_count_the_flags_of_many_participants(client, caseworker):
    """The landing page's queries do not read attendance: the flags are counted by their own request."""
    for _ in range(3):
        _below_plan_twice(make_participant(caseworker=caseworker))
    client.force_login(caseworker)
    client.get("/my-cases/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/my-cases/").status_code == 200
    assert not any("programme_attendance" in query["sql"] or "programme_planitem" in query["sql"] for query in queries.captured_queries)
    assert "Fremmødeflag: 3 røde, 0 gule" in client.get("/programme/compliance/counts/").content.decode()
    assert client.post("/programme/compliance/counts/").status_code == 405  # it only reads; nothing is sent to it


@pytest.mark.django_db
def test_the_flag_counts_are_refused_to_roles_that_do_not_follow_participants(client):
    client.force_login(make_staff("birgitte", roles.HOUSING_HOST))
    assert client.get("/programme/compliance/counts/").status_code == 403
    assert "compliance/counts" not in client.get("/", follow=True).content.decode()
