"""A meeting as an iCalendar file for staff calendars: RFC 5545, no name or CPR in it."""
from datetime import date

import pytest

from tests.factories import make_case, make_person
from tests.reception.factories import aware, make_appointment
from velkomst.reception import ical


def test_the_event_is_in_utc_with_escaped_text_and_folded_lines():
    text = ical.event(uid="appointment-7@velkomst.kk.dk", starts_at=aware(date(2026, 12, 3), 10), ends_at=aware(date(2026, 12, 3), 11),
                      stamp=aware(date(2026, 11, 26), 9), summary="Velkomstsamtale · sag 2026-00042",
                      location="Jobcentret, Nyropsgade 1; lokale 3", description="x" * 100)
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20261203T090000Z" in lines and "DTEND:20261203T100000Z" in lines  # CET is UTC+1 in December
    assert "LOCATION:Jobcentret\\, Nyropsgade 1\\; lokale 3" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # the long description is folded


# The clock is set: the file's DTSTAMP is the moment of the download, and at 12:34 it held the CPR's last digits.
@pytest.mark.time_machine(aware(date(2026, 11, 26), 9, 30), tick=False)
@pytest.mark.django_db
def test_the_download_names_the_case_number_but_not_the_citizen(client, caseworker):
    person = make_person(first_name="Олена", last_name="Шевченко", cpr="170590-1234")
    appointment = make_appointment(case=make_case(person=person), caseworker=caseworker)
    client.force_login(caseworker)
    response = client.get(f"/reception/meetings/{appointment.pk}/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert f"UID:appointment-{appointment.pk}@velkomst.kk.dk" in text and appointment.case.number in text
    assert "Шевченко" not in text and "Shevchenko" not in text and "1234" not in text
