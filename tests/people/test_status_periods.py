"""A case's status on a day from its history: the change in effect (`CaseStatusChange.until`) agrees with searching the
history (the latest change on or before the day, the later recorded first on a tie) whatever order it was recorded in."""
import random
from datetime import date, timedelta

import pytest
from django.db.models import F, FilteredRelation, OuterRef, Subquery

from tests.factories import make_case, record_status_change
from velkomst.people.models import Case, CaseStatusChange, link_periods, periods_until, status_on


def test_each_change_ends_when_the_next_takes_effect():
    d = date(2026, 1, 1)
    rows = [(1, 7, d), (2, 7, d + timedelta(days=5)), (3, 7, d + timedelta(days=5)), (4, 8, d)]
    assert periods_until(rows) == {1: d + timedelta(days=5), 2: d + timedelta(days=5), 3: None, 4: None}


def _searched(day):
    latest = CaseStatusChange.objects.filter(case=OuterRef("pk"), on__lte=day).order_by("-on", "-id").values("status")[:1]
    return dict(Case.objects.annotate(then=Subquery(latest)).values_list("pk", "then"))


def _joined(day):
    return dict(Case.objects.annotate(change=FilteredRelation("status_changes", condition=status_on(day)))
                .values_list("pk", F("change__status")))


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_status_in_effect_is_the_status_the_history_gives(seed):
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    cases = [make_case(status="referred", referral_decision_date=start) for _ in range(6)]
    for _ in range(40):  # back-dated, same-day and later changes, recorded in any order
        case = rng.choice(cases)
        record_status_change(case=case, status=rng.choice(["arrived", "in_programme", "employed", "left"]),
                             on=start + timedelta(days=rng.randrange(0, 60)))
    for offset in range(-1, 62, 3):
        day = start + timedelta(days=offset)
        assert _joined(day) == _searched(day), day


@pytest.mark.django_db
def test_linking_again_repairs_a_history_written_without_save():
    case = make_case(status="referred", referral_decision_date=date(2026, 1, 1))
    CaseStatusChange.objects.bulk_create([CaseStatusChange(case=case, status="arrived", on=date(2026, 2, 1))])
    assert CaseStatusChange.objects.filter(case=case, until__isnull=True).count() == 2  # two changes "in effect"
    link_periods([case.pk])
    assert CaseStatusChange.objects.filter(case=case, until__isnull=True).count() == 1
    assert _joined(date(2026, 1, 15))[case.pk] == "referred" and _joined(date(2026, 3, 1))[case.pk] == "arrived"


@pytest.mark.django_db
def test_a_back_dated_status_change_through_the_service_ends_the_one_it_precedes():
    from tests.conftest import make_staff
    from velkomst.accounts import roles
    from velkomst.people import services

    case = make_case(status="referred", referral_decision_date=date(2026, 1, 1))
    staff = make_staff("ada", roles.ADMIN)
    services.case_status_change(by=staff, case=case, status="arrived", on=date(2026, 3, 1))
    services.case_status_change(by=staff, case=case, status="in_programme", on=date(2026, 2, 1))  # recorded late
    assert _joined(date(2026, 2, 15))[case.pk] == "in_programme"
    assert _joined(date(2026, 3, 15))[case.pk] == "arrived" == _searched(date(2026, 3, 15))[case.pk]
