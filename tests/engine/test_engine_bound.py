"""The pieces the proof of optimality rests on: exact pricing and complete gap enumeration."""
from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from velkomst.engine import colgen
from velkomst.engine.aggregate import Aggregate
from velkomst.engine.backend import Timer
from velkomst.engine.maxplaced import max_persons
from velkomst.engine.model import Instance

from ._support import generate, solved


def _setup(households, seed, **shape):
    inst = Instance.from_dict(generate(households, seed, **shape))
    agg = Aggregate(inst)
    _, _, upper = max_persons(agg, 5, 1, 0)
    master = colgen.Master(agg, sum(h.size for h in inst.households) - upper)
    pricer = colgen.Pricer(agg)
    lp = colgen.column_generation(master, pricer, Timer(60), 1.0)
    assert lp.converged
    return agg, pricer, lp.pi, lp.mu


def _all_patterns(agg, pricer, row):
    g = int(pricer.row_group[row])
    items = [(int(pricer.pair_s[p]), int(pricer.pair_mult[p])) for p in pricer.row_pairs[row]]
    for k in range(1, agg.groups[g].cap + 1):
        for combo in itertools.combinations_with_replacement(range(len(items)), k):
            cnt = {}
            for c in combo:
                cnt[c] = cnt.get(c, 0) + 1
            if all(cnt[c] <= items[c][1] for c in cnt):
                yield g, tuple(sorted((items[c][0], m) for c, m in cnt.items()))


@pytest.mark.parametrize("households, seed, shape", [(40, 3, {}), (60, 21, {"occupancy": 0.97})])
def test_pricing_and_enumeration_agree_with_brute_force_on_every_small_row(households, seed, shape):
    agg, pricer, pi, mu = _setup(households, seed, **shape)
    rng = random.Random(seed)
    for trial in range(3):
        if trial:  # any duals must work, not just optimal ones
            pi = pi + np.array([rng.uniform(-4, 4) for _ in pi])
            mu = np.minimum(0.0, mu + np.array([rng.uniform(-4, 1) for _ in mu]))
        rc, _, _ = pricer.price(pi, mu)
        threshold = 3.0
        enumerated = set(colgen.enumerate_columns(agg, pricer, pi, mu, threshold, 10 ** 7))
        rows = 0
        for row in range(pricer.nrows):
            if len(pricer.row_pairs[row]) > 12 or pricer.row_cap[row] > 4:
                continue
            rows += 1
            g = int(pricer.row_group[row])
            costs = {key: agg.pattern_cost(*key) - sum(m * pi[s] for s, m in key[1]) - mu[g]
                     for key in _all_patterns(agg, pricer, row)}
            # exact pricing: the minimum reduced cost of the row (the empty set counts as K - mu >= 0)
            best = min(list(costs.values()) + [pricer.row_K[row] - mu[g]])
            assert rc[row] == pytest.approx(best, abs=1e-6)
            # complete enumeration: every column within the threshold is listed
            want = {key for key, c in costs.items() if c <= threshold}
            got = {key for key in enumerated
                   if key[0] == g and agg.types[key[1][0][0]].gender == pricer.row_gender[row]}
            assert want <= got
        assert rows > 10


@pytest.mark.parametrize("households, seed, shape", [
    (30, 1, {}), (30, 2, {"occupancy": 0.55, "families": 0.6}), (40, 3, {"occupancy": 0.95, "families": 0.6}),
    (60, 21, {"occupancy": 0.97, "newcomers": 0.3}), (30, 4, {"occupancy": 0.0})])
def test_the_integer_bound_never_exceeds_a_plan_and_the_proven_optimum(households, seed, shape):
    from velkomst.engine.intbound import integer_bound

    data = generate(households, seed, **shape)
    inst = Instance.from_dict(data)
    agg = Aggregate(inst)
    _, _, upper = max_persons(agg, 5, 1, 0)
    bound = integer_bound(agg, sum(h.size for h in inst.households) - upper, 10)
    assert bound > -np.inf
    plan = solved(data, time_limit=10, workers=1)
    assert bound <= plan["objective"] + 1e-6
    if plan["status"] == "optimal":
        assert bound <= plan["bound"] + 1e-6
