"""Who lives where on the as-of date: the chosen households placed so that every hard rule of
`../shared/allocation/SPEC.md` holds.

Whether a location or room takes a household is asked of `velkomst.engine.rules` (the same rules
the allocation engine and the move-in page use); this module only decides the order in which
households and rooms are tried. Free rooms wait in queues by (beds, accessible) per named location
and by (beds, pets, accessible) for the external flats, so a placement costs the same at 10x the demo.
"""
from __future__ import annotations

import random
from collections import deque
from datetime import date
from functools import cache, lru_cache, partial

from velkomst.demo import tables
from velkomst.demo.planner.residents import Resident
from velkomst.demo.planner.sites import rule_location
from velkomst.demo.records import PlannedLocation, PlannedRoom
from velkomst.engine.model import Household, Occupant
from velkomst.engine.model import Location as RuleLocation
from velkomst.engine.model import Room as RuleRoom
from velkomst.engine.rules import (
    check_accessibility,
    location_accepts,
    occupancy_reasons,
    reasons_room_refuses,
    signature_accepts,
)
from velkomst.lib.dates import add_years
from velkomst.rules.populations import REFUGEE, UKRAINIAN

SINGLE_ROOM_ORDER = (2, 3, 4, 1, 6, 5)  # singles open two-bed rooms first: "often a shared two-person room"


@lru_cache(maxsize=None)
def _empty_room(beds: int, accessible: bool) -> RuleRoom:
    return RuleRoom(id="", location="", beds=beds, accessible=accessible)


def empty_room_takes(beds: int, accessible: bool, household: Household) -> bool:
    """An empty room of this size and access takes the household (rules 1, 3, 4 and 7)."""
    room = _empty_room(beds, accessible)
    return not occupancy_reasons(room, household) and check_accessibility(room, household) is None


@lru_cache(maxsize=None)
def _flat_attributes(pets_allowed: bool) -> tuple:
    """What the rules see of an external flat: both populations, no food distribution, not reserved; pets as the flat says."""
    return RuleLocation(id="flat", serves=frozenset((UKRAINIAN, REFUGEE)), food_distribution=False, pets_allowed=pets_allowed,
                        reserved_for=None).attributes


def similar_age(ages: list[int]) -> bool:
    return max(ages) - min(ages) <= tables.SIMILAR_AGE_YEARS


class Occupancy:
    """Who lives in which room while planning, and the free rooms left."""

    def __init__(self, locations: list[PlannedLocation], rooms: list[PlannedRoom], kept_empty: set[int]):
        self.locations = locations
        self.rooms = rooms
        self.rule_locations = [rule_location(loc) for loc in locations]
        self.room_households: dict[int, list[Resident]] = {i: [] for i in range(len(rooms))}
        self.used = [0] * len(locations)
        self.placed: dict[int, int] = {}  # resident index -> room
        self.named = [i for i, loc in enumerate(locations) if loc.kind != "flat"]
        self.free: dict[int, dict[tuple[int, bool], deque]] = {li: {} for li in self.named}
        self.free_flats: dict[tuple[int, bool, bool], deque] = {}
        self.open_shared: dict[tuple[int, str], list[int]] = {}  # (location, gender) -> rooms of singles with a free bed
        for ri, room in enumerate(rooms):
            location = locations[room.location]
            # Rooms kept empty are ready for the next arrivals.
            if room.status != "available" or ri in kept_empty or location.cap == 0:
                continue
            if location.kind == "flat":
                self.free_flats.setdefault((room.beds, location.pets_allowed, room.accessible), deque()).append(ri)
            else:
                self.free[room.location].setdefault((room.beds, room.accessible), deque()).append(ri)

    def rule_room(self, ri: int) -> RuleRoom:
        """The room with its occupants, as the allocation rules see it."""
        room = self.rooms[ri]
        occupants = tuple(Occupant(person=m.person, household=r.household.id, gender=m.gender, age=m.age,
                                   needs_own_room=r.household.needs_own_room)
                          for r in self.room_households[ri] for m in r.household.members)
        return RuleRoom(id=str(ri), location=self.locations[room.location].code, beds=room.beds, accessible=room.accessible,
                        occupants=occupants)

    def preference(self, r: Resident) -> list[int]:
        """Named locations that take the household and have room for it: the target-group location first, then the emptiest."""
        ok = [li for li in self.named
              if location_accepts(self.rule_locations[li], r.household) and self.used[li] + r.size <= self.locations[li].cap]
        return sorted(ok, key=lambda i: (not self.locations[i].reserved_for, self.used[i] / self.locations[i].cap, i))

    def put(self, r: Resident, room: int) -> None:
        self.room_households[room].append(r)
        self.used[self.rooms[room].location] += r.size
        self.placed[r.index] = room

    def place_own_room(self, r: Resident, *, flats: bool) -> bool:
        """A room of its own: the target-group location first, then a close fit, an external flat before a room at a location."""
        takes = cache(partial(empty_room_takes, household=r.household))  # the same few sizes recur at every location
        best = None
        for rank, li in enumerate(self.preference(r)):
            reserved = bool(self.locations[li].reserved_for)
            for (beds, accessible), queue in self.free[li].items():
                if queue and takes(beds, accessible):
                    waste = beds - r.size
                    key = (not reserved, min(waste, 2), True, rank, accessible, waste)
                    if best is None or key < best[0]:
                        best = (key, queue)
        if flats:
            for (beds, pets, accessible), queue in self.free_flats.items():
                if queue and signature_accepts(r.household.signature, _flat_attributes(pets), accessible) and takes(beds, accessible):
                    waste = beds - r.size
                    key = (True, min(waste, 2), False, 0, accessible, waste)
                    if best is None or key < best[0]:
                        best = (key, queue)
        if best is None:
            return False
        self.put(r, best[1].popleft())
        return True

    def pop_room(self, li: int, *, accessible: bool) -> int | None:
        """An empty room for singles at the location: two beds first; accessible rooms last unless needed."""
        for beds in SINGLE_ROOM_ORDER:
            for acc in ((True,) if accessible else (False, True)):
                queue = self.free[li].get((beds, acc))
                if queue:
                    return queue.popleft()
        return None

    def place_single_shared(self, r: Resident) -> bool:
        """Join a same-gender room of people of similar age, or open a room; the target-group location first."""
        options = self.preference(r)
        for group in ([li for li in options if self.locations[li].reserved_for], [li for li in options if not self.locations[li].reserved_for]):
            if self._join(r, group) or self._open(r, group):
                return True
        # A single with a pet and no named location that takes it: a small flat of their own.
        return r.pets and self.place_own_room(r, flats=True)

    def _join(self, r: Resident, locations: list[int]) -> bool:
        for li in locations:
            rooms = self.open_shared.get((li, r.gender), [])
            for ri in rooms:
                here = self.room_households[ri]
                if similar_age([h.age for h in here] + [r.age]) and not reasons_room_refuses(
                        self.rule_room(ri), self.rule_locations[li], r.household):
                    self.put(r, ri)
                    if len(here) >= self.rooms[ri].beds:
                        rooms.remove(ri)
                    return True
        return False

    def _open(self, r: Resident, locations: list[int]) -> bool:
        for li in locations:
            ri = self.pop_room(li, accessible=r.household.needs_accessible)
            if ri is not None:
                self.put(r, ri)
                if self.rooms[ri].beds > 1:
                    self.open_shared.setdefault((li, r.gender), []).append(ri)
                return True
        return False


def fill_singles(rng: random.Random, occ: Occupancy, location: int, singles: list[Resident]) -> list[Resident]:
    """Fill rooms of one location with singles sorted by gender and age: room-mates of one gender and similar age.
    Returns the singles that did not fit."""
    overflow = []
    cap = occ.locations[location].cap
    for needs_accessible in (True, False):
        queue = deque(sorted((s for s in singles if s.household.needs_accessible == needs_accessible), key=lambda s: (s.gender, s.age, s.index)))
        while queue:
            room = occ.pop_room(location, accessible=needs_accessible)
            if room is None:
                overflow += queue
                break
            beds = occ.rooms[room].beds
            # Now and then a shared room keeps a free bed.
            take = beds - 1 if beds >= 3 and rng.random() < 0.15 else beds
            chunk = [queue.popleft()]
            while queue and len(chunk) < take and _joins(queue[0], chunk, beds, needs_accessible):
                chunk.append(queue.popleft())
            if occ.used[location] + len(chunk) > cap:
                overflow += chunk + list(queue)
                break
            for s in chunk:
                occ.put(s, room)
            if len(chunk) < beds:
                occ.open_shared.setdefault((location, chunk[0].gender), []).append(room)
    return overflow


def _joins(single: Resident, chunk: list[Resident], beds: int, accessible: bool) -> bool:
    """The next single may move into the empty room with those already chosen for it."""
    return (similar_age([chunk[0].age, single.age])
            and not occupancy_reasons(_empty_room(beds, accessible), single.household, [s.household for s in chunk]))


def choose(rng: random.Random, candidates: list[Resident], targets: dict[str, int], as_of: date) -> tuple[list[Resident], list[Resident]]:
    """The households to house, in order of priority, up to the persons each group targets; the rest are the reserve
    taken when some cannot be placed. Newcomers on food distribution, pet owners and patients are always housed;
    the employed and long-settled families are the ones more likely to have found a permanent home."""
    two_years_ago, a_year_ago = add_years(as_of, -2), add_years(as_of, -1)

    def priority(r: Resident) -> float:
        if r.household.needs_food_distribution or r.pets or r.category == "patient":
            return 10.0
        score = rng.random()
        score -= 0.45 if r.employed else 0
        score -= 0.35 if r.household.is_family and r.arrival < two_years_ago else 0
        score += 0.3 if r.category == "vulnerable" else 0
        score += 0.25 if r.arrival > a_year_ago else 0
        return score

    ranked = sorted(candidates, key=lambda r: (-priority(r), r.index))
    chosen, reserve, persons = [], [], dict.fromkeys(targets, 0)
    for r in ranked:
        if persons[r.group] < targets[r.group]:
            chosen.append(r)
            persons[r.group] += r.size
        else:
            reserve.append(r)
    return chosen, reserve


def _hardness(r: Resident) -> tuple:
    """The hardest to place first: a category, pets, food distribution, step-free access, then the largest."""
    h = r.household
    return (r.category is None, not r.pets, not h.needs_food_distribution, not h.needs_accessible, -r.size, r.index)


def _constrained(r: Resident) -> bool:
    h = r.household
    return bool(r.category or r.pets or h.needs_food_distribution or h.needs_accessible)


def place(rng: random.Random, occ: Occupancy, households: list[Resident]) -> list[Resident]:
    """Place households, hardest first; returns those that found no room."""
    unplaced = []
    for r in sorted((r for r in households if r.household.needs_room_alone), key=_hardness):
        # Families may go to an external flat; a single with a documented need gets a room at a location.
        if not occ.place_own_room(r, flats=r.household.is_family):
            unplaced.append(r)
    singles = sorted((r for r in households if not r.household.needs_room_alone), key=_hardness)
    # Constrained singles one by one; the rest in bulk, location by location, sorted by age.
    by_location: dict[int, list[Resident]] = {}
    planned = [0] * len(occ.locations)
    for r in singles:
        if _constrained(r):
            if not occ.place_single_shared(r):
                unplaced.append(r)
            continue
        options = [li for li in occ.preference(r) if occ.used[li] + planned[li] < occ.locations[li].cap]
        if not options:
            unplaced.append(r)
            continue
        li = max(options, key=lambda i: ((occ.locations[i].cap - occ.used[i] - planned[i]) / occ.locations[i].cap, -i))
        by_location.setdefault(li, []).append(r)
        planned[li] += 1
    overflow = []
    for li in sorted(by_location):
        overflow += fill_singles(rng, occ, li, by_location[li])
    for r in sorted(overflow, key=_hardness):
        if not occ.place_single_shared(r):
            unplaced.append(r)
    return unplaced


def place_until_targets(rng: random.Random, occ: Occupancy, living: list[Resident], targets: dict[str, int], as_of: date) -> None:
    """Place the chosen households; those who found no room live elsewhere, so take the next in line (three rounds)."""
    chosen, reserve = choose(rng, living, targets, as_of)
    place(rng, occ, chosen)
    for _ in range(3):
        persons = dict.fromkeys(targets, 0)
        for r in living:
            if r.index in occ.placed:
                persons[r.group] += r.size
        more = []
        for r in reserve:
            if persons[r.group] < targets[r.group]:
                more.append(r)
                persons[r.group] += r.size
        if not more:
            break
        taken = {r.index for r in more}
        reserve = [r for r in reserve if r.index not in taken]
        place(rng, occ, more)
