"""An independent check of a plan against its instance, read straight from SPEC.md.

    from velkomst.engine.verify import verify
    verdict = verify(instance_dict, plan_dict)
    verdict.feasible, verdict.violations, verdict.objective, verdict.breakdown, verdict.claims

It works on the exchange format's dicts and shares no code with the optimiser (no ``model``,
``rules``, ``scoring`` or ``aggregate``): a plan the engine gets wrong is not excused by the same
mistake made twice.  Pure Python, standard library only.

Beyond the SPEC it honours the optional ``needs_own_room`` (a documented health need for a room of
one's own, on a household or an occupant): such a household goes only to a room that had no
occupants and receives no other household, and a room with such an occupant takes no one.  The
need changes what is allowed, never the score (its empty beds cost what a single's do), so on SPEC
instances the objective is exactly the reference checker's.

Broken plans are scored too, so that two checkers can be compared on them: a household counts as
placed when it has an assignment (the last one if it has several), and an assignment to a room
the instance does not have places the household nowhere in particular (no room terms, and it
misses its reserved location).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# SPEC "Objective": weights of the terms, in the order of the table
WEIGHTS = {
    "unplaced_persons": 1000,
    "lost_beds": 10,
    "opened_rooms": 3,
    "single_room_empty_beds": 2,
    "age_spread": 1,
    "category_misses": 50,
}
AGE_SPREAD_ALLOWED = 10
STATUSES = ("optimal", "feasible", "infeasible")


@dataclass(frozen=True)
class Verdict:
    """``violations``: the hard rules and the format rules the plan breaks, one sentence each (what
    makes a plan infeasible).  ``claims``: where the plan's own objective or status disagrees with
    the checked one.  ``objective`` and ``breakdown`` are computed from the instance, never read
    from the plan."""
    violations: list[str]
    objective: int
    breakdown: dict[str, int]
    claims: list[str] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.violations

    @property
    def ok(self) -> bool:
        """Feasible, and the plan's own objective and status are the checked ones."""
        return self.feasible and not self.claims


def is_family(members) -> bool:
    """SPEC rule 3: two or more members, or anyone under 18."""
    members = list(members)
    return len(members) >= 2 or any(m["age"] < 18 for m in members)


def verify(instance: dict, plan: dict) -> Verdict:
    locations = {loc["id"]: loc for loc in instance["locations"]}
    rooms = {r["id"]: r for r in instance["rooms"]}
    households = {h["id"]: h for h in instance["households"]}
    violations: list[str] = []

    where = _placements(plan, households, rooms, violations)
    incoming: dict[str, list[dict]] = {}
    for hid, rid in where.items():
        if rid in rooms:
            incoming.setdefault(rid, []).append(households[hid])

    breakdown = dict.fromkeys(WEIGHTS, 0)
    for rid, newcomers in incoming.items():
        room = rooms[rid]
        location = locations[room["location"]]
        violations += _room_rules(room, newcomers)
        for h in newcomers:
            violations += _location_rules(h, room, location)
        for term, value in _room_terms(room, newcomers).items():
            breakdown[term] += value

    reserved = [loc for loc in locations.values() if loc.get("reserved_for")]
    for hid, h in households.items():
        rid = where.get(hid)
        if rid is None:
            breakdown["unplaced_persons"] += len(h["members"])
        category = h.get("category")
        if category and any(loc["reserved_for"] == category and h["population"] in loc["serves"] for loc in reserved):
            at = locations[rooms[rid]["location"]] if rid in rooms else None
            if at is None or at.get("reserved_for") != category:
                breakdown["category_misses"] += 1

    objective = sum(WEIGHTS[t] * v for t, v in breakdown.items())
    violations += _bound_rule(plan, objective)
    return Verdict(violations, objective, breakdown, _claims(plan, objective))


# --------------------------------------------------------------------------- the plan's form

def _placements(plan: dict, households: dict, rooms: dict, violations: list[str]) -> dict[str, str]:
    """Household -> room from ``assignments``; every household must appear exactly once in
    ``assignments`` or ``unplaced`` (SPEC "Plan"), and an unplaced one needs a reason."""
    appearances: Counter = Counter()
    rooms_of: dict[str, list[str]] = {}
    where: dict[str, str] = {}
    for i, a in enumerate(plan.get("assignments", [])):
        hid, rid = (a.get("household"), a.get("room")) if isinstance(a, dict) else (None, None)
        if hid is None or rid is None:
            violations.append(f"assignments[{i}] does not name both a household and a room")
            continue
        appearances[hid] += 1
        rooms_of.setdefault(hid, []).append(rid)
        if hid not in households:
            violations.append(f"assignments[{i}] names household {hid}, which is not in the instance")
            continue
        if rid not in rooms:
            violations.append(f"household {hid} is assigned to room {rid}, which is not in the instance")
        where[hid] = rid
    for i, u in enumerate(plan.get("unplaced", [])):
        hid = u.get("household") if isinstance(u, dict) else None
        if hid is None:
            violations.append(f"unplaced[{i}] does not name a household")
            continue
        appearances[hid] += 1
        if hid not in households:
            violations.append(f"unplaced[{i}] names household {hid}, which is not in the instance")
        if not str(u.get("reason", "")).strip():
            violations.append(f"household {hid} is unplaced without a reason a caseworker can act on")
    for hid in households:
        n = appearances[hid]
        if n == 0:
            violations.append(f"household {hid} is neither assigned nor unplaced: every household appears once")
        elif n > 1:
            assigned = rooms_of.get(hid, [])
            if len(assigned) > 1:
                violations.append(f"household {hid} is assigned {len(assigned)} times ({', '.join(assigned)}): "
                                  f"a household goes to one room with all its members (rule 2)")
            else:
                violations.append(f"household {hid} appears {n} times in the plan: every household appears once")
    return where


def _bound_rule(plan: dict, objective: int) -> list[str]:
    bound = plan.get("bound")
    if bound is None:
        return []
    if isinstance(bound, bool) or not isinstance(bound, (int, float)):
        return [f"the bound {bound!r} is not a number"]
    if bound > objective:
        return [f"the bound {bound} is above the plan's own objective {objective}: it cannot be a lower bound"]
    return []


def _claims(plan: dict, objective: int) -> list[str]:
    out = []
    claimed = plan.get("objective")
    if claimed is not None and claimed != objective:
        out.append(f"the plan claims objective {claimed}, but it scores {objective}")
    status = plan.get("status")
    if status is not None and status not in STATUSES:
        out.append(f"status {status!r} is not one of {', '.join(STATUSES)}")
    if status == "optimal" and plan.get("bound") != objective:
        out.append(f"the plan claims to be optimal, but its bound {plan.get('bound')} is not its objective {objective}")
    return out


# --------------------------------------------------------------------------- hard rules

def _occupant_households(room: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for o in room["occupants"]:
        out.setdefault(o.get("household", o["person"]), []).append(o)
    return out


def _room_rules(room: dict, newcomers: list[dict]) -> list[str]:
    """Rules 1, 3 and 4, and the need for a room of one's own: who may be in the room together."""
    rid = room["id"]
    out = []
    persons = len(room["occupants"]) + sum(len(h["members"]) for h in newcomers)
    if persons > room["beds"]:
        out.append(f"room {rid} would hold {persons} persons in {room['beds']} beds (rule 1, capacity)")

    occupant_households = _occupant_households(room)
    family_lives_here = any(is_family(ms) for ms in occupant_households.values())
    held_for_need = any(o.get("needs_own_room") for o in room["occupants"])
    for h in newcomers:
        others = [x["id"] for x in newcomers if x is not h]
        shares = bool(room["occupants"]) or bool(others)
        if is_family(h["members"]) and shares:
            out.append(f"household {h['id']} is a family but does not get room {rid} to itself"
                       f"{_with(room, others)} (rule 3, a family gets a room of its own)")
        elif h.get("needs_own_room") and shares:
            out.append(f"household {h['id']} needs a room of its own but does not get room {rid} to itself"
                       f"{_with(room, others)} (documented need for a room of one's own)")
        if family_lives_here:
            out.append(f"household {h['id']} is placed in room {rid}, where a family lives "
                       f"(rule 3, a family's room is closed to others)")
        elif held_for_need:
            out.append(f"household {h['id']} is placed in room {rid}, held for an occupant who needs it to "
                       f"themselves (documented need for a room of one's own)")

    if len(occupant_households) + len(newcomers) > 1:
        genders = {o["gender"] for o in room["occupants"]} | {m["gender"] for h in newcomers for m in h["members"]}
        if len(genders) > 1:
            out.append(f"room {rid} is shared by several households of mixed genders ({', '.join(sorted(genders))}) "
                       f"(rule 4, shared rooms are single-gender)")
    return out


def _with(room: dict, others: list[str]) -> str:
    parts = []
    if room["occupants"]:
        parts.append("its occupants")
    if others:
        parts.append("household" + ("s " if len(others) > 1 else " ") + ", ".join(others))
    return " (it shares with " + " and ".join(parts) + ")"


def _location_rules(h: dict, room: dict, location: dict) -> list[str]:
    """Rules 5-9: what the room and its location must offer the household."""
    hid, rid, lid = h["id"], room["id"], location["id"]
    out = []
    if h.get("pets", 0) > 0 and not location["pets_allowed"]:
        out.append(f"household {hid} has pets, and {lid} (room {rid}) does not allow pets (rule 5, pets)")
    if h.get("needs_accessible") and not room["accessible"]:
        out.append(f"household {hid} needs an accessible room, and room {rid} is not (rule 6, accessibility)")
    if h["population"] not in location["serves"]:
        out.append(f"household {hid} is {h['population']}, and {lid} (room {rid}) serves only "
                   f"{', '.join(location['serves']) or 'no one'} (rule 7, population)")
    reserved_for = location.get("reserved_for")
    if reserved_for and h.get("category") != reserved_for:
        out.append(f"household {hid} ({h.get('category') or 'no category'}) is placed at {lid} (room {rid}), "
                   f"reserved for {reserved_for} (rule 8, reserved locations)")
    if h.get("needs_food_distribution") and not location["food_distribution"]:
        out.append(f"household {hid} needs food distribution, and {lid} (room {rid}) has none "
                   f"(rule 9, food distribution)")
    return out


# --------------------------------------------------------------------------- objective

def _room_terms(room: dict, newcomers: list[dict]) -> dict[str, int]:
    """The objective's room terms for one room that receives ``newcomers``."""
    terms = {}
    ages = [o["age"] for o in room["occupants"]] + [m["age"] for h in newcomers for m in h["members"]]
    if not room["occupants"]:
        terms["opened_rooms"] = 1
        empty_beds = max(0, room["beds"] - len(ages))
        if any(is_family(h["members"]) for h in newcomers):
            terms["lost_beds"] = empty_beds
        else:
            terms["single_room_empty_beds"] = empty_beds
    if len(_occupant_households(room)) + len(newcomers) >= 2:
        terms["age_spread"] = max(0, max(ages) - min(ages) - AGE_SPREAD_ALLOWED)
    return terms
