"""Capacity forecast: the next weeks of temporary housing under a scenario.

Pure code (numpy only, no Django) so that the page, the command line, the
back-test and the benchmark all run the very same model. :func:`simulate` is
a pure function of its arguments (no clock, no database, no global state), so
it can run in a request, a command or a background job alike.

The model, in the words we use with a manager
---------------------------------------------
Capacity is rooms and beds, and a room changes what it is good for:

* an **empty room** (no one lives there) can take a family, or be opened as a
  shared room for single adults of one gender;
* a **shared room** of women (or of men) has free beds that only single women
  (or men) can take; when its last resident moves out it is an empty room
  again, and a family can have it;
* a **family room** is held by one household (a family: two or more persons
  or a child; now and then a single who needs a room alone) until it moves
  out; then it is an empty room again.

So there are no fixed "family places" and "single places": singles use up
empty rooms when their shared beds are full, and rooms come back to families
when singles leave. The forecast counts, every week, empty rooms (and the
beds in them), free shared beds by gender, households and persons housed, and
households and persons left without a place.

Rooms are counted by their number of beds, families by their number of
persons: a family of five needs an empty room of at least five beds.

**Pools.** Rooms that not everyone may use are kept apart: a location
reserved for a target group (vulnerable residents, patients) is its own pool
and takes only the households that move there; a location with food
distribution (reception) is its own pool, asked first by the share of
newcomers that start there; a location that is closing takes no one new and,
in its closing week, its residents need a place elsewhere. Newcomers who find
no place in the pool they ask first take a place in any other open pool
(never in a reserved or closing one).

Every week, in this order:

1. **Planned changes** dated that week: rooms are added (a location opens, a
   blocked room comes back); a closing pool closes, and its residents join
   the waiting list.
2. **Move-outs**: each household leaves with the weekly rate of its kind; a
   family's room is empty again the same week; a single frees a bed in a
   shared room, and the room is empty again when its last single has left.
3. **The waiting list**, oldest first, then **arrivals** (see below) take free
   capacity in the order the allocation rules and their costs imply
   (``../shared/allocation/SPEC.md``):

   a. **Families first, largest first, each in the smallest empty room that
      fits** (rule 3: a family needs a room of its own; a family room's
      empty beds cost the most, 10 each). Families need empty rooms most, so
      they have them before singles may open one.
   b. **Singles take a free bed in a shared room of their gender** (rule 4),
      the fullest rooms first, so that half-empty rooms can empty again.
   c. **Only when no shared bed of their gender is free, singles open an
      empty room** (opening costs 3, and its empty beds cost 2 each as beds a
      family can no longer use): two-bed rooms first (a shared two-person
      room), then larger ones, one-bed rooms last (they are kept for those
      who need a room alone), each filled before the next is opened. When
      both genders need rooms in the same week and there are too few, the
      rooms of a size are shared in proportion to the rooms each gender
      needs. One exception, taken from the records: a share of arriving
      singles (``Scenario.single_open_share``) open an empty room although a
      shared bed of their gender is free, because a bed is free only for a
      room-mate of a similar age, or they need a room alone; they do step c
      before b.

   Those who find no place are *unmet*. By default they wait and ask first
   the next week (``Scenario(unmet_waits=False)``: counted once, then placed
   outside the model, e.g. emergency housing).

**Run-out** of a kind in a week: at the end of it at least one household of
that kind (family, single woman, single man) has no place.

Randomness (a Monte Carlo run draws each week afresh):

* Arrivals are Poisson around the weekly mean; ``arrival_dispersion=d > 0``
  makes them negative binomial (busy and quiet weeks, one gamma factor shared
  by all kinds; variance ``mean + d * mean**2``). Each kind gets its share of
  the mix, families their sizes from ``family_sizes``.
* Move-outs are binomial: every housed household independently leaves with
  its kind's weekly probability. A shared room loses at most one resident in
  a week (at the recorded rates, well under 1 % a week, two room-mates
  leaving in the same week almost never happens; the number of persons
  leaving is drawn exactly, the rare second leaver waits a week).
* Uncertain rates: ``arrival_mean_sd`` and ``exit_rate_sd`` are the standard
  errors of the estimated weekly mean and exit rates, ``mix_evidence`` and
  ``single_open_evidence`` the number of households the mix and the opening
  share were counted from. Each run then draws its own mean and rates (gamma
  distributed around the estimate) and shares (Dirichlet, beta), so the band
  shows that they are estimates, not only week-to-week chance.

``Scenario(deterministic=True)`` removes all randomness: each week exactly
``mean * share`` households of a kind (and size) arrive and ``rate * housed``
leave, fractions carried to the next week (2.5 a week gives 2, 3, 2, 3, ...).
Leavers are then taken from the rooms with the fewest residents first (a
single alone in a shared room leaves first, so the room empties), families
from the smallest rooms first. That makes every number checkable by hand.

Percentiles are taken with the "inverted CDF" rule so that every figure is a
whole number of rooms, beds or persons that some run actually had.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Any

import numpy as np

ARRIVAL_KINDS: tuple[str, ...] = ("family", "single_F", "single_M")
GENDERS: tuple[str, ...] = ("F", "M")
#: The free capacity the forecast counts, per pool and in total.
CAPACITY_KINDS: tuple[str, ...] = ("empty_rooms", "shared_beds_F", "shared_beds_M")
#: Every weekly series a result holds (summed over pools unless one is asked for).
METRICS: tuple[str, ...] = (
    "empty_rooms", "empty_beds", "shared_beds_F", "shared_beds_M", "free_beds",
    "households", "households_family", "households_single_F", "households_single_M", "persons",
    "unmet_households", "unmet_family", "unmet_single_F", "unmet_single_M", "unmet_persons", "rooms",
)
#: The run-out of an arrival kind is read from this series.
UNMET_OF: Mapping[str, str] = MappingProxyType({k: f"unmet_{k}" for k in ARRIVAL_KINDS})
#: The largest room (beds) and family (persons) the model keeps apart; larger ones count as this size.
MAX_BEDS = 12

# Guards the carried fractions of the deterministic mode against float noise.
_EPS = 1e-9
_PERCENTILE_METHOD = "inverted_cdf"


def _whole(value: Any, what: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{what} must be a whole number of at least {minimum}, not {value!r}")
    return int(value)


def _rate(value: Any, what: str) -> float:
    value = float(value)
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise ValueError(f"{what} must be a probability between 0 and 1, not {value!r}")
    return value


def _check_kinds(mapping: Mapping[str, Any], what: str) -> None:
    unknown = set(mapping) - set(ARRIVAL_KINDS)
    if unknown:
        raise ValueError(f"unknown kind(s) in {what}: {sorted(unknown)}; use {list(ARRIVAL_KINDS)}")


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    """Rooms that newcomers may share, as they stand on the first day.

    ``empty``: beds -> rooms with no one in them. ``shared``: (gender, beds,
    residents) -> rooms of single adults of that gender. ``family``: (beds,
    persons) -> rooms held by one household alone. ``intake``: per arrival kind,
    the share of newcomers who ask this pool first (the open pools' shares of
    a kind add up to 1). A ``reserved`` pool (a target group's location) takes
    only its own ``own_arrivals`` (households per week by kind) and is no one's
    fallback. A pool with ``closes_in_week`` takes no one new and closes at the
    start of that week; its residents join the waiting list. ``exit_rate``
    overrides the scenario's weekly exit rates for this pool.
    """

    name: str
    empty: Mapping[int, int] = field(default_factory=dict)
    shared: Mapping[tuple[str, int, int], int] = field(default_factory=dict)
    family: Mapping[tuple[int, int], int] = field(default_factory=dict)
    intake: Mapping[str, float] = field(default_factory=dict)
    reserved: str = ""
    own_arrivals: Mapping[str, float] = field(default_factory=dict)
    exit_rate: Mapping[str, float] | None = None
    closes_in_week: int | None = None
    label: str = ""

    def __post_init__(self) -> None:
        empty = {}
        for beds, rooms in self.empty.items():
            empty[_whole(beds, "beds", minimum=1)] = _whole(rooms, f"empty rooms of {beds} beds")
        shared = {}
        for key, rooms in self.shared.items():
            gender, beds, residents = key
            if gender not in GENDERS:
                raise ValueError(f"a shared room is for women (F) or men (M), not {gender!r}")
            beds, residents = _whole(beds, "beds", minimum=1), _whole(residents, "residents", minimum=1)
            if residents > beds:
                raise ValueError(f"a shared room of {beds} beds cannot have {residents} residents")
            shared[(gender, beds, residents)] = _whole(rooms, "shared rooms")
        family = {}
        for key, rooms in self.family.items():
            beds, persons = _whole(key[0], "beds", minimum=1), _whole(key[1], "persons", minimum=1)
            family[(beds, persons)] = _whole(rooms, "family rooms")
        _check_kinds(self.intake, "intake")
        _check_kinds(self.own_arrivals, "own_arrivals")
        intake = {k: float(v) for k, v in self.intake.items()}
        if any(not math.isfinite(v) or not 0 <= v <= 1 for v in intake.values()):
            raise ValueError("every intake share must be between 0 and 1")
        own = {k: float(v) for k, v in self.own_arrivals.items()}
        if any(not math.isfinite(v) or v < 0 for v in own.values()):
            raise ValueError("own arrivals must be at least 0 a week")
        if self.reserved and any(intake.values()):
            raise ValueError(f"pool {self.name!r} is reserved: it takes only its own arrivals, no share of newcomers")
        if self.closes_in_week is not None:
            _whole(self.closes_in_week, "closes_in_week", minimum=1)
            if any(intake.values()) or any(own.values()):
                raise ValueError(f"pool {self.name!r} is closing: it takes no one new")
        exits = None
        if self.exit_rate is not None:
            _check_kinds(self.exit_rate, "exit_rate")
            exits = MappingProxyType({k: _rate(v, f"exit rate of {k}") for k, v in self.exit_rate.items()})
        object.__setattr__(self, "empty", MappingProxyType(empty))
        object.__setattr__(self, "shared", MappingProxyType(shared))
        object.__setattr__(self, "family", MappingProxyType(family))
        object.__setattr__(self, "intake", MappingProxyType(intake))
        object.__setattr__(self, "own_arrivals", MappingProxyType(own))
        object.__setattr__(self, "exit_rate", exits)

    @property
    def is_open(self) -> bool:
        """Takes newcomers (first choice or as a fallback): not reserved, not closing."""
        return not self.reserved and self.closes_in_week is None

    def largest_room(self) -> int:
        sizes = [b for b in self.empty] + [b for _g, b, _k in self.shared] + [b for b, _p in self.family]
        return max(sizes, default=1)

    # Counts on the first day, for the page and the tests.
    def rooms(self) -> int:
        return sum(self.empty.values()) + sum(self.shared.values()) + sum(self.family.values())

    def beds(self) -> int:
        return (sum(b * n for b, n in self.empty.items()) + sum(b * n for (_g, b, _k), n in self.shared.items())
                + sum(b * n for (b, _p), n in self.family.items()))

    def empty_rooms(self) -> int:
        return sum(self.empty.values())

    def empty_beds(self) -> int:
        return sum(b * n for b, n in self.empty.items())

    def shared_free_beds(self, gender: str) -> int:
        return sum((b - k) * n for (g, b, k), n in self.shared.items() if g == gender)

    def households(self, kind: str) -> int:
        if kind == "family":
            return sum(self.family.values())
        gender = kind[-1]
        return sum(k * n for (g, _b, k), n in self.shared.items() if g == gender)

    def persons(self) -> int:
        return sum(p * n for (_b, p), n in self.family.items()) + sum(k * n for (_g, _b, k), n in self.shared.items())


@dataclass(frozen=True)
class StartState:
    """The pools on the first day (week 1 starts then)."""

    pools: tuple[Pool, ...]

    def __post_init__(self) -> None:
        pools = tuple(self.pools)
        if not pools:
            raise ValueError("give at least one pool")
        names = [p.name for p in pools]
        if len(set(names)) != len(names):
            raise ValueError(f"pool names must differ: {names}")
        if not any(p.is_open for p in pools):
            raise ValueError("at least one pool must take newcomers (not reserved, not closing)")
        for kind in ARRIVAL_KINDS:
            total = sum(p.intake.get(kind, 0.0) for p in pools if p.is_open)
            if total > 1 + 1e-6:
                raise ValueError(f"the intake shares of {kind} add up to {total:g}, more than 1")
        object.__setattr__(self, "pools", pools)

    def pool(self, name: str) -> Pool:
        for p in self.pools:
            if p.name == name:
                return p
        raise KeyError(f"no pool {name!r}; there are {[p.name for p in self.pools]}")

    def total(self, what: str) -> int:
        """A first-day count summed over pools: empty_rooms, empty_beds, shared_beds_F/M, persons, households_<kind>."""
        if what.startswith("shared_beds_"):
            return sum(p.shared_free_beds(what[-1]) for p in self.pools)
        if what.startswith("households_"):
            return sum(p.households(what.removeprefix("households_")) for p in self.pools)
        return sum(getattr(p, what)() for p in self.pools)


@dataclass(frozen=True)
class ArrivalFactor:
    """Arrivals times ``factor`` for ``weeks`` weeks from ``from_week`` (1 = the first forecast week)."""

    factor: float
    weeks: int
    from_week: int = 1

    def __post_init__(self) -> None:
        if not math.isfinite(self.factor) or self.factor < 0:
            raise ValueError("the arrivals factor must be 0 or more")
        _whole(self.weeks, "weeks", minimum=1)
        _whole(self.from_week, "from_week", minimum=1)


@dataclass(frozen=True)
class Scenario:
    """What we assume about the coming weeks.

    ``weekly_arrivals_mean``: households referred per week (all kinds), before
    ``arrival_factors``. ``mix``: share of each arrival kind (must add up to 1).
    ``family_sizes``: persons -> share of families of that size (default: all
    of two). ``weekly_exit_rate``: per kind, the probability that one housed
    household moves out in a week. ``arrival_mean_sd`` / ``exit_rate_sd``: the
    standard errors of those estimates (0: taken as exact). ``deterministic``:
    no randomness. ``unmet_waits``: unmet households wait (True) or are counted
    once and leave the model (False).
    """

    name: str
    weekly_arrivals_mean: float
    mix: Mapping[str, float]
    family_sizes: Mapping[int, float] = field(default_factory=lambda: {2: 1.0})
    arrival_dispersion: float = 0.0
    weekly_exit_rate: Mapping[str, float] = field(default_factory=dict)
    arrival_factors: tuple[ArrivalFactor, ...] = ()
    arrival_mean_sd: float = 0.0
    exit_rate_sd: Mapping[str, float] = field(default_factory=dict)
    single_open_share: float = 0.0
    mix_evidence: int = 0
    single_open_evidence: int = 0
    deterministic: bool = False
    unmet_waits: bool = True

    def __post_init__(self) -> None:
        if not math.isfinite(self.single_open_share) or not 0 <= self.single_open_share <= 1:
            raise ValueError("single_open_share must be a share between 0 and 1")
        _whole(self.mix_evidence, "mix_evidence")
        _whole(self.single_open_evidence, "single_open_evidence")
        for name in ("weekly_arrivals_mean", "arrival_dispersion", "arrival_mean_sd"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a number of at least 0" + (" (0 = Poisson)" if name == "arrival_dispersion" else ""))
        _check_kinds(self.mix, "mix")
        _check_kinds(self.weekly_exit_rate, "weekly_exit_rate")
        _check_kinds(self.exit_rate_sd, "exit_rate_sd")
        shares = [float(v) for v in self.mix.values()]
        if any(not math.isfinite(s) or s < 0 for s in shares):
            raise ValueError("every share in mix must be at least 0")
        if not math.isclose(sum(shares), 1.0, abs_tol=1e-6):
            raise ValueError(f"the shares in mix must add up to 1, not {sum(shares):g}")
        sizes = {}
        for persons, share in self.family_sizes.items():
            sizes[_whole(persons, "family size", minimum=1)] = float(share)
        if any(not math.isfinite(s) or s < 0 for s in sizes.values()) or not math.isclose(sum(sizes.values()), 1.0, abs_tol=1e-6):
            raise ValueError("the shares of family sizes must be at least 0 and add up to 1")
        rates = {k: _rate(v, f"weekly exit rate of {k}") for k, v in self.weekly_exit_rate.items()}
        sds = {k: float(v) for k, v in self.exit_rate_sd.items()}
        if any(not math.isfinite(v) or v < 0 for v in sds.values()):
            raise ValueError("the standard errors of the exit rates must be at least 0")
        factors = tuple(self.arrival_factors)
        if any(not isinstance(f, ArrivalFactor) for f in factors):
            raise ValueError("arrival_factors must be ArrivalFactor values")
        # Own copies, read-only, so a caller's dict cannot change a scenario later.
        object.__setattr__(self, "mix", MappingProxyType({k: float(v) for k, v in self.mix.items()}))
        object.__setattr__(self, "family_sizes", MappingProxyType(dict(sorted(sizes.items()))))
        object.__setattr__(self, "weekly_exit_rate", MappingProxyType(rates))
        object.__setattr__(self, "exit_rate_sd", MappingProxyType(sds))
        object.__setattr__(self, "arrival_factors", factors)

    def shares(self) -> np.ndarray:
        return np.array([self.mix.get(k, 0.0) for k in ARRIVAL_KINDS], dtype=float)

    def exit_rates(self) -> np.ndarray:
        return np.array([self.weekly_exit_rate.get(k, 0.0) for k in ARRIVAL_KINDS], dtype=float)

    def factors(self, weeks: int) -> np.ndarray:
        """The arrivals factor of each week (1 where no factor applies; factors that overlap multiply)."""
        out = np.ones(weeks)
        for f in self.arrival_factors:
            out[f.from_week - 1: f.from_week - 1 + f.weeks] *= f.factor
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "weekly_arrivals_mean": self.weekly_arrivals_mean,
            "mix": dict(self.mix),
            "family_sizes": {str(k): v for k, v in self.family_sizes.items()},
            "arrival_dispersion": self.arrival_dispersion,
            "weekly_exit_rate": dict(self.weekly_exit_rate),
            "arrival_factors": [{"factor": f.factor, "weeks": f.weeks, "from_week": f.from_week} for f in self.arrival_factors],
            "arrival_mean_sd": self.arrival_mean_sd,
            "exit_rate_sd": dict(self.exit_rate_sd),
            "single_open_share": self.single_open_share,
            "mix_evidence": self.mix_evidence,
            "single_open_evidence": self.single_open_evidence,
            "deterministic": self.deterministic,
            "unmet_waits": self.unmet_waits,
        }


@dataclass(frozen=True)
class CapacityChange:
    """Rooms added to a pool from the start of forecast week ``week`` (week 1 is the first).

    ``rooms``: beds -> number of empty rooms added (a location opens, blocked
    rooms come back). Closing a location is a pool with ``closes_in_week``.
    ``note`` is free text ("Hotel X opens").
    """

    week: int
    pool: str
    rooms: Mapping[int, int]
    note: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.week, bool) or not isinstance(self.week, (int, np.integer)) or self.week < 1:
            raise ValueError(f"week must be 1 or later (week 1 is the first forecast week), not {self.week!r}")
        rooms = {_whole(b, "beds", minimum=1): _whole(n, "rooms") for b, n in self.rooms.items()}
        object.__setattr__(self, "rooms", MappingProxyType(rooms))

    def beds(self) -> int:
        return sum(b * n for b, n in self.rooms.items())


def rooms_for_beds(beds: int, beds_per_room: int) -> dict[int, int]:
    """``beds`` beds in rooms of ``beds_per_room`` (the last room takes the rest)."""
    beds, per = _whole(beds, "beds"), _whole(beds_per_room, "beds per room", minimum=1)
    rooms = {per: beds // per} if beds >= per else {}
    if beds % per:
        rooms[beds % per] = rooms.get(beds % per, 0) + 1
    return rooms


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


def dispersion_from_counts(weekly: Sequence[int]) -> float:
    """The negative-binomial dispersion ``d`` of weekly counts (variance = mean + d * mean**2), 0 if not over-dispersed."""
    counts = np.asarray(list(weekly), dtype=float)
    if counts.size < 2 or counts.mean() <= 0:
        return 0.0
    mean, var = counts.mean(), counts.var(ddof=1)
    return float(max(0.0, (var - mean) / mean**2))


def mean_standard_error(weekly: Sequence[int]) -> float:
    """The standard error of the mean of weekly counts (at least the Poisson one: sqrt(mean / n))."""
    counts = np.asarray(list(weekly), dtype=float)
    if counts.size == 0:
        return 0.0
    var = counts.var(ddof=1) if counts.size > 1 else counts.mean()
    return math.sqrt(max(var, counts.mean()) / counts.size)


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


def rate_standard_error(events: int, household_weeks: float) -> float:
    """The standard error of a rate of ``events`` over ``household_weeks`` (Poisson; half an event when none were seen)."""
    if household_weeks <= 0:
        return 0.0
    return math.sqrt(max(events, 0.5)) / household_weeks


def mix_from_counts(families: int, singles_F: int, singles_M: int, singles_X: int = 0) -> dict[str, float]:
    """Shares of each arrival kind from counted referrals.

    Singles of gender X are a handful a year, placed case by case; they are
    counted with the smaller gender group (ties go to women).
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


def shares_from_counts(counts: Mapping[int, int], default: Mapping[int, float] | None = None) -> dict[int, float]:
    """Counts by size -> shares (``default`` when nothing was counted)."""
    total = sum(counts.values())
    if total == 0:
        return dict(default or {2: 1.0})
    return {k: v / total for k, v in sorted(counts.items()) if v}


def week_index(start: date, on: date) -> int:
    """The forecast week (1 = the week starting on ``start``) that contains ``on``."""
    return (on - start).days // 7 + 1


# --------------------------------------------------------------------------
# The simulation
# --------------------------------------------------------------------------


class _Layout:
    """Index arithmetic shared by the state arrays.

    B is the largest room counted. A room's state is a pair (beds, residents) with 1 <= residents <= beds,
    numbered v = 0 .. V-1: shared rooms by (beds, singles in it), family rooms by (beds, persons in the family).
    """

    def __init__(self, largest: int):
        self.B = B = min(max(largest, 1), MAX_BEDS)
        pairs = [(b, k) for b in range(1, B + 1) for k in range(1, b + 1)]
        self.V = len(pairs)
        self.index = {pair: v for v, pair in enumerate(pairs)}
        self.vb = np.array([b for b, _k in pairs])
        self.vk = np.array([k for _b, k in pairs])
        self.free = self.vb - self.vk  # free beds of a shared room
        self.beds = np.arange(B + 1)  # beds of an empty room of index b; persons of a family of index s
        self.room_of = (self.vb[:, None] == np.arange(B + 1)[None, :]).astype(np.int64)  # (V, B+1): state -> its beds
        self.size_of = (self.vk[:, None] == np.arange(B + 1)[None, :]).astype(np.int64)  # (V, B+1): state -> its persons
        # A resident leaving a shared room: (beds, k) -> (beds, k - 1); the last one leaves an empty room.
        self.down_of = np.array([self.index[(b, k - 1)] if k >= 2 else -1 for (b, k) in pairs], dtype=np.int64)
        # Joining order for singles: fewest free beds first (the fullest rooms), larger rooms first among equals.
        self.join_order = [(self.index[(b, b - f)], b, b - f, f) for f in range(1, B) for b in range(B, f, -1)]
        # Singles open shared rooms, two beds first (a shared two-person room), then larger; one-bed rooms last, as they
        # are kept for those who need a room alone.
        self.open_order = list(range(2, B + 1)) + [1]
        # Deterministic leavers: singles from the rooms with the fewest residents first; families from the smallest rooms.
        self.by_residents = sorted(range(self.V), key=lambda v: (self.vk[v], self.vb[v]))

    def clamp(self, n: int) -> int:
        return min(n, self.B)


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

    A pure function: the same arguments (and ``seed``) give identical results.
    """
    if weeks < 1 or runs < 1:
        raise ValueError("weeks and runs must be at least 1")
    changes = tuple(changes)
    names = [p.name for p in start.pools]
    for c in changes:
        if c.pool not in names:
            raise ValueError(f"a planned change names pool {c.pool!r}, which does not exist; there are {names}")
    # Families larger than the largest room count as filling it (in practice they get adjoining rooms).
    lay = _Layout(max([p.largest_room() for p in start.pools] + [b for c in changes for b in c.rooms]))
    return _Run(start, scenario, changes, lay, weeks=weeks, runs=runs, seed=seed).result()


class _Run:
    """One forecast: the state arrays, stepped week by week.

    E [pool, run, beds]: empty rooms. S [pool, gender, run, state]: shared rooms. H [pool, run, state]: family rooms.
    Waiting lists [list, run, persons] (families by size) and [list, gender, run] (singles); list P is the newcomers'.
    """

    def __init__(self, start: StartState, scenario: Scenario, changes: tuple[CapacityChange, ...], lay: _Layout, *,
                 weeks: int, runs: int, seed: int | None):
        self.start, self.scenario, self.changes, self.lay = start, scenario, changes, lay
        self.weeks, self.runs, self.seed = weeks, runs, seed
        self.det = scenario.deterministic
        self.rng = np.random.default_rng(seed)
        P, B, R, V = len(start.pools), lay.B, runs, lay.V
        self.P = P
        i64 = np.int64
        self.E = np.zeros((P, R, B + 1), i64)
        self.S = np.zeros((P, 2, R, V), i64)
        self.H = np.zeros((P, R, V), i64)
        for p, pool in enumerate(start.pools):
            for b, n in pool.empty.items():
                self.E[p, :, lay.clamp(b)] += n
            for (g, b, k), n in pool.shared.items():
                bb = lay.clamp(b)
                self.S[p, GENDERS.index(g), :, lay.index[(bb, min(k, bb))]] += n
            for (b, persons), n in pool.family.items():
                bb = lay.clamp(b)
                self.H[p, :, lay.index[(bb, min(persons, bb))]] += n
        self.wait_fam = np.zeros((P + 1, R, B + 1), i64)
        self.wait_single = np.zeros((P + 1, 2, R), i64)
        self.open_pools = [p for p, pool in enumerate(start.pools) if pool.is_open]
        self.closed = np.zeros(P, bool)
        self._parameters()

    # -- per-run parameters -------------------------------------------------------------------

    def _parameters(self) -> None:
        s, P, B, R, lay = self.scenario, self.P, self.lay.B, self.runs, self.lay
        pools = self.start.pools
        base = s.exit_rates()
        rates = np.array([[pool.exit_rate.get(k, base[i]) if pool.exit_rate is not None else base[i]
                           for i, k in enumerate(ARRIVAL_KINDS)] for pool in pools])  # (P, 3)
        if self.det:
            self.level = np.ones(R)
            self.exit_p = np.repeat(rates[:, :, None], R, axis=2)
        else:
            mean = s.weekly_arrivals_mean
            self.level = _gamma_around(self.rng, 1.0, s.arrival_mean_sd / mean if mean else 0.0, R)
            mult = np.ones((len(ARRIVAL_KINDS), R))
            for i, k in enumerate(ARRIVAL_KINDS):
                rate, sd = s.weekly_exit_rate.get(k, 0.0), s.exit_rate_sd.get(k, 0.0)
                if rate > 0 and sd > 0:
                    mult[i] = _gamma_around(self.rng, 1.0, sd / rate, R)
            self.exit_p = np.clip(rates[:, :, None] * mult[None, :, :], 0.0, 1.0)
        # Mean arrivals per week of each (pool, run, category): categories 0..B = families by size, B+1, B+2 = singles F, M.
        sizes = np.zeros(B + 1)
        for persons, share in s.family_sizes.items():
            sizes[lay.clamp(persons)] += share
        shares = np.repeat(s.shares()[None, :], R, axis=0)  # (R, 3)
        open_share = np.full(R, s.single_open_share)
        if not self.det and s.mix_evidence:
            shares = self.rng.dirichlet(s.shares() * s.mix_evidence + 0.5, size=R)
        if not self.det and s.single_open_evidence and 0 < s.single_open_share:
            n = s.single_open_evidence
            open_share = self.rng.beta(s.single_open_share * n + 0.5, (1 - s.single_open_share) * n + 0.5, size=R)
        self.open_share = open_share
        newcomers = np.zeros((P, R, B + 3))
        own = np.zeros((P, B + 3))
        for p, pool in enumerate(pools):
            if pool.is_open:
                newcomers[p, :, : B + 1] = shares[:, 0:1] * pool.intake.get("family", 0.0) * sizes[None, :]
                newcomers[p, :, B + 1] = shares[:, 1] * pool.intake.get("single_F", 0.0)
                newcomers[p, :, B + 2] = shares[:, 2] * pool.intake.get("single_M", 0.0)
            own[p, : B + 1] = pool.own_arrivals.get("family", 0.0) * sizes
            own[p, B + 1] = pool.own_arrivals.get("single_F", 0.0)
            own[p, B + 2] = pool.own_arrivals.get("single_M", 0.0)
        # Newcomers of a kind whose open pools' shares add up to less than 1 ask the first open pool for the rest.
        first = self.open_pools[0]
        for i, kind in enumerate(ARRIVAL_KINDS):
            missing = 1.0 - sum(pools[p].intake.get(kind, 0.0) for p in self.open_pools)
            if missing > 1e-9:
                if kind == "family":
                    newcomers[first, :, : B + 1] += shares[:, 0:1] * missing * sizes[None, :]
                else:
                    newcomers[first, :, B + i] += shares[:, i] * missing
        self.newcomer_means = newcomers * s.weekly_arrivals_mean
        self.own_means = own
        self.factors = s.factors(self.weeks)
        self.arrival_carry = np.zeros((P, B + 3))
        self.own_carry = np.zeros((P, B + 3))
        self.exit_carry = np.zeros((P, 3, R))

    # -- the weekly steps ---------------------------------------------------------------------

    def result(self) -> ForecastResult:
        P, R, W = self.P, self.runs, self.weeks
        out = {m: np.zeros((P, R, W), np.int32) for m in _POOL_METRICS}
        self.arrivals_out = np.zeros((P, 3, R, W), np.int32)
        self.exits_out = np.zeros((P, 3, R, W), np.int32)
        unmet = np.zeros((P + 1, 4, R, W), np.int32)  # per waiting list: families, singles F, M, persons
        by_week: dict[int, list[CapacityChange]] = {}
        for c in self.changes:
            by_week.setdefault(c.week, []).append(c)
        names = [p.name for p in self.start.pools]
        for w in range(W):
            for c in by_week.get(w + 1, ()):
                p = names.index(c.pool)
                if not self.closed[p]:
                    for b, n in c.rooms.items():
                        self.E[p, :, self.lay.clamp(b)] += n
            self._closures(w + 1)
            if self.det:
                self._move_outs_exact(w)
            else:
                self._move_outs(w)
            self._arrivals_and_placement(w)
            self._record(out, unmet, w)
            if not self.scenario.unmet_waits:
                self.wait_fam[:] = 0
                self.wait_single[:] = 0
        return ForecastResult(
            scenario=self.scenario, changes=self.changes, pools=tuple(names), weeks=W, runs=R, seed=self.seed,
            pool_samples=out, unmet_samples=unmet, arrival_samples=self.arrivals_out, exit_samples=self.exits_out,
            reserved=tuple(bool(p.reserved) for p in self.start.pools),
        )

    def _closures(self, week: int) -> None:
        lay = self.lay
        for p, pool in enumerate(self.start.pools):
            if pool.closes_in_week == week and not self.closed[p]:
                # Residents need a place elsewhere: they join the newcomers' waiting list.
                self.wait_fam[self.P] += self.H[p] @ lay.size_of
                self.wait_single[self.P] += self.S[p] @ lay.vk
                self.E[p] = 0
                self.S[p] = 0
                self.H[p] = 0
                self.closed[p] = True

    def _move_outs(self, w: int) -> None:
        """How many leave is drawn per pool, kind and run (binomial over the housed of the kind); who leaves is then
        drawn among them (a state's rooms in proportion to the households in them), at most one per shared room."""
        lay, R, B1 = self.lay, self.runs, self.lay.B + 1
        n_left = self.rng.binomial(self.H.sum(axis=2), self.exit_p[:, 0])
        self.exits_out[:, 0, :, w] = n_left
        flat, count = _spread(self.rng, self.H, n_left, lay.V, weights=None)
        self.H.reshape(-1)[flat] -= count
        row, v = np.divmod(flat, lay.V)  # row = pool * R + run, as in E
        self.E += np.bincount(row * B1 + lay.vb[v], weights=count, minlength=self.E.size).astype(np.int64).reshape(self.E.shape)
        n_left = self.rng.binomial(self.S @ lay.vk, self.exit_p[:, 1:])
        # At most one leaver per shared room in a week (see the module docstring): _spread caps at the rooms of a state.
        flat, count = _spread(self.rng, self.S, n_left, lay.V, weights=lay.vk)
        self._shift_down(flat, count)
        left = np.bincount(flat // lay.V, weights=count, minlength=self.P * 2 * R)
        self.exits_out[:, 1:, :, w] = left.reshape(self.P, 2, R)

    def _shift_down(self, flat: np.ndarray, count: np.ndarray) -> None:
        """Shared rooms at ``flat`` (indices into S, one per state) lose ``count`` residents each (one per room); a room
        left by its last one is empty."""
        lay, R, B1 = self.lay, self.runs, self.lay.B + 1
        S = self.S.reshape(-1)
        S[flat] -= count
        row, v = np.divmod(flat, lay.V)  # row = (pool * 2 + gender) * R + run
        last = lay.vk[v] == 1
        stay = ~last
        S[row[stay] * lay.V + lay.down_of[v[stay]]] += count[stay]
        pool, run = row[last] // (2 * R), row[last] % R
        if last.any():
            self.E += np.bincount((pool * R + run) * B1 + lay.vb[v[last]], weights=count[last],
                                  minlength=self.E.size).astype(np.int64).reshape(self.E.shape)

    def _move_outs_exact(self, w: int) -> None:
        lay = self.lay
        housed = np.concatenate([self.H.sum(axis=2)[:, None, :], self.S @ lay.vk], axis=1)  # (P, 3, R)
        self.exit_carry += self.exit_p * housed
        due = np.minimum(np.floor(self.exit_carry + _EPS).astype(np.int64), housed)
        self.exit_carry -= due
        self.exits_out[:, :, :, w] = due
        need = due[:, 0].copy()
        for v in range(lay.V):  # families from the smallest rooms first
            take = np.minimum(need, self.H[:, :, v])
            self.H[:, :, v] -= take
            self.E[:, :, lay.vb[v]] += take
            need -= take
        need = due[:, 1:].copy()
        while need.any():  # singles from the rooms with the fewest residents first, one per room per pass
            leavers = np.zeros_like(self.S)
            for v in lay.by_residents:
                take = np.minimum(need, self.S[..., v])
                leavers[..., v] = take
                need -= take
            flat = np.flatnonzero(leavers)
            self._shift_down(flat, leavers.reshape(-1)[flat])

    def _draw(self, means: np.ndarray, w: int, carry: np.ndarray, busy: np.ndarray | None) -> np.ndarray:
        """Households arriving this week, [pool, run, category]."""
        if self.det:
            means = means[:, 0, :] if means.ndim == 3 else means
            carry += means * self.factors[w]
            due = np.floor(carry + _EPS)
            carry -= due
            return np.repeat(due.astype(np.int64)[:, None, :], self.runs, axis=1)
        lam = (means if means.ndim == 3 else means[:, None, :]) * self.factors[w]
        if busy is not None:
            lam = lam * busy[None, :, None]
        return self.rng.poisson(lam)

    def _arrivals_and_placement(self, w: int) -> None:
        P, B, lay = self.P, self.lay.B, self.lay
        busy = self.level
        if not self.det and self.scenario.arrival_dispersion > 0:
            d = self.scenario.arrival_dispersion
            busy = busy * self.rng.gamma(shape=1.0 / d, scale=d, size=self.runs)
        new = self._draw(self.newcomer_means, w, self.arrival_carry, busy)
        own = self._draw(self.own_means, w, self.own_carry, None) if self.own_means.any() else None
        arrived = new if own is None else new + own
        self.arrivals_out[:, 0, :, w] = arrived[:, :, : B + 1].sum(axis=2)
        self.arrivals_out[:, 1:, :, w] = arrived[:, :, B + 1:].transpose(0, 2, 1)
        # Reserved pools: their waiting list with their own arrivals, only there.
        if own is not None:
            for p, pool in enumerate(self.start.pools):
                if pool.reserved and not self.closed[p]:
                    self.wait_fam[p] += own[p, :, : B + 1]
                    self.wait_single[p] += own[p, :, B + 1:].T
                    self._place_in(p, self.wait_fam[p: p + 1], self.wait_single[p: p + 1])
        # Newcomers: the waiting list first, in the open pools in order; then this week's arrivals in the pool they ask
        # first; those without a place there, in the other open pools in order.
        wf, ws = self.wait_fam[P: P + 1], self.wait_single[P: P + 1]
        for p in self.open_pools:
            if not (wf.any() or ws.any()):
                break
            self._place_in(p, wf, ws)
        op = self.open_pools
        fam = np.ascontiguousarray(new[op, :, : B + 1])
        single = np.ascontiguousarray(new[op, :, B + 1:].transpose(0, 2, 1))
        if fam.any() or single.any():
            E, S, H = self.E[op], self.S[op], self.H[op]
            share = self.scenario.single_open_share
            openers = None
            if share > 0 and single.any():
                openers = (np.floor(single * share + _EPS).astype(np.int64) if self.det
                           else self.rng.binomial(single, np.broadcast_to(self.open_share, single.shape)))
                single -= openers
            _place(lay, E, S, H, fam, single, openers=openers)
            self.E[op], self.S[op], self.H[op] = E, S, H
            rest_fam, rest_single = fam.sum(axis=0, keepdims=True), single.sum(axis=0, keepdims=True)
            for p in op:
                if not (rest_fam.any() or rest_single.any()):
                    break
                self._place_in(p, rest_fam, rest_single)
            wf += rest_fam
            ws += rest_single

    def _place_in(self, p: int, fam: np.ndarray, single: np.ndarray) -> None:
        _place(self.lay, self.E[p: p + 1], self.S[p: p + 1], self.H[p: p + 1], fam, single)

    def _record(self, out: dict[str, np.ndarray], unmet: np.ndarray, w: int) -> None:
        lay = self.lay
        out["empty_rooms"][:, :, w] = self.E.sum(axis=2)
        out["empty_beds"][:, :, w] = self.E @ lay.beds
        free, residents = self.S @ lay.free, self.S @ lay.vk  # (P, 2, R)
        for g, gender in enumerate(GENDERS):
            out[f"shared_beds_{gender}"][:, :, w] = free[:, g]
            out[f"households_single_{gender}"][:, :, w] = residents[:, g]
        out["households_family"][:, :, w] = self.H.sum(axis=2)
        out["rooms"][:, :, w] = out["empty_rooms"][:, :, w] + self.S.sum(axis=(1, 3)) + out["households_family"][:, :, w]
        out["persons"][:, :, w] = self.H @ lay.vk + residents.sum(axis=1)
        unmet[:, 0, :, w] = self.wait_fam.sum(axis=2)
        unmet[:, 1:3, :, w] = self.wait_single
        unmet[:, 3, :, w] = self.wait_fam @ lay.beds + self.wait_single.sum(axis=1)


_POOL_METRICS = ("empty_rooms", "empty_beds", "shared_beds_F", "shared_beds_M",
                 "households_family", "households_single_F", "households_single_M", "persons", "rooms")


def _spread(rng: np.random.Generator, counts: np.ndarray, n: np.ndarray, V: int, *, weights: np.ndarray | None
            ) -> tuple[np.ndarray, np.ndarray]:
    """Which rooms ``n`` leavers come from. ``counts`` [..., run, state] rooms, ``n`` [..., run] leavers. Each leaver
    picks a state in proportion to ``counts * weights`` (rooms times residents for shared rooms; rooms for family rooms),
    independently: with a few leavers among hundreds housed, as good as drawing without replacement.
    Returns the flat indices into ``counts`` that lose someone and how many (never more than the rooms there)."""
    empty = np.zeros(0, np.int64)
    if not n.any():
        return empty, empty
    w = counts if weights is None else counts * weights
    cum = np.cumsum(w, axis=None)
    ends = cum[V - 1:: V]
    row_start = np.concatenate(([0], ends[:-1]))
    row_total = ends - row_start
    n_rows = np.minimum(n.reshape(-1), row_total)
    who = np.repeat(np.arange(row_total.size), n_rows)
    target = row_start[who] + (rng.random(who.size) * row_total[who]).astype(np.int64)
    picked = np.searchsorted(cum, target, side="right")
    per_state = np.bincount(picked, minlength=cum.size)
    flat = np.flatnonzero(per_state)
    return flat, np.minimum(per_state[flat], counts.reshape(-1)[flat])


def _gamma_around(rng: np.random.Generator, mean: float, cv: float, size: int) -> np.ndarray:
    """``size`` draws with the given mean and coefficient of variation (gamma); exactly ``mean`` when cv is 0."""
    if cv <= 0:
        return np.full(size, mean)
    shape = 1.0 / cv**2
    return rng.gamma(shape=shape, scale=mean / shape, size=size)


def _place(lay: _Layout, E: np.ndarray, S: np.ndarray, H: np.ndarray, fam: np.ndarray, single: np.ndarray,
           openers: np.ndarray | None = None) -> None:
    """Place households in pools in the order of the module docstring, vectorised over pools and runs.

    ``E`` [n, run, beds], ``S`` [n, gender, run, state], ``H`` [n, run, state] are the pools' rooms; ``fam``
    [n, run, persons] and ``single`` [n, gender, run] the households to place in each. All are changed in place:
    what is left in ``fam`` and ``single`` found no place. ``openers`` [n, gender, run]: singles who open an empty
    room first (step c before b); those who find none join the others.
    """
    B, index = lay.B, lay.index
    # a. Families, largest first, each in the smallest empty room that fits.
    if fam.any() and E.any():
        for s in range(B, 0, -1):
            need = fam[:, :, s]
            if not need.any():
                continue
            for b in range(s, B + 1):
                take = np.minimum(need, E[:, :, b])
                E[:, :, b] -= take
                H[:, :, index[(b, s)]] += take
                need -= take
                if not need.any():
                    break
    if openers is not None and openers.any():
        _open_rooms(lay, E, S, openers)
        single += openers
    if not single.any():
        return
    # b. Singles join shared rooms of their gender, the fullest first.
    for g in (0, 1):
        d = single[:, g]
        if not d.any():
            continue
        for v, b, k, free in lay.join_order:
            rooms = S[:, g, :, v]
            if not rooms.any():
                continue
            full = np.minimum(rooms, d // free)
            rooms -= full
            S[:, g, :, index[(b, b)]] += full
            d -= full * free
            # Fewer singles than a room's free beds: they go together into one more room.
            part = (d > 0) & (d < free) & (rooms > 0)
            if part.any():
                for r in range(1, free):
                    m = (part & (d == r)).astype(np.int64)
                    rooms -= m
                    S[:, g, :, index[(b, k + r)]] += m
                d[part] = 0
            if not d.any():
                break
    # c. Singles still without a bed open empty rooms.
    _open_rooms(lay, E, S, single)


def _open_rooms(lay: _Layout, E: np.ndarray, S: np.ndarray, single: np.ndarray) -> None:
    """Singles open empty rooms in ``lay.open_order`` (two-bed rooms first, one-bed rooms last), each filled before
    the next; rooms of a size are shared fairly between the genders when too few. ``single`` keeps those who found
    none."""
    index = lay.index
    if not E.any():
        return
    for b in lay.open_order:
        dF, dM = single[:, 0], single[:, 1]
        if not (dF.any() or dM.any()):
            return
        avail = E[:, :, b]
        if not avail.any():
            continue
        want_F, want_M = -(-dF // b), -(-dM // b)
        total = want_F + want_M
        give_F = np.where(total > avail, (avail * want_F) // np.maximum(total, 1), want_F)
        give_M = np.minimum(want_M, avail - give_F)
        give_F = np.minimum(want_F, avail - give_M)
        for g, give in ((0, give_F), (1, give_M)):
            d = single[:, g]
            full = np.minimum(give, d // b)
            rest = d - full * b
            part = ((give > full) & (rest > 0)).astype(np.int64)
            avail -= full + part
            S[:, g, :, index[(b, b)]] += full
            for r in range(1, b):
                S[:, g, :, index[(b, r)]] += part * (rest == r)
            d -= full * b + rest * part


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

    ``pool_samples[metric]`` has shape (pools, runs, weeks); ``unmet_samples``
    (waiting lists, runs... see below) has shape (pools + 1, 4, runs, weeks):
    index ``pools`` is the newcomers' waiting list, the others the reserved
    pools' own; the 4 are families, single women, single men, persons.
    ``arrival_samples`` / ``exit_samples``: (pools, 3 kinds, runs, weeks). The
    value for week *w* is at index *w - 1* and describes the end of that week.
    """

    scenario: Scenario
    changes: tuple[CapacityChange, ...]
    pools: tuple[str, ...]
    weeks: int
    runs: int
    seed: int | None
    pool_samples: Mapping[str, np.ndarray]
    unmet_samples: np.ndarray
    arrival_samples: np.ndarray
    exit_samples: np.ndarray
    reserved: tuple[bool, ...] = ()

    def samples(self, metric: str, pool: str | None = None) -> np.ndarray:
        """(runs, weeks) of a metric (see ``METRICS``), summed over pools unless ``pool`` is named.

        The unmet series are the newcomers' waiting list (``pool=None``) or a reserved pool's own.
        """
        if metric not in METRICS:
            raise KeyError(f"unknown metric {metric!r}; use one of {METRICS}")
        if metric.startswith("unmet_"):
            row = len(self.pools) if pool is None else self.pools.index(pool)
            col = {"unmet_family": 0, "unmet_single_F": 1, "unmet_single_M": 2, "unmet_persons": 3}.get(metric)
            if col is None:  # unmet_households
                return self.unmet_samples[row, :3].sum(axis=0)
            return self.unmet_samples[row, col]
        if metric == "free_beds":
            return sum(self.samples(m, pool) for m in ("empty_beds", "shared_beds_F", "shared_beds_M"))
        if metric == "households":
            return sum(self.samples(m, pool) for m in ("households_family", "households_single_F", "households_single_M"))
        data = self.pool_samples[metric]
        return data[self.pools.index(pool)] if pool is not None else data.sum(axis=0)

    @cached_property
    def _bands(self) -> dict:
        return {}

    def band(self, metric: str, pool: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(p10, median, p90) per week of a metric."""
        key = (metric, pool)
        if key not in self._bands:
            p10, p50, p90 = np.percentile(self.samples(metric, pool), (10, 50, 90), axis=0, method=_PERCENTILE_METHOD)
            self._bands[key] = (p10.astype(np.int64), p50.astype(np.int64), p90.astype(np.int64))
        return self._bands[key]

    def median(self, metric: str, pool: str | None = None) -> np.ndarray:
        return self.band(metric, pool)[1]

    def p10(self, metric: str, pool: str | None = None) -> np.ndarray:
        return self.band(metric, pool)[0]

    def p90(self, metric: str, pool: str | None = None) -> np.ndarray:
        return self.band(metric, pool)[2]

    def run_out_probability(self, kind: str) -> np.ndarray:
        """Share of runs in which newcomers of the kind are left without a place, per week."""
        return (self.samples(UNMET_OF[_arrival_kind(kind)]) > 0).mean(axis=0)

    def unmet_mean(self, kind: str) -> np.ndarray:
        """Expected newcomers of the kind without a place at the end of each week."""
        return self.samples(UNMET_OF[_arrival_kind(kind)]).mean(axis=0)

    def first_week_at_risk(self, kind: str, threshold: float = 0.1) -> int | None:
        """First week whose run-out probability reaches ``threshold``, or None."""
        hits = np.flatnonzero(self.run_out_probability(kind) >= threshold)
        return int(hits[0]) + 1 if hits.size else None

    def to_rows(self, metrics: Sequence[str] = ("empty_rooms", "shared_beds_F", "shared_beds_M", "free_beds", "persons", "unmet_persons")
                ) -> list[dict[str, Any]]:
        """One row per week for a table: p10, median and p90 of each metric, and the run-out per arrival kind."""
        bands = {m: self.band(m) for m in metrics}
        risk = {k: self.run_out_probability(k) for k in ARRIVAL_KINDS}
        rows = []
        for w in range(self.weeks):
            row: dict[str, Any] = {"week": w + 1}
            for m, (lo, mid, hi) in bands.items():
                row[f"{m}_p10"], row[f"{m}_median"], row[f"{m}_p90"] = int(lo[w]), int(mid[w]), int(hi[w])
            for k in ARRIVAL_KINDS:
                row[f"{k}_run_out"] = float(risk[k][w])
            rows.append(row)
        return rows

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (no per-run samples)."""
        def band(metric, pool=None):
            lo, mid, hi = self.band(metric, pool)
            return {"p10": lo.tolist(), "median": mid.tolist(), "p90": hi.tolist()}

        return {
            "scenario": self.scenario.to_dict(),
            "weeks": self.weeks,
            "runs": self.runs,
            "seed": self.seed,
            "pools": list(self.pools),
            "changes": [{"week": c.week, "pool": c.pool, "rooms": {str(b): n for b, n in c.rooms.items()}, "note": c.note}
                        for c in self.changes],
            "total": {m: band(m) for m in METRICS if not m.startswith("unmet_") and m != "rooms"},
            "by_pool": {p: {m: band(m, p) for m in CAPACITY_KINDS} for p in self.pools},
            "kinds": [
                {
                    "arrival_kind": kind,
                    "run_out_probability": self.run_out_probability(kind).tolist(),
                    "unmet_mean": self.unmet_mean(kind).tolist(),
                    "first_week_at_risk": self.first_week_at_risk(kind),
                }
                for kind in ARRIVAL_KINDS
            ],
            "unmet_persons": band("unmet_persons"),
        }


def _arrival_kind(kind: str) -> str:
    if kind in ARRIVAL_KINDS:
        return kind
    aliases = {"shared_beds_F": "single_F", "shared_beds_M": "single_M", "empty_rooms": "family"}
    if kind in aliases:
        return aliases[kind]
    raise KeyError(f"unknown kind {kind!r}; use one of {ARRIVAL_KINDS}")
