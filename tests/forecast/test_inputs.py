"""The forecast's inputs read from the database, on small hand-built housing."""
from datetime import date, timedelta

import numpy as np
import pytest

from tests.factories import make_case, make_household, make_person
from tests.housing.factories import make_location, make_room, make_single
from tests.reports.factories import tenancy
from velkomst.forecast.inputs import forecast_inputs
from velkomst.forecast.simulation import Scenario, simulate

AS_OF = date(2026, 11, 26)  # a Thursday; the last complete week began on 16.11.


def family(**case_fields):
    mother = make_person(first_name="Mor", last_name="Familie", gender="F", birth_date=date(1990, 1, 1))
    child = make_person(first_name="Barn", last_name="Familie", gender="M", birth_date=date(2018, 1, 1))
    household = make_household((mother, "applicant"), (child, "child"))
    make_case(person=mother, household=household, **case_fields)
    make_case(person=child, household=household, **case_fields)
    return household


@pytest.fixture
def housing(db):
    location = make_location()
    rooms = {name: make_room(location, beds=beds) for name, beds in
             (("empty", 2), ("empty2", 3), ("women", 3), ("men", 2), ("family", 4), ("blocked", 2))}
    tenancy(make_single(gender="F"), rooms["women"], date(2026, 1, 5))
    tenancy(make_single(gender="M"), rooms["men"], date(2026, 1, 5))
    tenancy(make_single(gender="M"), rooms["men"], date(2026, 1, 5))
    tenancy(family(), rooms["family"], date(2026, 1, 5))
    blocked = rooms["blocked"]
    blocked.status, blocked.blocked_reason, blocked.blocked_until = "blocked", "Vandskade", AS_OF + timedelta(days=20)
    blocked.save()
    return {"location": location, **rooms}


def test_the_start_counts_empty_rooms_for_families_and_free_shared_beds_by_gender(housing):
    start = forecast_inputs(AS_OF).start
    assert (start.family_rooms, start.shared_beds_F, start.shared_beds_M) == (2, 2, 0)
    assert (start.families_housed, start.singles_F_housed, start.singles_M_housed) == (1, 1, 2)


def test_a_tenancy_that_ended_frees_its_place(housing):
    tenancy(make_single(gender="F"), housing["empty"], date(2026, 1, 5), moved_out_on=date(2026, 6, 1), reason="permanent_housing")
    assert forecast_inputs(AS_OF).start.family_rooms == 2


def test_the_default_inflow_is_the_mean_of_the_last_twelve_complete_weeks_of_referred_households(housing):
    monday = date(2026, 11, 16)
    make_single(gender="F", referral_decision_date=monday)
    make_single(gender="M", referral_decision_date=monday - timedelta(weeks=11))
    family(referral_decision_date=monday + timedelta(days=2))  # two persons, one household
    make_single(gender="M", referral_decision_date=date(2026, 11, 24))  # the running week: left out
    make_single(gender="M", referral_decision_date=monday - timedelta(weeks=12))  # thirteen weeks back: left out
    make_single(gender="M", referral_decision_date=monday, target_group="lab_job_ready")  # not housed by the centre
    inputs = forecast_inputs(AS_OF)
    assert inputs.weekly_referrals == [1] + [0] * 10 + [2]
    assert inputs.default_mean == pytest.approx(3 / 12)
    assert inputs.mix == pytest.approx({"family": 1 / 3, "single_F": 1 / 3, "single_M": 1 / 3})


def test_exit_rates_come_from_move_outs_of_the_last_year(housing):
    for reason in ("permanent_housing", "other_municipality", "internal_move"):
        tenancy(make_single(gender="M"), housing["empty"], date(2026, 1, 5), moved_out_on=date(2026, 6, 1), reason=reason)
    tenancy(make_single(gender="M"), housing["empty"], date(2025, 1, 5), moved_out_on=date(2025, 6, 1), reason="permanent_housing")
    inputs = forecast_inputs(AS_OF)
    assert inputs.exits == {"family": 0, "single_F": 0, "single_M": 2}  # not the internal move, not last year's
    assert inputs.exit_rates["single_M"] == pytest.approx(2 / (2 * 52))
    assert inputs.exit_rates["family"] == 0


def test_a_blocked_room_comes_back_and_a_closing_location_takes_its_places(housing):
    closing = make_location(name="Pavillonen", status="closing", closing_on=AS_OF + timedelta(weeks=10))
    make_room(closing, beds=2)
    tenancy(make_single(gender="F"), make_room(closing, beds=2), date(2026, 1, 5))
    changes = forecast_inputs(AS_OF).changes
    assert [(c.week, c.family_rooms, c.shared_beds_F, c.shared_beds_M) for c in changes] == [(3, 1, 0, 0), (11, -1, -2, 0)]
    assert "Pavillonen" in changes[1].note
    # Counted and translated: "1 blokeret værelse", never "1 blocked room(s)" in the Danish interface.
    assert [c.note for c in changes] == ["1 blokeret værelse kommer tilbage", "Pavillonen lukker"]


def test_the_forecast_from_the_database_is_exact_without_randomness(housing):
    inputs = forecast_inputs(AS_OF)
    scenario = Scenario("exact", 1.0, {"family": 1.0}, deterministic=True)
    result = simulate(inputs.start, scenario, inputs.changes, weeks=6, runs=3, seed=1)
    # 2 empty family rooms, one family a week; the blocked room comes back in week 3.
    assert result.free_median("family_rooms").tolist() == [1, 0, 0, 0, 0, 0]
    assert result.unmet_mean("family").tolist() == [0, 0, 0, 1, 2, 3]
    assert result.run_out_probability("family").tolist() == [0, 0, 0, 1, 1, 1]


def test_the_same_seed_gives_the_same_forecast_from_the_database(housing):
    inputs = forecast_inputs(AS_OF)
    scenario = Scenario("seeded", 2.0, inputs.mix, weekly_exit_rate={"single_M": 0.05})
    a = simulate(inputs.start, scenario, inputs.changes, runs=200, seed=42)
    b = simulate(inputs.start, scenario, inputs.changes, runs=200, seed=42)
    assert np.array_equal(a.free_samples, b.free_samples)
