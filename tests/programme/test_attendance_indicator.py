"""The attendance indicator: red or amber means attendance was registered and is too low. Nothing registered (a new
participant, or a welcome class with no class to register on) is said in neutral terms, never as an alarm."""
from datetime import date, timedelta

import pytest

from tests.programme.factories import make_participant, plan
from tests.reception.factories import aware
from velkomst.lib.dates import monday_of
from velkomst.programme.models import Attendance

TODAY = date(2026, 11, 26)  # a Thursday
pytestmark = pytest.mark.time_machine(aware(TODAY, 10))
RED = "Rød: mødt mindre end planlagt to uger i træk"
AMBER = "Gul: mødt mindre end planlagt i sidste uge"
NOTHING_REGISTERED = "Intet fremmøde registreret endnu"


def _page(client, user, case):
    client.force_login(user)
    return client.get(f"/programme/cases/{case.pk}/").content.decode()


@pytest.mark.django_db
def test_a_new_participant_with_nothing_registered_is_not_red(client, caseworker):
    case = make_participant(caseworker=caseworker)
    plan(case, kind="welcome_class", valid_from=date(2026, 11, 9))  # two weeks of welcome class, no class to register on
    html = _page(client, caseworker, case)
    assert RED not in html and AMBER not in html
    assert NOTHING_REGISTERED in html
    client.force_login(caseworker)
    assert "Fremmødeflag: 0 røde, 0 gule" in client.get("/programme/compliance/counts/").content.decode()
    assert RED not in client.get("/programme/compliance/?show=all").content.decode()


@pytest.mark.django_db
def test_an_activity_without_registration_does_not_count_against_the_registered_one(client, caseworker):
    """Welcome class Monday to Wednesday (nothing to register on), Danish Thursday and Friday, attended in full."""
    case = make_participant(caseworker=caseworker)
    plan(case, kind="welcome_class", weekdays=range(3), valid_from=date(2026, 11, 2))
    plan(case, kind="danish_education", weekdays=(3, 4), valid_from=date(2026, 11, 2))
    for weeks_back in (1, 2, 3):
        monday = monday_of(TODAY) - timedelta(weeks=weeks_back)
        for day in (3, 4):
            Attendance.objects.create(case=case, on=monday + timedelta(days=day), kind="danish_education", status="present", hours=6)
    html = _page(client, caseworker, case)
    assert RED not in html and AMBER not in html and NOTHING_REGISTERED not in html


@pytest.mark.django_db
def test_registered_attendance_that_is_too_low_is_still_red(client, caseworker):
    case = make_participant(caseworker=caseworker)
    plan(case)  # Danish, 30 hours a week
    for weeks_back in (1, 2):
        monday = monday_of(TODAY) - timedelta(weeks=weeks_back)
        for day in range(5):
            Attendance.objects.create(case=case, on=monday + timedelta(days=day), kind="danish_education",
                                      status="present" if day < 2 else "absent", hours=6 if day < 2 else 0)
    assert RED in _page(client, caseworker, case)
