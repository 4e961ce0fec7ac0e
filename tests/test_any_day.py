"""Every page works on any day: a leap day just after midnight, and New Year's Eve late at night.

The clock travels (time-machine) to each day; a small population is built around that day, so the worklist
has arrivals, meetings and deadlines, the programme has a week of plan and attendance, housing has residents.
Then the worklist is rendered for reception and for a caseworker, and every page of the role matrix
(`tests/accounts/test_role_matrix.py`) is requested by every role that may see it: no server error.

00:30 in Copenhagen on 29.02.2028 is still 28.02 in UTC, and a date shifted by whole years from 29.02 does not
exist in the other years: both are ways a day goes wrong that the real date seldom shows.
"""
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.accounts.test_role_matrix import API_PREFIX, objects_for_routes, path_for, url_patterns
from tests.factories import make_case, make_household, make_person
from tests.housing.factories import house, make_location, make_room
from tests.programme.factories import make_class, make_company, make_offer, make_participant, on_roster, plan
from tests.reception.factories import make_appointment, make_referral
from velkomst.accounts import roles
from velkomst.companies.models import Placement
from velkomst.programme.models import Attendance, Employment, FollowUp

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
MOMENTS = [
    datetime(2028, 2, 29, 0, 30, tzinfo=COPENHAGEN),  # a leap day, half an hour old (still 28.02 in UTC)
    datetime(2026, 12, 31, 23, 30, tzinfo=COPENHAGEN),  # New Year's Eve, half an hour before the year ends
]


@pytest.fixture(params=MOMENTS, ids=lambda moment: moment.date().isoformat())
def today(request, time_machine) -> date:
    """Travel to the moment (the clock ticks on from there) before anything else of the test is made."""
    time_machine.move_to(request.param)
    assert timezone.localdate() == request.param.date()
    return request.param.date()


def population_around(today: date, staff) -> None:
    """A handful of citizens at every step, dated from `today`: the pages have something to show."""
    caseworker = staff[roles.CASEWORKER]
    location = make_location(name="Dagens Gård", food_distribution=True, serves_refugees=True)
    # A family born on a leap day, referred a week ago and arriving today (ages and deadlines counted on today).
    mother = make_person(first_name="Olena", last_name="Skokova", birth_date=date(1996, 2, 29), cpr="290296-4002")
    son = make_person(first_name="Taras", last_name="Skokov", gender="M", birth_date=date(2012, 2, 29))
    daughter = make_person(first_name="Daria", last_name="Skokova", birth_date=date(2010, 3, 1))
    family = make_household((mother, "applicant"), (son, "child"), (daughter, "child"))
    referred = make_case(person=mother, household=family, status="referred", caseworker=caseworker,
                         referral_decision_date=today - timedelta(days=7), takeover_date=today + timedelta(days=14))
    for child in (son, daughter):
        make_case(person=child, household=family, status="referred", referral_decision_date=today - timedelta(days=7))
    make_referral(case=referred, expected_arrival_on=today, planned_room=make_room(location, number="1", beds=3))
    # Arrived three weeks ago: a meeting today, another waiting to be booked, a tenancy.
    arrived = make_case(caseworker=caseworker, referral_decision_date=today - timedelta(days=40),
                        takeover_date=today - timedelta(days=21), arrival_date=today - timedelta(days=21))
    house(arrived.household, make_room(location, number="2", beds=2), on=today - timedelta(days=21))
    make_appointment(case=arrived, kind="welcome", caseworker=caseworker,
                     starts_at=timezone.make_aware(datetime.combine(today, time(9))))
    make_appointment(case=arrived, kind="contract", status="required")
    # In the programme for two months: a plan, a class, last week's attendance, a placement starting this week.
    participant = make_participant(caseworker=caseworker, started_on=today - timedelta(days=60))
    house(participant.household, make_room(location, number="3", beds=2), on=today - timedelta(days=90))
    plan(participant, valid_from=today - timedelta(days=60))
    teaching_class = make_class(starts_on=today - timedelta(days=60))
    on_roster(teaching_class, participant, joined_on=today - timedelta(days=60))
    monday = today - timedelta(days=today.weekday())
    for offset in range(1, 6):
        day = monday - timedelta(days=7) + timedelta(days=offset - 1)
        Attendance.objects.create(case=participant, on=day, kind="danish_education", status="present", hours=Decimal("6"))
    offer = make_offer(make_company(), starts_on=monday, weeks=4)
    Placement.objects.create(offer=offer, case=make_participant(status="in_placement", started_on=today - timedelta(days=30)),
                             starts_on=monday, ends_on=monday + timedelta(weeks=4))
    # In a job since a year ago today (which is 28.02 or 01.03 when today is a leap day), a follow-up due today.
    employed = make_case(status="employed", caseworker=caseworker)
    Employment.objects.create(case=employed, employer="Hotel Nord", hours_per_week=Decimal("37"), monthly_income=Decimal("24000"),
                              started_on=today - timedelta(days=365))
    FollowUp.objects.create(case=employed, due_on=today)


def _pages():
    """(route, pattern, capability) for every page of the role matrix (the API has its own access tests)."""
    for route, pattern in url_patterns():
        capability = getattr(pattern.callback, "required_capability", None)
        if capability is not None and not route.startswith(API_PREFIX):
            yield route, pattern, capability


@pytest.mark.django_db
def test_the_worklist_renders_for_reception_and_for_a_caseworker(today, client, staff):
    population_around(today, staff)
    for role in (roles.RECEPTION, roles.CASEWORKER):
        client.force_login(staff[role])
        response = client.get("/reception/worklist/")
        assert response.status_code == 200, role
        worklist = response.context["worklist"]
        assert worklist.today == today
        # The family arriving today is this week's arrival, the arrived citizen's meeting waits to be booked.
        assert any(case.person.last_name == "Skokova" and on == today for case, on in worklist.arrivals.items), role
        assert any(item.kind == "contract" for item in worklist.to_book.items), role
        assert worklist.overdue.total + worklist.due_soon.total + worklist.later.total > 0, role
        assert sum(sum(row["counts"]) for row in worklist.intake) >= 3, role  # the family, referred a week ago


@pytest.mark.django_db
def test_every_page_answers_every_role_that_may_see_it_without_a_server_error(today, client, staff):
    population_around(today, staff)
    ids = objects_for_routes()
    failures = []
    for route, pattern, capability in _pages():
        path = path_for(route, ids)
        for role in sorted(roles.roles_with(capability)):
            client.force_login(staff[role])
            status = client.get(path).status_code
            if status >= 500:
                failures.append((pattern.name, role, "GET", status))
        # An empty form posted once, by one role that may: validation on the day must not fail either.
        client.force_login(staff[sorted(roles.roles_with(capability))[0]])
        status = client.post(path).status_code
        if status >= 500:
            failures.append((pattern.name, "POST", status))
    assert failures == []
