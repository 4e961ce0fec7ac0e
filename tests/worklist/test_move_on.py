"""Reception's worklist lists the households at reception locations whose food distribution has ended."""
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.housing.factories import house, make_location, make_room, make_single
from tests.reception.factories import aware
from velkomst.worklist import selectors

TODAY = date(2026, 11, 26)
pytestmark = pytest.mark.time_machine(aware(TODAY, 8))


@pytest.fixture
def locations(db):
    return make_location(code="modtagelse", food_distribution=True), make_location(code="almindelig")


@pytest.mark.django_db
def test_only_paid_households_at_reception_locations_are_candidates(staff, locations):
    reception_location, plain = locations
    paid = make_single(first_benefit_payment_on=TODAY - timedelta(days=1))
    house(paid, make_room(reception_location))
    house(make_single(first_benefit_payment_on=None), make_room(reception_location))
    house(make_single(first_benefit_payment_on=TODAY + timedelta(days=3)), make_room(reception_location))
    house(make_single(first_benefit_payment_on=TODAY - timedelta(days=9)), make_room(plain))
    worklist = selectors.worklist(user=staff["reception"], today=TODAY)
    assert [item.tenancy.household_id for item in worklist.move_on.items] == [paid.pk] and worklist.move_on.total == 1
    assert selectors.worklist(user=staff["caseworker"], today=TODAY).move_on is None


@pytest.mark.django_db
def test_the_page_links_each_candidate_to_the_move_and_the_person_with_a_flat_query_count(client, staff, locations):
    reception_location, _plain = locations
    client.force_login(staff["reception"])

    def add(n):
        for _ in range(n):
            house(make_single(first_benefit_payment_on=TODAY - timedelta(days=2)), make_room(reception_location))

    def count():
        client.get("/reception/worklist/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/reception/worklist/")
        return len(queries), response.content.decode()

    add(2)
    small, html = count()
    assert "/move/" in html and 'id="move-on"' in html
    add(6)
    assert count()[0] == small
