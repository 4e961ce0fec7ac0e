"""Exact aggregation of an instance into interchangeable room groups and household types.

Why it is exact (the solver's bound relies on this):

* Two EMPTY rooms with the same beds, accessibility and location attributes
  (serves, food_distribution, pets_allowed, reserved_for) accept exactly the same
  households and cost exactly the same for the same incoming households (every
  objective term of a room depends only on beds, whether it was empty, and the
  incoming members; the category term only on ``reserved_for``).  They form a
  *class*; a plan only needs to know how many rooms of a class hold what.
* Occupied rooms that can still take someone hold singles only (a room with a
  family is closed, families need an empty room), have one fixed gender (a room
  with mixed-gender occupants is closed to newcomers, since any newcomer makes it
  shared) and a fixed occupant age range.  Rooms equal in all of that are grouped.
* Households with the same rule signature (population, pets, accessibility,
  food distribution, category) and the same size are interchangeable if they are
  families (age never matters for a family: it never shares); singles are
  interchangeable if also gender and age are equal.

Every plan maps to integer counts "pattern p used x_p times in group g" with the
same objective, and vice versa, so bounds on the aggregated problem are bounds
on the original one.
"""
from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field

from .model import Instance, Room
from .rules import signature_accepts
from .scoring import AGE_TOLERANCE, W_CATEGORY, W_LOST_BED, W_OPENED, W_SINGLE_BED, W_UNPLACED

EMPTY, OCCUPIED = "empty", "occupied"


@dataclass
class Group:
    index: int
    kind: str                 # EMPTY or OCCUPIED
    beds: int
    cap: int                  # most newcomers a room of the group can take
    accessible: bool
    location_attributes: tuple
    reserved_for: str | None
    gender: str | None = None  # OCCUPIED: the occupants' gender
    lo: int | None = None      # OCCUPIED: youngest occupant
    hi: int | None = None      # OCCUPIED: oldest occupant
    rooms: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rooms)


@dataclass
class HouseholdType:
    index: int
    family: bool
    size: int
    signature: tuple
    category: str | None
    category_relevant: bool
    empty_bed_weight: int      # an empty bed in the room it opens: a family's (10) or a single's (2)
    gender: str | None = None  # singles
    age: int | None = None     # singles
    households: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.households)

    @property
    def unplaced_cost(self) -> int:
        return W_UNPLACED * self.size + (W_CATEGORY if self.category_relevant else 0)


def open_room_state(room: Room) -> tuple | None:
    """(gender, lo, hi) for an occupied room that can still take a single, else None."""
    if room.is_empty or room.free_beds <= 0 or room.closed_to_others:
        return None
    genders = room.occupant_genders
    if len(genders) != 1:
        return None
    ages = [o.age for o in room.occupants]
    return next(iter(genders)), min(ages), max(ages)


class Aggregate:
    def __init__(self, instance: Instance):
        self.instance = instance
        self.groups: list[Group] = []
        self.group_of_room: dict[str, int] = {}
        keyed: dict[tuple, Group] = {}
        for room in instance.rooms:
            loc = instance.locations[room.location]
            attrs = loc.attributes
            if room.is_empty:
                if room.beds <= 0:
                    continue
                key = (EMPTY, attrs, room.beds, room.accessible)
                if key not in keyed:
                    keyed[key] = Group(len(self.groups), EMPTY, room.beds, room.beds, room.accessible, attrs,
                                       loc.reserved_for)
                    self.groups.append(keyed[key])
            else:
                state = open_room_state(room)
                if state is None:
                    continue
                gender, lo, hi = state
                key = (OCCUPIED, attrs, room.beds, room.free_beds, room.accessible, gender, lo, hi)
                if key not in keyed:
                    keyed[key] = Group(len(self.groups), OCCUPIED, room.beds, room.free_beds, room.accessible,
                                       attrs, loc.reserved_for, gender, lo, hi)
                    self.groups.append(keyed[key])
            g = keyed[key]
            g.rooms.append(room.id)
            self.group_of_room[room.id] = g.index

        self.types: list[HouseholdType] = []
        self.type_of: dict[str, int] = {}
        tkeyed: dict[tuple, HouseholdType] = {}
        for h in instance.households:
            rel = instance.category_relevant(h)
            # "Family" types get a room alone: SPEC families and households with a documented need for one.
            alone = h.needs_room_alone
            if alone:
                key = ("F", h.size, h.signature, rel, h.is_family)
            else:
                key = ("S", h.gender, h.age, h.signature, rel)
            if key not in tkeyed:
                tkeyed[key] = HouseholdType(len(self.types), alone, h.size, h.signature, h.category, rel,
                                            W_LOST_BED if h.is_family else W_SINGLE_BED,
                                            None if alone else h.gender, None if alone else h.age)
                self.types.append(tkeyed[key])
            tkeyed[key].households.append(h.id)
            self.type_of[h.id] = tkeyed[key].index
        self.family_types = [t.index for t in self.types if t.family]
        self.single_types = [t.index for t in self.types if not t.family]

        # compatible groups per type (rules 1, 3, 5-9; gender handled by patterns)
        self.options: list[list[int]] = []
        cache: dict[tuple, bool] = {}
        for t in self.types:
            opts = []
            for g in self.groups:
                if t.family:
                    if g.kind != EMPTY or g.beds < t.size:
                        continue
                elif g.kind == OCCUPIED and g.gender != t.gender:
                    continue
                ck = (t.signature, g.location_attributes, g.accessible)
                ok = cache.get(ck)
                if ok is None:
                    ok = cache[ck] = signature_accepts(t.signature, g.location_attributes, g.accessible)
                if ok:
                    opts.append(g.index)
            self.options.append(opts)

    # ------------------------------------------------------------------ costs
    def category_miss(self, t: int, g: int) -> int:
        ty = self.types[t]
        return 1 if ty.category_relevant and self.groups[g].reserved_for != ty.category else 0

    def family_cost(self, t: int, g: int) -> int:
        ty, gr = self.types[t], self.groups[g]
        return W_OPENED + ty.empty_bed_weight * (gr.beds - ty.size) + W_CATEGORY * self.category_miss(t, g)

    def pattern_cost(self, g: int, items: tuple) -> int:
        """Cost of one room of group ``g`` receiving singles ``items`` = ((type, multiplicity), ...)."""
        gr = self.groups[g]
        k = sum(m for _, m in items)
        ages = [self.types[s].age for s, _ in items]
        cat = W_CATEGORY * sum(m * self.category_miss(s, g) for s, m in items)
        if gr.kind == EMPTY:
            cost = W_OPENED + W_SINGLE_BED * (gr.beds - k)
            if k >= 2:
                cost += max(0, max(ages) - min(ages) - AGE_TOLERANCE)
            return cost + cat
        return max(0, max(gr.hi, max(ages)) - min(gr.lo, min(ages)) - AGE_TOLERANCE) + cat

    # ------------------------------------------------------------------ plans <-> counts
    def columns_of(self, assignment: dict[str, str]) -> dict[tuple, int]:
        """Aggregate a concrete plan into column counts.

        Keys: ("y", type, group) for a family in a room of an empty class,
        ("p", group, items) for a room receiving singles ``items``.
        """
        incoming: dict[str, list[str]] = {}
        for hid, rid in assignment.items():
            incoming.setdefault(rid, []).append(hid)
        cols: dict[tuple, int] = {}
        for rid, hids in incoming.items():
            g = self.group_of_room[rid]
            types = [self.type_of[h] for h in hids]
            if len(types) == 1 and self.types[types[0]].family:
                key = ("y", types[0], g)
            else:
                mult: dict[int, int] = {}
                for t in types:
                    mult[t] = mult.get(t, 0) + 1
                key = ("p", g, tuple(sorted(mult.items())))
            cols[key] = cols.get(key, 0) + 1
        return cols

    def assignment_of(self, cols: dict[tuple, int]) -> dict[str, str]:
        """Turn column counts back into a concrete plan (household id -> room id)."""
        free_rooms = {g.index: list(reversed(g.rooms)) for g in self.groups}
        waiting = {t.index: list(reversed(t.households)) for t in self.types}
        out: dict[str, str] = {}
        for key in sorted(cols, key=repr):
            n = cols[key]
            for _ in range(n):
                if key[0] == "y":
                    _, t, g = key
                    out[waiting[t].pop()] = free_rooms[g].pop()
                else:
                    _, g, items = key
                    rid = free_rooms[g].pop()
                    for s, m in items:
                        for _ in range(m):
                            out[waiting[s].pop()] = rid
        return out

    def residual(self, cols: dict[tuple, int]) -> "Aggregate":
        """The same aggregate with the rooms and households used by ``cols`` taken out."""
        used = self.assignment_of(cols)
        used_rooms = set(used.values())
        res = copy.copy(self)
        res.groups = [dataclasses.replace(g, rooms=[r for r in g.rooms if r not in used_rooms]) for g in self.groups]
        res.types = [dataclasses.replace(t, households=[h for h in t.households if h not in used])
                     for t in self.types]
        return res
