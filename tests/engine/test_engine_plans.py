"""Plans from the optimiser and the greedy baseline pass the reference checker with the same objective."""
from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import pytest

from velkomst.engine import cli
from velkomst.engine.verify import verify

from ._support import assert_accepted, generate, greedy, household, instance, location, occupant, room, solved


@pytest.mark.parametrize("households, seed, shape", [
    (30, 1, {}),
    (30, 2, {}),
    (45, 3, {}),
    (50, 5, {}),
    (40, 4, {"families": 1.0}),
    (40, 6, {"families": 0.0}),
    (60, 8, {"newcomers": 1.0}),
    (80, 9, {"occupancy": 0.99}),
    (40, 10, {"occupancy": 0.0, "flats": 20}),
])
def test_a_generated_instance_gets_a_plan_the_checker_accepts(households, seed, shape):
    data = generate(households, seed, **shape)
    plan = solved(data)
    assert plan["bound"] <= plan["objective"]
    # the weekly batches are proven optimal
    assert plan["status"] == "optimal", plan["stats"]


def test_the_plan_places_as_many_persons_as_proven_possible():
    data = generate(120, seed=2)
    plan = solved(data)
    placed = sum(len(h["members"]) for h in data["households"]) - plan["breakdown"]["unplaced_persons"]
    assert plan["stats"]["max_persons_proven"]
    assert placed == plan["stats"]["max_persons_placed"]


def test_the_greedy_baseline_is_feasible_and_never_better_than_the_optimiser():
    data = generate(50, seed=11)
    base = greedy(data)
    assert "bound" not in base
    assert solved(data)["objective"] <= base["objective"]


def test_an_empty_household_list_gives_an_empty_optimal_plan():
    data = generate(0, seed=1)
    plan = solved(data)
    assert plan["assignments"] == [] and plan["unplaced"] == []
    assert (plan["objective"], plan["bound"], plan["status"]) == (0, 0, "optimal")


def test_with_no_free_beds_everyone_is_unplaced_with_an_actionable_reason():
    full = [occupant(f"o{i}", "F", 40) for i in range(2)]
    data = instance([location("a", food=True)],
                    [room("a/1", "a", 2, occupants=full), room("a/2", "a", 1, occupants=[occupant("p", "M", 50)])],
                    [household("h1", [("F", 40)]), household("h2", [("F", 30), ("M", 4)])])
    plan = solved(data)
    assert plan["objective"] == 3000 and plan["status"] == "optimal"
    reasons = {u["household"]: u for u in plan["unplaced"]}
    assert reasons["h1"]["code"] == "no_free_room"
    assert reasons["h1"]["params"]["would_fit_without"] == {"capacity": 1}
    assert "free bed for a single woman" in reasons["h1"]["reason"]


def test_the_reason_says_which_rule_to_relax():
    data = instance([location("plain"), location("food", food=True)],
                    [room("plain/1", "plain", 4), room("plain/2", "plain", 4), room("plain/3", "plain", 3),
                     room("food/1", "food", 3, occupants=[occupant("o", "F", 30)])],
                    [household("f", [("F", 30), ("F", 9), ("M", 7)], food=True)])
    plan = solved(data)
    (u,) = plan["unplaced"]
    assert u["params"]["would_fit_without"] == {"no_food_distribution": 3}
    assert u["params"]["needs"]["food_distribution"] is True
    assert "3 rooms would fit without food distribution" in u["reason"]


def test_only_families_each_get_their_own_room():
    data = generate(30, seed=12, families=1.0)
    plan = solved(data)
    rooms = [a["room"] for a in plan["assignments"]]
    assert len(rooms) == len(set(rooms))


def test_households_with_pets_only_go_where_pets_are_allowed():
    data = generate(25, seed=13)
    for h in data["households"]:
        h["pets"] = 1
    plan = solved(data)
    pets_ok = {l["id"] for l in data["locations"] if l["pets_allowed"]}
    rooms = {r["id"]: r["location"] for r in data["rooms"]}
    assert plan["assignments"] and all(rooms[a["room"]] in pets_ok for a in plan["assignments"])


def test_reserved_only_categories_prefer_their_reserved_location():
    data = generate(20, seed=14)
    for i, h in enumerate(data["households"]):
        h["category"] = "vulnerable" if i % 2 else "patient"
    plan = solved(data)
    assert plan["status"] == "optimal"
    assert plan["breakdown"]["category_misses"] <= len(data["households"])


def test_the_category_penalty_applies_to_unplaced_households_too():
    data = instance([location("shelter", reserved="vulnerable"), location("plain")],
                    [room("plain/1", "plain", 1)],
                    [household("v", [("F", 30)], category="vulnerable"), household("w", [("F", 31)])])
    plan = solved(data)
    # one bed: whoever is left out costs 1000, and v misses its reserved location either way
    assert plan["objective"] == 1000 + 3 + 50 and plan["status"] == "optimal"


def test_when_everyone_needs_food_distribution_they_are_placed_only_there():
    data = generate(40, seed=15, newcomers=1.0)
    plan = solved(data)
    food = {l["id"] for l in data["locations"] if l["food_distribution"]}
    rooms = {r["id"]: r["location"] for r in data["rooms"]}
    assert all(rooms[a["room"]] in food for a in plan["assignments"])
    for u in plan["unplaced"]:
        assert u["params"]["needs"]["food_distribution"]


def test_each_placement_is_explained_with_cheaper_or_dearer_alternatives():
    data = generate(30, seed=16)
    plan = solved(data)
    placed = {a["household"]: a["room"] for a in plan["assignments"]}
    assert set(plan["explanations"]) == set(placed)
    checked = 0
    for hid, ex in plan["explanations"].items():
        assert ex["room"] == placed[hid]
        for alt in ex["alternatives"][:1]:
            moved = dict(placed, **{hid: alt["room"]})
            result = verify(data, {
                "assignments": [{"household": h, "room": r} for h, r in moved.items()],
                "unplaced": [{"household": h["id"], "reason": "x"} for h in data["households"]
                             if h["id"] not in moved]})
            assert result.feasible, result.violations
            assert result.objective - plan["objective"] == alt["delta"]
            assert alt["delta"] >= 0  # the plan is optimal: no single move improves it
            checked += 1
    assert checked


def test_the_cli_writes_the_plan_as_json(tmp_path):
    data = generate(20, seed=17)
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data))
    for extra in ([], ["--greedy"]):
        out = io.StringIO()
        with redirect_stdout(out):
            rc = cli.main([str(path), "--time-limit", "5", "--workers", "1", "--seed", "3", *extra])
        assert rc == 0
        assert_accepted(data, json.loads(out.getvalue()))


def test_the_cli_rejects_a_malformed_instance(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"locations": [], "rooms": [], "households": [{"id": "h"}]}))
    assert cli.main([str(path)]) == 2
    assert "households[0].members: missing field" in capsys.readouterr().err
