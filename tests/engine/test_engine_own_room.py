"""Beyond the SPEC: a documented health need for a room of one's own (skånebehov) works like rule 3, both ways.

The field is optional (`needs_own_room`, false when absent), so SPEC instances plan exactly as before; the
reference checker ignores it, and the plan's objective still equals the checker's.
"""
from __future__ import annotations

import pytest

from velkomst.engine import rules
from velkomst.engine.model import Instance

from ._support import generate, household, instance, location, occupant, room, solved


def own_room(data: dict) -> dict:
    return data | {"needs_own_room": True}


def plan_for(data):
    plan = solved(data, time_limit=20)
    return plan, {a["household"]: a["room"] for a in plan["assignments"]}


def test_a_single_who_needs_a_room_of_their_own_gets_an_empty_room_alone():
    data = instance([location("a")],
                    [room("a/1", "a", 3, occupants=[occupant("o1", "F", 30)]), room("a/2", "a", 2)],
                    [own_room(household("h1", [("F", 31)])), household("h2", [("F", 32)])])
    assert plan_for(data)[1] == {"h1": "a/2", "h2": "a/1"}
    # Without the need both share with the occupant (no room opened, the cheapest plan): the field is what moves h1.
    data["households"][0].pop("needs_own_room")
    assert plan_for(data)[1] == {"h1": "a/1", "h2": "a/1"}


def test_no_one_moves_in_with_an_occupant_who_needs_the_room_to_themselves():
    held = [own_room(occupant("o1", "F", 30))]
    data = instance([location("a")], [room("a/1", "a", 3, occupants=held)], [household("h1", [("F", 31)])])
    plan, where = plan_for(data)
    assert where == {}
    assert plan["unplaced"][0]["params"]["would_fit_without"] == {rules.ROOM_HELD_FOR_OWN_NEED: 1}


def test_the_room_of_one_s_own_costs_a_single_s_empty_beds_not_a_family_s():
    data = instance([location("a")], [room("a/1", "a", 4)], [own_room(household("h1", [("M", 40)]))])
    plan, where = plan_for(data)
    assert where == {"h1": "a/1"}
    assert plan["objective"] == 3 + 2 * 3  # room opened + three empty beds at the single's weight, as check.py counts


def test_the_rule_names_which_way_it_refuses():
    inst = Instance.from_dict(instance([location("a")], [room("a/1", "a", 3, occupants=[own_room(occupant("o1", "F", 30))]),
                                                         room("a/2", "a", 3, occupants=[occupant("o2", "F", 30)])],
                                       [own_room(household("h1", [("F", 31)])), household("h2", [("F", 32)])]))
    needs, other = inst.households
    held, shared = inst.rooms
    location_a = inst.locations["a"]
    assert {r.code for r in rules.reasons_room_refuses(shared, location_a, needs)} == {rules.OWN_ROOM_NEEDED}
    assert {r.code for r in rules.reasons_room_refuses(held, location_a, other)} == {rules.ROOM_HELD_FOR_OWN_NEED}
    assert {r.code for r in rules.reasons_room_refuses(held.__class__(id="x", location="a", beds=2, accessible=False),
                                                       location_a, other, other_incoming=[needs])} == {rules.ROOM_HELD_FOR_OWN_NEED}


@pytest.mark.parametrize("seed", [3, 7, 12])
def test_on_generated_instances_every_need_is_respected_and_the_checker_agrees(seed):
    data = generate(60, seed)
    singles = [h for h in data["households"] if len(h["members"]) == 1 and h["members"][0]["age"] >= 18]
    for h in singles[::4]:
        h["needs_own_room"] = True
    occupied = [r for r in data["rooms"] if len({o["household"] for o in r["occupants"]}) == 1 and len(r["occupants"]) == 1]
    for r in occupied[::5]:
        r["occupants"][0]["needs_own_room"] = True
    plan, where = plan_for(data)
    held = {r["id"] for r in data["rooms"] if any(o.get("needs_own_room") for o in r["occupants"])}
    needing = {h["id"] for h in data["households"] if h.get("needs_own_room")}
    rooms = {r["id"]: r for r in data["rooms"]}
    assert needing and held
    assert not held & set(where.values()), "someone was placed in a room held for a health need"
    for hid in needing & set(where):
        assert not rooms[where[hid]]["occupants"], hid
        assert list(where.values()).count(where[hid]) == 1, hid
