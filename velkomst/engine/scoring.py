"""The objective of SPEC.md, term for term as the reference ``check.py`` computes it."""
from __future__ import annotations

from typing import Mapping, Sequence

from .model import Household, Instance, Room

W_UNPLACED, W_LOST_BED, W_OPENED, W_AGE, W_CATEGORY, W_SINGLE_BED = 1000, 10, 3, 1, 50, 2
AGE_TOLERANCE = 10

TERMS = ("unplaced_persons", "lost_beds", "opened_rooms", "age_spread", "category_misses",
         "single_room_empty_beds")
WEIGHTS = {"unplaced_persons": W_UNPLACED, "lost_beds": W_LOST_BED, "opened_rooms": W_OPENED,
           "age_spread": W_AGE, "category_misses": W_CATEGORY, "single_room_empty_beds": W_SINGLE_BED}


def empty_breakdown() -> dict[str, int]:
    return {t: 0 for t in TERMS}


def weighted(breakdown: Mapping[str, int]) -> int:
    return sum(WEIGHTS[t] * breakdown.get(t, 0) for t in TERMS)


def room_breakdown(room: Room, incoming: Sequence[Household]) -> dict[str, int]:
    """Room-level terms (everything but unplaced persons and category misses) for ``incoming``."""
    b = empty_breakdown()
    if not incoming:
        return b
    people_ages = [o.age for o in room.occupants] + [m.age for h in incoming for m in h.members]
    persons = len(people_ages)
    if not room.occupants:
        b["opened_rooms"] = 1
        if any(h.is_family for h in incoming):
            b["lost_beds"] = max(0, room.beds - persons)
        else:
            b["single_room_empty_beds"] = max(0, room.beds - persons)
    if len(room.occupant_households()) + len(incoming) >= 2:
        b["age_spread"] = max(0, max(people_ages) - min(people_ages) - AGE_TOLERANCE)
    return b


def room_cost(room: Room, incoming: Sequence[Household]) -> int:
    return weighted(room_breakdown(room, incoming))


def category_miss(instance: Instance, household: Household, room: Room | None) -> bool:
    if not instance.category_relevant(household):
        return False
    if room is None:
        return True
    return instance.locations[room.location].reserved_for != household.category


def score(instance: Instance, assignment: Mapping[str, str]) -> tuple[int, dict[str, int]]:
    """Objective and breakdown of ``assignment`` (household id -> room id)."""
    total = empty_breakdown()
    incoming: dict[str, list[Household]] = {}
    for hid, rid in assignment.items():
        incoming.setdefault(rid, []).append(instance.household_by_id[hid])
    for rid, hs in incoming.items():
        for term, value in room_breakdown(instance.room_by_id[rid], hs).items():
            total[term] += value
    for h in instance.households:
        rid = assignment.get(h.id)
        if rid is None:
            total["unplaced_persons"] += h.size
        if category_miss(instance, h, instance.room_by_id[rid] if rid is not None else None):
            total["category_misses"] += 1
    return weighted(total), total
