"""From the forecast's inputs (plain data read by `inputs.py`) and a manager's scenarios to simulation runs.

Pure code (no Django, no clock, no database): :func:`run_forecast` is a function of its arguments only, so a page
can call it in the request and a background job can call it later with the same result.

A scenario changes nothing in the data: it is the recorded flows plus what a manager asks "what if" about.

* **open a location**: ``open_beds`` beds in rooms of ``open_room_beds`` beds from week ``open_week``; the rooms join
  the general pool (they take newcomers like any open location);
* **a location closes**: ``close_location`` on ``close_on``; from then on it takes no one new, and in the week of
  ``close_on`` its rooms go and its residents need a place elsewhere (they join the waiting list);
* **arrivals times k**: ``factor`` times the recent mean for ``factor_weeks`` weeks from week ``factor_from``;
* or a fixed number of ``weekly_mean`` households a week instead of the recent mean.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from velkomst.forecast.simulation import (
    ARRIVAL_KINDS,
    ArrivalFactor,
    CapacityChange,
    ForecastResult,
    Pool,
    Scenario,
    StartState,
    rooms_for_beds,
    simulate,
    week_index,
)

GENERAL = "general"
RECEPTION = "reception"
RESERVED = "reserved:"
CLOSING = "closing:"


@dataclass(frozen=True)
class LocationRooms:
    """One location's rooms on the first day, counted as the model counts them (see `simulation.Pool`)."""

    id: int
    name: str
    pool: str  # GENERAL, RECEPTION or RESERVED + category
    empty: Mapping[int, int] = field(default_factory=dict)
    shared: Mapping[tuple[str, int, int], int] = field(default_factory=dict)
    family: Mapping[tuple[int, int], int] = field(default_factory=dict)
    closes_on: date | None = None  # a location with status "closing"


@dataclass(frozen=True)
class BlockedRoomBack:
    location: int
    beds: int
    on: date


@dataclass
class ForecastInputs:
    """Everything a forecast needs, read from the data as it stood on ``as_of``."""

    as_of: date
    locations: list[LocationRooms]
    weekly_referrals: list[int]  # households referred per complete week, oldest first
    default_mean: float  # households a week that need a place: the mean of weekly_referrals times take_up
    mean_sd: float  # its standard error
    dispersion: float  # over-dispersion of the weekly counts (negative binomial)
    take_up: float  # share of referred households that moved into temporary housing
    mix: dict[str, float]
    mix_counts: dict[str, int]
    family_sizes: dict[int, float]
    family_size_counts: dict[int, int]
    exit_rates: dict[str, float]  # open pools, per kind
    exit_rate_sd: dict[str, float]
    exits: dict[str, int]
    household_weeks: dict[str, float]
    intake: dict[str, dict[str, float]]  # open pool -> kind -> share of newcomers who start there
    own_arrivals: dict[str, dict[str, float]]  # reserved pool -> kind -> households a week moving in
    pool_exit_rates: dict[str, dict[str, float]]  # reserved pool -> kind -> weekly rate
    blocked_back: list[BlockedRoomBack] = field(default_factory=list)
    past: bool = False
    single_open_share: float = 0.0  # share of singles' first move-ins that opened an empty room
    single_open_evidence: int = 0  # of how many  # read as of a past day (rooms and locations approximated; see inputs.py)

    def location(self, location_id: int) -> LocationRooms | None:
        return next((loc for loc in self.locations if loc.id == location_id), None)


@dataclass(frozen=True)
class ScenarioSpec:
    """A manager's "what if", on top of the recorded flows (see the module docstring)."""

    name: str
    weekly_mean: float | None = None
    factor: float = 1.0
    factor_weeks: int = 0
    factor_from: int = 1
    open_beds: int = 0
    open_week: int = 1
    open_room_beds: int = 2
    open_note: str = ""
    close_location: int | None = None
    close_on: date | None = None
    dispersion: float | None = None  # None: as estimated from the recorded weeks

    def changes_anything(self) -> bool:
        return bool(self.weekly_mean is not None or (self.factor != 1 and self.factor_weeks) or self.open_beds
                    or self.close_location is not None)


def start_state(inputs: ForecastInputs, spec: ScenarioSpec, weeks: int) -> tuple[StartState, list[tuple[CapacityChange, date | None]]]:
    """The pools on ``inputs.as_of`` under the scenario, and the planned changes with their dates."""
    closes: dict[int, date] = {loc.id: loc.closes_on for loc in inputs.locations if loc.closes_on}
    if spec.close_location is not None and spec.close_on is not None:
        closes[spec.close_location] = min(spec.close_on, closes.get(spec.close_location, spec.close_on))
    counts: dict[str, dict] = {}
    week_of: dict[str, int] = {}
    pool_of: dict[int, str] = {}
    for loc in inputs.locations:
        on = closes.get(loc.id)
        key = loc.pool
        if on is not None and week_index(inputs.as_of, on) <= weeks:
            key = f"{CLOSING}{loc.id}"
            week_of[key] = max(1, week_index(inputs.as_of, on))
        pool_of[loc.id] = key
        c = counts.setdefault(key, {"empty": {}, "shared": {}, "family": {}, "label": loc.name})
        for part in ("empty", "shared", "family"):
            for k, n in getattr(loc, part).items():
                c[part][k] = c[part].get(k, 0) + n
    counts.setdefault(GENERAL, {"empty": {}, "shared": {}, "family": {}, "label": ""})
    open_keys = [k for k in _ordered(counts) if not k.startswith((RESERVED, CLOSING))]
    intake = _intake(inputs.intake, open_keys)
    pools = []
    for key in _ordered(counts):
        c = counts[key]
        reserved = key.removeprefix(RESERVED) if key.startswith(RESERVED) else ""
        pools.append(Pool(
            name=key, empty=c["empty"], shared=c["shared"], family=c["family"],
            intake=intake.get(key, {}), reserved=reserved,
            own_arrivals=inputs.own_arrivals.get(key, {}) if reserved else {},
            exit_rate=inputs.pool_exit_rates.get(key) if reserved else None,
            closes_in_week=week_of.get(key), label=c["label"] if key.startswith(CLOSING) else "",
        ))
    changes: list[tuple[CapacityChange, date | None]] = []
    back: dict[tuple[int, str, int], int] = {}
    for room in inputs.blocked_back:
        week = week_index(inputs.as_of, room.on)
        if room.on <= inputs.as_of or week > weeks or room.location not in pool_of:
            continue
        on = closes.get(room.location)
        if on is not None and on <= room.on:
            continue  # the location closes before the room would come back
        key = (week, pool_of[room.location], room.beds)
        back[key] = back.get(key, 0) + 1
    by_week: dict[tuple[int, str], dict[int, int]] = {}
    for (week, pool, beds), n in back.items():
        by_week.setdefault((week, pool), {})[beds] = n
    for (week, pool), rooms in sorted(by_week.items()):
        n = sum(rooms.values())
        changes.append((CapacityChange(week=week, pool=pool, rooms=rooms, note=f"{n} blocked room{'' if n == 1 else 's'} back"),
                        _first_day(inputs.as_of, week)))
    if spec.open_beds:
        changes.append((CapacityChange(week=spec.open_week, pool=GENERAL, rooms=rooms_for_beds(spec.open_beds, spec.open_room_beds),
                                       note=spec.open_note or f"{spec.open_beds} beds open"), None))
    changes.sort(key=lambda c: (c[0].week, c[0].note))
    return StartState(tuple(pools)), changes


def _ordered(counts: Mapping[str, object]) -> list[str]:
    """Pools in a fixed order: general, reception, reserved ones, closing ones (the fallback order of newcomers)."""
    rank = {GENERAL: 0, RECEPTION: 1}
    return sorted(counts, key=lambda k: (rank.get(k, 2 if k.startswith(RESERVED) else 3), k))


def _intake(shares: Mapping[str, Mapping[str, float]], open_keys: Sequence[str]) -> dict[str, dict[str, float]]:
    """The recorded shares of newcomers per open pool, made to add up to 1 per kind over the pools that exist."""
    out: dict[str, dict[str, float]] = {k: {} for k in open_keys}
    for kind in ARRIVAL_KINDS:
        total = sum(shares.get(k, {}).get(kind, 0.0) for k in open_keys)
        for k in open_keys:
            if total > 0:
                out[k][kind] = shares.get(k, {}).get(kind, 0.0) / total
            else:
                out[k][kind] = 1.0 if k == open_keys[0] else 0.0
    return out


def _first_day(as_of: date, week: int) -> date:
    """The first day of a forecast week."""
    return as_of + timedelta(weeks=week - 1)


def scenario(inputs: ForecastInputs, spec: ScenarioSpec, *, deterministic: bool = False) -> Scenario:
    """The simulation's scenario: the recorded flows (mean, mix, family sizes, exit rates and their uncertainty)
    with the spec's changes of arrivals."""
    mean = inputs.default_mean if spec.weekly_mean is None else spec.weekly_mean
    factors = (ArrivalFactor(spec.factor, spec.factor_weeks, spec.factor_from),) if spec.factor_weeks and spec.factor != 1 else ()
    return Scenario(
        name=spec.name, weekly_arrivals_mean=mean, mix=inputs.mix, family_sizes=inputs.family_sizes,
        arrival_dispersion=inputs.dispersion if spec.dispersion is None else spec.dispersion,
        weekly_exit_rate=inputs.exit_rates, exit_rate_sd=inputs.exit_rate_sd, arrival_factors=factors,
        # A mean given by the manager is taken as given; the recorded one is an estimate.
        arrival_mean_sd=inputs.mean_sd if spec.weekly_mean is None else 0.0,
        single_open_share=inputs.single_open_share, single_open_evidence=inputs.single_open_evidence,
        mix_evidence=sum(inputs.mix_counts.values()),
        deterministic=deterministic,
    )


@dataclass(frozen=True)
class Run:
    spec: ScenarioSpec
    result: ForecastResult
    changes: tuple[tuple[CapacityChange, date | None], ...]
    start: StartState


def run_forecast(inputs: ForecastInputs, specs: Sequence[ScenarioSpec], *, weeks: int = 52, runs: int = 1000,
                 seed: int | None = 0) -> list[Run]:
    """Every scenario with the same seed: the base (usually the first spec) and the "what ifs" side by side."""
    out = []
    for spec in specs:
        start, changes = start_state(inputs, spec, weeks)
        result = simulate(start, scenario(inputs, spec), [c for c, _on in changes], weeks=weeks, runs=runs, seed=seed)
        out.append(Run(spec, result, tuple(changes), start))
    return out
