"""The project's own plan verifier (velkomst.engine.verify): each hard rule broken once is named, the objective
is SPEC's term for term, the optional need for a room of one's own is enforced, and on generated and
hand-made plans, broken or not, it agrees with the reference check.py (those comparisons skip without it)."""
from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest

from velkomst.engine.verify import verify

from . import _support
from ._support import generate, household, instance, location, occupant, reference_check, require_shared, room


def base_instance() -> dict:
    return instance(
        [location("plain"), location("food", food=True, pets=True), location("refonly", serves=["refugee"]),
         location("shelter", serves=["ukrainian"], reserved="vulnerable")],
        [room("plain/1", "plain", 2), room("plain/2", "plain", 3, occupants=[occupant("o1", "F", 30)]),
         room("plain/3", "plain", 4, occupants=[occupant("o2", "F", 35, "fam"), occupant("o3", "F", 5, "fam")]),
         room("plain/4", "plain", 2, accessible=True), room("food/1", "food", 3), room("refonly/1", "refonly", 2),
         room("shelter/1", "shelter", 2)],
        [household("s1", [("F", 40)]), household("s2", [("M", 50)]), household("f1", [("F", 30), ("F", 4)]),
         household("f3", [("F", 30), ("F", 8), ("F", 4)]), household("pet", [("F", 41)], pets=1),
         household("acc", [("F", 42)], accessible=True), household("new", [("F", 43)], food=True),
         household("v1", [("F", 44)], category="vulnerable")])


def plan_of(data: dict, placed: dict | list, **extra) -> dict:
    """A plan with ``placed`` (household -> room, or a list of pairs) and everyone else unplaced."""
    pairs = list(placed.items()) if isinstance(placed, dict) else list(placed)
    assigned = {h for h, _ in pairs}
    return {"assignments": [{"household": h, "room": r} for h, r in pairs],
            "unplaced": [{"household": h["id"], "reason": "no room"} for h in data["households"]
                         if h["id"] not in assigned], **extra}


# each hard rule broken once: (case, placements, words the one violation must contain)
BROKEN = [
    ("capacity", {"f3": "plain/1"}, ["room plain/1", "3 persons in 2 beds", "rule 1"]),
    ("split", [("s1", "plain/1"), ("s1", "food/1")], ["household s1", "plain/1", "food/1", "rule 2"]),
    ("family shares", {"f1": "plain/2"}, ["household f1", "room plain/2", "rule 3"]),
    ("family room closed", {"s1": "plain/3"}, ["household s1", "room plain/3", "a family lives", "rule 3"]),
    ("two families", {"f1": "food/1", "f3": "food/1"}, ["rule 1"]),  # capacity too: see the count below
    ("mixed gender", {"s2": "plain/2"}, ["room plain/2", "mixed genders", "rule 4"]),
    ("pets", {"pet": "plain/1"}, ["household pet", "plain", "rule 5"]),
    ("accessibility", {"acc": "plain/1"}, ["household acc", "room plain/1", "rule 6"]),
    ("population", {"s1": "refonly/1"}, ["household s1", "refonly", "rule 7"]),
    ("reserved", {"s1": "shelter/1"}, ["household s1", "shelter", "vulnerable", "rule 8"]),
    ("food", {"new": "plain/1"}, ["household new", "plain", "rule 9"]),
]
FORM = [
    ("missing", lambda d: plan_of(d, {}) | {"unplaced": plan_of(d, {})["unplaced"][1:]}, ["household s1", "neither"]),
    ("unknown room", lambda d: plan_of(d, {"s1": "plain/99"}), ["household s1", "plain/99"]),
    ("unknown household", lambda d: plan_of(d, {"ghost": "plain/1"}), ["ghost"]),
    ("twice", lambda d: plan_of(d, {"s1": "plain/1"}) | {
        "unplaced": plan_of(d, {"s1": "plain/1"})["unplaced"] + [{"household": "s1", "reason": "x"}]},
     ["household s1", "2 times"]),
    ("no reason", lambda d: plan_of(d, {}) | {"unplaced": [dict(u, reason=" ") for u in plan_of(d, {})["unplaced"]]},
     ["without a reason"]),
    ("bound above", lambda d: plan_of(d, {}, bound=10 ** 6), ["bound 1000000"]),
]


@pytest.mark.parametrize("case, placed, words", BROKEN, ids=[c[0] for c in BROKEN])
def test_each_broken_hard_rule_is_named_with_the_household_and_room(case, placed, words):
    data = base_instance()
    verdict = verify(data, plan_of(data, placed))
    assert not verdict.feasible
    if case == "two families":
        # each family shares the room with the other (rule 3), and five persons do not fit three beds (rule 1)
        assert sum("rule 3" in v for v in verdict.violations) == 2 and len(verdict.violations) == 3
    else:
        assert len(verdict.violations) == 1, verdict.violations
    assert any(all(w in v for w in words) for v in verdict.violations), verdict.violations


@pytest.mark.parametrize("case, make, words", FORM, ids=[c[0] for c in FORM])
def test_a_plan_that_breaks_the_format_is_refused_with_a_sentence(case, make, words):
    verdict = verify(base_instance(), make(base_instance()))
    assert not verdict.feasible
    assert any(all(w in v for w in words) for v in verdict.violations), verdict.violations


@pytest.mark.parametrize("placed, terms", [
    ({"s1": "plain/2"}, {"age_spread": 0}),                                      # 40 and 30: within ten years
    ({"f1": "food/1"}, {"opened_rooms": 1, "lost_beds": 1}),                     # a family leaves one bed empty
    ({"s1": "food/1"}, {"opened_rooms": 1, "single_room_empty_beds": 2}),
    ({"s1": "food/1", "pet": "food/1"}, {"opened_rooms": 1, "single_room_empty_beds": 1}),
    ({"v1": "shelter/1"}, {"opened_rooms": 1, "single_room_empty_beds": 1}),     # at its reserved location
    ({"v1": "plain/2"}, {"age_spread": 4, "category_misses": 1}),                # 44 and 30; not at the shelter
])
def test_the_objective_is_spec_s_term_for_term(placed, terms):
    data = base_instance()
    verdict = verify(data, plan_of(data, placed))
    assert verdict.feasible, verdict.violations
    persons = {h["id"]: len(h["members"]) for h in data["households"]}
    expected = {"unplaced_persons": sum(n for h, n in persons.items() if h not in placed), "lost_beds": 0,
                "opened_rooms": 0, "single_room_empty_beds": 0, "age_spread": 0,
                "category_misses": 0 if placed.get("v1") == "shelter/1" else 1} | terms
    assert verdict.breakdown == expected
    weights = {"unplaced_persons": 1000, "lost_beds": 10, "opened_rooms": 3, "single_room_empty_beds": 2,
               "age_spread": 1, "category_misses": 50}
    assert verdict.objective == sum(weights[t] * v for t, v in expected.items())


def test_the_category_term_applies_only_where_a_reserved_location_serves_the_population():
    data = base_instance()
    data["households"].append(household("v2", [("F", 50)], population="refugee", category="vulnerable"))
    verdict = verify(data, plan_of(data, {}))
    assert verdict.breakdown["category_misses"] == 1  # v1 (ukrainian) only: no reserved location serves refugees


def test_a_plan_s_own_claims_are_checked_against_the_score():
    data = base_instance()
    plan = plan_of(data, {"s1": "plain/2"})
    score = verify(data, plan).objective
    assert verify(data, plan | {"objective": score, "bound": score, "status": "optimal"}).ok
    wrong = verify(data, plan | {"objective": score - 1, "bound": score - 5, "status": "optimal"})
    assert wrong.feasible and not wrong.ok
    assert len(wrong.claims) == 2  # the objective, and "optimal" with a bound below it


# --------------------------------------------------------------------------- beyond the SPEC: needs_own_room

def own_room_instance() -> dict:
    data = base_instance()
    data["rooms"].append(room("plain/5", "plain", 3, occupants=[occupant("o9", "F", 33) | {"needs_own_room": True}]))
    data["households"].append(household("need", [("F", 45)]) | {"needs_own_room": True})
    return data


@pytest.mark.parametrize("placed, words", [
    ({"need": "plain/2"}, ["household need", "room plain/2", "needs a room of its own"]),
    ({"need": "plain/1", "s1": "plain/1"}, ["household need", "room plain/1", "household s1"]),
    ({"s1": "plain/5"}, ["household s1", "room plain/5", "held for an occupant"]),
])
def test_a_need_for_a_room_of_one_s_own_is_enforced_both_ways(placed, words):
    data = own_room_instance()
    verdict = verify(data, plan_of(data, placed))
    assert len(verdict.violations) == 1 and all(w in verdict.violations[0] for w in words), verdict.violations


def test_a_room_of_one_s_own_costs_a_single_s_empty_beds():
    data = own_room_instance()
    verdict = verify(data, plan_of(data, {"need": "food/1"}))
    assert verdict.feasible
    assert (verdict.breakdown["opened_rooms"], verdict.breakdown["single_room_empty_beds"],
            verdict.breakdown["lost_beds"]) == (1, 2, 0)


# --------------------------------------------------------------------------- against the reference check.py

def assert_agrees(data: dict, plan: dict) -> bool:
    ours, ref = verify(data, plan), reference_check(data, plan)
    assert ours.feasible == ref["feasible"], (ours.violations, ref["violations"])
    assert (ours.objective, ours.breakdown) == (ref["objective"], ref["breakdown"])
    return ours.feasible


@pytest.mark.parametrize("case, placed, words", BROKEN, ids=[c[0] for c in BROKEN])
def test_check_py_agrees_on_each_broken_rule(case, placed, words):
    data = base_instance()
    assert not assert_agrees(data, plan_of(data, placed))


@pytest.mark.parametrize("case, make, words", FORM, ids=[c[0] for c in FORM])
def test_check_py_agrees_on_each_broken_form(case, make, words):
    data = base_instance()
    assert not assert_agrees(data, make(data))


def test_check_py_ignores_the_need_for_a_room_of_one_s_own_and_agrees_on_the_score():
    data = own_room_instance()
    plan = plan_of(data, {"need": "plain/2"})
    ours, ref = verify(data, plan), reference_check(data, plan)
    assert ref["feasible"] and not ours.feasible  # the need is the engine's field; check.py reads SPEC only
    assert ours.objective == ref["objective"]


SHAPES = [{}, {"occupancy": 0.55}, {"occupancy": 0.95, "families": 0.6}, {"families": 0.2, "newcomers": 0.3},
          {"occupancy": 0.65, "families": 0.35, "newcomers": 0.45}, {"occupancy": 0.0, "flats": 30},
          {"families": 1.0}, {"families": 0.0, "newcomers": 0.8}]


@pytest.mark.parametrize("shape", SHAPES, ids=[str(s) for s in SHAPES])
def test_check_py_agrees_on_generated_plans_and_their_random_breakages(shape):
    data = generate(60, seed=len(str(shape)), **shape)
    rng = random.Random(str(shape))
    rooms = [r["id"] for r in data["rooms"]]
    base = _support.greedy(data)
    placed = {a["household"]: a["room"] for a in base["assignments"]}
    outcomes = {True: 0, False: 0}
    for trial in range(30):
        moved = dict(placed)
        for hid in rng.sample([h["id"] for h in data["households"]], rng.choice([1, 1, 2, 3])):
            choice = 0.0 if trial % 3 == 0 else rng.random()
            if choice < 0.3:
                moved.pop(hid, None)                       # unplace: stays feasible, costs more
            elif choice < 0.6 and moved:
                moved[hid] = rng.choice(list(moved.values()))  # join a room someone was given
            else:
                moved[hid] = rng.choice(rooms)
        outcomes[assert_agrees(data, plan_of(data, moved))] += 1
    assert outcomes[True] and outcomes[False], outcomes


# --------------------------------------------------------------------------- the suite itself

def test_without_the_shared_folder_tests_skip_naming_the_missing_file(monkeypatch):
    monkeypatch.setenv("VELKOMST_SHARED", "/nonexistent")
    for name in ("check.py", "generate.py"):
        assert _support.shared_file(name) is None
        with pytest.raises(pytest.skip.Exception, match=name):
            require_shared(name)
    # hand-made plans are still checked, by the project's verifier alone
    data = base_instance()
    plan = plan_of(data, {"s1": "plain/2"})
    plan["objective"] = verify(data, plan).objective
    plan["unplaced"] = [u | {"code": "no_free_room", "params": {}} for u in plan["unplaced"]]
    _support.assert_accepted(data, plan)
    with pytest.raises(AssertionError):
        _support.assert_accepted(data, plan_of(data, {"s2": "plain/2"}) | {"objective": plan["objective"]})


def test_every_engine_test_checks_its_plans_through_the_support_helpers():
    """Tests get plans from ``_support.solved``/``_support.greedy`` (which verify them), never from the engine."""
    for path in Path(__file__).parent.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("velkomst.engine"):
                names = {a.name for a in node.names}
                assert not names & {"solve", "greedy_plan"}, f"{path.name} imports {names & {'solve', 'greedy_plan'}}"
            if isinstance(node, ast.Attribute) and node.attr in {"solve", "greedy_plan", "greedy_assign"}:
                raise AssertionError(f"{path.name}:{node.lineno} calls the engine's {node.attr} directly")
