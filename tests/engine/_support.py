"""Shared helpers for the allocation-engine tests: the reference checker and generator from the
shared folder (``../shared/allocation`` next to the repository, or ``$VELKOMST_SHARED``)."""
from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
from functools import lru_cache
from pathlib import Path

import pytest


def shared_dir() -> Path:
    candidates = []
    if os.environ.get("VELKOMST_SHARED"):
        env = Path(os.environ["VELKOMST_SHARED"])
        candidates += [env, env / "allocation"]
    candidates.append(Path(__file__).resolve().parents[2].parent / "shared" / "allocation")
    for c in candidates:
        if (c / "check.py").is_file():
            return c
    pytest.skip("shared/allocation/check.py not found (set VELKOMST_SHARED)")


@lru_cache(maxsize=None)
def _load(name: str):
    path = shared_dir() / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"velkomst_shared_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference_check(instance: dict, plan: dict) -> dict:
    return _load("check").check(instance, plan)


def generate(households: int, seed: int, **kw) -> dict:
    gen = _load("generate")
    args = argparse.Namespace(households=households, seed=seed, occupancy=kw.get("occupancy", 0.93),
                              families=kw.get("families", 0.35), newcomers=kw.get("newcomers", 0.7),
                              flats=kw.get("flats", 200), date="2026-11-26")
    return gen.build(args)


def assert_accepted(instance: dict, plan: dict) -> dict:
    """check.py accepts the plan, agrees on the objective, and every household appears once."""
    result = reference_check(instance, plan)
    assert result["feasible"], result["violations"]
    assert plan["objective"] == result["objective"]
    ids = [a["household"] for a in plan["assignments"]] + [u["household"] for u in plan["unplaced"]]
    assert sorted(ids) == sorted(h["id"] for h in instance["households"])
    for u in plan["unplaced"]:
        assert u["reason"].strip() and u["code"] and isinstance(u["params"], dict)
    if "bound" in plan:
        assert plan["bound"] <= plan["objective"]
        assert plan["stats"].get("raw_bound", plan["bound"]) <= plan["objective"]
        assert plan["status"] == ("optimal" if plan["bound"] == plan["objective"] else "feasible")
    return result


def brute_force_optimum(instance: dict) -> int:
    """Least objective over every assignment (each household to a room or nowhere), scored by check.py."""
    check = _load("check").check
    rooms = [r["id"] for r in instance["rooms"]]
    hids = [h["id"] for h in instance["households"]]
    best = None
    for choice in itertools.product([None] + rooms, repeat=len(hids)):
        plan = {"assignments": [{"household": h, "room": r} for h, r in zip(hids, choice) if r is not None],
                "unplaced": [{"household": h, "reason": "x"} for h, r in zip(hids, choice) if r is None]}
        res = check(instance, plan)
        if res["feasible"] and (best is None or res["objective"] < best):
            best = res["objective"]
    return best


# --------------------------------------------------------------------------- tiny hand-made instances

def location(lid, serves=("ukrainian", "refugee"), food=False, pets=False, reserved=None):
    return {"id": lid, "serves": list(serves), "food_distribution": food, "pets_allowed": pets,
            "reserved_for": reserved}


def room(rid, loc, beds, accessible=False, occupants=()):
    return {"id": rid, "location": loc, "beds": beds, "accessible": accessible,
            "occupants": [dict(o) for o in occupants]}


def occupant(pid, gender, age, household=None):
    return {"person": pid, "household": household or pid, "gender": gender, "age": age}


def household(hid, members, population="ukrainian", pets=0, accessible=False, food=False, category=None):
    return {"id": hid, "population": population,
            "members": [{"person": f"{hid}-{i}", "gender": g, "age": a} for i, (g, a) in enumerate(members)],
            "pets": pets, "needs_accessible": accessible, "needs_food_distribution": food, "category": category}


def instance(locations, rooms, households):
    return {"date": "2026-11-26", "locations": locations, "rooms": rooms, "households": households}
