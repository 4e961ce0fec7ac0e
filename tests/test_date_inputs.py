"""Date filters written as Danes write them (issue 17): the access log's From/To and the attendance day are text fields
taking dd.mm.åååå (the native date input showed mm/dd/yyyy in Chromium), parsed by the one helper every form uses;
a date that cannot be read is named by its field, nothing else happens, never a 500."""
from datetime import date, datetime

import pytest
from django.utils import timezone

from tests.programme.factories import make_class, make_participant, on_roster
from tests.reception.factories import aware
from velkomst.audit.models import AccessLog
from velkomst.formats import parse_date_text
from velkomst.programme.models import Attendance

pytestmark = pytest.mark.time_machine(aware(date(2026, 11, 26), 9, 30))


@pytest.mark.parametrize("text, day", [
    ("26.11.2026", date(2026, 11, 26)), (" 01.02.2026 ", date(2026, 2, 1)), ("26-11-2026", date(2026, 11, 26)), ("26/11/2026", date(2026, 11, 26)),
    ("2026-11-26", date(2026, 11, 26)), ("30.02.2026", None), ("11/26/2026", None), ("26.11", None), ("", None), (None, None), ("x" * 30, None),
])
def test_a_date_is_read_as_danes_write_it(text, day):
    assert parse_date_text(text) == day


def _logged(day, user):
    entry = AccessLog.objects.create(user=user, action=AccessLog.Action.READ, object_type="case", object_id="1")
    AccessLog.objects.filter(pk=entry.pk).update(at=timezone.make_aware(datetime(day.year, day.month, day.day, 12)))
    return entry


@pytest.mark.django_db
def test_the_access_log_filters_by_days_written_dd_mm_yyyy(client, staff):
    old, new = _logged(date(2026, 11, 2), staff["reception"]), _logged(date(2026, 11, 20), staff["reception"])
    client.force_login(staff["admin"])
    page = client.get("/audit/", {"from": "15.11.2026", "to": "25.11.2026"})
    assert page.status_code == 200
    ids = [entry.pk for entry in page.context["page"]]
    assert new.pk in ids and old.pk not in ids
    html = page.content.decode()
    assert 'value="15.11.2026"' in html and 'type="date"' not in html and "dd.mm.åååå" in html


@pytest.mark.django_db
@pytest.mark.parametrize("field, label", [("from", "Fra"), ("to", "Til")])
def test_a_date_the_access_log_cannot_read_is_named_by_its_field(client, staff, field, label):
    client.force_login(staff["admin"])
    page = client.get("/audit/", {field: "31.02.2026"})
    assert page.status_code == 400
    html = page.content.decode()
    assert f"“{label}” skal være en dato skrevet dd.mm.åååå, fx 26.11.2026." in html
    assert 'value="31.02.2026"' in html and 'aria-invalid="true"' in html  # what was typed stays, to be corrected


@pytest.mark.django_db
def test_the_attendance_day_is_written_dd_mm_yyyy(client, staff):
    teaching_class = make_class(weekdays=range(7))
    case = make_participant()
    on_roster(teaching_class, case)
    client.force_login(staff["teacher"])
    page = client.get(f"/education/classes/{teaching_class.pk}/attendance/", {"on": "25.11.2026"})
    assert page.status_code == 200 and page.context["on"] == date(2026, 11, 25)
    html = page.content.decode()
    assert 'id="on" name="on" value="25.11.2026"' in html and 'type="date"' not in html
    assert client.get(f"/education/classes/{teaching_class.pk}/attendance/").context["date_text"] == "26.11.2026"  # today by default


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["11/26/2026", "31.11.2026", "i går"])
def test_an_attendance_day_that_cannot_be_read_is_named_and_nothing_is_saved(client, staff, text):
    teaching_class = make_class(weekdays=range(7))
    case = make_participant()
    on_roster(teaching_class, case)
    client.force_login(staff["teacher"])
    page = client.get(f"/education/classes/{teaching_class.pk}/attendance/", {"on": text})
    assert page.status_code == 400
    assert "“Dato” skal være en dato skrevet dd.mm.åååå, fx 26.11.2026." in page.content.decode()
    response = client.post(f"/education/classes/{teaching_class.pk}/attendance/?on={text}", {f"case-{case.pk}": "present"})
    assert response.status_code == 400 and not Attendance.objects.exists()


@pytest.mark.django_db
def test_a_day_outside_the_window_names_the_field_with_danish_dates(client, staff):
    teaching_class = make_class()
    client.force_login(staff["teacher"])
    page = client.get(f"/education/classes/{teaching_class.pk}/attendance/", {"on": "31.12.9999"})
    assert page.status_code == 400 and "“Dato” skal være en dato fra " in page.content.decode()
