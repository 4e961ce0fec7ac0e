"""The back-test: its arithmetic, the actual capacity on past days, and a whole back-test on a hand-made history."""
from datetime import date, timedelta

import pytest

from tests.housing.factories import make_location, make_room, make_single
from tests.reports.factories import tenancy
from velkomst.forecast.backtest import ALSO, KINDS, Origin, compare, pooled, verdict
from velkomst.forecast.inputs import Catalogue, backtest, capacity_on

AS_OF = date(2026, 11, 26)


# --- the arithmetic ---------------------------------------------------------------------------


def test_a_week_is_inside_when_the_actual_lies_within_the_band_and_the_error_is_its_distance_from_the_median():
    days = [date(2026, 1, 8), date(2026, 1, 15), date(2026, 1, 22), date(2026, 1, 29)]
    bands = {"empty_rooms": ([8, 7, 6, 5], [10, 9, 8, 7], [12, 11, 10, 9, 99])}  # a longer forecast is cut to the days
    result = compare(days, bands, {"empty_rooms": [12, 6, 8, 10]})["empty_rooms"]

    assert [w.inside for w in result.weeks] == [True, False, True, False]
    assert [w.error for w in result.weeks] == [2, 3, 0, 3]
    assert result.inside == 2 and result.share_inside == 0.5
    assert result.median_absolute_error == 2.5  # the median of 0, 2, 3, 3
    assert [w.day for w in result.weeks] == days


def test_several_forecast_days_are_pooled_per_kind_and_judged_against_eighty_percent():
    first = compare([date(2026, 1, 8)] * 5, {k: ([0] * 5, [5] * 5, [10] * 5) for k in KINDS},
                    {"empty_rooms": [5] * 5, "shared_beds_F": [5, 5, 5, 5, 11], "shared_beds_M": [11, 11, 5, 5, 5]})
    second = compare([date(2026, 4, 9)] * 5, {k: ([0] * 5, [5] * 5, [10] * 5) for k in KINDS},
                     {"empty_rooms": [5] * 5, "shared_beds_F": [5] * 5, "shared_beds_M": [5] * 5})
    origins = [Origin(date(2026, 1, 1), 10, first), Origin(date(2026, 4, 2), 5, second)]

    assert pooled(origins, "shared_beds_F") == (9, 10, 0.0)
    assert pooled(origins, "shared_beds_M") == (8, 10, 0.0)
    assert verdict(origins) == {"empty_rooms": True, "shared_beds_F": True, "shared_beds_M": True}
    assert verdict(origins, target=0.85) == {"empty_rooms": True, "shared_beds_F": True, "shared_beds_M": False}


def test_it_refuses_a_forecast_shorter_than_the_weeks_compared():
    with pytest.raises(ValueError, match="each of the 2 weeks"):
        compare([date(2026, 1, 8), date(2026, 1, 15)], {"persons": ([1], [1], [1])}, {"persons": [1, 1]})


# --- what actually was -------------------------------------------------------------------------


@pytest.fixture
def history(db):
    """A location of an empty four-bed room and a two-bed room, lived in over the autumn."""
    location = make_location(name="Historien")
    big, small = make_room(location, beds=4), make_room(location, beds=2)
    origin = AS_OF - timedelta(weeks=3)
    woman = make_single(gender="F", referral_decision_date=date(2025, 5, 5))
    tenancy(woman, small, date(2025, 6, 2))  # a woman in the two-bed room all along
    man = make_single(gender="M", referral_decision_date=date(2025, 5, 5))
    tenancy(man, big, origin + timedelta(days=10))  # a man opens the four-bed room in the forecast's second week
    return {"origin": origin, "big": big, "small": small}


def test_the_actual_capacity_of_a_day_comes_from_the_tenancies_current_that_day(history):
    cat = Catalogue.load()
    before = capacity_on(cat, history["origin"] + timedelta(days=7), past=True)
    after = capacity_on(cat, history["origin"] + timedelta(days=14), past=True)

    assert (before["empty_rooms"], before["shared_beds_F"], before["shared_beds_M"], before["persons"]) == (1, 1, 0, 1)
    assert (after["empty_rooms"], after["shared_beds_F"], after["shared_beds_M"], after["persons"]) == (0, 1, 3, 2)
    assert after["free_beds"] == 4


def test_a_back_test_on_a_hand_made_history(history):
    """Nothing was referred and no one moved out before the forecast's day, so the forecast is exact: the rooms stay
    as they were. Week 1 is as forecast; from week 2 the man who opened the four-bed room makes the actual differ."""
    [origin] = backtest(AS_OF, weeks_back=(3,), runs=50, seed=1)

    assert origin.day == history["origin"] and origin.weeks_back == 3
    empty = origin.kinds["empty_rooms"]
    assert [(w.p10, w.median, w.p90) for w in empty.weeks] == [(1, 1, 1)] * 3
    assert [w.actual for w in empty.weeks] == [1, 0, 0]
    assert [w.inside for w in empty.weeks] == [True, False, False]
    assert empty.median_absolute_error == 1
    men = origin.kinds["shared_beds_M"]
    assert [w.actual for w in men.weeks] == [0, 3, 3] and men.inside == 1
    assert origin.kinds["shared_beds_F"].inside == 3
    assert set(origin.kinds) == set(KINDS + ALSO)
    assert [w.day for w in empty.weeks] == [history["origin"] + timedelta(weeks=n) for n in (1, 2, 3)]


def more_history(n):
    """n households referred, moved in and out within the back-test's weeks and the weeks before them."""
    location = make_location(name=f"Mere {n}")
    for i in range(n):
        referred = AS_OF - timedelta(weeks=12 + i % 10)
        tenancy(make_single(gender="MF"[i % 2], referral_decision_date=referred), make_room(location, beds=2),
                referred + timedelta(weeks=2), moved_out_on=AS_OF - timedelta(days=i), reason="other")


def test_the_back_test_costs_the_same_queries_with_more_data(history, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    more_history(5)
    with CaptureQueriesContext(connection) as first:
        backtest(AS_OF, weeks_back=(3, 2), runs=20)
    more_history(40)
    with django_assert_max_num_queries(len(first)):
        backtest(AS_OF, weeks_back=(3, 2), runs=20)
