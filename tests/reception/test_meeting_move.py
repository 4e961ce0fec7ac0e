"""Meetings (issue 15): moving keeps one meeting with its old time in the history; past start times are refused; the
outcome has no default; the person page links to the meetings."""
from datetime import date, timedelta

import pytest

from tests.factories import make_case
from tests.reception.factories import aware, make_appointment
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.people.models import JournalEntry
from velkomst.reception.models import Appointment

TODAY = date(2026, 11, 26)
pytestmark = pytest.mark.time_machine(aware(TODAY, 9, 30))


def _move(client, meeting, day, time="10:00", **fields):
    return client.post(f"/reception/meetings/{meeting.pk}/move/", {
        "day": day.strftime("%d.%m.%Y"), "start_time": time, "minutes": "60", "place": "Jobcentret, lokale 4", **fields})


@pytest.mark.django_db
def test_moving_a_meeting_gives_the_one_meeting_a_new_time_and_keeps_the_old_one_in_the_history(client, caseworker):
    meeting = make_appointment(starts_at=aware(TODAY + timedelta(days=2), 10), caseworker=caseworker)
    client.force_login(caseworker)
    assert "/move/" in client.get(f"/reception/meetings/{meeting.pk}/").content.decode()
    form = client.get(f"/reception/meetings/{meeting.pk}/move/").context["form"]
    assert form["day"].value() == TODAY + timedelta(days=2) and form["place"].value() == "Jobcentret, lokale 3"
    response = _move(client, meeting, TODAY + timedelta(days=5), "13:00", caseworker=caseworker.pk)
    assert response["Location"] == f"/reception/meetings/{meeting.pk}/"
    assert Appointment.objects.count() == 1
    meeting.refresh_from_db()
    assert (meeting.status, meeting.starts_at, meeting.place) == ("planned", aware(TODAY + timedelta(days=5), 13), "Jobcentret, lokale 4")
    assert FieldChange.objects.filter(object_id=str(meeting.pk), field="starts_at").exists()
    journal = JournalEntry.objects.filter(case=meeting.case).order_by("-id").first().text
    assert journal == "Velkomstsamtale flyttet fra 28.11.2026 10:00 til 01.12.2026 13:00."
    assert AccessLog.objects.filter(action="change", object_type="appointment", person=meeting.case.person).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("day, time", [(TODAY - timedelta(days=1), "10:00"), (TODAY, "08:00")])
def test_a_start_time_in_the_past_is_refused_on_the_time_field(client, caseworker, day, time):
    meeting = make_appointment(starts_at=aware(TODAY + timedelta(days=2), 10), caseworker=caseworker)
    client.force_login(caseworker)
    response = _move(client, meeting, day, time)
    assert response.status_code == 400
    assert set(response.context["form"].errors) & {"day", "start_time"}
    meeting.refresh_from_db()
    assert meeting.starts_at == aware(TODAY + timedelta(days=2), 10)


@pytest.mark.django_db
def test_booking_a_meeting_earlier_today_is_refused(client, caseworker):
    case = make_case(caseworker=caseworker)
    client.force_login(caseworker)
    response = client.post(f"/reception/cases/{case.pk}/meetings/", {
        "kind": "welcome", "day": TODAY.strftime("%d.%m.%Y"), "start_time": "08:00", "minutes": "60", "place": "Jobcentret"})
    assert response.status_code == 400 and "start_time" in response.context["form"].errors
    assert not Appointment.objects.exists()


@pytest.mark.django_db
def test_a_held_meeting_cannot_be_moved(client, caseworker):
    meeting = make_appointment(status="completed", starts_at=aware(TODAY - timedelta(days=1), 10), caseworker=caseworker)
    client.force_login(caseworker)
    response = _move(client, meeting, TODAY + timedelta(days=3))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == aware(TODAY - timedelta(days=1), 10)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["housing_host", "teacher", "manager", "company_consultant"])
def test_roles_that_do_not_book_meetings_cannot_move_one(client, staff, role):
    meeting = make_appointment(starts_at=aware(TODAY + timedelta(days=2), 10))
    client.force_login(staff[role])
    assert client.get(f"/reception/meetings/{meeting.pk}/move/").status_code == 403
    assert _move(client, meeting, TODAY + timedelta(days=3)).status_code == 403


@pytest.mark.django_db
def test_the_outcome_has_no_default_and_an_unchosen_one_is_named(client, caseworker):
    meeting = make_appointment(kind="welcome", starts_at=aware(TODAY - timedelta(days=1), 10), caseworker=caseworker)
    client.force_login(caseworker)
    html = client.get(f"/reception/meetings/{meeting.pk}/").content.decode()
    assert '<option value="" selected>Vælg udfaldet</option>' in html
    response = client.post(f"/reception/meetings/{meeting.pk}/", {"notes": "Noter"})
    assert response.status_code == 400 and "status" in response.context["result_form"].errors
    meeting.refresh_from_db()
    assert meeting.status == "planned"


@pytest.mark.django_db
def test_the_person_page_links_to_the_case_s_meetings(client, caseworker, staff):
    case = make_case(caseworker=caseworker)
    client.force_login(caseworker)
    assert f'href="/reception/cases/{case.pk}/meetings/"' in client.get(f"/people/{case.person_id}/").content.decode()
    client.force_login(staff["housing_host"])
    html = client.get(f"/people/{case.person_id}/").content.decode()
    assert f'href="/reception/cases/{case.pk}/meetings/"' not in html


@pytest.mark.django_db
def test_a_follow_up_is_booked_as_a_meeting_in_one_step(client, caseworker):
    from tests.programme.factories import make_employment, make_follow_up

    case = make_case(status="employed", caseworker=caseworker)
    follow_up = make_follow_up(case=case, employment=make_employment(case=case), due_on=TODAY + timedelta(days=10))
    client.force_login(caseworker)
    page = client.get(f"/programme/cases/{case.pk}/").content.decode()
    link = f"/reception/cases/{case.pk}/meetings/?kind=follow_up&amp;due={follow_up.due_on.isoformat()}"
    assert link in page
    form = client.get(link.replace("&amp;", "&")).context["form"]
    assert (form["kind"].value(), form["day"].value()) == ("follow_up", follow_up.due_on)
    response = client.post(link.replace("&amp;", "&"), {"kind": "follow_up", "day": follow_up.due_on.strftime("%d.%m.%Y"), "start_time": "10:00",
                                                         "minutes": "45", "place": "Jobcentret", "caseworker": caseworker.pk})
    assert response.status_code == 302
    meeting = Appointment.objects.get(case=case)
    assert (meeting.kind, meeting.status, meeting.starts_at) == ("follow_up", "planned", aware(follow_up.due_on, 10))


@pytest.mark.django_db
def test_a_nonsense_due_day_in_the_link_is_a_clear_400(client, caseworker):
    case = make_case(caseworker=caseworker)
    client.force_login(caseworker)
    assert client.get(f"/reception/cases/{case.pk}/meetings/?kind=follow_up&due=2026-02-30").status_code == 400
