"""The forecast's inputs read from the database as they stood on a day (the Django side; `simulation.py` and
`plan.py` stay pure).

**Rooms on the day.** A room's state comes from the tenancies current on the day (`Tenancy.objects.current_on`, the
one definition: moved in on or before the day and not moved out by then; a move-out planned for a later day keeps
the bed occupied until that day) and its active reservations (a reserved bed is occupied from the reservation on). A room with no one is empty; a room whose households are all single adults of one
gender (women or men) is a shared room of that gender with its free beds; any other room in use (a family, a single
of gender X, a mixed room) is held by its household. "A family" is a household that needs a room of its own:
`rules.households.is_family` with the ages on the day (`lib.dates.age_on`), or a single who needs a room alone
(`Household.needs_own_room`).

**Pools.** A location reserved for a target group is the pool of that group; a location with food distribution
(reception) is the reception pool; every other location (external flats too) is the general pool. A location with
status "closing" closes on its closing date (see `plan.py`).

**Rooms and locations on a past day.** Rooms and locations have no history of their own, so on a day before today
every location of today counts (we do not know when it opened: a location opened since then is counted as empty
rooms before its first move-in, in the forecast and in the back-test's actual alike); a location closed today counts
until its last move-out; rooms blocked or closed today are left out on every past day (we do not know since when),
and no blocked room comes back within the forecast. On today (or later) room and location status are today's:
blocked rooms are left out and come back in the week of their "blocked until", closed ones are left out.

**Flows, from the records up to the day.**

* Arrivals: households referred per complete week (Monday–Sunday) over the last 12 weeks before the day's week
  (displaced Ukrainians and refugees; LAB citizens are not housed), by `Case.referral_decision_date`, times the
  *take-up*: the share of the households referred 16 to 4 weeks before the day that had moved into temporary
  housing by the day (not all referred households need a place; the last 4 weeks are left out because they may
  not have arrived yet). Its standard error and over-dispersion from the same 12 weeks. The mix of families and
  singles by gender from those households; family sizes from the families referred in the last 52 weeks.
* Where newcomers start: the share of each kind's first move-ins of the last 12 weeks that went to each open pool;
  and the share of singles among them who opened an empty room (no one else lived there that day).
* Exit rate per kind: move-outs of the last 26 weeks from the open pools (permanent housing, another municipality,
  left Denmark, other; and internal moves to a reserved location) divided by the household-weeks housed in them.
  Its uncertainty: the counting error (Poisson) and how much the rate moved from the 26 weeks before (rates drift
  as the residents change; they may move as much again).
* Reserved pools: their own arrivals are the households that moved in there in the last 26 weeks (first or
  internal move), per week; their exit rate counts every move-out (also internal ones) over their household-weeks.
  Moves between the open pools (from reception to elsewhere after the first benefit payment) are not modelled:
  they do not change the free capacity of the centre as a whole.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, Min, Q, QuerySet

from velkomst.forecast.backtest import ALSO, KINDS, Origin, compare
from velkomst.forecast.plan import (
    GENERAL,
    RECEPTION,
    RESERVED,
    BlockedRoomBack,
    ForecastInputs,
    LocationRooms,
    ScenarioSpec,
    run_forecast,
)
from velkomst.forecast.simulation import (
    ARRIVAL_KINDS,
    default_mean_from_recent,
    dispersion_from_counts,
    mean_standard_error,
    mix_from_counts,
    rate_standard_error,
    shares_from_counts,
)
from velkomst.housing.models import Location, MoveOutReason, Reservation, Room, Tenancy
from velkomst.lib.dates import age_on, monday_of
from velkomst.people.models import Case, Household, HouseholdMember, TargetGroup
from velkomst.rules import households as household_rules

RECENT_WEEKS = 12
TAKE_UP_WEEKS = (16, 4)  # referred this many weeks back, from .. to
EXIT_WEEKS = 26
SIZE_WEEKS = 52
EXIT_REASONS = (MoveOutReason.PERMANENT_HOUSING, MoveOutReason.OTHER_MUNICIPALITY, MoveOutReason.LEFT_DENMARK, MoveOutReason.OTHER)
HOUSED_GROUPS = [TargetGroup.DISPLACED_UKRAINIAN, TargetGroup.MUNICIPAL_QUOTA, TargetGroup.UN_QUOTA, TargetGroup.OTHER_REFUGEE,
                 TargetGroup.FAMILY_REUNIFIED]
FALLBACK_MIX = {"family": 0.4, "single_F": 0.33, "single_M": 0.27}


def location_choices() -> list[tuple[int, str]]:
    """Locations a scenario may close: the named ones not closed (not the single external flats). One query."""
    rows = Location.objects.exclude(status=Location.Status.CLOSED).exclude(kind=Location.Kind.FLAT).values_list("pk", "name")
    return sorted(rows, key=lambda r: r[1])


def pool_key(location: dict) -> str:
    if location["reserved_for"]:
        return RESERVED + location["reserved_for"]
    return RECEPTION if location["food_distribution"] else GENERAL


# --------------------------------------------------------------------------
# The rooms
# --------------------------------------------------------------------------


@dataclass
class Catalogue:
    """Rooms and locations with what we know of their history. Three queries."""

    rooms: dict[int, tuple[int, int, str, date | None]]  # room -> (location, beds, status, blocked until)
    locations: dict[int, dict]
    last_move_out: dict[int, date | None]  # None while someone lives there

    @classmethod
    def load(cls) -> Catalogue:
        locations = {row["pk"]: row for row in Location.objects.values("pk", "name", "kind", "food_distribution", "reserved_for",
                                                                      "status", "closing_on")}
        rooms = {pk: (loc, beds, status, until) for pk, loc, beds, status, until in
                 Room.objects.values_list("pk", "location_id", "beds", "status", "blocked_until")}
        last = {}
        for loc, last_out, current in (Tenancy.objects.values("room__location")
                                       .annotate(last=Max("moved_out_on"), current=Count("pk", filter=Q(moved_out_on__isnull=True)))
                                       .values_list("room__location", "last", "current")):
            last[loc] = None if current else last_out
        return cls(rooms, locations, last)

    def counted(self, day: date, *, past: bool) -> dict[int, tuple[int, int]]:
        """The rooms that count on the day: room -> (location, beds). See the module docstring."""
        out = {}
        for room, (loc, beds, status, _until) in self.rooms.items():
            location = self.locations[loc]
            if status != Room.Status.AVAILABLE:
                continue
            if location["status"] == Location.Status.CLOSED:
                last = self.last_move_out.get(loc)
                if not past or last is None or last <= day:
                    continue
            out[room] = (loc, beds)
        return out


def _kinds_of(households, on: date) -> dict[int, str]:
    """Each household's kind on the day: "family" (a household that needs a room of its own: a family by
    `rules.households.is_family`, or a single who needs a room alone), or "single_F" / "single_M" / "single_X".
    ``households``: a query of household ids (one query, whether it finds any or not)."""
    return _members_of(households, on)[0]


def _members_of(households, on: date) -> tuple[dict[int, str], Counter]:
    """Each household's kind on the day (see `_kinds_of`) and number of members. One query."""
    members: dict[int, list[tuple[str, int]]] = defaultdict(list)
    alone = set()
    for household_id, gender, birth, own_room in HouseholdMember.objects.filter(household__in=households).values_list(
        "household_id", "person__gender", "person__birth_date", "household__needs_own_room"
    ):
        members[household_id].append((gender, age_on(birth, on)))
        if own_room:
            alone.add(household_id)
    kinds = {
        h: "family" if h in alone or household_rules.is_family(age for _gender, age in m) else f"single_{m[0][0]}"
        for h, m in members.items()
    }
    return kinds, Counter({h: len(m) for h, m in members.items()})


def _reserved_on(day: date):
    """The active reservations made by the day: a reserved bed is occupied from the moment of the reservation, as a
    tenancy's is (`housing.spec.current_stays`)."""
    return Reservation.objects.active().filter(created_at__date__lte=day)


def occupying_households(day: date) -> QuerySet[Household]:
    """The households occupying beds on the day: current tenancies and active reservations."""
    return Household.objects.filter(Q(pk__in=Tenancy.objects.current_on(day).values("household_id"))
                                    | Q(pk__in=_reserved_on(day).values("household_id")))


def occupancy_on(day: date) -> dict[int, list[tuple[int, int]]]:
    """room -> [(household, persons)] of the tenancies current on the day and the active reservations. Two queries."""
    living: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for stays in (Tenancy.objects.current_on(day), _reserved_on(day)):
        for room, household, persons in stays.values_list("room_id", "household_id", "persons"):
            living[room].append((household, persons))
    return living


def location_rooms(cat: Catalogue, day: date, living: dict[int, list[tuple[int, int]]], kinds: dict[int, str], *,
                   past: bool, closing_within: date | None = None) -> list[LocationRooms]:
    """Each location's rooms on the day as the model counts them (empty, shared by gender, held by one household)."""
    per: dict[int, dict] = {}
    for room, (loc, beds) in cat.counted(day, past=past).items():
        c = per.setdefault(loc, {"empty": Counter(), "shared": Counter(), "family": Counter()})
        here = living.get(room, [])
        if not here:
            c["empty"][beds] += 1
            continue
        persons = min(beds, sum(n for _h, n in here))
        room_kinds = {kinds.get(h, "family") for h, _n in here}
        if len(room_kinds) == 1 and (kind := room_kinds.pop()) in ("single_F", "single_M"):
            c["shared"][(kind[-1], beds, max(1, persons))] += 1
        else:
            c["family"][(beds, max(1, persons))] += 1
    out = []
    for loc, c in sorted(per.items()):
        location = cat.locations[loc]
        closes = location["closing_on"] if location["status"] == Location.Status.CLOSING else None
        if past and closes is not None and closing_within is not None and closes > closing_within:
            closes = None  # on a past day, a closure beyond the horizon is taken as not yet known
        out.append(LocationRooms(id=loc, name=location["name"], pool=pool_key(location), empty=dict(c["empty"]),
                                 shared=dict(c["shared"]), family=dict(c["family"]), closes_on=closes))
    return out


def capacity_on(cat: Catalogue, day: date, *, past: bool) -> dict[str, int]:
    """The free capacity on a day in the forecast's kinds, summed over every pool: what actually was. Two queries."""
    living = occupancy_on(day)
    kinds = _kinds_of(occupying_households(day), day)
    totals = Counter(dict.fromkeys(("empty_rooms", "empty_beds", "shared_beds_F", "shared_beds_M", "persons"), 0))
    for loc in location_rooms(cat, day, living, kinds, past=past):
        totals["empty_rooms"] += sum(loc.empty.values())
        totals["empty_beds"] += sum(b * n for b, n in loc.empty.items())
        for (g, b, k), n in loc.shared.items():
            totals[f"shared_beds_{g}"] += (b - k) * n
        totals["persons"] += sum(p * n for (_b, p), n in loc.family.items()) + sum(k * n for (_g, _b, k), n in loc.shared.items())
    totals["free_beds"] = totals["empty_beds"] + totals["shared_beds_F"] + totals["shared_beds_M"]
    return dict(totals)


# --------------------------------------------------------------------------
# The flows
# --------------------------------------------------------------------------


def _referrals(as_of: date) -> dict:
    """Households referred per complete week of the last RECENT_WEEKS weeks, their kinds; family sizes of the last
    SIZE_WEEKS weeks; the take-up. Four queries."""
    end = monday_of(as_of)  # the day's own week is still running
    start = end - timedelta(weeks=max(SIZE_WEEKS, TAKE_UP_WEEKS[0], RECENT_WEEKS))
    referred = (Case.objects.filter(referral_decision_date__lt=end, target_group__in=HOUSED_GROUPS, household__isnull=False)
                .values("household_id").annotate(first=Min("referral_decision_date")).filter(first__gte=start))
    firsts = dict(referred.values_list("household_id", "first"))
    kinds, sizes = _members_of(referred.values_list("household_id", flat=True), as_of)
    recent_start = end - timedelta(weeks=RECENT_WEEKS)
    weeks = [0] * RECENT_WEEKS
    mix: Counter = Counter()
    size_counts: Counter = Counter()
    for household, day in firsts.items():
        kind = kinds.get(household, "family")
        if day >= recent_start:
            weeks[(day - recent_start).days // 7] += 1
            mix[kind] += 1
        if kind == "family":
            size_counts[sizes.get(household, 2)] += 1
    take_from, take_to = end - timedelta(weeks=TAKE_UP_WEEKS[0]), end - timedelta(weeks=TAKE_UP_WEEKS[1])
    asked = [h for h, day in firsts.items() if take_from <= day < take_to]
    window = referred.filter(first__gte=take_from, first__lt=take_to).values_list("household_id", flat=True)
    housed = set(Tenancy.objects.filter(household__in=window, moved_in_on__lte=as_of).values_list("household_id", flat=True))
    take_up = len(housed) / len(asked) if asked else 1.0
    return {"weeks": weeks, "mix": mix, "sizes": size_counts, "take_up": take_up}


def _flows(as_of: date, cat: Catalogue) -> dict:
    """Move-ins and move-outs of the last EXIT_WEEKS weeks by pool and kind, and the household-weeks housed. Two queries."""
    since = as_of - timedelta(weeks=EXIT_WEEKS)
    before = since - timedelta(weeks=EXIT_WEEKS)  # the window before, to see how much the exit rates moved
    recent = as_of - timedelta(weeks=RECENT_WEEKS)
    window = Tenancy.objects.filter(moved_in_on__lte=as_of).filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=before))
    rows = list(window.values_list("household_id", "room_id", "moved_in_on", "moved_out_on", "move_out_reason", "previous_id", "next__room_id"))
    kinds = _kinds_of(window.values("household_id"), as_of)

    def pool_of(room):
        return pool_key(cat.locations[cat.rooms[room][0]])

    by_room: dict[int, list[tuple[date, date | None, int]]] = defaultdict(list)
    for i, (_h, room, moved_in_on, moved_out_on, *_rest) in enumerate(rows):
        by_room[room].append((moved_in_on, moved_out_on, i))
    weeks_housed: dict[str, Counter] = defaultdict(Counter)
    opened: Counter = Counter()
    exits: dict[str, Counter] = defaultdict(Counter)
    moved_in: dict[str, Counter] = defaultdict(Counter)
    first_in: dict[str, Counter] = defaultdict(Counter)
    for i, (household, room, moved_in_on, moved_out_on, reason, previous, next_room) in enumerate(rows):
        kind = kinds.get(household, "family")
        if kind == "single_X":
            kind = "single_F"  # a handful a year; counted with the women (the smaller group in the centre's mix)
        pool = pool_of(room)
        open_pool = not pool.startswith(RESERVED)
        key = "open" if open_pool else pool
        for label, start, end in ((key, since, as_of), (key + ":before", before, since)):
            # Days housed within the window (start, end]: the tenancy is current on day d when moved_in <= d < moved_out.
            first_day = max(moved_in_on, start + timedelta(days=1))
            end_day = min(moved_out_on or end + timedelta(days=1), end + timedelta(days=1))
            days = (end_day - first_day).days
            if days > 0:
                weeks_housed[label][kind] += days / 7
            if moved_out_on and start < moved_out_on <= end:
                to_reserved = next_room is not None and pool_of(next_room).startswith(RESERVED)
                if not open_pool or reason in EXIT_REASONS or (reason == MoveOutReason.INTERNAL_MOVE and to_reserved):
                    exits[label][kind] += 1
        if since < moved_in_on <= as_of and not open_pool:
            moved_in[pool][kind] += 1
        if recent < moved_in_on <= as_of and previous is None and open_pool:
            first_in[pool][kind] += 1
            if kind.startswith("single"):
                # Did the single open an empty room? Room-mates current that day, or who moved in the same day before.
                others = any(j != i and (start < moved_in_on or (start == moved_in_on and j < i)) and (end is None or end > moved_in_on)
                             for start, end, j in by_room[room])
                opened["opened" if not others else "joined"] += 1
    return {"weeks_housed": weeks_housed, "exits": exits, "moved_in": moved_in, "first_in": first_in, "opened": opened}


def forecast_inputs(as_of: date, weeks: int = 52, *, today: date | None = None, past: bool | None = None,
                    catalogue: Catalogue | None = None) -> ForecastInputs:
    """Everything the simulation needs, read as of the date. A day before ``today`` (or any day with ``past=True``)
    is read as it stood then (see the module docstring). About a dozen queries, whatever the size of the data."""
    if past is None:
        past = today is not None and as_of < today
    cat = catalogue or Catalogue.load()
    living = occupancy_on(as_of)
    kinds = _kinds_of(occupying_households(as_of), as_of)
    locations = location_rooms(cat, as_of, living, kinds, past=past, closing_within=as_of + timedelta(weeks=weeks))
    ref = _referrals(as_of)
    mix_counts = {k: ref["mix"][k] for k in ("family", "single_F", "single_M", "single_X")}
    mix = mix_from_counts(*mix_counts.values()) if sum(mix_counts.values()) else dict(FALLBACK_MIX)
    flows = _flows(as_of, cat)
    housed, left = flows["weeks_housed"]["open"], flows["exits"]["open"]
    exit_rates = {k: min(1.0, left[k] / housed[k]) if housed[k] else 0.0 for k in ARRIVAL_KINDS}
    # The rate's uncertainty: counting noise, and how much it moved from the window before to the last one (rates
    # drift as the residents change: it may move as much again).
    housed_before, left_before = flows["weeks_housed"]["open:before"], flows["exits"]["open:before"]
    exit_sd = {}
    for k in ARRIVAL_KINDS:
        drift = abs(exit_rates[k] - left_before[k] / housed_before[k]) if housed_before[k] and housed[k] else 0.0
        exit_sd[k] = math.hypot(rate_standard_error(left[k], housed[k]), drift)
    intake: dict[str, dict[str, float]] = {}
    for kind in ARRIVAL_KINDS:
        total = sum(c[kind] for c in flows["first_in"].values())
        for pool, c in flows["first_in"].items():
            intake.setdefault(pool, {})[kind] = c[kind] / total if total else 0.0
    own, pool_rates = {}, {}
    for loc in locations:
        if loc.pool.startswith(RESERVED) and loc.pool not in own:
            moved, hw, out = flows["moved_in"][loc.pool], flows["weeks_housed"][loc.pool], flows["exits"][loc.pool]
            own[loc.pool] = {k: moved[k] / EXIT_WEEKS for k in ARRIVAL_KINDS}
            pool_rates[loc.pool] = {k: min(1.0, out[k] / hw[k]) if hw[k] else 0.0 for k in ARRIVAL_KINDS}
    blocked = [] if past else [BlockedRoomBack(loc, beds, until) for loc, beds, status, until in cat.rooms.values()
                               if status == Room.Status.BLOCKED and until is not None and until > as_of]
    weekly = ref["weeks"]
    mean = default_mean_from_recent(weekly, RECENT_WEEKS)
    return ForecastInputs(
        as_of=as_of, locations=locations, weekly_referrals=weekly, default_mean=mean * ref["take_up"],
        mean_sd=mean_standard_error(weekly) * ref["take_up"], dispersion=dispersion_from_counts(weekly), take_up=ref["take_up"],
        mix=mix, mix_counts=mix_counts, family_sizes=shares_from_counts(ref["sizes"]), family_size_counts=dict(sorted(ref["sizes"].items())),
        exit_rates=exit_rates, exit_rate_sd=exit_sd, exits={k: left[k] for k in ARRIVAL_KINDS},
        household_weeks={k: housed[k] for k in ARRIVAL_KINDS}, intake=intake, own_arrivals=own, pool_exit_rates=pool_rates,
        blocked_back=blocked, past=past, single_open_share=flows["opened"]["opened"] / max(1, sum(flows["opened"].values())),
        single_open_evidence=sum(flows["opened"].values()),
    )


# --------------------------------------------------------------------------
# The back-test
# --------------------------------------------------------------------------

BACKTEST_WEEKS = (26, 13)


def backtest(as_of: date, *, weeks_back: tuple[int, ...] = BACKTEST_WEEKS, runs: int = 1000, seed: int | None = 0,
             horizon: int = 52) -> list[Origin]:
    """The forecast made as of ``weeks_back`` weeks before ``as_of``, from the data as they stood then, against the
    free capacity actually counted on each of the following weeks' days up to ``as_of``. Every day is read as a past
    day (see the module docstring), the forecast's and the actual alike. A fixed number of queries for a given
    ``weeks_back`` (about a dozen per origin and two per week compared), whatever the size of the data."""
    cat = Catalogue.load()
    actual: dict[date, dict[str, int]] = {}
    origins = []
    for n in weeks_back:
        origin = as_of - timedelta(weeks=n)
        inputs = forecast_inputs(origin, horizon, past=True, catalogue=cat)
        [run] = run_forecast(inputs, [ScenarioSpec("back-test")], weeks=horizon, runs=runs, seed=seed)
        days = [origin + timedelta(weeks=w) for w in range(1, min(n, horizon) + 1)]
        for day in days:
            if day not in actual:
                actual[day] = capacity_on(cat, day, past=True)
        kinds = compare(days, {k: run.result.band(k) for k in KINDS + ALSO},
                        {k: [actual[d].get(k, 0) for d in days] for k in KINDS + ALSO})
        origins.append(Origin(origin, n, kinds))
    return origins
