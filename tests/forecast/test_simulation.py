"""The capacity forecast model (velkomst.forecast.simulation)."""

import json
import time
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from velkomst.forecast import simulation
from velkomst.forecast.simulation import (
    ARRIVAL_KINDS,
    CAPACITY_KINDS,
    CapacityChange,
    Scenario,
    StartState,
    default_mean_from_recent,
    exit_rates_from_history,
    mix_from_counts,
    simulate,
    simulate_scenarios,
    week_index,
)

FAMILIES_ONLY = {"family": 1.0}
MIX = {"family": 0.4, "single_F": 0.33, "single_M": 0.27}


def deterministic(mean, mix=FAMILIES_ONLY, **kw):
    return Scenario("exact", mean, mix, deterministic=True, **kw)


def stochastic(mean=35, **kw):
    kw.setdefault("weekly_exit_rate", {"family": 0.01, "single_F": 0.012, "single_M": 0.012})
    return Scenario("random", mean, MIX, **kw)


CENTRE = StartState(60, 80, 70, families_housed=800, singles_F_housed=900, singles_M_housed=700)


# --- the zero-variance case is exact ------------------------------------------------


def test_ten_rooms_and_two_families_a_week_run_out_in_week_six():
    r = simulate(StartState(10, 0, 0), deterministic(2), weeks=8, runs=20)

    assert r.free_median("family_rooms").tolist() == [8, 6, 4, 2, 0, 0, 0, 0]
    assert r.free_p10("family_rooms").tolist() == [8, 6, 4, 2, 0, 0, 0, 0]
    assert r.free_p90("family_rooms").tolist() == [8, 6, 4, 2, 0, 0, 0, 0]
    assert r.run_out_probability("family").tolist() == [0, 0, 0, 0, 0, 1, 1, 1]
    assert r.unmet_mean("family").tolist() == [0, 0, 0, 0, 0, 2, 4, 6]
    assert r.first_week_at_risk("family_rooms") == 6


def test_move_outs_free_rooms_with_fractions_carried_to_the_next_week():
    # 100 families housed, 5 % leave a week, 3 arrive a week, no room free today.
    # Week 1: 5 leave, 3 arrive -> 2 free, 98 housed.
    # Week 2: 4.9 due -> 4 leave (0.9 carried), 3 arrive -> 3 free, 97 housed.
    # Week 3: 0.9 + 4.85 = 5.75 -> 5 leave (0.75 carried) -> 5 free, 95 housed.
    # Week 4: 0.75 + 4.75 = 5.5 -> 5 leave -> 7 free, 93 housed.
    start = StartState(0, 0, 0, families_housed=100)
    r = simulate(start, deterministic(3, weekly_exit_rate={"family": 0.05}), weeks=4, runs=3)

    assert r.free_median("family_rooms").tolist() == [2, 3, 5, 7]
    assert r.exit_samples[0, 0].tolist() == [5, 4, 5, 5]
    assert r.housed_samples[0, 0].tolist() == [98, 97, 95, 93]
    assert r.run_out_probability("family").tolist() == [0, 0, 0, 0]


def test_a_fractional_mean_arrives_as_whole_households_that_add_up():
    r = simulate(StartState(100, 0, 0), deterministic(2.5), weeks=6, runs=1)

    assert r.arrival_samples[0, 0].tolist() == [2, 3, 2, 3, 2, 3]


def test_the_mix_splits_arrivals_between_kinds():
    # 10 a week: 4 families, 3.3 women, 2.7 men, fractions carried per kind.
    r = simulate(StartState(100, 100, 100), deterministic(10, MIX), weeks=3, runs=1)

    assert r.arrival_samples[:, 0, :].tolist() == [[4, 4, 4], [3, 3, 3], [2, 3, 3]]


def test_a_closure_puts_its_residents_on_the_waiting_list():
    start = StartState(0, 0, 5, singles_M_housed=20)
    closure = CapacityChange(week=2, shared_beds_M=-10, note="pavilion closes")
    r = simulate(start, deterministic(0, {"single_M": 1.0}), [closure], weeks=3, runs=5)

    assert r.free_median("shared_beds_M").tolist() == [5, 0, 0]
    assert r.unmet_mean("single_M").tolist() == [0, 5, 5]
    assert r.housed_samples[2, 0].tolist() == [20, 15, 15]
    assert r.run_out_probability("shared_beds_M").tolist() == [0, 1, 1]


def test_an_opening_houses_the_waiting_list_first_week_it_opens():
    opening = CapacityChange(week=4, family_rooms=5)
    r = simulate(StartState(0, 0, 0), deterministic(1), [opening], weeks=6, runs=2)

    assert r.unmet_mean("family").tolist() == [1, 2, 3, 0, 0, 1]
    assert r.free_median("family_rooms").tolist() == [0, 0, 0, 1, 0, 0]


def test_without_a_queue_unmet_households_are_counted_once():
    r = simulate(StartState(1, 0, 0), deterministic(2, unmet_waits=False), weeks=3, runs=2)

    assert r.unmet_mean("family").tolist() == [1, 2, 2]
    assert r.run_out_probability("family").tolist() == [1, 1, 1]


def test_changes_after_the_horizon_are_ignored():
    r = simulate(StartState(3, 0, 0), deterministic(0), [CapacityChange(week=60, family_rooms=-3)], weeks=52, runs=1)

    assert r.free_median("family_rooms").tolist() == [3] * 52


# --- randomness ------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_forecast():
    a = simulate(CENTRE, stochastic(arrival_dispersion=0.3), seed=7)
    b = simulate(CENTRE, stochastic(arrival_dispersion=0.3), seed=7)

    for name in ("free_samples", "housed_samples", "unmet_samples", "arrival_samples", "exit_samples"):
        assert np.array_equal(getattr(a, name), getattr(b, name))
    assert a.to_dict() == b.to_dict()


def test_a_different_seed_gives_different_runs():
    a = simulate(CENTRE, stochastic(), seed=1)
    b = simulate(CENTRE, stochastic(), seed=2)

    assert not np.array_equal(a.free_samples, b.free_samples)


def test_poisson_arrivals_average_the_scenario_mean_split_by_mix():
    plenty = StartState(10**6, 10**6, 10**6)
    r = simulate(plenty, Scenario("p", 35, MIX), weeks=52, runs=1000, seed=3)

    per_kind = r.arrival_samples.mean(axis=(1, 2))
    assert per_kind == pytest.approx([35 * MIX[k] for k in ARRIVAL_KINDS], rel=0.01)
    total = r.arrival_samples.sum(axis=0)
    assert total.var() == pytest.approx(35, rel=0.05)


def test_dispersion_makes_weeks_burstier_as_a_negative_binomial():
    plenty = StartState(10**6, 10**6, 10**6)
    r = simulate(plenty, Scenario("nb", 35, MIX, arrival_dispersion=0.2), weeks=52, runs=1000, seed=3)

    total = r.arrival_samples.sum(axis=0)
    assert total.mean() == pytest.approx(35, rel=0.01)
    assert total.var() == pytest.approx(35 + 0.2 * 35**2, rel=0.05)


def test_move_outs_average_the_exit_rate_times_those_housed():
    start = StartState(0, 0, 0, families_housed=1000, singles_F_housed=1000, singles_M_housed=1000)
    rates = {"family": 0.01, "single_F": 0.02, "single_M": 0.03}
    r = simulate(start, Scenario("exits", 0, MIX, weekly_exit_rate=rates), weeks=1, runs=5000, seed=5)

    assert r.exit_samples[:, :, 0].mean(axis=1) == pytest.approx([10, 20, 30], rel=0.03)


def test_a_thousand_runs_of_fifty_two_weeks_take_under_two_seconds():
    t0 = time.perf_counter()
    simulate(CENTRE, stochastic(50, arrival_dispersion=0.2), weeks=52, runs=1000)
    assert time.perf_counter() - t0 < 2.0


# --- properties --------------------------------------------------------------------------

counts = st.integers(0, 300)
shares = st.lists(st.floats(0, 1), min_size=3, max_size=3).filter(lambda s: sum(s) > 0.01)
changes = st.lists(
    st.builds(
        CapacityChange,
        week=st.integers(1, 30),
        family_rooms=st.integers(-50, 50),
        shared_beds_F=st.integers(-50, 50),
        shared_beds_M=st.integers(-50, 50),
    ),
    max_size=4,
)


@st.composite
def cases(draw):
    start = StartState(*(draw(counts) for _ in range(6)))
    raw = draw(shares)
    mix = {k: s / sum(raw) for k, s in zip(ARRIVAL_KINDS, raw)}
    scenario = Scenario(
        "h",
        draw(st.floats(0, 80)),
        mix,
        arrival_dispersion=draw(st.sampled_from([0.0, 0.1, 1.0])),
        weekly_exit_rate={k: draw(st.floats(0, 0.3)) for k in ARRIVAL_KINDS},
        deterministic=draw(st.booleans()),
        unmet_waits=draw(st.booleans()),
    )
    planned = draw(changes)
    # Keep only plans that never close more places than exist (simulate refuses those).
    total = np.array(start.free()) + np.array(start.housed())
    kept = []
    for c in sorted(planned, key=lambda c: c.week):
        if (total + np.array(c.deltas()) >= 0).all():
            total = total + np.array(c.deltas())
            kept.append(c)
    return start, scenario, kept


@settings(max_examples=60, deadline=None)
@given(cases(), st.integers(0, 2**32 - 1))
def test_the_forecast_keeps_its_promises_for_any_input(case, seed):
    start, scenario, planned = case
    r = simulate(start, scenario, planned, weeks=30, runs=50, seed=seed)

    assert (r.free_samples >= 0).all()
    assert (r.housed_samples >= 0).all()
    assert (r.unmet_samples >= 0).all()
    for kind in CAPACITY_KINDS:
        assert (r.free_p10(kind) <= r.free_median(kind)).all()
        assert (r.free_median(kind) <= r.free_p90(kind)).all()
        p = r.run_out_probability(kind)
        assert ((0 <= p) & (p <= 1)).all()
    # Moving in and out never creates or loses a place: free + housed follows the plan.
    expected = (np.array(start.free()) + np.array(start.housed()))[:, None] + np.cumsum(
        simulation.capacity_deltas(planned, 30), axis=1
    )
    assert np.array_equal((r.free_samples + r.housed_samples)[:, 0, :], expected)
    assert ((r.free_samples + r.housed_samples) == expected[:, None, :]).all()
    # A place is left free only when nobody of that kind is waiting.
    assert not ((r.free_samples > 0) & (r.unmet_samples > 0)).any()
    if scenario.deterministic:
        assert (r.free_samples == r.free_samples[:, :1, :]).all()


# --- inputs that make no sense are refused --------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"mix": {"family": 0.5}}, "add up to 1"),
        ({"mix": {"family": 0.5, "single_X": 0.5}}, "unknown kind"),
        ({"weekly_exit_rate": {"family": 1.5}}, "between 0 and 1"),
        ({"weekly_arrivals_mean": -1}, "at least 0"),
        ({"arrival_dispersion": -0.1}, "dispersion"),
    ],
)
def test_it_refuses_a_scenario_that_makes_no_sense(kwargs, message):
    base = {"name": "x", "weekly_arrivals_mean": 10, "mix": MIX}
    with pytest.raises(ValueError, match=message):
        Scenario(**{**base, **kwargs})


def test_it_refuses_a_plan_that_closes_more_places_than_exist():
    with pytest.raises(ValueError, match="family_rooms below zero in week 3"):
        simulate(StartState(2, 0, 0, families_housed=3), deterministic(0), [CapacityChange(week=3, family_rooms=-6)])


def test_it_refuses_negative_start_numbers_and_week_zero():
    with pytest.raises(ValueError):
        StartState(-1, 0, 0)
    with pytest.raises(ValueError, match="week 1"):
        CapacityChange(week=0, family_rooms=1)


def test_a_scenario_does_not_change_when_the_callers_dict_does():
    mix = dict(MIX)
    s = Scenario("x", 10, mix)
    mix["family"] = 0.9
    assert s.mix["family"] == 0.4


# --- helpers ---------------------------------------------------------------------------------


def test_the_default_mean_is_the_last_twelve_weeks_of_referrals():
    history = [100] * 5 + [20, 30] * 6
    assert default_mean_from_recent(history) == 25
    assert default_mean_from_recent([10, 20]) == 15
    with pytest.raises(ValueError):
        default_mean_from_recent([])


def test_the_exit_rate_is_move_outs_per_household_week():
    assert exit_rates_from_history([10, 20, 30], housed=1000) == pytest.approx(0.02)
    assert exit_rates_from_history([10, 30], housed=[1000, 3000]) == pytest.approx(0.01)
    assert exit_rates_from_history([0, 0], housed=0) == 0
    with pytest.raises(ValueError):
        exit_rates_from_history([5], housed=2)


def test_gender_x_singles_count_with_the_smaller_group():
    assert mix_from_counts(4, 2, 3, singles_X=1) == {"family": 0.4, "single_F": 0.3, "single_M": 0.3}
    assert mix_from_counts(4, 3, 2, singles_X=1) == {"family": 0.4, "single_F": 0.3, "single_M": 0.3}


def test_a_dated_change_falls_in_its_forecast_week():
    monday = date(2026, 11, 2)
    assert week_index(monday, monday) == 1
    assert week_index(monday, date(2026, 11, 8)) == 1
    assert week_index(monday, date(2026, 11, 9)) == 2


# --- output ------------------------------------------------------------------------------------


def test_rows_and_dict_carry_every_week_and_kind_and_are_json():
    r = simulate(CENTRE, stochastic(), [CapacityChange(week=5, family_rooms=-10, note="Hejrevej")], weeks=12, runs=100)

    rows = r.to_rows()
    assert [row["week"] for row in rows] == list(range(1, 13))
    assert rows[0]["family_rooms_median"] == r.free_median("family")[0]
    assert set(rows[0]) >= {f"{c}_{s}" for c in CAPACITY_KINDS for s in ("p10", "median", "p90", "run_out", "unmet")}
    d = json.loads(json.dumps(r.to_dict()))
    assert [k["capacity_kind"] for k in d["kinds"]] == list(CAPACITY_KINDS)
    assert all(len(k["free_median"]) == 12 for k in d["kinds"])
    assert d["changes"][0]["note"] == "Hejrevej"


def test_several_scenarios_share_the_start_and_seed():
    results = simulate_scenarios(CENTRE, [stochastic(m) for m in (20, 35, 50)], weeks=52, runs=200)

    assert [r.scenario.weekly_arrivals_mean for r in results] == [20, 35, 50]
    # More arrivals never leave more family rooms free on average.
    means = [r.free_samples[0].mean() for r in results]
    assert means == sorted(means, reverse=True)
