"""The large-neighbourhood search of large instances (solver._lns_stage): its neighbourhoods split a plan's
columns without losing any, and a round re-solving them never returns a worse plan than the one it started
from (the freed columns are CP-SAT's hint)."""
from __future__ import annotations

import random

from velkomst.engine.aggregate import Aggregate
from velkomst.engine.backend import Timer
from velkomst.engine.greedy import greedy_assign
from velkomst.engine.integer import fix_and_resolve
from velkomst.engine.model import Instance
from velkomst.engine.scoring import score
from velkomst.engine.solver import _lns_split

from ._support import generate


def _plan(households: int = 200, seed: int = 1):
    inst = Instance.from_dict(generate(households, seed, occupancy=0.3, newcomers=0.3))
    agg = Aggregate(inst)
    return inst, agg, greedy_assign(inst, agg)


def _merged(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, n in b.items():
        out[k] = out.get(k, 0) + n
    return out


def test_a_neighbourhood_splits_the_plans_columns_and_frees_the_rooms_of_categories_first():
    _, agg, assignment = _plan()
    cols = agg.columns_of(assignment)
    for hot, share in ((True, 0.0), (True, 0.1), (False, 0.1)):
        kept, freed = _lns_split(agg, cols, random.Random(0), share, hot)
        assert _merged(kept, freed) == cols
        assert freed
        if hot:
            for k in kept:
                g, types = (k[2], [k[1]]) if k[0] == "y" else (k[1], [s for s, _ in k[2]])
                if share == 0.0:
                    assert agg.groups[g].reserved_for is None
                    assert not any(agg.types[t].category_relevant for t in types)
    # the same seed, the same neighbourhood
    assert _lns_split(agg, cols, random.Random(3), 0.1, False) == _lns_split(agg, cols, random.Random(3), 0.1, False)


def test_a_round_never_returns_a_worse_plan():
    inst, agg, assignment = _plan()
    start = score(inst, assignment)[0]
    kept, freed = _lns_split(agg, agg.columns_of(assignment), random.Random(0), 0.2, hot=False)
    z, better = fix_and_resolve(inst, agg, None, 0, Timer(5.0), 1.0, 1, 0, repairs=0, fixed=kept, hint=freed)
    assert z == score(inst, better)[0] <= start
