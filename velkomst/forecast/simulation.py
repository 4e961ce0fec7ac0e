"""Capacity forecast: the next weeks of temporary housing under a scenario.

Pure code (numpy only, no Django) so that the page, the command line and the
benchmark all run the very same model.

The model, in the words we use with a manager
---------------------------------------------
Capacity is counted as it can be used, in three kinds, each matched to one
kind of arriving household:

=============  ===============================  ===================================
arrival kind   takes                            capacity kind
=============  ===============================  ===================================
``family``     one empty room for a family      ``family_rooms``
``single_F``   one free bed in a women's room   ``shared_beds_F``
``single_M``   one free bed in a men's room     ``shared_beds_M``
=============  ===============================  ===================================

A household is one referral: a family (whatever its size) or one single
person. Arrival numbers are therefore households per week, not persons.

Every week, in this order:

1. **Planned changes** dated that week are applied (a location opens or
   closes, rooms are blocked or unblocked). If a closure takes away more
   places than are free, the residents who lose their place need a new one:
   they join the week's demand like new arrivals.
2. **Move-outs**: each housed household leaves with the scenario's weekly
   exit probability for its kind (permanent housing, moving away); its room
   or bed is free the same week.
3. **Arrivals** of each kind take free places of their kind. Those who find
   none are *unmet*. By default they wait (a waiting list) and ask again the
   next week, ahead of nobody: the waiting list and new arrivals share the
   free places. With ``Scenario(unmet_waits=False)`` they are counted once
   and then leave the model (placed outside it, e.g. emergency housing).

**Run-out** in a week means that at the end of it at least one household of
that kind has no place: arrivals (plus anyone already waiting or displaced
by a closure) were more than the free places of their kind.

Randomness (a Monte Carlo run draws each week afresh):

* Arrivals are Poisson around the weekly mean (``arrival_dispersion=0``).
  Real referrals come in bursts, so ``arrival_dispersion=d > 0`` makes them
  negative binomial: the whole week is busier or quieter together (one
  gamma-distributed factor shared by all kinds), variance
  ``mean + d * mean**2``. Each kind gets its share of the mix.
* Move-outs are binomial: every housed household of a kind independently
  leaves with that kind's weekly probability.

``Scenario(deterministic=True)`` removes all randomness, which makes the
forecast exact and checkable by hand: each week exactly ``mean * share``
households of a kind arrive and ``rate * housed`` leave. Fractions of a
household are carried to the next week (2.5 a week gives 2, 3, 2, 3, ...),
so over *n* weeks exactly ``floor(n * mean * share)`` have arrived.

Singles of gender X: shared rooms are assigned by gender and X singles are a
handful a year, placed case by case. :func:`mix_from_counts` counts them with
the smaller of the two gender groups; the model has no separate pool for them.

Percentiles are taken with the "inverted CDF" rule so that every figure is a
whole number of rooms or beds that some run actually had.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

import numpy as np

ARRIVAL_KINDS: tuple[str, ...] = ("family", "single_F", "single_M")
CAPACITY_KINDS: tuple[str, ...] = ("family_rooms", "shared_beds_F", "shared_beds_M")
#: The capacity kind each arrival kind uses.
PLACE_FOR: Mapping[str, str] = MappingProxyType(dict(zip(ARRIVAL_KINDS, CAPACITY_KINDS)))

# Guards the carried fractions of the deterministic mode against float noise
# (0.1 + 0.2 + ... must reach 1 when it should).
_EPS = 1e-9
_PERCENTILE_METHOD = "inverted_cdf"


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class StartState:
    """Today's free places and the households occupying places of each kind.

    ``families_housed`` are the families in family rooms, ``singles_*_housed``
    the singles in shared beds; they are the ones whose move-out frees a place.
    """

    family_rooms: int
    shared_beds_F: int
    shared_beds_M: int
    families_housed: int = 0
    singles_F_housed: int = 0
    singles_M_housed: int = 0

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be a whole number of at least 0, not {value!r}")

    def free(self) -> tuple[int, int, int]:
        return (self.family_rooms, self.shared_beds_F, self.shared_beds_M)

    def housed(self) -> tuple[int, int, int]:
        return (self.families_housed, self.singles_F_housed, self.singles_M_housed)


@dataclass(frozen=True)
class Scenario:
    """What we assume about the coming weeks.

    ``weekly_arrivals_mean``: households referred per week (all kinds).
    ``mix``: share of each arrival kind; missing kinds count as 0; must sum to 1.
    ``arrival_dispersion``: 0 for Poisson arrivals, > 0 for burstier weeks
    (negative binomial, variance ``mean + d * mean**2``).
    ``weekly_exit_rate``: per arrival kind, the probability that one housed
    household of that kind moves out in a week.
    ``deterministic``: no randomness (see the module docstring).
    ``unmet_waits``: unmet households wait for a place (True) or are counted
    once and leave the model (False).
    """

    name: str
    weekly_arrivals_mean: float
    mix: Mapping[str, float]
    arrival_dispersion: float = 0.0
    weekly_exit_rate: Mapping[str, float] = field(default_factory=dict)
    deterministic: bool = False
    unmet_waits: bool = True

    def __post_init__(self) -> None:
        if not math.isfinite(self.weekly_arrivals_mean) or self.weekly_arrivals_mean < 0:
            raise ValueError("weekly_arrivals_mean must be a number of at least 0")
        if not math.isfinite(self.arrival_dispersion) or self.arrival_dispersion < 0:
            raise ValueError("arrival_dispersion must be 0 (Poisson) or more")
        _check_kinds(self.mix, "mix")
        _check_kinds(self.weekly_exit_rate, "weekly_exit_rate")
        shares = [float(v) for v in self.mix.values()]
        if any(not math.isfinite(s) or s < 0 for s in shares):
            raise ValueError("every share in mix must be at least 0")
        if not math.isclose(sum(shares), 1.0, abs_tol=1e-6):
            raise ValueError(f"the shares in mix must add up to 1, not {sum(shares):g}")
        rates = [float(v) for v in self.weekly_exit_rate.values()]
        if any(not math.isfinite(r) or not 0 <= r <= 1 for r in rates):
            raise ValueError("every weekly exit rate must be a probability between 0 and 1")
        # Own copies, read-only, so a caller's dict cannot change a scenario later.
        object.__setattr__(self, "mix", MappingProxyType({k: float(v) for k, v in self.mix.items()}))
        object.__setattr__(
            self,
            "weekly_exit_rate",
            MappingProxyType({k: float(v) for k, v in self.weekly_exit_rate.items()}),
        )

    def shares(self) -> np.ndarray:
        return np.array([self.mix.get(k, 0.0) for k in ARRIVAL_KINDS], dtype=float)

    def exit_rates(self) -> np.ndarray:
        return np.array([self.weekly_exit_rate.get(k, 0.0) for k in ARRIVAL_KINDS], dtype=float)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "weekly_arrivals_mean": self.weekly_arrivals_mean,
            "mix": dict(self.mix),
            "arrival_dispersion": self.arrival_dispersion,
            "weekly_exit_rate": dict(self.weekly_exit_rate),
            "deterministic": self.deterministic,
            "unmet_waits": self.unmet_waits,
        }


@dataclass(frozen=True)
class CapacityChange:
    """A planned change of usable places from the start of forecast week ``week``.

    Week 1 is the first forecast week. Negative numbers close or block places,
    positive numbers open or unblock them. ``note`` is free text ("Hejrevej
    closes").
    """

    week: int
    family_rooms: int = 0
    shared_beds_F: int = 0
    shared_beds_M: int = 0
    note: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.week, bool) or not isinstance(self.week, (int, np.integer)) or self.week < 1:
            raise ValueError(f"week must be 1 or later (week 1 is the first forecast week), not {self.week!r}")
        for name in CAPACITY_KINDS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise ValueError(f"{name} must be a whole number, not {value!r}")

    def deltas(self) -> tuple[int, int, int]:
        return (self.family_rooms, self.shared_beds_F, self.shared_beds_M)


def _check_kinds(mapping: Mapping[str, float], what: str) -> None:
    unknown = set(mapping) - set(ARRIVAL_KINDS)
    if unknown:
        raise ValueError(f"unknown kind(s) in {what}: {sorted(unknown)}; use {list(ARRIVAL_KINDS)}")


# --------------------------------------------------------------------------
# Helpers that turn records into scenario numbers
# --------------------------------------------------------------------------


def default_mean_from_recent(weekly_referrals: Sequence[int], weeks: int = 12) -> float:
    """The mean of the last ``weeks`` weekly referral counts (oldest first)."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    recent = list(weekly_referrals)[-weeks:]
    if not recent:
        raise ValueError("no weekly referral counts to take a mean from")
    if any(n < 0 for n in recent):
        raise ValueError("referral counts cannot be negative")
    return sum(recent) / len(recent)


def exit_rates_from_history(moves_out_per_week: Sequence[int], housed: int | Sequence[int]) -> float:
    """Weekly probability that one housed household moves out.

    Total recorded move-outs divided by household-weeks at risk. ``housed`` is
    the number housed (one number for all weeks, or one per week). No one at
    risk gives 0.
    """
    moves = list(moves_out_per_week)
    if not moves:
        raise ValueError("no weeks of move-outs to estimate from")
    at_risk = [housed] * len(moves) if isinstance(housed, (int, np.integer)) else list(housed)
    if len(at_risk) != len(moves):
        raise ValueError("give one housed count per week, or one for all weeks")
    if any(m < 0 for m in moves) or any(h < 0 for h in at_risk):
        raise ValueError("counts cannot be negative")
    if any(m > h for m, h in zip(moves, at_risk)):
        raise ValueError("more move-outs than households housed in a week")
    total_at_risk = sum(at_risk)
    return sum(moves) / total_at_risk if total_at_risk else 0.0


def mix_from_counts(families: int, singles_F: int, singles_M: int, singles_X: int = 0) -> dict[str, float]:
    """Shares of each arrival kind from counted referrals.

    Singles of gender X are counted with the smaller gender group (ties go to
    women); see the module docstring.
    """
    counts = [families, singles_F, singles_M, singles_X]
    if any(c < 0 for c in counts):
        raise ValueError("counts cannot be negative")
    if singles_M < singles_F:
        singles_M += singles_X
    else:
        singles_F += singles_X
    total = families + singles_F + singles_M
    if total == 0:
        raise ValueError("no referrals to take a mix from")
    return {"family": families / total, "single_F": singles_F / total, "single_M": singles_M / total}


def week_index(start: date, on: date) -> int:
    """The forecast week (1 = the week starting on ``start``) that contains ``on``."""
    return (on - start).days // 7 + 1


# --------------------------------------------------------------------------
# The simulation
# --------------------------------------------------------------------------


def capacity_deltas(changes: Iterable[CapacityChange], weeks: int) -> np.ndarray:
    """Planned changes as a (3 capacity kinds, weeks) array; later weeks are ignored."""
    deltas = np.zeros((len(CAPACITY_KINDS), weeks), dtype=np.int64)
    for change in changes:
        if change.week <= weeks:
            deltas[:, change.week - 1] += change.deltas()
    return deltas


def simulate(
    start: StartState,
    scenario: Scenario,
    changes: Iterable[CapacityChange] = (),
    *,
    weeks: int = 52,
    runs: int = 1000,
    seed: int | None = 0,
) -> ForecastResult:
    """Run the Monte Carlo forecast; vectorised over runs, one step per week.

    The same ``seed`` gives identical results. Raises ``ValueError`` when the
    planned changes would take usable places of a kind below zero.
    """
    if weeks < 1 or runs < 1:
        raise ValueError("weeks and runs must be at least 1")
    changes = tuple(changes)
    deltas = capacity_deltas(changes, weeks)
    free0 = np.array(start.free(), dtype=np.int64)
    housed0 = np.array(start.housed(), dtype=np.int64)
    total = (free0 + housed0)[:, None] + np.cumsum(deltas, axis=1)
    for k, cap in enumerate(CAPACITY_KINDS):
        bad = np.flatnonzero(total[k] < 0)
        if bad.size:
            raise ValueError(
                f"the planned changes take {cap} below zero in week {bad[0] + 1} "
                f"({total[k, bad[0]]} places counting those in use)"
            )

    rng = np.random.default_rng(seed)
    kinds = len(ARRIVAL_KINDS)
    shares = scenario.shares()[:, None]
    rates = scenario.exit_rates()[:, None]
    mean = scenario.weekly_arrivals_mean

    free = np.repeat(free0[:, None], runs, axis=1)
    housed = np.repeat(housed0[:, None], runs, axis=1)
    waiting = np.zeros((kinds, runs), dtype=np.int64)
    # Carried fractions for the deterministic mode.
    arrival_carry = np.zeros((kinds, 1))
    exit_carry = np.zeros((kinds, runs))

    shape = (kinds, runs, weeks)
    out_free = np.empty(shape, dtype=np.int64)
    out_housed = np.empty(shape, dtype=np.int64)
    out_unmet = np.empty(shape, dtype=np.int64)
    out_arrivals = np.empty(shape, dtype=np.int64)
    out_exits = np.empty(shape, dtype=np.int64)

    for w in range(weeks):
        # 1. Planned changes; residents of closed places need a new place.
        free += deltas[:, w : w + 1]
        displaced = np.maximum(-free, 0)
        free += displaced
        housed -= displaced

        # 2. Move-outs free their place the same week.
        if scenario.deterministic:
            exit_carry += rates * housed
            exits = np.minimum(np.floor(exit_carry + _EPS).astype(np.int64), housed)
            exit_carry -= exits
        else:
            exits = rng.binomial(housed, rates)
        housed -= exits
        free += exits

        # 3. Arrivals (with anyone waiting or displaced) take free places of their kind.
        if scenario.deterministic:
            arrival_carry += mean * shares
            due = np.floor(arrival_carry + _EPS)
            arrival_carry -= due
            arrivals = np.repeat(due.astype(np.int64), runs, axis=1)
        elif scenario.arrival_dispersion > 0:
            d = scenario.arrival_dispersion
            busy = rng.gamma(shape=1.0 / d, scale=d, size=runs)
            arrivals = rng.poisson(mean * shares * busy[None, :])
        else:
            arrivals = rng.poisson(np.broadcast_to(mean * shares, (kinds, runs)))
        demand = waiting + displaced + arrivals
        placed = np.minimum(demand, free)
        free -= placed
        housed += placed
        unmet = demand - placed
        waiting = unmet if scenario.unmet_waits else np.zeros_like(unmet)

        out_free[:, :, w] = free
        out_housed[:, :, w] = housed
        out_unmet[:, :, w] = unmet
        out_arrivals[:, :, w] = arrivals
        out_exits[:, :, w] = exits

    return ForecastResult(
        scenario=scenario,
        changes=changes,
        weeks=weeks,
        runs=runs,
        seed=seed,
        free_samples=out_free,
        housed_samples=out_housed,
        unmet_samples=out_unmet,
        arrival_samples=out_arrivals,
        exit_samples=out_exits,
    )


def simulate_scenarios(
    start: StartState,
    scenarios: Iterable[Scenario],
    changes: Iterable[CapacityChange] = (),
    *,
    weeks: int = 52,
    runs: int = 1000,
    seed: int | None = 0,
) -> list[ForecastResult]:
    """:func:`simulate` for several scenarios with the same start, changes and seed."""
    changes = tuple(changes)
    return [simulate(start, s, changes, weeks=weeks, runs=runs, seed=seed) for s in scenarios]


# --------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ForecastResult:
    """All runs of one scenario, and the summaries the page and CLI show.

    ``*_samples`` arrays have shape (3 kinds, runs, weeks) in the order of
    ``CAPACITY_KINDS`` / ``ARRIVAL_KINDS``; the value for week *w* is at
    index *w - 1* and describes the end of that week.
    """

    scenario: Scenario
    changes: tuple[CapacityChange, ...]
    weeks: int
    runs: int
    seed: int | None
    free_samples: np.ndarray
    housed_samples: np.ndarray
    unmet_samples: np.ndarray
    arrival_samples: np.ndarray
    exit_samples: np.ndarray

    def __post_init__(self) -> None:
        p10, p50, p90 = np.percentile(self.free_samples, (10, 50, 90), axis=1, method=_PERCENTILE_METHOD)
        object.__setattr__(self, "_free_p10", p10.astype(np.int64))
        object.__setattr__(self, "_free_median", p50.astype(np.int64))
        object.__setattr__(self, "_free_p90", p90.astype(np.int64))
        object.__setattr__(self, "_run_out", (self.unmet_samples > 0).mean(axis=1))
        object.__setattr__(self, "_unmet_mean", self.unmet_samples.mean(axis=1))

    # Summaries, keyed by capacity kind ("family_rooms", ...) or arrival kind
    # ("family", ...); both work for every method.

    def free_median(self, kind: str) -> np.ndarray:
        """Median free places of the kind, per week."""
        return self._free_median[_index(kind)]

    def free_p10(self, kind: str) -> np.ndarray:
        """Free places that 90 % of runs have at least, per week."""
        return self._free_p10[_index(kind)]

    def free_p90(self, kind: str) -> np.ndarray:
        """Free places that only 10 % of runs have more than, per week."""
        return self._free_p90[_index(kind)]

    def run_out_probability(self, kind: str) -> np.ndarray:
        """Share of runs in which households of the kind are left without a place, per week."""
        return self._run_out[_index(kind)]

    def unmet_mean(self, kind: str) -> np.ndarray:
        """Expected households of the kind without a place at the end of each week."""
        return self._unmet_mean[_index(kind)]

    def first_week_at_risk(self, kind: str, threshold: float = 0.1) -> int | None:
        """First week whose run-out probability reaches ``threshold``, or None."""
        hits = np.flatnonzero(self.run_out_probability(kind) >= threshold)
        return int(hits[0]) + 1 if hits.size else None

    def to_rows(self) -> list[dict[str, Any]]:
        """One row per week for a table: free places (p10, median, p90), run-out, unmet per kind."""
        rows = []
        for w in range(self.weeks):
            row: dict[str, Any] = {"week": w + 1}
            for k, cap in enumerate(CAPACITY_KINDS):
                row[f"{cap}_p10"] = int(self._free_p10[k, w])
                row[f"{cap}_median"] = int(self._free_median[k, w])
                row[f"{cap}_p90"] = int(self._free_p90[k, w])
                row[f"{cap}_run_out"] = float(self._run_out[k, w])
                row[f"{cap}_unmet"] = float(self._unmet_mean[k, w])
            rows.append(row)
        return rows

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (no per-run samples), one entry per kind for a chart."""
        return {
            "scenario": self.scenario.to_dict(),
            "weeks": self.weeks,
            "runs": self.runs,
            "seed": self.seed,
            "changes": [
                {"week": c.week, **dict(zip(CAPACITY_KINDS, c.deltas())), "note": c.note} for c in self.changes
            ],
            "kinds": [
                {
                    "arrival_kind": arrival,
                    "capacity_kind": cap,
                    "free_p10": self._free_p10[k].tolist(),
                    "free_median": self._free_median[k].tolist(),
                    "free_p90": self._free_p90[k].tolist(),
                    "run_out_probability": self._run_out[k].tolist(),
                    "unmet_mean": self._unmet_mean[k].tolist(),
                    "first_week_at_risk": self.first_week_at_risk(arrival),
                }
                for k, (arrival, cap) in enumerate(zip(ARRIVAL_KINDS, CAPACITY_KINDS))
            ],
        }


def _index(kind: str) -> int:
    if kind in CAPACITY_KINDS:
        return CAPACITY_KINDS.index(kind)
    if kind in ARRIVAL_KINDS:
        return ARRIVAL_KINDS.index(kind)
    raise KeyError(f"unknown kind {kind!r}; use one of {CAPACITY_KINDS + ARRIVAL_KINDS}")
