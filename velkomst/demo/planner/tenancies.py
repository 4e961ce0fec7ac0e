"""The tenancies: who lives where now (some after an internal move), and who lived here before
(moved on to permanent housing, to another municipality or abroad), consistent with the present.

A past tenancy never shares its room with anyone, and no tenancy starts before its household
arrived or after the as-of date.
"""
from __future__ import annotations

import bisect
import math
import random
from dataclasses import replace
from datetime import date, timedelta
from functools import cache, partial

from velkomst.demo import tables
from velkomst.demo.planner.placement import Occupancy, empty_room_takes
from velkomst.demo.planner.residents import Resident
from velkomst.demo.records import PlannedTenancy
from velkomst.engine.rules import location_accepts
from velkomst.lib.dates import age_on, monday_of
from velkomst.rules.households import is_adult, needs_food_distribution

FAR = date(9999, 12, 31)  # the end of a tenancy that has not ended
OWN_HOME_STAY_DAYS = 120  # newcomers who move on to a home of their own: the mean stay after the first benefit payment
MOVED_AWAY_REASON = {"moved_away": "other_municipality", "left_denmark": "left_denmark"}


class Timeline:
    """When each room was in use and by whom, so that a past tenancy keeps the housing rules with everyone it lived
    with: a family (or anyone who needs a room alone) has the room to itself; single women or single men share a
    room of their gender up to its beds."""

    def __init__(self, beds: list[int]):
        self.beds = beds
        # room -> [(start, end, who, persons)]; who = "F"/"M" for a single who shares, "" for a room held alone.
        self.busy: list[list[tuple[date, date, str, int]]] = [[] for _ in beds]
        self.candidates: dict[tuple, list[tuple[int, int, date]]] = {}
        self.occupied_from = [FAR] * len(beds)  # since when the present residents live there

    def free(self, room: int, start: date, end: date) -> bool:
        return all(end <= s or start >= e for s, e, _who, _n in self.busy[room])

    def joins(self, room: int, start: date, end: date, gender: str) -> bool:
        """A single of the gender can share the room from start to end: everyone there then is a single of that
        gender, someone is (it is a shared room, not an empty one), and a bed is free all the time."""
        overlapping = [(s, e, who, n) for s, e, who, n in self.busy[room] if s < end and e > start]
        if not overlapping or any(who != gender for _s, _e, who, _n in overlapping):
            return False
        # Most persons at once within [start, end): count at each moment someone moves in.
        moments = {start} | {s for s, _e, _w, _n in overlapping if s > start}
        return all(sum(n for s, e, _w, n in overlapping if s <= t < e) + 1 <= self.beds[room] for t in moments)

    def add(self, room: int, start: date, end: date, who: str = "", persons: int = 1) -> None:
        self.busy[room].append((start, end, who, persons))
        if end == FAR:
            self.occupied_from[room] = min(self.occupied_from[room], start)


class History:
    """Writes the tenancies of the present residents and of those who moved out."""

    def __init__(self, rng: random.Random, occ: Occupancy, as_of: date):
        self.rng, self.occ, self.as_of = rng, occ, as_of
        self.timeline = Timeline([room.beds for room in occ.rooms])
        self.tenancies: list[PlannedTenancy] = []

    def past_room(self, r: Resident, start: date, end: date, *, food: bool = False, exclude_location: int | None = None) -> int | None:
        """A room the household could have lived in from start to end (at a location open then, not reserved for a
        target group; a food-distribution location if `food`), or None. A single man or woman joins a shared room of
        his or her gender with a free bed when one of the rooms tried has one (residents are placed in shared rooms),
        else has an empty room; a family has a room to itself."""
        key = (r.population, r.pets, food, r.household.is_family, r.size)
        if key not in self.timeline.candidates:
            self.timeline.candidates[key] = self._past_candidates(r, food=food)
        candidates = self.timeline.candidates[key]
        shares = _shares(r, start)
        empty = None
        for _ in range(min(len(candidates), 100)):
            ri, li, opened_on = candidates[self.rng.randrange(len(candidates))]
            if li == exclude_location or opened_on > start:
                continue
            if shares and self.timeline.joins(ri, start, end, r.gender):
                self.timeline.add(ri, start, end, r.gender)
                return ri
            if empty is None and self.timeline.occupied_from[ri] >= end and self.timeline.free(ri, start, end):
                empty = ri
                if not shares:
                    break
        if empty is not None:
            self.timeline.add(empty, start, end, r.gender if shares else "", r.size)
        return empty

    def _past_candidates(self, r: Resident, *, food: bool) -> list[tuple[int, int, date]]:
        # Then: no category (no reserved location), on food distribution if `food`, any access.
        then = replace(r.household, category=None, needs_food_distribution=food, needs_accessible=False)
        takes = cache(partial(empty_room_takes, household=then))  # thousands of rooms, a dozen sizes
        occ = self.occ
        return [
            (ri, li, loc.opened_on) for li, loc in enumerate(occ.locations)
            # External flats are for families.
            if location_accepts(occ.rule_locations[li], then) and (loc.kind != "flat" or then.is_family)
            for ri in loc.rooms
            if occ.rooms[ri].status != "closed" and takes(occ.rooms[ri].beds, occ.rooms[ri].accessible)
        ]

    def add(self, r: Resident, room: int, moved_in: date, *, first: bool, moved_out: date | None = None, reason: str = "",
            carried: PlannedTenancy | None = None) -> int:
        """A tenancy; `first` when it is the household's first (a transport ticket to the welcome meeting), `carried`
        the tenancy it moved from (lease and start kit carry over). Steps are dated only when done by the as-of date."""
        rng, location = self.rng, self.occ.locations[self.occ.rooms[room].location]

        def soon(days: int) -> date | None:
            day = moved_in + timedelta(days=days)
            return day if day <= self.as_of else None

        self.tenancies.append(PlannedTenancy(
            household=r.index, room=room, moved_in_on=moved_in, persons=r.size, household_type=r.household_type_on(moved_in),
            moved_out_on=moved_out, move_out_reason=reason,
            lease_signed_on=carried.lease_signed_on if carried else soon(rng.choice([0, 0, 1, 2, 3])),
            start_kit_on=carried.start_kit_on if carried else moved_in,
            keys_handed_out_on=moved_in,
            keys_returned_on=moved_out,
            house_rules_explained_on=soon(rng.choice([0, 0, 1, 2, 5])) if rng.random() > 0.02 else None,
            food_distribution=location.food_distribution and needs_food_distribution(r.first_payment, moved_in),
            transport_ticket_on=soon(rng.randint(4, 8)) if first else None,
        ))
        return len(self.tenancies) - 1


def _shares(r: Resident, day: date) -> bool:
    """A single woman or man who may share a room on the day (rules 3 and 4 of the allocation SPEC): an adult then."""
    return not r.household.needs_room_alone and r.gender in ("F", "M") and all(is_adult(age_on(b, day)) for b in r.births)


def plan_tenancies(rng: random.Random, occ: Occupancy, everyone: list[Resident], *, scale: float, as_of: date) -> list[PlannedTenancy]:
    history = History(rng, occ, as_of)
    current = _present_move_ins(history, everyone)
    _present_tenancies(history, current)
    _moves_to_permanent_housing(history, everyone, scale)
    _moves_away(history, everyone)
    _moves_to_own_homes(history, everyone)
    return history.tenancies


def _present_move_ins(history: History, everyone: list[Resident]) -> list[tuple[Resident, int, date]]:
    """When the present residents moved into their rooms: on arrival, or later for a move from a reception location
    or to a target-group location (those since autumn 2024)."""
    rng, occ, as_of = history.rng, history.occ, history.as_of
    by_index = {r.index: r for r in everyone}
    current = []
    for index, room in sorted(occ.placed.items()):
        r = by_index[index]
        location = occ.locations[occ.rooms[room].location]
        moved_in = r.arrival
        since = tables.TARGET_GROUP_LOCATIONS_SINCE
        if location.reserved_for and r.arrival < since:
            moved_in = since + timedelta(days=rng.randint(0, (as_of - since).days - 20))
        elif not location.food_distribution and (as_of - r.arrival).days > 90 and rng.random() < 0.2:
            # Newcomers first live at a reception location with food distribution.
            settled = (r.first_payment or r.arrival + timedelta(days=30)) + timedelta(days=rng.randint(5, 150))
            moved_in = min(settled, as_of - timedelta(days=10))
        current.append((r, room, moved_in))
        history.timeline.add(room, moved_in, FAR, r.gender if _shares(r, moved_in) else "", r.size)
    return current


def _present_tenancies(history: History, current: list[tuple[Resident, int, date]]) -> None:
    """The present tenancies; a household that moved in after arriving lived first in another location's room (linked)."""
    rng, occ, as_of = history.rng, history.occ, history.as_of
    for r, room, moved_in in current:
        previous = None
        if moved_in > r.arrival:
            location = occ.rooms[room].location
            before = history.past_room(r, r.arrival, moved_in, food=not occ.locations[location].reserved_for, exclude_location=location)
            if before is not None:
                previous = history.add(r, before, r.arrival, first=True, moved_out=moved_in, reason="internal_move")
        carried = history.tenancies[previous] if previous is not None else None
        index = history.add(r, room, moved_in, first=previous is None, carried=carried)
        tenancy = history.tenancies[index]
        tenancy.previous = previous
        if rng.random() < 0.02 and (as_of - moved_in).days > 200:
            tenancy.planned_move_out_on = as_of + timedelta(days=rng.randint(7, 60))


def _moves_to_permanent_housing(history: History, everyone: list[Resident], scale: float) -> None:
    """Moved on to permanent housing: 3-8 households a week over the last year, fewer before; anyone living here
    now but not housed by the centre, who had arrived at least three months before."""
    rng, as_of = history.rng, history.as_of
    pool = sorted((r for r in everyone if r.living and r.index not in history.occ.placed), key=lambda r: (r.arrival, r.index))
    arrivals = [r.arrival for r in pool]
    last_year, before = tables.PERMANENT_HOUSING_WEEKLY
    for week in range(1, 52 * 5):
        monday = monday_of(as_of) - timedelta(weeks=week)
        if monday < tables.PERMANENT_HOUSING_SINCE:
            break
        wanted = round(rng.randint(*(last_year if week <= 52 else before)) * scale)
        for _ in range(wanted):
            out_on = monday + timedelta(days=rng.randint(0, 4))
            eligible = bisect.bisect_left(arrivals, out_on - timedelta(days=90))
            if eligible == 0:
                break
            pick = rng.randrange(eligible)
            r = pool.pop(pick)
            arrivals.pop(pick)
            # Some lived with a private host first and came to temporary housing later.
            moved_in = max(r.arrival, out_on - timedelta(days=rng.randint(120, 900)))
            room = history.past_room(r, moved_in, out_on)
            if room is not None:
                history.add(r, room, moved_in, first=True, moved_out=out_on, reason="permanent_housing")


def _moves_away(history: History, everyone: list[Resident]) -> None:
    """Of those who left the municipality, most had lived in temporary housing until they left."""
    for r in everyone:
        if r.living or r.left_on is None or r.left_on <= r.arrival or history.rng.random() > 0.6:
            continue
        room = history.past_room(r, r.arrival, r.left_on)
        if room is not None:
            history.add(r, room, r.arrival, first=True, moved_out=r.left_on, reason=MOVED_AWAY_REASON.get(r.left_reason, "other"))


def _moves_to_own_homes(history: History, everyone: list[Resident]) -> None:
    """Newcomers of the last year get a place on arrival (they have food handed out at a reception location until their
    first benefit payment); those who live here but not in temporary housing now moved on to a home of their own
    some weeks or months later (a private rental, with family or a host)."""
    rng, as_of = history.rng, history.as_of
    since = as_of - timedelta(weeks=tables.RECENT_REFERRAL_WEEKS)
    housed = {t.household for t in history.tenancies} | set(history.occ.placed)
    for r in everyone:
        if not r.living or r.index in housed or r.arrival <= since or (as_of - r.arrival).days < 45:
            continue
        # After the first benefit payment, a stay of some weeks or months (exponential, mean OWN_HOME_STAY_DAYS), drawn
        # within the time left before the day: the same for every cohort, so move-outs do not pile up before the day.
        span = (as_of - r.arrival).days - 7 - 30
        u = rng.random() * (1 - math.exp(-span / OWN_HOME_STAY_DAYS))
        out_on = r.arrival + timedelta(days=30 + min(span, int(-OWN_HOME_STAY_DAYS * math.log(1 - u))))
        room = history.past_room(r, r.arrival, out_on, food=True)
        if room is not None:
            history.add(r, room, r.arrival, first=True, moved_out=out_on, reason="other")
