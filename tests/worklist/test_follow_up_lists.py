"""The caseworker's worklist lists the reviews of vulnerable residents due within 14 days or overdue, and the
integration periods (five years from the take-over) ending within 3 months; own cases only, each row links to the person;
reception sees neither; the query count stays flat."""
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_case, make_person
from tests.reception.factories import aware
from velkomst.programme.models import VulnerabilityAction
from velkomst.worklist import selectors

TODAY = date(2026, 11, 26)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(aware(TODAY, 8))]


def review(case, due_on, done_on=None):
    return VulnerabilityAction.objects.create(case=case, kind="review", text="Opfølgning med psykiatrien", due_on=due_on, done_on=done_on)


def vulnerable(caseworker, **fields):
    fields.setdefault("status", "in_programme")
    return make_case(caseworker=caseworker, psychologically_vulnerable=True, person=make_person(last_name=fields.pop("name", "Sårbar")), **fields)


def test_reviews_overdue_or_due_within_14_days_are_listed_most_overdue_first(caseworker, staff):
    overdue = review(vulnerable(caseworker, name="Overskredet"), TODAY - timedelta(days=3))
    soon = review(vulnerable(caseworker, name="Snart"), TODAY + timedelta(days=14))
    review(vulnerable(caseworker, name="Senere"), TODAY + timedelta(days=15))  # not yet
    review(vulnerable(caseworker, name="Holdt"), TODAY - timedelta(days=3), done_on=TODAY - timedelta(days=3))  # held
    review(vulnerable(caseworker, name="Lukket", status="closed"), TODAY)  # closed case
    review(vulnerable(staff["colleague"], name="Kollega"), TODAY)  # someone else's case
    worklist = selectors.worklist(user=caseworker, today=TODAY)
    assert worklist.reviews.items == [overdue, soon] and worklist.reviews.total == 2
    assert len(selectors.worklist(user=staff["admin"], today=TODAY).reviews.items) == 3  # the team: the colleague's too


def test_integration_periods_ending_within_three_months_are_listed_soonest_first(caseworker, staff):
    ends_today = make_case(caseworker=caseworker, status="employed", takeover_date=date(2021, 11, 26))
    ends_in_three_months = make_case(caseworker=caseworker, status="in_programme", takeover_date=date(2022, 2, 26))
    make_case(caseworker=caseworker, status="in_programme", takeover_date=date(2022, 2, 27))  # a day too late
    make_case(caseworker=caseworker, status="in_programme", takeover_date=date(2021, 11, 25))  # ended yesterday
    make_case(caseworker=caseworker, status="closed", takeover_date=date(2021, 12, 1))  # closed
    make_case(caseworker=staff["colleague"], status="in_programme", takeover_date=date(2021, 12, 1))  # another's
    section = selectors.worklist(user=caseworker, today=TODAY).integration_ending
    assert [(item.case, item.ends_on) for item in section.items] == [
        (ends_today, TODAY), (ends_in_three_months, date(2027, 2, 26))]


def test_the_page_links_each_row_to_the_person_and_reception_sees_neither_section(client, caseworker, staff):
    case = vulnerable(caseworker, name="Reviewq", takeover_date=date(2021, 12, 24))
    review(case, TODAY - timedelta(days=1))
    client.force_login(caseworker)
    html = client.get("/reception/worklist/").content.decode()
    assert "Opfølgninger på sårbare beboere" in html and "Integrationsperioder, der slutter" in html
    assert html.count(f'href="/people/{case.person_id}/"') == 2
    assert "24.12.2026" in html and "25.11.2026" in html
    client.force_login(staff["reception"])
    html = client.get("/reception/worklist/").content.decode()
    assert "Reviewq" not in html and "Opfølgninger på sårbare beboere" not in html


def test_listing_is_logged_as_reading_those_persons(caseworker):
    from velkomst.audit.models import AccessLog
    case = vulnerable(caseworker)
    review(case, TODAY)
    selectors.worklist(user=caseworker, today=TODAY)
    assert AccessLog.objects.filter(user=caseworker, person=case.person).exists()


def test_the_query_count_does_not_grow_with_the_lists(client, caseworker):
    client.force_login(caseworker)

    def count():
        client.get("/reception/worklist/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/reception/worklist/").status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            review(vulnerable(caseworker, takeover_date=date(2021, 12, 1) + timedelta(days=i)), TODAY + timedelta(days=i % 10))

    add(2)
    small = count()
    add(12)
    assert count() == small
