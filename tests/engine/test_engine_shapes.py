"""The engine on instance shapes with more choice than the weekly batches (issue 18's grid).

With many free rooms and few newcomers the rounded LP plan can lie several per cent above the bound and
HiGHS's integer master rarely improves it; fix-and-resolve then runs first (``FIX_FIRST_GAP``).  Its hint is
built from a greedy completion that may turn a kept room's pattern into another one: that used to raise a
KeyError (seed 22 of the weak shape)."""
from __future__ import annotations

from velkomst.engine.aggregate import Aggregate
from velkomst.engine.backend import Timer
from velkomst.engine.colgen import Master, Pricer, column_generation
from velkomst.engine.integer import fix_and_resolve
from velkomst.engine.model import Instance
from velkomst.engine.scoring import score
from velkomst.engine.solver import soft_gap
from velkomst.engine.verify import verify

from ._support import generate, solved

WEAK_SHAPE = {"occupancy": 0.65, "families": 0.35, "newcomers": 0.45}


def test_when_the_greedy_places_everyone_the_maximum_is_proven_without_a_solve():
    data = generate(60, seed=4, occupancy=0.3, newcomers=0.3)
    plan = solved(data, time_limit=10)
    persons = sum(len(h["members"]) for h in data["households"])
    assert plan["breakdown"]["unplaced_persons"] == 0
    assert plan["stats"]["max_persons_proven"] and plan["stats"]["max_persons_placed"] == persons
    assert "t_stage1" not in plan["stats"]  # stage 1 skipped: nothing to prove


def test_fix_and_resolve_survives_a_kept_room_whose_pattern_the_greedy_changed():
    data = generate(400, seed=22, **WEAK_SHAPE)
    instance = Instance.from_dict(data)
    agg = Aggregate(instance)
    timer = Timer(8.0)
    master = Master(agg, 0)
    column_generation(master, Pricer(agg), timer, 0.4, with_bound=True)
    result = fix_and_resolve(instance, agg, master, 0, timer, 1.0, workers=1, seed=0)
    assert result is not None
    objective, assignment = result
    assert objective == score(instance, assignment)[0]
    plan = {"assignments": [{"household": h, "room": r} for h, r in assignment.items()],
            "unplaced": [{"household": h.id, "reason": "x"} for h in instance.households if h.id not in assignment]}
    assert verify(data, plan).feasible


def test_soft_gap_leaves_out_the_unplaced_persons_price():
    assert soft_gap(2100, 2000, 0) == 100 / 2100
    assert soft_gap(3100, 3000, 1) == 100 / 2100
    assert soft_gap(1000, 1000, 1) == 0.0
