"""The worklist's read model on the demo: its lists are the lists computed from every case's records, on any day,
for the whole team and for one caseworker (its own module: the demo's staff would clash with the other tests')."""
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from tests.worklist.test_read_model import lists_as_data
from velkomst.config import deadline_rules
from velkomst.demo.tables import PRESENTATION_DATE
from velkomst.worklist import selectors, services

LISTS = ("arrivals", "overdue", "due_soon", "later", "to_book")
# The first page; the second of each list; past the last page (the last is shown).
PAGES = [{}, dict.fromkeys(LISTS, 2), dict.fromkeys(LISTS, "9999")]
DAYS = [PRESENTATION_DATE + timedelta(days=offset) for offset in (-45, -8, 0, 1, 2, 5, 12, 31, 70)]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", scale=0.2, as_of=PRESENTATION_DATE, stdout=StringIO())
        try:
            yield
        finally:
            from velkomst.demo.loader import clear

            clear()


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [5, 50])
def test_the_read_model_gives_the_lists_computed_from_the_records_on_every_day(demo, monkeypatch, limit):
    monkeypatch.setattr(selectors, "LIST_LIMIT", limit)  # 5: which rows come first is compared too, not only the counts
    assert services.read_model_current()  # the demo built it
    User = get_user_model()
    reception = User.objects.get(username="modtagelse")
    busiest = (User.objects.filter(cases__status__in=services.FOLLOWED_STATUSES).annotate(n=Count("cases")).order_by("-n").first())
    rules = deadline_rules()
    compared = 0
    for day in DAYS:
        for user in (reception, busiest):
            for pages in PAGES:
                from_read_model = lists_as_data(selectors._lists_from_read_model(user, day, rules, pages))
                assert from_read_model == lists_as_data(selectors._lists_computed(user, day, rules, pages)), (day, user.username, pages)
                compared += sum(total for _items, total, _number in from_read_model.values())
    assert compared > 500  # the demo's cases fill the lists on these days




@pytest.mark.django_db
@pytest.mark.parametrize("limit", [5, 25])
def test_the_candidates_to_move_on_from_the_read_model_are_those_the_tenancies_give(demo, monkeypatch, limit):
    from velkomst.housing.models import Tenancy

    monkeypatch.setattr(selectors, "LIST_LIMIT", limit)
    for day in DAYS:
        candidates = list(Tenancy.objects.current().filter(room__location__food_distribution=True, household__first_benefit_payment_on__lte=day)
                          .order_by("household__first_benefit_payment_on", "id").values_list("pk", flat=True))
        assert len(candidates) > limit  # more than a page
        for page in (1, 2, 9999):
            section = selectors.move_on_candidates(today=day, page=page)
            first = (section.number - 1) * limit
            assert (section.total, [item.tenancy.pk for item in section.items]) == (len(candidates), candidates[first:first + limit]), (day, page)
