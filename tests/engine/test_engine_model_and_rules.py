"""The engine package is pure Python; the instance model validates; the rules and the score agree with SPEC."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from velkomst.engine import model, rules, scoring
from velkomst.engine.model import Instance

from ._support import generate, household, instance, location, occupant, reference_check, room

ENGINE_DIR = Path(model.__file__).resolve().parent
REPO = ENGINE_DIR.parents[1]


def test_the_engine_imports_and_solves_without_django_loaded():
    code = (
        "import sys\n"
        "from velkomst.engine import solve, cli, explain, greedy, rules, scoring, solver\n"
        "from velkomst.engine.verify import verify\n"
        "empty = {'locations': [], 'rooms': [], 'households': []}\n"
        "plan = solve(empty, workers=1)\n"
        "assert plan['status'] == 'optimal' and verify(empty, plan).ok, plan\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=60)


def test_importing_the_cli_does_not_load_ortools():
    code = ("import sys, velkomst.engine.cli\n"
            "assert not [m for m in sys.modules if m.startswith('ortools')]\n")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=60)


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d["households"][0]["members"][0].update(age="old"), "households[0].members[0].age"),
    (lambda d: d["households"][0]["members"][0].update(gender="Q"), "households[0].members[0].gender"),
    (lambda d: d["households"][0].update(members=[]), "households[0].members"),
    (lambda d: d["rooms"][0].update(location="nowhere"), "rooms[0].location"),
    (lambda d: d["rooms"][0].update(beds=-1), "rooms[0].beds"),
    (lambda d: d["locations"][0].update(food_distribution="yes"), "locations[0].food_distribution"),
    (lambda d: d["households"].append(dict(d["households"][0])), "households[1].id"),
    (lambda d: d.pop("rooms"), "instance.rooms"),
])
def test_a_malformed_instance_is_refused_naming_the_field(mutate, field):
    data = instance([location("a")], [room("a/1", "a", 2)], [household("h1", [("F", 30)])])
    mutate(data)
    with pytest.raises(ValueError) as e:
        Instance.from_dict(data)
    assert str(e.value).startswith(field)


def _objs(loc, rm, hh):
    inst = Instance.from_dict(instance([loc], [rm], [hh]))
    return inst.rooms[0], inst.locations[loc["id"]], inst.households[0]


def codes(reasons):
    return {r.code for r in reasons}


def test_a_family_never_shares_a_room():
    r, l, fam = _objs(location("a"), room("a/1", "a", 6), household("f", [("F", 30), ("M", 5)]))
    single = Instance.from_dict(instance([location("a")], [], [household("s", [("F", 40)])])).households[0]
    assert rules.reasons_room_refuses(r, l, fam) == []
    assert rules.FAMILY_OWN_ROOM in codes(rules.reasons_room_refuses(r, l, fam, other_incoming=[single]))
    assert rules.FAMILY_ROOM_CLOSED in codes(rules.reasons_room_refuses(r, l, single, other_incoming=[fam]))


def test_a_room_held_by_a_family_is_closed_to_singles():
    fam_occ = [occupant("o1", "F", 30, "r1"), occupant("o2", "F", 8, "r1")]
    r, l, s = _objs(location("a"), room("a/1", "a", 4, occupants=fam_occ), household("s", [("F", 30)]))
    assert codes(rules.reasons_room_refuses(r, l, s)) == {rules.FAMILY_ROOM_CLOSED}


def test_a_lone_minor_counts_as_a_family():
    r, l, minor = _objs(location("a"), room("a/1", "a", 2, occupants=[occupant("o", "M", 17)]),
                        household("m", [("M", 17)]))
    assert minor.is_family
    assert rules.FAMILY_OWN_ROOM in codes(rules.reasons_room_refuses(r, l, minor))


def test_shared_rooms_are_single_gender_and_x_shares_only_with_x():
    r, l, x = _objs(location("a"), room("a/1", "a", 3, occupants=[occupant("o", "F", 30)]),
                    household("x", [("X", 30)]))
    assert codes(rules.reasons_room_refuses(r, l, x)) == {rules.MIXED_GENDER}
    r2, l2, x2 = _objs(location("a"), room("a/1", "a", 3, occupants=[occupant("o", "X", 30)]),
                       household("x", [("X", 30)]))
    assert rules.reasons_room_refuses(r2, l2, x2) == []


@pytest.mark.parametrize("loc, rm, hh, code", [
    (location("a"), room("a/1", "a", 1), household("h", [("F", 30), ("F", 3)]), rules.CAPACITY),
    (location("a"), room("a/1", "a", 2), household("h", [("F", 30)], pets=1), rules.PETS),
    (location("a"), room("a/1", "a", 2), household("h", [("F", 30)], accessible=True), rules.ACCESSIBILITY),
    (location("a", serves=["refugee"]), room("a/1", "a", 2), household("h", [("F", 30)]), rules.POPULATION),
    (location("a", reserved="vulnerable"), room("a/1", "a", 2), household("h", [("F", 30)], category="patient"),
     rules.RESERVED),
    (location("a"), room("a/1", "a", 2), household("h", [("F", 30)], food=True), rules.FOOD),
])
def test_each_hard_rule_has_its_own_reason_code(loc, rm, hh, code):
    r, l, h = _objs(loc, rm, hh)
    reasons = rules.reasons_room_refuses(r, l, h)
    assert codes(reasons) == {code}
    assert all(isinstance(x.params, dict) for x in reasons)


def test_the_engine_score_matches_the_reference_checker_term_for_term():
    data = generate(60, seed=7)
    inst = Instance.from_dict(data)
    from velkomst.engine.greedy import greedy_assign
    assignment = greedy_assign(inst)
    objective, breakdown = scoring.score(inst, assignment)
    ref = reference_check(data, {"assignments": [{"household": h, "room": r} for h, r in assignment.items()],
                                 "unplaced": [{"household": h["id"], "reason": "x"} for h in data["households"]
                                              if h["id"] not in assignment]})
    assert ref["feasible"], ref["violations"]
    assert (objective, breakdown) == (ref["objective"], ref["breakdown"])
