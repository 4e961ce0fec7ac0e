"""Reasons for unplaced households, per-placement explanations, and the plan dict.

Reasons are machine codes with params (the housing app translates them) plus an
English sentence made here from the same code and params.
"""
from __future__ import annotations

from .aggregate import EMPTY, Aggregate
from .model import Household, Instance, Room
from .rules import (
    ACCESSIBILITY,
    CAPACITY,
    FAMILY_OWN_ROOM,
    FAMILY_ROOM_CLOSED,
    FOOD,
    MIXED_GENDER,
    OWN_ROOM_NEEDED,
    PETS,
    POPULATION,
    RESERVED,
    ROOM_HELD_FOR_OWN_NEED,
    reasons_room_refuses,
)
from .scoring import AGE_TOLERANCE, W_CATEGORY, W_OPENED, W_SINGLE_BED, category_miss, room_breakdown, room_cost, score

# reason codes for an unplaced household
NO_FREE_ROOM = "no_free_room"
FITS_BUT_NOT_PLACED = "fits_but_not_placed"

RULE_PHRASES = {  # "{n} rooms would fit ..."
    CAPACITY: "if they had enough free beds",
    FAMILY_OWN_ROOM: "if the family could share a room",
    FAMILY_ROOM_CLOSED: "in rooms held by families",
    OWN_ROOM_NEEDED: "if the household could share a room",
    ROOM_HELD_FOR_OWN_NEED: "in rooms held for a health need",
    MIXED_GENDER: "in rooms shared with another gender",
    PETS: "at locations that do not allow pets",
    ACCESSIBILITY: "if the room did not have to be accessible",
    POPULATION: "at locations that do not serve {population} households",
    RESERVED: "at locations reserved for other target groups",
    FOOD: "without food distribution",
}
RELAX_ORDER = (FOOD, ACCESSIBILITY, PETS, POPULATION, RESERVED, CAPACITY, FAMILY_OWN_ROOM, FAMILY_ROOM_CLOSED,
               OWN_ROOM_NEEDED, ROOM_HELD_FOR_OWN_NEED, MIXED_GENDER)
GENDER_WORDS = {"F": "woman", "M": "man", "X": "person of gender X"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def describe_need(params: dict) -> str:
    """E.g. 'free accessible room of its own for 3 persons (needs food distribution; serving ukrainian)'."""
    needs = params.get("needs", {})
    accessible = "accessible " if needs.get("accessible") else ""
    if params.get("own_room", params.get("family")):
        what = f"free {accessible}room of its own for {_plural(params.get('persons', 1), 'person')}"
    else:
        who = GENDER_WORDS.get(params.get("gender"), "person")
        what = f"free bed in an {accessible}room for a single {who}" if accessible else \
            f"free bed for a single {who}"
    where = []
    if needs.get("population"):
        where.append(f"at a location serving {needs['population']} households")
    if needs.get("food_distribution"):
        where.append("with food distribution")
    if needs.get("pets"):
        where.append("that allows pets")
    text = what + (" " + ", ".join(where) if where else "")
    if needs.get("category"):
        text += f" (preferably at a location reserved for {needs['category']})"
    return text


def sentence(code: str, params: dict) -> str:
    """English sentence for a reason code + params (the app has its own translations)."""
    if code == NO_FREE_ROOM:
        text = f"There is no {describe_need(params)}."
        relax = params.get("would_fit_without", {})
        population = params.get("needs", {}).get("population", "its")
        parts = [f"{_plural(n, 'room')} would fit "
                 + RULE_PHRASES.get(rule, f"without rule {rule}").format(population=population)
                 for rule, n in relax.items() if n]
        if parts:
            text += " " + "; ".join(parts) + "."
        taken = params.get("taken_by_plan", 0)
        if taken:
            text += (f" {_plural(taken, 'room')} that would fit "
                     f"{'was' if taken == 1 else 'were'} given to other households in this plan.")
        if not parts and not taken:
            text += " Relaxing any one rule would not free a room either; more capacity of this kind is needed."
        return text
    if code == FITS_BUT_NOT_PLACED:
        n = params.get("rooms_that_fit", 0)
        return (f"{_plural(n, 'room')} with free beds would still fit this household; "
                f"the plan was stopped before placing it (re-run with more time).")
    return str(params.get("message") or code.replace("_", " "))


# --------------------------------------------------------------------------- room state after a plan

class RoomAfter:
    """A room as the plan leaves it (occupants plus newly assigned households)."""

    def __init__(self, room: Room, incoming: list[Household]):
        self.room = room
        self.incoming = incoming

    def key(self, instance: Instance) -> tuple:
        room = self.room
        persons = len(room.occupants) + sum(h.size for h in self.incoming)
        genders = frozenset(o.gender for o in room.occupants) | frozenset(
            m.gender for h in self.incoming for m in h.members)
        family = (room.has_family_occupants or any(h.is_family for h in self.incoming),
                  room.closed_to_others or any(h.needs_own_room for h in self.incoming))
        n_house = len(room.occupant_households()) + len(self.incoming)
        return (instance.locations[room.location].attributes, room.accessible, room.beds - persons,
                persons == 0, family, genders if n_house else frozenset(), min(n_house, 2))


def _needs(instance: Instance, h: Household) -> dict:
    needs = {"population": h.population}
    if h.needs_accessible:
        needs["accessible"] = True
    if h.needs_food_distribution:
        needs["food_distribution"] = True
    if h.pets:
        needs["pets"] = True
    if instance.category_relevant(h):
        needs["category"] = h.category
    return needs


def unplaced_reasons(instance: Instance, assignment: dict[str, str]) -> dict[str, dict]:
    """Relax one rule at a time against the rooms as the plan leaves them."""
    incoming: dict[str, list[Household]] = {}
    for hid, rid in assignment.items():
        incoming.setdefault(rid, []).append(instance.household_by_id[hid])
    # group rooms by everything the rules look at
    after_groups: dict[tuple, list] = {}
    before_groups: dict[tuple, list] = {}
    for room in instance.rooms:
        ra = RoomAfter(room, incoming.get(room.id, []))
        after_groups.setdefault(ra.key(instance), [ra, 0])[1] += 1
        rb = RoomAfter(room, [])
        before_groups.setdefault(rb.key(instance), [rb, 0])[1] += 1
    out: dict[str, dict] = {}
    cache: dict[tuple, tuple] = {}
    for h in instance.households:
        if h.id in assignment:
            continue
        hkey = (h.is_family, h.needs_own_room, h.size, h.gender if not h.is_family else None, h.signature)
        if hkey not in cache:
            fits = 0
            relax: dict[str, int] = {}
            for ra, n in after_groups.values():
                loc = instance.locations[ra.room.location]
                codes = {r.code for r in reasons_room_refuses(ra.room, loc, h, ra.incoming)}
                if not codes:
                    fits += n
                elif len(codes) == 1:
                    c = next(iter(codes))
                    relax[c] = relax.get(c, 0) + n
            fits_before = 0
            for rb, n in before_groups.values():
                loc = instance.locations[rb.room.location]
                if not reasons_room_refuses(rb.room, loc, h, ()):
                    fits_before += n
            cache[hkey] = (fits, relax, fits_before)
        fits, relax, fits_before = cache[hkey]
        params = {"persons": h.size, "family": h.is_family, "own_room": h.needs_room_alone, "needs": _needs(instance, h)}
        if not h.is_family:
            params["gender"] = h.gender
        if fits:
            code = FITS_BUT_NOT_PLACED
            params["rooms_that_fit"] = fits
        else:
            code = NO_FREE_ROOM
            params["would_fit_without"] = {c: relax[c] for c in RELAX_ORDER if relax.get(c)}
            params["taken_by_plan"] = fits_before
        out[h.id] = {"code": code, "params": params, "reason": sentence(code, params)}
    return out


# --------------------------------------------------------------------------- explanations of placements

def explanations(instance: Instance, assignment: dict[str, str], agg: Aggregate, alternatives: int = 3
                 ) -> dict[str, dict]:
    """Per placed household: the cost of its room and its own category term, and the cheapest
    other rooms it could move to alone (cost delta of the whole plan, others staying put)."""
    incoming: dict[str, list[Household]] = {}
    for hid, rid in assignment.items():
        incoming.setdefault(rid, []).append(instance.household_by_id[hid])
    used = set(incoming)
    # candidate targets: one still-empty room per empty class, and rooms with singles and free beds
    spare_empty: dict[int, str] = {}
    for g in agg.groups:
        if g.kind == EMPTY:
            for rid in g.rooms:
                if rid not in used:
                    spare_empty[g.index] = rid
                    break
    shared: list[tuple] = []  # (group, rid, gender, lo, hi, free, was_empty, households, received)
    for rid, g in agg.group_of_room.items():
        room = instance.room_by_id[rid]
        hs = incoming.get(rid, [])
        if agg.groups[g].kind == EMPTY and (not hs or hs[0].needs_room_alone):
            continue
        ages = [o.age for o in room.occupants] + [h.age for h in hs]
        free = room.free_beds - len(hs)
        if free <= 0:
            continue
        genders = {o.gender for o in room.occupants} | {h.gender for h in hs}
        if len(genders) != 1:
            continue
        shared.append((g, rid, next(iter(genders)), min(ages), max(ages), free, room.is_empty,
                       len(room.occupant_households()) + len(hs), bool(hs)))
    room_costs = {rid: room_cost(instance.room_by_id[rid], hs) for rid, hs in incoming.items()}

    enter_cache: dict[int, list] = {}

    def enter_options(t: int) -> list:
        if t in enter_cache:
            return enter_cache[t]
        ty = agg.types[t]
        opts = set(agg.options[t])
        res = []
        for g in agg.options[t]:
            rid = spare_empty.get(g)
            if rid is None:
                continue
            gr = agg.groups[g]
            d = W_OPENED + ty.empty_bed_weight * (gr.beds - ty.size)
            res.append((d + W_CATEGORY * agg.category_miss(t, g), rid))
        if not ty.family:
            for g, rid, gender, lo, hi, free, was_empty, nh, received in shared:
                if g not in opts or gender != ty.gender:
                    continue
                if was_empty:
                    old = max(0, hi - lo - AGE_TOLERANCE) if nh >= 2 else 0
                else:
                    old = max(0, hi - lo - AGE_TOLERANCE) if received else 0
                new = max(0, max(hi, ty.age) - min(lo, ty.age) - AGE_TOLERANCE)
                d = new - old - (W_SINGLE_BED if was_empty else 0)
                res.append((d + W_CATEGORY * agg.category_miss(t, g), rid))
        res.sort()
        enter_cache[t] = res[: alternatives + 2]
        return enter_cache[t]

    out: dict[str, dict] = {}
    for hid, rid in assignment.items():
        h = instance.household_by_id[hid]
        room = instance.room_by_id[rid]
        hs = incoming[rid]
        rest = [x for x in hs if x.id != hid]
        leave = room_cost(room, rest) - room_costs[rid]
        miss = category_miss(instance, h, room)
        here = room_breakdown(room, hs)
        here["category_misses"] = int(miss)
        alts = []
        for d, other in enter_options(agg.type_of[hid]):
            if other == rid:
                continue
            alts.append({"room": other, "delta": int(d + leave - (W_CATEGORY if miss else 0))})
            if len(alts) >= alternatives:
                break
        out[hid] = {"room": rid, "location": room.location, "room_cost": room_costs[rid],
                    "breakdown": here, "alternatives": alts}
    return out


# --------------------------------------------------------------------------- plan dict

def build_plan(instance: Instance, assignment: dict[str, str], *, bound: int | None, seconds: float,
               agg: Aggregate | None = None, stats: dict | None = None, with_explanations: bool = True) -> dict:
    agg = agg or Aggregate(instance)
    objective, breakdown = score(instance, assignment)
    reasons = unplaced_reasons(instance, assignment)
    plan: dict = {
        "assignments": [{"household": h.id, "room": assignment[h.id]}
                        for h in instance.households if h.id in assignment],
        "unplaced": [{"household": h.id, **reasons[h.id]} for h in instance.households
                     if h.id not in assignment],
        "objective": objective,
    }
    if bound is not None and int(bound) > objective:
        # A bound above the plan's own objective would be a bug: report no bound rather than a false optimum.
        bound = None
    if bound is not None:
        plan["bound"] = int(bound)
        plan["status"] = "optimal" if int(bound) == objective else "feasible"
    else:
        plan["status"] = "feasible"
    plan["seconds"] = round(seconds, 3)
    plan["breakdown"] = breakdown
    if with_explanations:
        plan["explanations"] = explanations(instance, assignment, agg)
    if stats:
        plan["stats"] = stats
    return plan
