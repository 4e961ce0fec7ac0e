"""Shared helpers for the allocation-engine tests.

Every plan a test gets from the engine goes through ``solved``/``greedy`` (or ``assert_accepted``),
which check it with the project's own verifier (``velkomst.engine.verify``, written from SPEC.md)
and, when the shared folder is there, with the reference checker too.  The reference checker and
the generator live in ``../shared/allocation`` next to the repository, or in ``$VELKOMST_SHARED``
(the folder itself or its parent); when ``VELKOMST_SHARED`` is set, only there.  A test that needs
one of them skips, naming the missing file.
"""
from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
from functools import lru_cache
from pathlib import Path

import pytest

from velkomst.engine import greedy_plan as _greedy_plan
from velkomst.engine import solve as _solve
from velkomst.engine.verify import verify

REPO = Path(__file__).resolve().parents[2]


def shared_candidates() -> list[Path]:
    env = os.environ.get("VELKOMST_SHARED")
    if env:
        return [Path(env), Path(env) / "allocation"]
    return [REPO.parent / "shared" / "allocation"]


def shared_file(name: str) -> Path | None:
    """``check.py`` or ``generate.py`` from the shared folder, or None when it is absent."""
    for c in shared_candidates():
        if (c / name).is_file():
            return c / name
    return None


def require_shared(name: str) -> Path:
    path = shared_file(name)
    if path is None:
        looked = ", ".join(str(c / name) for c in shared_candidates())
        pytest.skip(f"{name} not found (looked for {looked}; set VELKOMST_SHARED to the shared allocation folder)")
    return path


@lru_cache(maxsize=None)
def _load(name: str):
    path = require_shared(f"{name}.py")
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
    """The project's verifier accepts the plan and agrees on the objective, every household appears once,
    the bound and status are consistent; and check.py agrees when the shared folder is there.

    Returns the verifier's result as check.py's dict shape (feasible, violations, objective, breakdown)."""
    verdict = verify(instance, plan)
    assert verdict.feasible, verdict.violations
    assert not verdict.claims, verdict.claims
    assert plan["objective"] == verdict.objective
    assert plan.get("breakdown", verdict.breakdown) == verdict.breakdown
    ids = [a["household"] for a in plan["assignments"]] + [u["household"] for u in plan["unplaced"]]
    assert sorted(ids) == sorted(h["id"] for h in instance["households"])
    for u in plan["unplaced"]:
        assert u["reason"].strip() and u["code"] and isinstance(u["params"], dict)
    if "bound" in plan:
        assert plan["bound"] <= plan["objective"]
        assert plan["stats"].get("raw_bound", plan["bound"]) <= plan["objective"]
        assert plan["status"] == ("optimal" if plan["bound"] == plan["objective"] else "feasible")
    if shared_file("check.py") is not None:
        reference = reference_check(instance, plan)
        assert reference["feasible"], reference["violations"]
        assert (reference["objective"], reference["breakdown"]) == (verdict.objective, verdict.breakdown)
    return {"feasible": True, "violations": [], "objective": verdict.objective, "breakdown": verdict.breakdown}


def solved(instance: dict, *, time_limit: float = 60.0, workers: int = 1, seed: int = 0) -> dict:
    """The engine's plan for ``instance``, checked (``assert_accepted``)."""
    plan = _solve(instance, time_limit=time_limit, workers=workers, seed=seed)
    assert_accepted(instance, plan)
    return plan


def greedy(instance: dict) -> dict:
    """The greedy baseline's plan for ``instance``, checked."""
    plan = _greedy_plan(instance)
    assert_accepted(instance, plan)
    return plan


def brute_force_optimum(instance: dict) -> int:
    """Least objective over every assignment (each household to a room or nowhere), scored by the verifier."""
    rooms = [r["id"] for r in instance["rooms"]]
    hids = [h["id"] for h in instance["households"]]
    best = None
    for choice in itertools.product([None] + rooms, repeat=len(hids)):
        plan = {"assignments": [{"household": h, "room": r} for h, r in zip(hids, choice) if r is not None],
                "unplaced": [{"household": h, "reason": "x"} for h, r in zip(hids, choice) if r is None]}
        res = verify(instance, plan)
        if res.feasible and (best is None or res.objective < best):
            best = res.objective
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
