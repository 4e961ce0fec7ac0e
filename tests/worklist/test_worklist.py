"""The worklist: deadlines classified on a fixed date, scope by role, and a query count that does not grow with the data."""
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_case, make_person
from tests.reception.factories import aware, make_appointment
from velkomst.worklist import selectors

TODAY = date(2026, 11, 26)  # a Thursday
# The page reads the clock: the page tests run on TODAY too.
pytestmark = pytest.mark.time_machine(aware(TODAY, 8))


def states(worklist, case):
    return {item.kind: item.state for section in (worklist.overdue, worklist.due_soon, worklist.later) for item in section.items if item.case == case}


@pytest.mark.django_db
def test_a_missed_target_is_amber_and_a_missed_legal_limit_is_red(caseworker):
    late = make_case(caseworker=caseworker, takeover_date=date(2026, 10, 20), arrival_date=date(2026, 10, 20), referral_decision_date=date(2026, 9, 28))
    worklist = selectors.worklist(user=caseworker, today=TODAY)
    assert states(worklist, late) == {
        "welcome_meeting": "amber",  # target 27.10 passed, no legal limit
        "contract_meeting": "red",  # legal limit 20.11 passed
        "danish_education_referral": "red",
        "first_company_offer": "red",
    }
    red = next(i for i in worklist.overdue.items if i.kind == "contract_meeting")
    assert (red.due, str(red.state_label)) == (date(2026, 11, 20), "Lovens frist overskredet")


@pytest.mark.django_db
def test_danish_education_and_a_company_placement_recorded_by_their_modules_leave_the_lists(caseworker):
    from tests.programme.factories import make_employment, make_placement
    from velkomst.education.models import LearnerPlacement

    placed, employed, neither = (make_case(caseworker=caseworker, status="arrived", takeover_date=date(2026, 10, 20),
                                           arrival_date=date(2026, 10, 20), referral_decision_date=date(2026, 9, 28)) for _ in range(3))
    LearnerPlacement.objects.create(case=placed, suggested_track="DU2", track="DU2", decision_reason="Screenet.", started_on=date(2026, 11, 2))
    make_placement(case=placed)
    make_employment(case=employed, started_on=date(2026, 11, 9))
    worklist = selectors.worklist(user=caseworker, today=TODAY)
    assert {"danish_education_referral", "first_company_offer"}.isdisjoint(states(worklist, placed))
    assert "first_company_offer" not in states(worklist, employed)  # a job is more than the offer
    assert states(worklist, employed)["danish_education_referral"] == "red"
    assert {"danish_education_referral": "red", "first_company_offer": "red"}.items() <= states(worklist, neither).items()


@pytest.mark.django_db
def test_deadlines_within_three_working_days_are_due_soon_and_the_rest_later(caseworker):
    recent = make_case(caseworker=caseworker, takeover_date=date(2026, 11, 20), arrival_date=date(2026, 11, 20), referral_decision_date=date(2026, 10, 30))
    worklist = selectors.worklist(user=caseworker, today=TODAY)
    found = states(worklist, recent)
    assert found["welcome_meeting"] == "due_soon"  # 27.11
    assert found["contract_meeting"] == "ok"  # 4.12
    assert [i.case for i in worklist.due_soon.items] == [recent]


@pytest.mark.django_db
def test_a_held_welcome_meeting_and_a_booked_contract_meeting_leave_the_lists(caseworker):
    case = make_case(caseworker=caseworker, takeover_date=date(2026, 11, 16), arrival_date=date(2026, 11, 16), referral_decision_date=date(2026, 10, 26))
    make_appointment(case=case, kind="welcome", status="completed", starts_at=aware(date(2026, 11, 20)))
    worklist = selectors.worklist(user=caseworker, today=TODAY)
    assert "welcome_meeting" not in states(worklist, case)
    assert [(m.case, m.kind) for m in worklist.to_book.items] == [(case, "contract")]
    make_appointment(case=case, kind="contract", status="planned", starts_at=aware(date(2026, 11, 30)))
    worklist = selectors.worklist(user=caseworker, today=TODAY)
    assert worklist.to_book.items == []
    assert next(i for i in worklist.later.items if i.kind == "programme_start").due == date(2026, 12, 7)


@pytest.mark.django_db
def test_a_caseworker_sees_their_own_cases_and_reception_sees_everyone_s(staff):
    own = make_case(caseworker=staff["caseworker"], takeover_date=date(2026, 11, 23), arrival_date=date(2026, 11, 23))
    other = make_case(caseworker=staff["colleague"], takeover_date=date(2026, 11, 24), arrival_date=date(2026, 11, 24))
    mine = selectors.worklist(user=staff["caseworker"], today=TODAY)
    team = selectors.worklist(user=staff["reception"], today=TODAY)
    assert {case for case, _ in mine.arrivals.items} == {own}
    assert {case for case, _ in team.arrivals.items} == {own, other}


@pytest.mark.django_db
def test_the_weekly_intake_counts_referrals_per_week_by_population(caseworker):
    make_case(referral_decision_date=date(2026, 11, 23))
    make_case(referral_decision_date=date(2026, 11, 24), target_group="un_quota")
    make_case(referral_decision_date=date(2026, 11, 16))
    rows, populations = selectors.weekly_intake(today=TODAY)
    assert [code for code, _ in populations] == ["ukrainian", "refugee", "other"]
    assert len(rows) == 12 and rows[0]["week"] == date(2026, 11, 23)
    assert (rows[0]["counts"], rows[1]["counts"]) == ([1, 1, 0], [1, 0, 0])


def make_cases(n, caseworker):
    for i in range(n):
        person = make_person(first_name=f"Person{i}", last_name="Test")
        case = make_case(person=person, caseworker=caseworker, takeover_date=date(2026, 11, 2 + i), arrival_date=date(2026, 11, 2 + i))
        make_appointment(case=case, kind="welcome", status="planned", caseworker=caseworker)
        make_appointment(case=case, kind="contract", status="required")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["caseworker", "reception"])
def test_the_worklist_page_needs_the_same_number_of_queries_for_2_and_8_cases(client, staff, role):
    client.force_login(staff[role])

    def count():
        client.get("/reception/worklist/")  # warm the session and permission caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reception/worklist/").status_code == 200
        return len(queries)

    make_cases(2, staff["caseworker"])
    small = count()
    make_cases(6, staff["caseworker"])
    assert count() == small


@pytest.mark.django_db
def test_the_worklist_shows_state_labels_in_words(client, caseworker):
    long_ago = TODAY - timedelta(days=60)
    make_case(caseworker=caseworker, takeover_date=long_ago, arrival_date=long_ago)
    client.force_login(caseworker)
    html = client.get("/reception/worklist/").content.decode()
    assert "Lovens frist overskredet" in html and "badge-error" in html


@pytest.mark.django_db
def test_each_list_is_paged_on_its_own_and_a_page_that_is_not_one_shows_a_page_that_is(client, caseworker, monkeypatch):
    monkeypatch.setattr(selectors, "LIST_LIMIT", 2)
    for days in (30, 31, 32, 33, 34):  # five cases whose contract meetings' legal limits have passed, the oldest first
        day = TODAY - timedelta(days=days)
        make_case(caseworker=caseworker, takeover_date=day, arrival_date=day, person=make_person(last_name=f"Overdue{days}"))
    client.force_login(caseworker)

    def names(query):
        html = client.get(f"/reception/worklist/{query}").content.decode()
        return html, [f"Overdue{days}" for days in (34, 33, 32, 31, 30) if f"Overdue{days}," in html.split('id="due_soon"')[0]]

    html, first = names("")
    assert first == ["Overdue34"]  # two rows a page: the oldest case's two red deadlines come first
    assert "Viser 1–2 af 18." in html and "Side 1 af 9" in html and 'href="?overdue=2#overdue"' in html
    assert names("?overdue=2")[1] == ["Overdue34", "Overdue33"]  # the oldest case's last red deadline, the next case's first
    html, last = names("?overdue=9")
    assert "Viser 17–18 af 18." in html and 'href="?overdue=8#overdue"' in html and last != first
    for nonsense in ("?overdue=x", "?overdue=-3", "?overdue=99999999999999999999999", "?overdue=%00", "?overdue=1e9"):
        response = client.get(f"/reception/worklist/{nonsense}")
        assert response.status_code == 200, nonsense
    assert names("?overdue=x")[1] == first and names("?overdue=-3")[1] == first
    assert names("?overdue=99999999999999999999999")[1] == last
