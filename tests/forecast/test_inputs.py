"""The forecast's inputs read from the database, on small hand-built housing."""
from datetime import date, timedelta

import pytest

from tests.factories import make_case, make_household, make_person
from tests.housing.factories import make_location, make_room, make_single
from tests.reports.factories import tenancy
from velkomst.forecast.inputs import forecast_inputs, location_choices
from velkomst.forecast.plan import ScenarioSpec, start_state

AS_OF = date(2026, 11, 26)  # a Thursday; the last complete week began on 16.11.
LONG_AGO = date(2026, 1, 5)


def family(**case_fields):
    mother = make_person(first_name="Mor", last_name="Familie", gender="F", birth_date=date(1990, 1, 1))
    child = make_person(first_name="Barn", last_name="Familie", gender="M", birth_date=date(2018, 1, 1))
    household = make_household((mother, "applicant"), (child, "child"))
    make_case(person=mother, household=household, **case_fields)
    make_case(person=child, household=household, **case_fields)
    return household


@pytest.fixture
def housing(db):
    """A reception location, an ordinary one, one reserved for vulnerable residents and one that closes in 10 weeks."""
    reception = make_location(name="Modtagelsen", food_distribution=True)
    general = make_location(name="Gården")
    reserved = make_location(name="Herberget", reserved_for="vulnerable")
    closing = make_location(name="Hotellet", kind="hotel", status="closing", closing_on=AS_OF + timedelta(weeks=10))
    rooms = {
        "reception_empty": make_room(reception, beds=2), "reception_women": make_room(reception, beds=3),
        "empty": make_room(general, beds=4), "men": make_room(general, beds=2), "family": make_room(general, beds=4),
        "alone": make_room(general, beds=2), "blocked": make_room(general, beds=2),
        "reserved": make_room(reserved, beds=2), "closing_empty": make_room(closing, beds=2), "closing_woman": make_room(closing, beds=2),
    }
    tenancy(make_single(gender="F"), rooms["reception_women"], LONG_AGO)
    tenancy(make_single(gender="M"), rooms["men"], LONG_AGO)
    tenancy(make_single(gender="M"), rooms["men"], LONG_AGO)
    tenancy(family(), rooms["family"], LONG_AGO)
    alone = make_single(gender="F")
    alone.needs_own_room = True
    alone.save()
    tenancy(alone, rooms["alone"], LONG_AGO)
    tenancy(make_single(gender="M"), rooms["reserved"], LONG_AGO)
    tenancy(make_single(gender="F"), rooms["closing_woman"], LONG_AGO)
    blocked = rooms["blocked"]
    blocked.status, blocked.blocked_reason, blocked.blocked_until = "blocked", "Vandskade", AS_OF + timedelta(days=20)
    blocked.save()
    return {"reception": reception, "general": general, "reserved": reserved, "closing": closing, **rooms}


def pools(inputs, spec=ScenarioSpec("base")):
    start, changes = start_state(inputs, spec, 52)
    return {p.name: p for p in start.pools}, changes


def test_rooms_are_counted_by_pool_as_the_model_counts_them(housing):
    p, _changes = pools(forecast_inputs(AS_OF, today=AS_OF))

    assert set(p) == {"general", "reception", "reserved:vulnerable", f"closing:{housing['closing'].pk}"}
    general = p["general"]
    assert dict(general.empty) == {4: 1}
    assert dict(general.shared) == {("M", 2, 2): 1}
    # The family of two holds its room; so does a single who needs a room alone.
    assert dict(general.family) == {(4, 2): 1, (2, 1): 1}
    assert dict(p["reception"].empty) == {2: 1} and dict(p["reception"].shared) == {("F", 3, 1): 1}
    assert dict(p["reserved:vulnerable"].shared) == {("M", 2, 1): 1} and p["reserved:vulnerable"].reserved == "vulnerable"
    closing = p[f"closing:{housing['closing'].pk}"]
    assert closing.closes_in_week == 11 and dict(closing.shared) == {("F", 2, 1): 1} and not closing.is_open


def test_a_tenancy_counts_while_it_is_current_on_the_day(housing):
    tenancy(make_single(gender="F"), housing["empty"], LONG_AGO, moved_out_on=date(2026, 6, 1), reason="permanent_housing")
    # A move-out planned for a later day keeps the bed occupied until then.
    tenancy(make_single(gender="F"), housing["reception_empty"], LONG_AGO, moved_out_on=AS_OF + timedelta(days=3), reason="other")
    p, _ = pools(forecast_inputs(AS_OF, today=AS_OF))

    assert dict(p["general"].empty) == {4: 1}
    assert dict(p["reception"].shared) == {("F", 3, 1): 1, ("F", 2, 1): 1}


def test_the_inflow_is_the_last_twelve_complete_weeks_of_referred_households_times_their_take_up(housing):
    monday = date(2026, 11, 16)
    make_single(gender="F", referral_decision_date=monday)
    make_single(gender="M", referral_decision_date=monday - timedelta(weeks=11))
    family(referral_decision_date=monday + timedelta(days=2))  # two persons, one household
    make_single(gender="M", referral_decision_date=date(2026, 11, 24))  # the running week: left out
    make_single(gender="M", referral_decision_date=monday - timedelta(weeks=12))  # thirteen weeks back: left out
    make_single(gender="M", referral_decision_date=monday, target_group="lab_job_ready")  # not housed by the centre
    # Take-up: of the households referred 16 to 4 weeks back, the share that moved in by the day.
    moved_in = make_single(gender="F", referral_decision_date=monday - timedelta(weeks=6))
    tenancy(moved_in, housing["empty"], monday - timedelta(weeks=4))
    make_single(gender="F", referral_decision_date=monday - timedelta(weeks=7))  # lives privately
    inputs = forecast_inputs(AS_OF, today=AS_OF)

    assert inputs.weekly_referrals == [1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 2]
    # Referred 16 to 4 weeks back: the one who moved in, the one living privately and the two men referred 11 and 12
    # weeks before the last week, who never moved in.
    assert inputs.take_up == pytest.approx(1 / 4)
    assert inputs.default_mean == pytest.approx(5 / 12 * 1 / 4)
    assert inputs.mix_counts == {"family": 1, "single_F": 3, "single_M": 1, "single_X": 0}
    # Family sizes over 52 weeks: the two families of two (this one and the one housed, referred in March) and the
    # single who needs a room alone, a household of one that needs a room of its own.
    assert inputs.family_sizes == pytest.approx({1: 1 / 3, 2: 2 / 3})


def test_exit_rates_are_move_outs_of_the_last_26_weeks_per_household_week(housing):
    since = AS_OF - timedelta(weeks=26)
    for reason in ("permanent_housing", "other_municipality", "internal_move"):
        tenancy(make_single(gender="M"), housing["empty"], since + timedelta(days=1), moved_out_on=since + timedelta(days=8), reason=reason)
    tenancy(make_single(gender="M"), housing["empty"], date(2025, 1, 5), moved_out_on=date(2025, 6, 1), reason="permanent_housing")
    inputs = forecast_inputs(AS_OF, today=AS_OF)

    assert inputs.exits == {"family": 0, "single_F": 0, "single_M": 2}  # not the internal move, not last year's
    # Household-weeks of single men in the open pools: two men in the shared room all 26 weeks, three for one week.
    assert inputs.household_weeks["single_M"] == pytest.approx(2 * 26 + 3 * 1)
    assert inputs.exit_rates["single_M"] == pytest.approx(2 / 55)
    assert inputs.exit_rates["family"] == 0
    # The reserved pool's own flows: its man has stayed; no one moved in this half year.
    assert inputs.pool_exit_rates["reserved:vulnerable"]["single_M"] == 0


def test_newcomers_start_where_the_first_move_ins_of_the_last_weeks_went_and_some_singles_open_a_room(housing):
    recent = AS_OF - timedelta(weeks=2)
    tenancy(make_single(gender="F"), housing["reception_women"], recent)  # joins the woman there
    tenancy(make_single(gender="F"), housing["empty"], recent)  # opens an empty room
    tenancy(make_single(gender="F"), housing["reception_empty"], recent)  # opens an empty room
    tenancy(make_single(gender="F"), housing["reception_empty"], recent)  # the same day, with her: joins
    inputs = forecast_inputs(AS_OF, today=AS_OF)

    assert inputs.intake["reception"]["single_F"] == pytest.approx(3 / 4)
    assert inputs.intake["general"]["single_F"] == pytest.approx(1 / 4)
    assert inputs.single_open_share == pytest.approx(2 / 4)


def test_a_blocked_room_comes_back_in_its_week_and_a_closing_location_closes_in_its_week(housing):
    p, changes = pools(forecast_inputs(AS_OF, today=AS_OF))

    assert [(c.week, c.pool, dict(c.rooms)) for c, _on in changes] == [(3, "general", {2: 1})]
    assert p[f"closing:{housing['closing'].pk}"].closes_in_week == 11


def test_a_scenario_closes_a_location_and_opens_one(housing):
    spec = ScenarioSpec("what if", close_location=housing["general"].pk, close_on=AS_OF + timedelta(weeks=2), open_beds=7, open_week=6)
    p, changes = pools(forecast_inputs(AS_OF, today=AS_OF), spec)

    closing = p[f"closing:{housing['general'].pk}"]
    assert closing.closes_in_week == 3 and dict(closing.shared) == {("M", 2, 2): 1}
    assert "general" in p and not p["general"].empty  # the general pool is left with no rooms of its own
    # The blocked room would come back after the location has closed: it does not.
    assert [(c.week, c.pool, dict(c.rooms)) for c, _on in changes] == [(6, "general", {2: 3, 1: 1})]


def test_a_past_day_is_read_as_it_stood_then(housing):
    """Rooms blocked today are left out; a location closed today counts until its last move-out."""
    old = make_location(name="Nedlagt", status="closed")
    room = make_room(old, beds=3)
    tenancy(make_single(gender="M"), room, LONG_AGO, moved_out_on=date(2026, 9, 1), reason="other")
    earlier = date(2026, 8, 6)
    p, changes = pools(forecast_inputs(earlier, today=AS_OF))

    assert dict(p["general"].empty) == {4: 1}  # the blocked room is not counted
    assert changes == []  # and does not come back
    assert sum(p["general"].shared.values()) == 2  # the men's room and the closed location's room
    p_today, _ = pools(forecast_inputs(AS_OF, today=AS_OF))
    assert sum(p_today["general"].shared.values()) == 1


def test_only_named_locations_not_closed_can_be_closed_in_a_scenario(housing):
    make_location(name="Lejlighed", kind="flat")
    make_location(name="Lukket", status="closed")
    assert [name for _pk, name in location_choices()] == ["Gården", "Herberget", "Hotellet", "Modtagelsen"]


def test_the_inputs_cost_the_same_queries_with_more_data(housing, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        forecast_inputs(AS_OF, today=AS_OF)
    for _ in range(20):
        tenancy(make_single(gender="M", referral_decision_date=AS_OF - timedelta(weeks=3)), make_room(housing["general"], beds=3),
                AS_OF - timedelta(weeks=2), moved_out_on=AS_OF - timedelta(weeks=1), reason="other")
    with django_assert_max_num_queries(len(first)):
        forecast_inputs(AS_OF, today=AS_OF)
