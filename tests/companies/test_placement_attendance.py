"""The consultant registers a week of attendance for a company's placements: planned days only, hours from the weekly
plan, corrections overwrite, bad input saves nothing, other roles are refused, queries do not grow with placements."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.programme.factories import make_company, make_offer, make_participant
from tests.reception.factories import aware
from velkomst.companies.services import placement_attendance_register, placement_start
from velkomst.programme.models import Attendance

THIS_MONDAY = date(2026, 11, 30)
LAST_MONDAY = THIS_MONDAY - timedelta(days=7)
NOW = aware(THIS_MONDAY, 10)
# The pages read the clock: they run on this Monday morning too.
pytestmark = pytest.mark.time_machine(NOW)


def placed(consultant, company, starts_on=LAST_MONDAY - timedelta(days=7)):
    """A job-ready participant in a 3-days-a-week, 22-hour internship at the company (Monday to Wednesday, 7.33 h a day)."""
    offer = make_offer(company, starts_on=starts_on, weeks=4, days_per_week=3, hours_per_week=Decimal("22"))
    return placement_start(by=consultant, offer=offer, case=make_participant(readiness="job_ready", started_on=starts_on - timedelta(days=7)),
                           starts_on=starts_on, today=starts_on)


@pytest.fixture
def consultant(staff):
    return staff["company_consultant"]


@pytest.mark.django_db
def test_the_week_shows_the_planned_days_and_saves_them_with_the_plan_s_hours(client, consultant):
    company = make_company()
    placement = placed(consultant, company)
    client.force_login(consultant)
    page = client.get(f"/companies/{company.pk}/attendance/?week={LAST_MONDAY.isoformat()}")
    [(shown, cells)] = page.context["rows"]
    assert shown == placement
    assert [c.on.weekday() for c in cells if c.registrable] == [0, 1, 2]  # Monday to Wednesday, as planned
    monday, tuesday, wednesday = (f"p{placement.pk}-{(LAST_MONDAY + timedelta(days=n)).isoformat()}" for n in range(3))
    response = client.post(f"/companies/{company.pk}/attendance/",
                           {"week": LAST_MONDAY.isoformat(), monday: "present", tuesday: "present", wednesday: "absent"})
    assert response.status_code == 302
    rows = {a.on.weekday(): (a.status, a.hours, a.kind) for a in Attendance.objects.filter(case=placement.case)}
    assert rows == {0: ("present", Decimal("7.33"), "company_internship"), 1: ("present", Decimal("7.33"), "company_internship"),
                    2: ("absent", Decimal("0.00"), "company_internship")}


@pytest.mark.django_db
def test_registering_again_corrects_without_a_second_row(consultant):
    company = make_company()
    placement = placed(consultant, company)
    monday = (placement.pk, LAST_MONDAY)
    placement_attendance_register(by=consultant, company=company, statuses={monday: "absent"}, now=NOW)
    placement_attendance_register(by=consultant, company=company, statuses={monday: "excused"}, now=NOW)
    assert list(Attendance.objects.values_list("status", flat=True)) == ["excused"]


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "status", "words"), [
    (lambda p: (p.pk, LAST_MONDAY + timedelta(days=3)), "present", "not planned days"),  # Thursday: not a day of the placement
    (lambda p: (p.pk, THIS_MONDAY + timedelta(days=7)), "present", "days that have come"),
    (lambda p: (p.pk, LAST_MONDAY), "late", "Choose present, absent"),
])
def test_a_bad_day_or_status_is_named_and_nothing_is_saved(consultant, key, status, words):
    from django.utils import translation

    company = make_company()
    placement = placed(consultant, company)
    statuses = {(placement.pk, LAST_MONDAY + timedelta(days=1)): "present", key(placement): status}
    with translation.override("en"), pytest.raises(ValidationError) as error:
        placement_attendance_register(by=consultant, company=company, statuses=statuses, now=NOW)
    assert words in error.value.message_dict["week"][0]
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_another_company_s_placement_is_refused(consultant):
    placement = placed(consultant, make_company())
    with pytest.raises(ValidationError):
        placement_attendance_register(by=consultant, company=make_company(), statuses={(placement.pk, LAST_MONDAY): "present"}, now=NOW)
    assert not Attendance.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["teacher", "caseworker", "housing_host", "manager", "reception"])
def test_other_roles_are_refused(client, staff, role):
    company = make_company()
    client.force_login(staff[role])
    assert client.get(f"/companies/{company.pk}/attendance/").status_code == 403
    assert client.post(f"/companies/{company.pk}/attendance/", {"week": LAST_MONDAY.isoformat()}).status_code == 403


@pytest.mark.django_db
def test_the_page_s_query_count_does_not_grow_with_the_placements(client, consultant):
    company = make_company()
    client.force_login(consultant)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/companies/{company.pk}/attendance/?week={LAST_MONDAY.isoformat()}").status_code == 200
        return len(captured)

    placed(consultant, company)
    one = queries()
    for _ in range(4):
        placed(consultant, company)
    assert queries() == one


@pytest.mark.django_db
def test_a_day_someone_else_registered_a_moment_ago_is_named_not_a_server_error(consultant, monkeypatch):
    """The race: between reading the week and writing it, another consultant saves the same new day."""
    from django.utils import translation

    from velkomst.audit.models import AccessLog

    company = make_company()
    placement = placed(consultant, company)
    original = Attendance.objects.bulk_create

    def other_consultant_first(rows, *args, **kwargs):
        Attendance.objects.create(case=placement.case, on=LAST_MONDAY, kind="company_internship", status="present", hours=Decimal("7.33"))
        return original(rows, *args, **kwargs)

    monkeypatch.setattr(Attendance.objects, "bulk_create", other_consultant_first)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        placement_attendance_register(by=consultant, company=company, statuses={(placement.pk, LAST_MONDAY): "absent"}, now=NOW)
    assert "a moment ago" in error.value.message_dict["week"][0]
    assert not AccessLog.objects.filter(object_type="attendance").exists()


@pytest.mark.django_db
def test_each_registered_day_is_in_the_access_log(consultant):
    from velkomst.audit.models import AccessLog

    company = make_company()
    placement = placed(consultant, company)
    placement_attendance_register(by=consultant, company=company, statuses={(placement.pk, LAST_MONDAY): "present"}, now=NOW)
    placement_attendance_register(by=consultant, company=company, statuses={(placement.pk, LAST_MONDAY): "absent"}, now=NOW)
    logged = list(AccessLog.objects.filter(object_type="attendance").order_by("id").values_list("action", "person_id"))
    assert logged == [("create", placement.case.person_id), ("change", placement.case.person_id)]


@pytest.mark.django_db
def test_the_page_names_a_bad_status_and_saves_nothing(client, consultant):
    company = make_company()
    placement = placed(consultant, company)
    client.force_login(consultant)
    response = client.post(f"/companies/{company.pk}/attendance/",
                           {"week": LAST_MONDAY.isoformat(), f"p{placement.pk}-{LAST_MONDAY.isoformat()}": "late"})
    assert response.status_code == 400
    assert "Vælg mødt, fraværende eller lovligt fravær for hver dag: " in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_no_day_is_present_by_default_an_unchosen_day_is_named_and_nothing_is_saved(client, consultant):
    company = make_company()
    placement = placed(consultant, company)
    client.force_login(consultant)
    page = client.get(f"/companies/{company.pk}/attendance/?week={LAST_MONDAY.isoformat()}").content.decode()
    assert '<option value="" selected>Vælg</option>' in page and ' selected>Mødt' not in page
    wednesday = f"p{placement.pk}-{(LAST_MONDAY + timedelta(days=2)).isoformat()}"
    response = client.post(f"/companies/{company.pk}/attendance/", {"week": LAST_MONDAY.isoformat(), wednesday: "absent"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vælg mødt, fraværende eller lovligt fravær for hver dag" in html and LAST_MONDAY.strftime("%d.%m.%Y") in html
    assert placement.case.person.full_name in html.split("alert-text", 1)[1]
    assert not Attendance.objects.exists()
