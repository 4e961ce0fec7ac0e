"""The capacity forecast model (velkomst.forecast.simulation).

The first tests run the model without randomness (``deterministic=True``): every number can be checked by hand
against the order in the module docstring.
"""

import json
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from velkomst.forecast.simulation import (
    ARRIVAL_KINDS,
    METRICS,
    ArrivalFactor,
    CapacityChange,
    Pool,
    Scenario,
    StartState,
    default_mean_from_recent,
    dispersion_from_counts,
    exit_rates_from_history,
    mean_standard_error,
    mix_from_counts,
    rate_standard_error,
    rooms_for_beds,
    shares_from_counts,
    simulate,
    simulate_scenarios,
    week_index,
)

MIX = {"family": 0.2, "single_F": 0.4, "single_M": 0.4}
MEN, WOMEN, FAMILIES = {"single_M": 1.0}, {"single_F": 1.0}, {"family": 1.0}


def one_pool(**rooms) -> StartState:
    return StartState((Pool("general", **rooms),))


def exact(mean, mix=FAMILIES, **kw):
    return Scenario("exact", mean, mix, deterministic=True, **kw)


def weeks(result, metric, pool=None):
    return result.median(metric, pool).tolist()


# --- the pools, by hand ------------------------------------------------------------------


def test_an_empty_room_is_opened_by_singles_when_no_shared_bed_of_their_gender_is_free():
    # One empty room of 4 beds, none shared. One single man a week: the first opens the room; it is then a men's
    # room whose free beds the next men take; the fifth man finds no place.
    r = simulate(one_pool(empty={4: 1}), exact(1, MEN), weeks=5, runs=3)

    assert weeks(r, "empty_rooms") == [0, 0, 0, 0, 0]
    assert weeks(r, "shared_beds_M") == [3, 2, 1, 0, 0]
    assert weeks(r, "households_single_M") == [1, 2, 3, 4, 4]
    assert weeks(r, "unmet_single_M") == [0, 0, 0, 0, 1]
    assert weeks(r, "shared_beds_F") == [0] * 5  # a men's room is no bed for a woman


def test_a_family_finds_no_empty_room_while_shared_beds_are_free():
    # Three women's rooms of 4 beds with one woman each: 9 free shared beds, no empty room. A family of three a week
    # waits: a family never moves into a shared room (rule 3).
    start = one_pool(shared={("F", 4, 1): 3})
    r = simulate(start, exact(1, family_sizes={3: 1.0}), weeks=3, runs=2)

    assert weeks(r, "shared_beds_F") == [9, 9, 9]
    assert weeks(r, "households_family") == [0, 0, 0]
    assert weeks(r, "unmet_family") == [1, 2, 3]
    assert weeks(r, "unmet_persons") == [3, 6, 9]
    assert r.run_out_probability("family").tolist() == [1, 1, 1]


def test_a_room_returns_to_the_families_when_its_singles_leave():
    # A two-bed men's room with two men; half the singles leave each week, fractions carried (1, then 0.5 -> 0, then
    # 0.5 + 0.5 -> 1). Week 1: one leaves, a free men's bed. Week 3: the last one leaves, the room is empty again.
    # Week 4: a family of two arrives (a quarter of a family a week arrives in week 4) and has the room.
    start = one_pool(shared={("M", 2, 2): 1})
    r = simulate(start, exact(1 / 4, family_sizes={2: 1.0}, weekly_exit_rate={"single_M": 0.5}), weeks=4, runs=2)

    assert weeks(r, "households_single_M") == [1, 1, 0, 0]
    assert weeks(r, "shared_beds_M") == [1, 1, 0, 0]
    assert weeks(r, "empty_rooms") == [0, 0, 1, 0]
    assert weeks(r, "empty_beds") == [0, 0, 2, 0]
    assert weeks(r, "households_family") == [0, 0, 0, 1]
    assert weeks(r, "unmet_family") == [0, 0, 0, 0]


def test_a_family_leaving_frees_its_whole_room_the_same_week():
    # Two families, half leave a week: 1 in week 1, 0.5 -> 0 in week 2, 0.5 + 0.5 -> 1 in week 3.
    start = one_pool(family={(4, 3): 2})
    r = simulate(start, exact(0, weekly_exit_rate={"family": 0.5}), weeks=3, runs=1)

    assert weeks(r, "empty_rooms") == [1, 1, 2]
    assert weeks(r, "empty_beds") == [4, 4, 8]
    assert weeks(r, "persons") == [3, 3, 0]


def test_singles_take_a_free_shared_bed_before_they_open_an_empty_room():
    start = one_pool(empty={2: 1}, shared={("F", 2, 1): 1})
    r = simulate(start, exact(1, WOMEN), weeks=2, runs=1)

    assert weeks(r, "empty_rooms") == [1, 0]  # week 1 she joins; week 2 the next woman must open the room
    assert weeks(r, "shared_beds_F") == [0, 1]


def test_families_are_placed_before_singles_may_open_a_room():
    # One empty two-bed room; a family of two and two single men arrive in the same week: the family has it.
    r = simulate(one_pool(empty={2: 1}), exact(2, {"family": 0.5, "single_M": 0.5}, family_sizes={2: 1.0}), weeks=1, runs=1)

    assert weeks(r, "households_family") == [1]
    assert weeks(r, "unmet_single_M") == [1]


def test_a_family_takes_the_smallest_empty_room_that_fits_and_the_largest_family_goes_first():
    # Rooms of 2, 4 and 5 beds; families of 3 and 5 the same week: the family of five has the five-bed room, the family
    # of three the four-bed room, and the two-bed room stays empty.
    start = one_pool(empty={2: 1, 4: 1, 5: 1})
    r = simulate(start, exact(2, family_sizes={3: 0.5, 5: 0.5}), weeks=1, runs=1)

    assert weeks(r, "households_family") == [2]
    assert weeks(r, "empty_beds") == [2]
    assert weeks(r, "persons") == [8]


def test_singles_open_two_bed_rooms_first_and_one_bed_rooms_last():
    start = one_pool(empty={1: 1, 2: 1, 4: 1})
    r = simulate(start, exact(1, WOMEN), weeks=3, runs=1)

    # Week 1 opens the two-bed room (one free bed); week 2 the next woman takes that bed; week 3 opens the four-bed room.
    assert weeks(r, "empty_beds") == [5, 5, 1]
    assert weeks(r, "shared_beds_F") == [1, 0, 3]


def test_both_genders_open_rooms_in_the_same_week_when_there_are_enough():
    r = simulate(one_pool(empty={2: 2}), exact(4, {"single_F": 0.5, "single_M": 0.5}), weeks=1, runs=1)

    assert weeks(r, "households_single_F") == [2] and weeks(r, "households_single_M") == [2]
    assert weeks(r, "empty_rooms") == [0]


def test_a_recorded_share_of_singles_open_a_room_although_shared_beds_are_free():
    # Half the singles open an empty room (e.g. no room-mate of a similar age): of two men a week, one opens a room.
    start = one_pool(empty={2: 3}, shared={("M", 4, 1): 1})
    r = simulate(start, exact(2, MEN, single_open_share=0.5), weeks=1, runs=1)

    assert weeks(r, "empty_rooms") == [2]
    assert weeks(r, "shared_beds_M") == [2 + 1]  # one joined the four-bed room (2 free left), one opened a two-bed room


def test_the_waiting_list_takes_the_first_place_that_frees():
    start = one_pool(family={(2, 2): 1})
    r = simulate(start, exact(1 / 2, weekly_exit_rate={"family": 1 / 3}, family_sizes={2: 1.0}), weeks=4, runs=1)

    # Arrivals in weeks 2 and 4; the family housed leaves in week 3 and the one waiting since week 2 has its room.
    assert weeks(r, "unmet_family") == [0, 1, 0, 1]
    assert weeks(r, "households_family") == [1, 1, 1, 1]


def test_without_a_queue_unmet_households_are_counted_once():
    r = simulate(one_pool(empty={2: 1}), exact(2, family_sizes={2: 1.0}, unmet_waits=False), weeks=3, runs=2)

    assert weeks(r, "unmet_family") == [1, 2, 2]


def test_arrivals_times_k_for_n_weeks():
    factors = (ArrivalFactor(2.0, weeks=2, from_week=2),)
    r = simulate(one_pool(empty={2: 100}), exact(1, MEN, arrival_factors=factors), weeks=4, runs=1)

    assert r.arrival_samples[:, 2, 0, :].sum(axis=0).tolist() == [1, 2, 2, 1]


def test_a_fractional_mean_arrives_as_whole_households_that_add_up():
    r = simulate(one_pool(empty={2: 100}), exact(2.5, MEN), weeks=6, runs=1)

    assert r.arrival_samples[0, 2, 0].tolist() == [2, 3, 2, 3, 2, 3]


def test_move_outs_carry_fractions_to_the_next_week():
    # 10 families, 15 % leave a week: 1.5 due -> 1, then 0.5 + 1.35 -> 1, then 0.85 + 1.2 -> 2.
    r = simulate(one_pool(family={(2, 2): 10}), exact(0, weekly_exit_rate={"family": 0.15}), weeks=3, runs=1)

    assert r.exit_samples[0, 0, 0].tolist() == [1, 1, 2]


def test_rooms_come_back_in_their_week():
    change = CapacityChange(week=2, pool="general", rooms={3: 2}, note="blocked rooms back")
    r = simulate(one_pool(), exact(1, family_sizes={3: 1.0}), [change], weeks=3, runs=1)

    # Week 1 the family waits; week 2 it and the new one have the two rooms; week 3's family waits again.
    assert weeks(r, "unmet_family") == [1, 0, 1]
    assert weeks(r, "empty_rooms") == [0, 0, 0]
    assert weeks(r, "households_family") == [0, 2, 2]


# --- pools that are kept apart ----------------------------------------------------------------------


def test_a_reserved_pool_takes_only_its_own_households():
    start = StartState((
        Pool("general", family={(2, 2): 1}),
        Pool("reserved:patient", empty={2: 3}, reserved="patient", own_arrivals={"single_M": 1}),
    ))
    r = simulate(start, exact(1, MEN), weeks=2, runs=1)

    assert weeks(r, "unmet_single_M") == [1, 2]  # newcomers never use the reserved rooms
    assert weeks(r, "households_single_M", "reserved:patient") == [1, 2]  # the patient location's own arrivals do
    assert weeks(r, "shared_beds_M", "reserved:patient") == [1, 0]


def test_newcomers_ask_their_first_pool_and_take_another_open_pool_when_it_is_full():
    start = StartState((
        Pool("general", empty={2: 5}, intake={"single_F": 0.0}),
        Pool("reception", shared={("F", 2, 1): 1}, intake={"single_F": 1.0}),
    ))
    r = simulate(start, exact(3, WOMEN), weeks=1, runs=1)

    assert weeks(r, "households_single_F", "reception") == [2]  # the free bed at reception first
    assert weeks(r, "households_single_F", "general") == [2]  # the other two open a room elsewhere
    assert weeks(r, "unmet_single_F") == [0]


def test_a_closing_location_takes_no_one_new_and_its_residents_need_a_place_when_it_closes():
    start = StartState((
        Pool("general", empty={2: 1}),
        Pool("closing:7", empty={2: 3}, shared={("M", 2, 1): 2}, closes_in_week=2),
    ))
    r = simulate(start, exact(0, MEN), weeks=3, runs=1)

    assert weeks(r, "rooms", "closing:7") == [5, 0, 0]
    # In week 2 its two men need a place: they open the one empty room elsewhere together.
    assert weeks(r, "households_single_M", "general") == [0, 2, 2]
    assert weeks(r, "unmet_single_M") == [0, 0, 0]


def test_persons_and_beds_are_counted_as_well_as_households():
    start = one_pool(empty={4: 1}, shared={("F", 2, 1): 1}, family={(4, 3): 1})
    r = simulate(start, exact(0), weeks=1, runs=1)

    assert weeks(r, "households") == [2] and weeks(r, "persons") == [4]
    assert weeks(r, "free_beds") == [4 + 1]
    assert start.total("persons") == 4 and start.total("empty_beds") == 4 and start.total("shared_beds_F") == 1


# --- randomness ------------------------------------------------------------------------------


CENTRE = StartState((
    Pool("general", empty={2: 60, 4: 30}, shared={("F", 2, 1): 40, ("F", 2, 2): 300, ("M", 2, 1): 30, ("M", 4, 4): 80},
         family={(4, 3): 150, (3, 2): 60}, intake={"family": 0.5, "single_F": 0.4, "single_M": 0.4}),
    Pool("reception", empty={2: 20}, shared={("F", 4, 3): 40, ("M", 2, 2): 100}, family={(4, 4): 40},
         intake={"family": 0.5, "single_F": 0.6, "single_M": 0.6}),
    Pool("reserved:vulnerable", empty={1: 5}, shared={("M", 2, 1): 10}, reserved="vulnerable", own_arrivals={"single_M": 0.3}),
    Pool("closing:1", shared={("M", 2, 2): 30}, closes_in_week=20),
))
RATES = {"family": 0.01, "single_F": 0.005, "single_M": 0.005}


def stochastic(mean=35, **kw):
    kw.setdefault("weekly_exit_rate", RATES)
    return Scenario("random", mean, MIX, family_sizes={2: 0.3, 3: 0.4, 4: 0.3}, **kw)


def test_the_same_seed_gives_the_same_forecast_and_another_seed_another():
    a = simulate(CENTRE, stochastic(arrival_dispersion=0.1, arrival_mean_sd=2), seed=7, runs=200)
    b = simulate(CENTRE, stochastic(arrival_dispersion=0.1, arrival_mean_sd=2), seed=7, runs=200)
    c = simulate(CENTRE, stochastic(arrival_dispersion=0.1, arrival_mean_sd=2), seed=8, runs=200)

    for metric in METRICS:
        assert np.array_equal(a.samples(metric), b.samples(metric))
    assert a.to_dict() == b.to_dict()
    assert not np.array_equal(a.samples("empty_rooms"), c.samples("empty_rooms"))


def test_poisson_arrivals_average_the_scenario_mean_split_by_mix():
    plenty = StartState((Pool("general", empty={4: 10**6}),))
    r = simulate(plenty, stochastic(exit_rate_sd={}), weeks=52, runs=500, seed=3)

    per_kind = r.arrival_samples.sum(axis=0).mean(axis=(1, 2))
    assert per_kind == pytest.approx([35 * MIX[k] for k in ARRIVAL_KINDS], rel=0.02)
    assert r.arrival_samples.sum(axis=(0, 1)).var() == pytest.approx(35, rel=0.06)


def test_dispersion_makes_weeks_burstier_as_a_negative_binomial():
    plenty = StartState((Pool("general", empty={4: 10**6}),))
    r = simulate(plenty, stochastic(arrival_dispersion=0.2), weeks=52, runs=500, seed=3)

    total = r.arrival_samples.sum(axis=(0, 1))
    assert total.mean() == pytest.approx(35, rel=0.02)
    assert total.var() == pytest.approx(35 + 0.2 * 35**2, rel=0.08)


def test_move_outs_average_the_exit_rate_times_those_housed():
    start = one_pool(family={(3, 2): 2000}, shared={("F", 2, 2): 1000, ("M", 2, 2): 1000})
    r = simulate(start, Scenario("exits", 0, MIX, weekly_exit_rate={"family": 0.01, "single_F": 0.02, "single_M": 0.03}),
                 weeks=1, runs=3000, seed=5)

    assert r.exit_samples[0, :, :, 0].mean(axis=1) == pytest.approx([20, 40, 60], rel=0.03)


def test_uncertain_rates_widen_the_band_but_keep_its_middle():
    plenty = StartState((Pool("general", empty={2: 3000}, shared={("F", 2, 2): 500, ("M", 2, 2): 500}),))
    sure = simulate(plenty, stochastic(), runs=1000, seed=1)
    unsure = simulate(plenty, stochastic(arrival_mean_sd=5, exit_rate_sd={"single_F": 0.002, "single_M": 0.002}, mix_evidence=100),
                      runs=1000, seed=1)

    width = [(r.p90("persons") - r.p10("persons"))[25] for r in (sure, unsure)]
    assert width[1] > 1.3 * width[0]
    assert abs(int(unsure.median("persons")[25]) - int(sure.median("persons")[25])) < width[0]


# --- what always holds -------------------------------------------------------------------------

room_counts = st.dictionaries(st.integers(1, 6), st.integers(0, 30), max_size=3)


@st.composite
def pools(draw):
    def shared():
        out = {}
        for _ in range(draw(st.integers(0, 3))):
            beds = draw(st.integers(1, 6))
            out[(draw(st.sampled_from("FM")), beds, draw(st.integers(1, beds)))] = draw(st.integers(0, 20))
        return out

    def family():
        out = {}
        for _ in range(draw(st.integers(0, 3))):
            beds = draw(st.integers(1, 6))
            out[(beds, draw(st.integers(1, beds)))] = draw(st.integers(0, 20))
        return out

    general = Pool("general", empty=draw(room_counts), shared=shared(), family=family(), intake={"single_F": 0.5})
    reception = Pool("reception", empty=draw(room_counts), shared=shared(), family=family(), intake={"single_F": 0.5, "single_M": 1.0})
    reserved = Pool("reserved:patient", empty=draw(room_counts), shared=shared(), reserved="patient",
                    own_arrivals={"single_M": draw(st.floats(0, 2))})
    closing = Pool("closing:1", empty=draw(room_counts), shared=shared(), family=family(), closes_in_week=draw(st.integers(1, 12)))
    return StartState((general, reception, reserved, closing))


@st.composite
def scenarios(draw):
    raw = draw(st.lists(st.floats(0, 1), min_size=3, max_size=3).filter(lambda s: sum(s) > 0.01))
    return Scenario(
        "h", draw(st.floats(0, 60)), {k: s / sum(raw) for k, s in zip(ARRIVAL_KINDS, raw)},
        family_sizes=draw(st.sampled_from([{2: 1.0}, {2: 0.5, 5: 0.5}, {1: 0.2, 3: 0.8}, {9: 1.0}])),
        arrival_dispersion=draw(st.sampled_from([0.0, 0.1, 1.0])),
        weekly_exit_rate={k: draw(st.floats(0, 0.3)) for k in ARRIVAL_KINDS},
        single_open_share=draw(st.sampled_from([0.0, 0.2])),
        deterministic=draw(st.booleans()), unmet_waits=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None)
@given(pools(), scenarios(), st.integers(0, 2**32 - 1))
def test_the_forecast_keeps_its_promises_for_any_input(start, scenario, seed):
    change = CapacityChange(week=3, pool="reception", rooms={2: 2})
    r = simulate(start, scenario, [change], weeks=15, runs=20, seed=seed)

    for metric in METRICS:
        assert (r.samples(metric) >= 0).all(), metric
        lo, mid, hi = r.band(metric)
        assert (lo <= mid).all() and (mid <= hi).all()
    # Rooms are never made or lost, only change what they are used for: each pool keeps its rooms until it closes.
    for pool in start.pools:
        rooms = r.samples("rooms", pool.name)
        expected = pool.rooms() + (2 * (np.arange(1, 16) >= 3) if pool.name == "reception" else 0)
        if pool.closes_in_week:
            expected = np.where(np.arange(1, 16) >= pool.closes_in_week, 0, expected)
        assert (rooms == expected).all(), pool.name
    # No single waits while a bed of their gender or an empty room stands free in an open pool.
    for gender in "FM":
        free = r.samples(f"shared_beds_{gender}", "general") + r.samples(f"shared_beds_{gender}", "reception")
        empty = r.samples("empty_rooms", "general") + r.samples("empty_rooms", "reception")
        assert not ((r.samples(f"unmet_single_{gender}") > 0) & ((free > 0) | (empty > 0))).any()
    if scenario.deterministic:
        assert (r.samples("persons") == r.samples("persons")[:1]).all()
    p = r.run_out_probability("single_M")
    assert ((0 <= p) & (p <= 1)).all()


# --- inputs that make no sense are refused --------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"mix": {"family": 0.5}}, "add up to 1"),
        ({"mix": {"family": 0.5, "single_X": 0.5}}, "unknown kind"),
        ({"weekly_exit_rate": {"family": 1.5}}, "between 0 and 1"),
        ({"weekly_arrivals_mean": -1}, "at least 0"),
        ({"arrival_dispersion": -0.1}, "Poisson"),
        ({"family_sizes": {2: 0.5}}, "family sizes"),
        ({"single_open_share": 2}, "single_open_share"),
    ],
)
def test_it_refuses_a_scenario_that_makes_no_sense(kwargs, message):
    base = {"name": "x", "weekly_arrivals_mean": 10, "mix": MIX}
    with pytest.raises(ValueError, match=message):
        Scenario(**{**base, **kwargs})


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"shared": {("X", 2, 1): 1}}, "women"),
        ({"shared": {("F", 2, 3): 1}}, "cannot have 3"),
        ({"empty": {2: -1}}, "at least 0"),
        ({"reserved": "patient", "intake": {"family": 1.0}}, "reserved"),
        ({"closes_in_week": 3, "intake": {"family": 1.0}}, "closing"),
    ],
)
def test_it_refuses_a_pool_that_makes_no_sense(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Pool("p", **kwargs)


def test_it_refuses_a_start_without_an_open_pool_a_change_of_an_unknown_pool_and_week_zero():
    with pytest.raises(ValueError, match="at least one pool"):
        StartState((Pool("r", reserved="patient"),))
    with pytest.raises(ValueError, match="does not exist"):
        simulate(one_pool(), exact(0), [CapacityChange(week=1, pool="nowhere", rooms={2: 1})])
    with pytest.raises(ValueError, match="week 1"):
        CapacityChange(week=0, pool="general", rooms={2: 1})


def test_a_scenario_does_not_change_when_the_callers_dict_does():
    mix = dict(MIX)
    s = Scenario("x", 10, mix)
    mix["family"] = 0.9
    assert s.mix["family"] == 0.2


# --- helpers ---------------------------------------------------------------------------------


def test_the_default_mean_is_the_last_twelve_weeks_of_referrals():
    assert default_mean_from_recent([100] * 5 + [20, 30] * 6) == 25
    with pytest.raises(ValueError):
        default_mean_from_recent([])


def test_dispersion_and_standard_error_from_weekly_counts():
    assert dispersion_from_counts([10, 10, 10, 10]) == 0  # less varied than Poisson: no over-dispersion
    assert dispersion_from_counts([0, 20, 0, 20]) == pytest.approx((400 / 3 - 10) / 100)
    assert mean_standard_error([10, 10, 10, 10]) == pytest.approx((10 / 4) ** 0.5)  # at least Poisson's
    assert rate_standard_error(4, 1000) == pytest.approx(0.002)
    assert rate_standard_error(0, 1000) == pytest.approx(0.5**0.5 / 1000)


def test_the_exit_rate_is_move_outs_per_household_week():
    assert exit_rates_from_history([10, 20, 30], housed=1000) == pytest.approx(0.02)
    assert exit_rates_from_history([0, 0], housed=0) == 0
    with pytest.raises(ValueError):
        exit_rates_from_history([5], housed=2)


def test_mixes_and_shares_from_counts():
    assert mix_from_counts(4, 2, 3, singles_X=1) == {"family": 0.4, "single_F": 0.3, "single_M": 0.3}
    assert shares_from_counts({2: 1, 3: 3}) == {2: 0.25, 3: 0.75}
    assert shares_from_counts({}) == {2: 1.0}


def test_beds_in_rooms_and_weeks_of_dates():
    assert rooms_for_beds(140, 2) == {2: 70}
    assert rooms_for_beds(7, 3) == {3: 2, 1: 1}
    monday = date(2026, 11, 2)
    assert week_index(monday, monday) == 1 and week_index(monday, date(2026, 11, 9)) == 2


# --- output ------------------------------------------------------------------------------------


def test_rows_and_dict_carry_every_week_and_kind_and_are_json():
    r = simulate(CENTRE, stochastic(), [CapacityChange(week=5, pool="general", rooms={2: 10}, note="Hotel X")], weeks=12, runs=100)

    rows = r.to_rows()
    assert [row["week"] for row in rows] == list(range(1, 13))
    assert rows[0]["empty_rooms_median"] == r.median("empty_rooms")[0]
    assert {"family_run_out", "persons_p90", "free_beds_p10"} <= set(rows[0])
    d = json.loads(json.dumps(r.to_dict()))
    assert [k["arrival_kind"] for k in d["kinds"]] == list(ARRIVAL_KINDS)
    assert len(d["total"]["empty_rooms"]["median"]) == 12
    assert set(d["by_pool"]) == {"general", "reception", "reserved:vulnerable", "closing:1"}
    assert d["changes"][0]["note"] == "Hotel X"


def test_several_scenarios_share_the_start_and_seed_and_more_arrivals_leave_fewer_places():
    results = simulate_scenarios(CENTRE, [stochastic(m) for m in (20, 35, 50)], weeks=26, runs=200)

    means = [r.samples("free_beds")[:, 7].mean() for r in results]
    assert means == sorted(means, reverse=True)
