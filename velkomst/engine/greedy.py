"""Baseline: most-constrained household first, into the room that adds least to the objective.

Also used by the optimiser as a first plan.  Pure Python, no solver.
"""
from __future__ import annotations

import time

from .aggregate import EMPTY, Aggregate
from .explain import build_plan
from .model import Instance
from .scoring import AGE_TOLERANCE, W_CATEGORY, W_OPENED, W_SINGLE_BED


class _Open:
    """A room that holds singles (occupants or newly placed) and still has beds."""
    __slots__ = ("rid", "group", "gender", "lo", "hi", "free", "was_empty", "households", "received", "beds")

    def __init__(self, rid, group, gender, lo, hi, free, was_empty, households, beds):
        self.rid, self.group, self.gender, self.lo, self.hi = rid, group, gender, lo, hi
        self.free, self.was_empty, self.households, self.beds = free, was_empty, households, beds
        self.received = False

    def penalty(self) -> int:
        if self.was_empty:
            return max(0, self.hi - self.lo - AGE_TOLERANCE) if self.households >= 2 else 0
        return max(0, self.hi - self.lo - AGE_TOLERANCE) if self.received else 0

    def delta(self, age: int) -> int:
        new = max(0, max(self.hi, age) - min(self.lo, age) - AGE_TOLERANCE)
        return new - self.penalty() - (W_SINGLE_BED if self.was_empty else 0)


def greedy_assign(instance: Instance, agg: Aggregate | None = None,
                  start: dict[str, str] | None = None) -> dict[str, str]:
    """Place the households not in ``start`` (a valid partial plan that is kept as it is)."""
    agg = agg or Aggregate(instance)
    start = dict(start or {})
    incoming: dict[str, list] = {}
    for hid, rid in start.items():
        incoming.setdefault(rid, []).append(instance.household_by_id[hid])
    free_empty = {g.index: [r for r in reversed(g.rooms) if r not in incoming]
                  for g in agg.groups if g.kind == EMPTY}
    open_rooms: dict[str, _Open] = {}
    for g in agg.groups:
        for rid in g.rooms:
            room = instance.room_by_id[rid]
            hs = incoming.get(rid, [])
            if g.kind == EMPTY:
                if not hs or hs[0].needs_room_alone or len(hs) >= g.beds:
                    continue
                ages = [h.age for h in hs]
                o = _Open(rid, g.index, hs[0].gender, min(ages), max(ages), g.beds - len(hs), True, len(hs), g.beds)
            else:
                ages = [occ.age for occ in room.occupants] + [h.age for h in hs]
                if g.cap - len(hs) <= 0:
                    continue
                o = _Open(rid, g.index, g.gender, min(ages), max(ages), g.cap - len(hs), False,
                          len(room.occupant_households()) + len(hs), g.beds)
            o.received = bool(hs)
            open_rooms[rid] = o
    out: dict[str, str] = dict(start)
    order = sorted(
        (h for h in instance.households if h.id not in start),
        key=lambda h: (sum(agg.groups[g].count for g in agg.options[agg.type_of[h.id]]), -h.size, h.id))
    for h in order:
        t = agg.type_of[h.id]
        opts = agg.options[t]
        best = None  # (delta, tie, kind, target)
        for g in opts:
            gr = agg.groups[g]
            if gr.kind == EMPTY and free_empty[g]:
                d = W_OPENED + agg.types[t].empty_bed_weight * (gr.beds - h.size)
                d += W_CATEGORY * agg.category_miss(t, g)
                cand = (d, 1, g)
                if best is None or cand < best[:3]:
                    best = (d, 1, g, None)
        if not h.needs_room_alone:
            for o in open_rooms.values():
                if o.free <= 0 or o.gender != h.gender or o.group not in opts:
                    continue
                d = o.delta(h.age) + W_CATEGORY * agg.category_miss(t, o.group)
                if best is None or (d, 0) < best[:2]:
                    best = (d, 0, o.group, o)
        if best is None:
            continue
        _, _, g, o = best
        if o is None:
            rid = free_empty[g].pop()
            out[h.id] = rid
            gr = agg.groups[g]
            if not h.needs_room_alone and gr.beds > 1:
                open_rooms[rid] = _Open(rid, g, h.gender, h.age, h.age, gr.beds - 1, True, 1, gr.beds)
                open_rooms[rid].received = True
        else:
            out[h.id] = o.rid
            o.free -= 1
            o.lo, o.hi = min(o.lo, h.age), max(o.hi, h.age)
            o.households += 1
            o.received = True
    return out


def greedy_plan(instance_dict: dict) -> dict:
    """A complete SPEC plan from the greedy baseline (no bound)."""
    t0 = time.perf_counter()
    instance = Instance.from_dict(instance_dict)
    agg = Aggregate(instance)
    assignment = greedy_assign(instance, agg)
    seconds = time.perf_counter() - t0
    return build_plan(instance, assignment, bound=None, seconds=seconds, agg=agg,
                      stats={"method": "greedy"})
