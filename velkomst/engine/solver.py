"""The optimiser: staged column generation on the exact aggregated model.

Model (see aggregate.py for why the aggregation is exact)
---------------------------------------------------------
Rows: one per household type t (``sum of what covers t + u_t = n_t``), one per room
group g (``rooms of g used <= count_g``), and the valid cut
``unplaced persons >= U_lb`` where U_lb comes from stage 1.
Columns: ``u_t`` (households of type t left unplaced, cost 1000*size (+50 category)),
``y[t,g]`` (a family of type t in an empty room of class g), and patterns
``(g, {single type: multiplicity})`` = one room of g receiving those singles.
Every plan is an integer point of this model with the same objective and back.

Stages
------
1. Maximum persons placed: a small exact integer model (families x classes,
   singles x groups with a gender per room, ages play no role) gives U_lb, the
   least number of unplaced persons any plan can have, and a plan reaching it.
2. Column generation on the LP relaxation with the FULL objective (1000 per
   unplaced person included) plus the cut.  Pricing is exact: for a group and a
   gender, the best pattern is the best age window [a, b] with the top-``cap``
   positive values inside, charged max(0, b - a - 10) (an over-estimate for a set
   whose own span is smaller, exact for the set whose span is [a, b]).
3. The Lagrangian bound: for ANY duals (pi free, mu <= 0, sigma >= 0),
   cost(x) = sum rc_j x_j + sum_t pi_t n_t + sum_g mu_g (used_g) + sigma * unplaced
          >= sum_t pi_t n_t + sum_g mu_g count_g + sigma U_lb
             + sum_g count_g min(0, min pattern rc in g) + sum_t n_t min(0, min rc of y/u of t)
   for every plan x (since used_g <= count_g, unplaced >= U_lb).  The min pattern rc
   comes from the exact pricing, so this bounds the WHOLE problem whether or not
   the column generation converged.
4. A plan: the best of the greedy baseline, the stage-1 plan, the LP rounded and
   completed greedily, and (large instances) "fix and resolve": keep the rounded
   columns, re-solve the rest by column generation + CP-SAT.  Then the integer
   master over all generated columns (HiGHS for up to 300 single types, else CP-SAT
   warm-started from the best plan).
5. Closing the gap: every column of a plan cheaper than the incumbent z has
   rc <= z - 1 - LB (LB from the same duals, by the inequality above), so
   enumerating ALL such columns (a pruned depth-first search over age-sorted single
   types) and asking HiGHS for a plan of cost <= z - 1 over them either finds one
   or proves z optimal.  If the enumeration is too large the bound stays the
   Lagrangian one.  The reported bound is never taken from a restricted model.
"""
from __future__ import annotations

import contextlib
import ctypes
import math
import os
import sys
import time
from collections import defaultdict

import numpy as np

from .aggregate import EMPTY, OCCUPIED, Aggregate
from .explain import build_plan
from .greedy import greedy_assign
from .model import GENDERS, Instance
from .scoring import AGE_TOLERANCE, W_CATEGORY, W_OPENED, W_SINGLE_BED, score

EPS = 1e-7
MAX_ENUMERATED = 30000
HIGHS_MAX_SINGLE_TYPES = 300
CLOSE_BY = 0.7  # share of the time limit by which the gap-closing search must stop (HiGHS may overrun)


def _cp():
    from ortools.sat.python import cp_model  # lazy: keeps CLI start-up light
    return cp_model


class _Timer:
    def __init__(self, limit: float):
        self.t0 = time.perf_counter()
        self.limit = max(0.05, float(limit))

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def left(self) -> float:
        return max(0.0, self.limit - self.elapsed())

    def until(self, fraction: float) -> float:
        """Seconds left until ``fraction`` of the limit has passed."""
        return max(0.0, fraction * self.limit - self.elapsed())


def _params(solver, seconds: float, workers: int, seed: int) -> None:
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = False


# =========================================================================== stage 1

def max_persons(agg: Aggregate, seconds: float, workers: int, seed: int, tidy_seconds: float = 0.0):
    """Exact maximum persons placed (HiGHS on a small aggregated model).

    Exact because ages never affect feasibility: a room used by singles gets one gender,
    and singles of that gender compatible with its class fill its beds in any split.
    Returns (assignment, persons placed, proven upper bound on persons placed).
    """
    from ortools.linear_solver import pywraplp
    m = pywraplp.Solver.CreateSolver("HIGHS")
    y = {}
    for t in agg.family_types:
        ty = agg.types[t]
        for g in agg.options[t]:
            y[t, g] = m.IntVar(0, min(ty.count, agg.groups[g].count), "")
    coarse: dict[tuple, list[int]] = defaultdict(list)
    for s in agg.single_types:
        ty = agg.types[s]
        coarse[(ty.gender, ty.signature, tuple(agg.options[s]))].append(s)
    ckeys = list(coarse)
    w = {}
    z = {}
    for ci, ck in enumerate(ckeys):
        n = sum(agg.types[s].count for s in coarse[ck])
        gender = ck[0]
        for g in ck[2]:
            gr = agg.groups[g]
            w[ci, g] = m.IntVar(0, min(n, gr.cap * gr.count), "")
            if gr.kind == EMPTY and (g, gender) not in z:
                z[g, gender] = m.IntVar(0, gr.count, "")
    for t in agg.family_types:
        if agg.options[t]:
            m.Add(m.Sum([y[t, g] for g in agg.options[t]]) <= agg.types[t].count)
    for ci, ck in enumerate(ckeys):
        n = sum(agg.types[s].count for s in coarse[ck])
        if ck[2]:
            m.Add(m.Sum([w[ci, g] for g in ck[2]]) <= n)
    by_group_y = defaultdict(list)
    for (t, g), v in y.items():
        by_group_y[g].append(v)
    by_group_w = defaultdict(list)
    for (ci, g), v in w.items():
        by_group_w[g, ckeys[ci][0]].append(v)
    for gr in agg.groups:
        if gr.kind == EMPTY:
            zs = [z[gr.index, x] for x in GENDERS if (gr.index, x) in z]
            if by_group_y[gr.index] or zs:
                m.Add(m.Sum(by_group_y[gr.index] + zs) <= gr.count)
            for x in GENDERS:
                if (gr.index, x) in z:
                    m.Add(m.Sum(by_group_w[gr.index, x]) <= gr.beds * z[gr.index, x])
        else:
            vs = by_group_w[gr.index, gr.gender]
            if vs:
                m.Add(m.Sum(vs) <= gr.cap * gr.count)
    objective = m.Objective()
    for (t, g), v in y.items():
        objective.SetCoefficient(v, agg.types[t].size)
    for v in w.values():
        objective.SetCoefficient(v, 1)
    objective.SetMaximization()
    m.SuppressOutput()
    m.SetTimeLimit(max(10, int(seconds * 1000)))
    params = pywraplp.MPSolverParameters()
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, 0.0)
    with _stdout_to_stderr():
        status = m.Solve(params)
    total = sum(t.size * t.count for t in agg.types)
    if status not in (m.OPTIMAL, m.FEASIBLE):
        return {}, 0, total
    placed = int(round(objective.Value()))
    upper = min(total, int(math.floor(objective.BestBound() + 1e-6)))
    values = {id(v): int(round(v.solution_value())) for v in list(y.values()) + list(w.values())}

    # second pass (a better first plan, not part of any proof): the same persons placed at least
    # cost, with the objective's terms that do not depend on ages
    if tidy_seconds > 0:
        m.Add(m.Sum([agg.types[t].size * v for (t, g), v in y.items()] + list(w.values())) >= placed)
        objective.Clear()
        for (t, g), v in y.items():
            objective.SetCoefficient(v, agg.family_cost(t, g) - (W_CATEGORY if agg.types[t].category_relevant else 0))
        for (ci, g), v in w.items():
            s0 = coarse[ckeys[ci]][0]
            c = W_CATEGORY * (agg.category_miss(s0, g) - (1 if agg.types[s0].category_relevant else 0))
            if agg.groups[g].kind == EMPTY:
                c -= W_SINGLE_BED
            objective.SetCoefficient(v, c)
        for (g, x), v in z.items():
            objective.SetCoefficient(v, W_OPENED + W_SINGLE_BED * agg.groups[g].beds)
        objective.SetMinimization()
        m.SetTimeLimit(max(10, int(tidy_seconds * 1000)))
        with _stdout_to_stderr():
            status = m.Solve(params)
        if status in (m.OPTIMAL, m.FEASIBLE):
            values = {id(v): int(round(v.solution_value())) for v in list(y.values()) + list(w.values())}
    value = lambda v: values[id(v)]  # noqa: E731

    # ---- turn the counts into a concrete plan
    free = {gr.index: list(reversed(gr.rooms)) for gr in agg.groups}
    waiting = {t.index: sorted(t.households) for t in agg.types}
    out: dict[str, str] = {}
    for (t, g), v in sorted(y.items()):
        for _ in range(value(v)):
            out[waiting[t].pop()] = free[g].pop()
    # singles of each coarse type, youngest first, spread over the groups
    pool = {}
    for ci, ck in enumerate(ckeys):
        members = sorted(((agg.types[s].age, hid) for s in coarse[ck] for hid in waiting[s]))
        pool[ci] = members
    per_group: dict[int, list] = defaultdict(list)
    for (ci, g), v in sorted(w.items()):
        k = value(v)
        per_group[g].extend(pool[ci][:k])
        pool[ci] = pool[ci][k:]
    for g, members in per_group.items():
        gr = agg.groups[g]
        by_gender = defaultdict(list)
        for age, hid in members:
            by_gender[agg.types[agg.type_of[hid]].gender].append((age, hid))
        for x, ms in sorted(by_gender.items()):
            ms.sort()
            for i in range(0, len(ms), gr.cap):
                rid = free[g].pop()
                for _, hid in ms[i:i + gr.cap]:
                    out[hid] = rid
    return out, placed, upper


# =========================================================================== column generation

class Pricer:
    """Exact pricing of single patterns, vectorised over (group, gender) rows and age windows."""

    def __init__(self, agg: Aggregate):
        self.agg = agg
        ages = sorted({agg.types[s].age for s in agg.single_types})
        self.ages = np.array(ages, dtype=float)
        age_idx = {a: i for i, a in enumerate(ages)}
        self.nA = len(ages)
        rows: dict[tuple, int] = {}
        row_group, row_gender = [], []
        pair_s, pair_row, pair_age, pair_base, pair_mult = [], [], [], [], []
        for s in agg.single_types:
            ty = agg.types[s]
            if not ty.count:
                continue
            for g in agg.options[s]:
                gr = agg.groups[g]
                if not gr.count:
                    continue
                key = (g, ty.gender)
                if key not in rows:
                    rows[key] = len(row_group)
                    row_group.append(g)
                    row_gender.append(ty.gender)
                pair_s.append(s)
                pair_row.append(rows[key])
                pair_age.append(age_idx[ty.age])
                pair_base.append((W_SINGLE_BED if gr.kind == EMPTY else 0) - W_CATEGORY * agg.category_miss(s, g))
                pair_mult.append(min(ty.count, gr.cap))
        self.rows = rows
        self.nrows = len(row_group)
        self.row_group = np.array(row_group, dtype=int)
        self.row_gender = row_gender
        self.pair_s = np.array(pair_s, dtype=int)
        self.pair_row = np.array(pair_row, dtype=int)
        self.pair_age = np.array(pair_age, dtype=int)
        self.pair_base = np.array(pair_base, dtype=float)
        self.pair_mult = np.array(pair_mult, dtype=int)
        self.item_pair = np.repeat(np.arange(len(pair_s)), self.pair_mult) if pair_s else np.zeros(0, int)
        self.row_cap = np.array([agg.groups[g].cap for g in row_group], dtype=int)
        self.row_K = np.array([W_OPENED + W_SINGLE_BED * agg.groups[g].beds if agg.groups[g].kind == EMPTY else 0
                               for g in row_group], dtype=float)
        order = np.argsort(self.pair_row, kind="stable")
        bounds = np.searchsorted(self.pair_row[order], np.arange(self.nrows + 1))
        self.row_pairs = [order[bounds[r]:bounds[r + 1]] for r in range(self.nrows)]
        if self.nrows:
            lo = np.array([agg.groups[g].lo if agg.groups[g].kind == OCCUPIED else np.inf for g in row_group])
            hi = np.array([agg.groups[g].hi if agg.groups[g].kind == OCCUPIED else -np.inf for g in row_group])
            A = self.ages
            top = np.maximum(hi[:, None, None], A[None, None, :])
            bot = np.minimum(lo[:, None, None], A[None, :, None])
            self.pen = np.maximum(0.0, top - bot - AGE_TOLERANCE)  # [row, a, b]
        else:
            self.pen = np.zeros((0, 0, 0))

    def price(self, pi: np.ndarray, mu: np.ndarray, per_row: int = 1):
        """Best windows per row.

        Returns (rc of the best column per row, list of (row, a, b) candidates with
        negative reduced cost, up to ``per_row`` per row with different upper ages, v_pair).
        The first return value is exact (the minimum over ALL patterns of the row).
        """
        nrows, nA = self.nrows, self.nA
        if nrows == 0:
            return np.zeros(0), [], np.zeros(0)
        v_pair = pi[self.pair_s] + self.pair_base
        v_item = v_pair[self.item_pair]
        keep = v_item > EPS
        idx = np.nonzero(keep)[0]
        # best value per (row, b); the empty set has value 0 (rc = K - mu >= 0, never negative)
        best_val = np.zeros((nrows, nA))
        best_a = np.zeros((nrows, nA), dtype=int)
        if len(idx):
            ip = self.item_pair[idx]
            r, a, vv = self.pair_row[ip], self.pair_age[ip], v_item[idx]
            order = np.lexsort((-vv, a, r))
            r, a, vv = r[order], a[order], vv[order]
            bucket = r * nA + a
            starts = np.r_[0, np.nonzero(np.diff(bucket))[0] + 1]
            lengths = np.diff(np.r_[starts, len(bucket)])
            rank = np.arange(len(bucket)) - np.repeat(starts, lengths)
            k = rank < 6
            V = np.zeros((nrows, nA, 6))
            V[r[k], a[k], rank[k]] = vv[k]
            T = np.zeros((nrows, nA, 6))
            capidx = (self.row_cap - 1)[:, None, None]
            # a window wider than this cannot have a positive value (pen >= span - 10)
            max_span = AGE_TOLERANCE + 6 * float(vv.max()) + 1
            A = self.ages
            for b in range(nA):
                rs = np.nonzero(V[:, b, 0] > 0)[0]  # rows whose window sets change at b
                if not len(rs):
                    continue
                a0 = int(np.searchsorted(A, A[b] - max_span))
                w = b + 1 - a0
                cur = np.concatenate([T[rs, a0:b + 1], np.broadcast_to(V[rs, b:b + 1], (len(rs), w, 6))], axis=2)
                cur = -np.sort(-cur, axis=2)[:, :, :6]
                T[rs, a0:b + 1] = cur
                sums = np.take_along_axis(np.cumsum(cur, axis=2), np.broadcast_to(capidx[rs], (len(rs), w, 1)),
                                          axis=2)[:, :, 0]
                sc = sums - self.pen[rs, a0:b + 1, b]
                am = sc.argmax(axis=1)
                val = sc[np.arange(len(rs)), am]
                best_val[rs, b] = np.maximum(val, 0.0)
                best_a[rs, b] = am + a0
        top = best_val.max(axis=1)
        rc = self.row_K - mu[self.row_group] - top
        cands = []
        for row in np.nonzero(rc < -1e-6)[0]:
            K = self.row_K[row] - mu[self.row_group[row]]
            bs = np.argsort(-best_val[row], kind="stable")[:per_row]
            for b in bs:
                if K - best_val[row, b] < -1e-6:
                    cands.append((int(row), int(best_a[row, b]), int(b)))
        return rc, cands, v_pair

    def column(self, row: int, a: int, b: int, v_pair: np.ndarray):
        """The singles of the best window of ``row`` as (group, items)."""
        ps = self.row_pairs[row]
        ages = self.pair_age[ps]
        ps = ps[(ages >= a) & (ages <= b) & (v_pair[ps] > EPS)]
        ps = ps[np.argsort(-v_pair[ps], kind="stable")]
        cap = int(self.row_cap[row])
        items = []
        for p in ps:
            if cap <= 0:
                break
            m = min(int(self.pair_mult[p]), cap)
            items.append((int(self.pair_s[p]), m))
            cap -= m
        return int(self.row_group[row]), tuple(sorted(items))


class Master:
    """The restricted master LP (GLOP)."""

    def __init__(self, agg: Aggregate, unplaced_lb: int):
        from ortools.linear_solver import pywraplp
        self.agg = agg
        self.lp = lp = pywraplp.Solver.CreateSolver("GLOP")
        inf = lp.infinity()
        self.type_rows = [lp.Constraint(t.count, t.count) for t in agg.types]
        self.group_rows = [lp.Constraint(-inf, g.count) for g in agg.groups]
        self.cut = lp.Constraint(unplaced_lb, inf)
        self.unplaced_lb = unplaced_lb
        obj = lp.Objective()
        self.obj = obj
        self.u = []
        for t in agg.types:
            v = lp.NumVar(0, inf, "")
            self.type_rows[t.index].SetCoefficient(v, 1)
            self.cut.SetCoefficient(v, t.size)
            obj.SetCoefficient(v, t.unplaced_cost)
            self.u.append(v)
        self.y = {}
        for t in agg.family_types:
            for g in agg.options[t]:
                v = lp.NumVar(0, inf, "")
                self.type_rows[t].SetCoefficient(v, 1)
                self.group_rows[g].SetCoefficient(v, 1)
                obj.SetCoefficient(v, agg.family_cost(t, g))
                self.y[t, g] = v
        self.patterns: dict[tuple, object] = {}
        self.costs: dict[tuple, int] = {}

    def add(self, key: tuple) -> bool:
        if key in self.patterns:
            return False
        g, items = key
        v = self.lp.NumVar(0, self.lp.infinity(), "")
        for s, m in items:
            self.type_rows[s].SetCoefficient(v, m)
        self.group_rows[g].SetCoefficient(v, 1)
        c = self.agg.pattern_cost(g, items)
        self.obj.SetCoefficient(v, c)
        self.patterns[key] = v
        self.costs[key] = c
        return True

    def solve(self):
        self.obj.SetMinimization()
        status = self.lp.Solve()
        if status != self.lp.OPTIMAL:
            raise RuntimeError(f"master LP status {status}")
        pi = np.array([r.dual_value() for r in self.type_rows])
        mu = np.minimum(0.0, np.array([r.dual_value() for r in self.group_rows]))
        sigma = max(0.0, self.cut.dual_value())
        return self.obj.Value(), pi, mu, sigma


def lp_rounding(agg: Aggregate, master: "Master") -> dict:
    """Round the LP solution: integral parts first, then the largest fractions that still fit."""
    rem_t = [t.count for t in agg.types]
    rem_g = [g.count for g in agg.groups]
    entries = [(v.solution_value(), ("y", t, g)) for (t, g), v in master.y.items()]
    entries += [(v.solution_value(), ("p", g, items)) for (g, items), v in master.patterns.items()]
    entries = [(x, key) for x, key in entries if x > 1e-6]
    cols: dict[tuple, int] = {}

    def take(key, n):
        g = key[2] if key[0] == "y" else key[1]
        need = [(key[1], 1)] if key[0] == "y" else list(key[2])
        n = min([n, rem_g[g]] + [rem_t[s] // m for s, m in need])
        if n > 0:
            rem_g[g] -= n
            for s, m in need:
                rem_t[s] -= n * m
            cols[key] = cols.get(key, 0) + n

    for x, key in entries:
        take(key, int(math.floor(x + 1e-6)))
    for x, key in sorted(entries, key=lambda e: -(e[0] - math.floor(e[0] + 1e-6))):
        if x - math.floor(x + 1e-6) > 1e-6:
            take(key, 1)
    return cols


def _per_row(master: "Master", lp_value: float) -> int:
    """Columns per (group, gender) and iteration: many while the LP still leaves persons out
    that a plan can place (the early, placement-driven phase), then a few."""
    return 20 if lp_value > 1000 * (master.unplaced_lb + 1) else 3


def column_generation(master: "Master", pricer: Pricer, timer: "_Timer", deadline: float, max_iter: int = 10**6):
    """Price until no column improves (or time/iterations run out). Returns (lp value, pi, mu, sigma, converged)."""
    it = 0
    while True:
        it += 1
        value, pi, mu, sigma = master.solve()
        rc, cands, v_pair = pricer.price(pi, mu, per_row=_per_row(master, value))
        added = sum(1 for row, a, b in cands if master.add(pricer.column(row, a, b, v_pair)))
        if not added:
            return value, pi, mu, sigma, True
        if it >= max_iter or timer.until(deadline) <= 0:
            value, pi, mu, sigma = master.solve()  # keep the LP solution in sync with the columns
            return value, pi, mu, sigma, False


def fix_and_resolve(instance: Instance, agg: Aggregate, master: "Master", unplaced_lb: int, timer: "_Timer",
                    deadline: float, workers: int, seed: int, repairs: int = 8, seconds: float = math.inf):
    """Large instances: keep the rounded LP columns and solve the rest (column generation + HiGHS).

    Before solving the residual, make sure it can still place as many persons as a plan can
    (the cheap stage-1 model on the residual); while it cannot, give back one kept column in a
    group that could take each household it leaves out.

    Returns (objective, assignment) of the plan found, or None.
    """
    fixed = lp_rounding(agg, master)
    for _ in range(repairs):
        if timer.until(deadline) <= 0.05:
            return None
        res = agg.residual(fixed)
        persons = sum(t.size * t.count for t in res.types)
        r_assign, r_placed, _ = max_persons(res, max(0.05, min(2.0, timer.until(deadline))), workers, seed)
        if persons - r_placed <= unplaced_lb:
            break
        left = [t.index for t in res.types for _ in range(t.count)]
        for hid in r_assign:
            left.remove(agg.type_of[hid])
        for t in left:
            opts = set(agg.options[t])
            cand = [(agg.family_cost(k[1], k[2]) if k[0] == "y" else agg.pattern_cost(k[1], k[2]), repr(k), k)
                    for k in fixed if (k[2] if k[0] == "y" else k[1]) in opts]
            if not agg.types[t].family:
                same = [c for c in cand if c[2][0] == "p" and agg.types[c[2][2][0][0]].gender == agg.types[t].gender]
                cand = same or cand
            if cand:
                k = min(cand)[2]
                fixed[k] -= 1
                if not fixed[k]:
                    del fixed[k]
    res = agg.residual(fixed)
    sub = Master(res, 0)
    column_generation(sub, Pricer(res), timer, deadline)
    # CP-SAT from the greedy completion of the kept columns (HiGHS can be slow to a first solution here)
    completed = greedy_assign(instance, agg, start=agg.assignment_of(fixed))
    hint = agg.columns_of(completed)
    for k, n in fixed.items():
        hint[k] -= n
    hint = {k: n for k, n in hint.items() if n}
    costs = dict(sub.costs)
    for k in hint:
        if k[0] == "p" and (k[1], k[2]) not in costs:
            costs[k[1], k[2]] = agg.pattern_cost(k[1], k[2])
    r = integer_master(res, list(costs), costs, 0, hint, max(0.05, min(seconds, timer.until(deadline))), workers,
                       seed, "cpsat")
    if r.cols is None:
        return None
    cols = dict(fixed)
    for k, n in r.cols.items():
        cols[k] = cols.get(k, 0) + n
    assignment = greedy_assign(instance, agg, start=agg.assignment_of(cols))
    return score(instance, assignment)[0], assignment


def lagrangian_bound(agg: Aggregate, pi: np.ndarray, mu: np.ndarray, sigma: float, unplaced_lb: int,
                     group_min_rc: np.ndarray) -> float:
    """Valid lower bound on the whole problem for any pi, mu <= 0, sigma >= 0 (see module doc)."""
    lb = float(sum(t.count * pi[t.index] for t in agg.types))
    lb += float(sum(g.count * mu[g.index] for g in agg.groups))
    lb += sigma * unplaced_lb
    for t in agg.types:
        rc = t.unplaced_cost - pi[t.index] - sigma * t.size
        if t.family:
            for g in agg.options[t.index]:
                rc = min(rc, agg.family_cost(t.index, g) - pi[t.index] - mu[g])
        lb += t.count * min(0.0, rc)
    lb += float(sum(g.count * min(0.0, group_min_rc[g.index]) for g in agg.groups))
    return lb


def enumerate_columns(agg: Aggregate, pricer: Pricer, pi, mu, threshold: float, limit: int):
    """All single patterns with reduced cost <= threshold, or None if more than ``limit``."""
    out = []
    v_pair = pi[pricer.pair_s] + pricer.pair_base
    for row in range(pricer.nrows):
        g = int(pricer.row_group[row])
        gr = agg.groups[g]
        K = float(pricer.row_K[row] - mu[g])
        need = K - threshold - 1e-6  # want value = sum v - pen >= need
        ps = pricer.row_pairs[row]
        items = sorted(((agg.types[int(pricer.pair_s[p])].age, -float(v_pair[p]), int(pricer.pair_s[p]),
                         int(pricer.pair_mult[p])) for p in ps))
        n = len(items)
        if not n:
            continue
        vals = [-it[1] for it in items]
        sufmax = [0.0] * (n + 1)
        for i in range(n - 1, -1, -1):
            sufmax[i] = max(sufmax[i + 1], vals[i], 0.0)
        cap = gr.cap
        occ = gr.kind == OCCUPIED
        lo0 = gr.lo if occ else None
        hi0 = gr.hi if occ else None

        def pen(lo, hi, k):
            if occ:
                return max(0, max(hi, hi0) - min(lo, lo0) - AGE_TOLERANCE)
            return max(0, hi - lo - AGE_TOLERANCE) if k >= 2 else 0

        chosen: list = []

        def dfs(i, k, total, lo, hi):
            # record the current set
            if k >= 1 and total - pen(lo, hi, k) >= need:
                out.append((g, tuple(sorted(_merge(chosen)))))
                if len(out) > limit:
                    raise OverflowError
            if k >= cap:
                return
            for j in range(i, n):
                age, negv, s, mult = items[j]
                # optimistic: the best remaining values, and the span can only grow from here
                if total + (cap - k) * sufmax[j] - pen(lo if k else age, age, k + 1) < need:
                    if k == 0 and occ:
                        continue  # a first member's penalty is not monotone in age (occupants' range)
                    # pen grows with j (ages ascending), sufmax shrinks: no later j can do better
                    break
                used = sum(1 for c in chosen if c == s)
                if used >= mult:
                    continue
                chosen.append(s)
                dfs(j, k + 1, total - negv, lo if k else age, age)
                chosen.pop()

        try:
            dfs(0, 0, 0.0, None, None)
        except OverflowError:
            return None
    return out


def _merge(chosen):
    d: dict[int, int] = {}
    for s in chosen:
        d[s] = d.get(s, 0) + 1
    return d.items()


# =========================================================================== integer master

class IPResult:
    """Outcome of the integer master over a given set of columns (bound/infeasible refer to those only)."""

    def __init__(self, cols=None, objective=None, bound=-math.inf, infeasible=False):
        self.cols, self.objective, self.bound, self.infeasible = cols, objective, bound, infeasible


def integer_master(agg: Aggregate, patterns: list[tuple], costs: dict, unplaced_lb: int, hint: dict | None,
                   seconds: float, workers: int, seed: int, engine: str = "cpsat",
                   cutoff: int | None = None, zero: frozenset = frozenset(), gap: float = 0.0) -> IPResult:
    """Solve the master over the given patterns; with ``cutoff``, only solutions costing <= cutoff count.

    ``zero``: keys ("u", t) / ("y", t, g) of columns fixed to 0.  ``gap``: relative gap at which
    HiGHS may stop (heuristic use only)."""
    if engine == "highs":
        return _highs_master(agg, patterns, costs, unplaced_lb, seconds, cutoff, zero, gap)
    return _cpsat_master(agg, patterns, costs, unplaced_lb, hint, seconds, workers, seed, cutoff, zero)


@contextlib.contextmanager
def _stdout_to_stderr():
    """HiGHS prints a banner on the C-level stdout; keep stdout clean for the plan JSON."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):
        yield
        return
    try:
        os.dup2(2, 1)
        yield
    finally:
        try:
            ctypes.CDLL(None).fflush(None)
        except (OSError, AttributeError):
            pass
        os.dup2(saved, 1)
        os.close(saved)


def _highs_master(agg: Aggregate, patterns: list[tuple], costs: dict, unplaced_lb: int, seconds: float,
                  cutoff: int | None = None, zero: frozenset = frozenset(), gap: float = 0.0) -> IPResult:
    from ortools.linear_solver import pywraplp
    s = pywraplp.Solver.CreateSolver("HIGHS")
    if s is None:
        return IPResult()
    terms = []
    inf = s.infinity()
    type_rows = [s.Constraint(t.count, t.count) for t in agg.types]
    group_rows = [s.Constraint(-inf, g.count) for g in agg.groups]
    cut = s.Constraint(unplaced_lb, inf)
    obj = s.Objective()
    xs = {}
    for t in agg.types:
        v = s.IntVar(0, 0 if ("u", t.index) in zero else t.count, "")
        type_rows[t.index].SetCoefficient(v, 1)
        cut.SetCoefficient(v, t.size)
        obj.SetCoefficient(v, t.unplaced_cost)
        terms.append((v, t.unplaced_cost))
    for t in agg.family_types:
        for g in agg.options[t]:
            v = s.IntVar(0, 0 if ("y", t, g) in zero else min(agg.types[t].count, agg.groups[g].count), "")
            type_rows[t].SetCoefficient(v, 1)
            group_rows[g].SetCoefficient(v, 1)
            obj.SetCoefficient(v, agg.family_cost(t, g))
            terms.append((v, agg.family_cost(t, g)))
            xs["y", t, g] = v
    for key in patterns:
        g, items = key
        ub = min([agg.groups[g].count] + [agg.types[i].count // mm for i, mm in items])
        if ub <= 0:
            continue
        v = s.IntVar(0, ub, "")
        for i, mm in items:
            type_rows[i].SetCoefficient(v, mm)
        group_rows[g].SetCoefficient(v, 1)
        obj.SetCoefficient(v, costs[key])
        terms.append((v, costs[key]))
        xs["p", g, items] = v
    if cutoff is not None:
        c = s.Constraint(-inf, cutoff)
        for v, w in terms:
            c.SetCoefficient(v, w)
    obj.SetMinimization()
    s.SuppressOutput()
    s.SetTimeLimit(max(10, int(seconds * 1000)))
    params = pywraplp.MPSolverParameters()
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, gap)
    with _stdout_to_stderr():
        status = s.Solve(params)
    if status == s.INFEASIBLE:
        return IPResult(infeasible=True)
    if status not in (s.OPTIMAL, s.FEASIBLE):
        return IPResult()
    cols = {}
    for key, v in xs.items():
        val = int(round(v.solution_value()))
        if val:
            cols[key] = val
    return IPResult(cols, int(round(obj.Value())), obj.BestBound())


def _cpsat_master(agg: Aggregate, patterns: list[tuple], costs: dict, unplaced_lb: int, hint: dict | None,
                  seconds: float, workers: int, seed: int, cutoff: int | None = None,
                  zero: frozenset = frozenset()) -> IPResult:
    cp_model = _cp()
    m = cp_model.CpModel()
    type_terms = defaultdict(list)
    group_terms = defaultdict(list)
    obj = []
    xs = {}
    for t in agg.types:
        u = m.NewIntVar(0, 0 if ("u", t.index) in zero else t.count, "")
        xs["u", t.index] = u
        type_terms[t.index].append(u)
        obj.append(t.unplaced_cost * u)
    for t in agg.family_types:
        for g in agg.options[t]:
            v = m.NewIntVar(0, 0 if ("y", t, g) in zero else min(agg.types[t].count, agg.groups[g].count), "")
            xs["y", t, g] = v
            type_terms[t].append(v)
            group_terms[g].append(v)
            obj.append(agg.family_cost(t, g) * v)
    for key in patterns:
        g, items = key
        ub = min([agg.groups[g].count] + [agg.types[s].count // mm for s, mm in items])
        if ub <= 0:
            continue
        v = m.NewIntVar(0, ub, "")
        xs["p", g, items] = v
        for s, mm in items:
            type_terms[s].append(mm * v)
        group_terms[g].append(v)
        obj.append(costs[key] * v)
    for t in agg.types:
        m.Add(sum(type_terms[t.index]) == t.count)
    for g, terms in group_terms.items():
        m.Add(sum(terms) <= agg.groups[g].count)
    m.Add(sum(t.size * xs["u", t.index] for t in agg.types) >= unplaced_lb)
    m.Minimize(sum(obj))
    if cutoff is not None:
        m.Add(sum(obj) <= cutoff)
        hint = None  # the incumbent is cut off
    if hint:
        used = defaultdict(int)
        for key, n in hint.items():
            used[key] += n
        unplaced = {t.index: t.count for t in agg.types}
        for key, n in used.items():
            if key[0] == "y":
                unplaced[key[1]] -= n
            else:
                for s, mm in key[2]:
                    unplaced[s] -= mm * n
        for key, v in xs.items():
            if key[0] == "u":
                m.AddHint(v, unplaced[key[1]])
            else:
                m.AddHint(v, used.get(key, 0))
    solver = cp_model.CpSolver()
    _params(solver, seconds, workers, seed)
    status = solver.Solve(m)
    if status == cp_model.INFEASIBLE:
        return IPResult(infeasible=True)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return IPResult()
    cols = {}
    for key, v in xs.items():
        if key[0] == "u":
            continue
        val = solver.Value(v)
        if val:
            cols[key] = val
    return IPResult(cols, int(round(solver.ObjectiveValue())), solver.BestObjectiveBound())


def _cols_cost(agg: Aggregate, cols: dict) -> int:
    total = 0
    covered = defaultdict(int)
    for key, n in cols.items():
        if key[0] == "y":
            total += n * agg.family_cost(key[1], key[2])
            covered[key[1]] += n
        else:
            total += n * agg.pattern_cost(key[1], key[2])
            for s, mm in key[2]:
                covered[s] += mm * n
    for t in agg.types:
        total += (t.count - covered[t.index]) * t.unplaced_cost
    return total


# =========================================================================== driver

def optimise(instance: Instance, agg: Aggregate, time_limit: float, workers: int, seed: int):
    """Returns (assignment, bound or None, stats)."""
    timer = _Timer(time_limit)
    stats: dict = {"method": "column-generation"}
    total_persons = sum(h.size for h in instance.households)

    incumbents = []
    g_assign = greedy_assign(instance, agg)
    incumbents.append((score(instance, g_assign)[0], "greedy", g_assign))
    stats["greedy_objective"] = incumbents[0][0]

    s1_assign, placed, upper = max_persons(agg, max(0.05, min(timer.until(0.15), timer.left())), workers, seed,
                                           tidy_seconds=max(0.05, timer.until(0.2)))
    unplaced_lb = total_persons - upper
    stats["max_persons_placed"] = upper
    stats["max_persons_proven"] = placed == upper
    stats["t_stage1"] = round(timer.elapsed(), 3)
    if s1_assign:
        incumbents.append((score(instance, s1_assign)[0], "stage1", s1_assign))
    best_obj, best_src, best_assign = min(incumbents, key=lambda x: x[0])

    # ---- column generation
    master = Master(agg, unplaced_lb)
    pricer = Pricer(agg)
    lb = -math.inf
    iterations = 0
    lp_value = None
    pi = mu = None
    sigma = 0.0
    large = len(agg.single_types) > HIGHS_MAX_SINGLE_TYPES
    cg_deadline = 0.45 if large else 0.6
    while True:
        iterations += 1
        lp_value, pi, mu, sigma = master.solve()
        rc, cands, v_pair = pricer.price(pi, mu, per_row=_per_row(master, lp_value))
        group_min = np.zeros(len(agg.groups))
        if len(rc):
            np.minimum.at(group_min, pricer.row_group, rc)
        lb_last = lagrangian_bound(agg, pi, mu, sigma, unplaced_lb, group_min)
        lb = max(lb, lb_last)
        added = 0
        for row, a, b in cands:
            key = pricer.column(row, a, b, v_pair)
            if key[1] and master.add(key):
                added += 1
        if not added:
            break
        if math.ceil(lb - 1e-6) >= math.ceil(lp_value - 1e-6) or timer.until(cg_deadline) <= 0:
            master.solve()  # keep the LP solution in sync with the columns (for the rounding)
            break
    stats["t_cg"] = round(timer.elapsed(), 3)
    stats["cg_iterations"] = iterations
    stats["lp_value"] = round(lp_value, 3)
    stats["patterns"] = len(master.patterns)
    bound = math.ceil(lb - 1e-6)

    r_assign = greedy_assign(instance, agg, start=agg.assignment_of(lp_rounding(agg, master)))
    r_obj = score(instance, r_assign)[0]
    stats["rounding_objective"] = r_obj
    incumbents.append((r_obj, "rounding", r_assign))
    best_obj, best_src, best_assign = min(incumbents, key=lambda x: x[0])

    engine = "highs" if len(agg.single_types) <= HIGHS_MAX_SINGLE_TYPES else "cpsat"
    stats["ip_engine"] = engine
    if engine != "highs" and bound < best_obj:
        fr = fix_and_resolve(instance, agg, master, unplaced_lb, timer, 0.8, workers, seed)
        stats["t_fix"] = round(timer.elapsed(), 3)
        if fr is not None:
            stats["fix_objective"] = fr[0]
            incumbents.append((fr[0], "fix-and-resolve", fr[1]))
            best_obj, best_src, best_assign = min(incumbents, key=lambda x: x[0])

    # ---- integer master over the generated columns (plus those of the incumbents)
    hint = agg.columns_of(best_assign)
    costs = dict(master.costs)
    patterns = list(costs)
    for _, _, a in incumbents:
        for key in agg.columns_of(a):
            if key[0] == "p" and (key[1], key[2]) not in costs:
                costs[key[1], key[2]] = agg.pattern_cost(key[1], key[2])
                patterns.append((key[1], key[2]))

    def accept(res: IPResult, source: str) -> None:
        nonlocal best_obj, best_src, best_assign
        if res.cols is None:
            return
        z = _cols_cost(agg, res.cols)
        if z != res.objective:
            raise AssertionError(f"integer master objective {res.objective} != recomputed {z}")
        if z < best_obj:
            best_obj, best_src, best_assign = z, source, agg.assignment_of(res.cols)

    if bound < best_obj:
        accept(integer_master(agg, patterns, costs, unplaced_lb, hint, max(0.05, timer.until(0.9 if large else 0.7)),
                              workers, seed, engine), "master")
    stats["t_ip"] = round(timer.elapsed(), 3)

    # ---- close the gap: a plan cheaper than the incumbent z uses only columns with rc <= z - 1 - LB
    # (LB from the final duals); enumerate all of them and search for such a plan.
    stats["enumerated"] = []
    while bound < best_obj and timer.until(CLOSE_BY) > 0.02:
        threshold = best_obj - 1 - lb_last
        extra = enumerate_columns(agg, pricer, pi, mu, threshold, MAX_ENUMERATED)
        if extra is None:
            # too many to prove anything: add the most promising columns to improve the plan
            t = threshold
            while extra is None and t > 0.5 and timer.until(CLOSE_BY) > 0.02:
                t /= 4
                extra = enumerate_columns(agg, pricer, pi, mu, t, MAX_ENUMERATED // 4)
            if not extra:
                break
            stats["enumerated"].append(-len(extra))
            for key in extra:
                if key not in costs:
                    costs[key] = agg.pattern_cost(*key)
                    patterns.append(key)
            accept(integer_master(agg, patterns, costs, unplaced_lb, agg.columns_of(best_assign),
                                  max(0.05, timer.until(CLOSE_BY)), workers, seed, engine), "master+")
            break
        stats["enumerated"].append(len(extra))
        for key in extra:
            if key not in costs:
                costs[key] = agg.pattern_cost(*key)
                patterns.append(key)
        # columns with rc > threshold cannot be part of a cheaper plan: leave them out
        zero = frozenset(
            [("u", t.index) for t in agg.types if t.unplaced_cost - pi[t.index] - sigma * t.size > threshold + 1e-6]
            + [("y", t, g) for t in agg.family_types for g in agg.options[t]
               if agg.family_cost(t, g) - pi[t] - mu[g] > threshold + 1e-6])
        incumbent = best_obj
        res = integer_master(agg, sorted(set(extra)), costs, unplaced_lb, None, max(0.05, timer.until(CLOSE_BY)),
                             workers, seed, engine, cutoff=incumbent - 1, zero=zero)
        if res.infeasible:
            bound = incumbent  # no plan costs less than the incumbent
            break
        if res.bound is not None and res.bound > -math.inf:
            bound = max(bound, min(incumbent, math.ceil(res.bound - 1e-6)))
        accept(res, "master")
        if res.cols is None:
            break
    stats["t_close"] = round(timer.elapsed(), 3)
    stats["source"] = best_src
    stats["raw_bound"] = bound
    return best_assign, bound, stats


def preload(instance: dict | None = None) -> None:
    """Import the OR-Tools parts ``solve`` will need for ``instance``."""
    from ortools.linear_solver import pywraplp  # noqa: F401
    if isinstance(instance, dict) and len(instance.get("households") or ()) > HIGHS_MAX_SINGLE_TYPES:
        _cp()


def solve(instance: dict, *, time_limit: float = 10.0, workers: int | None = None, seed: int = 0) -> dict:
    """Optimise a SPEC instance; returns the SPEC plan dict (plus explanations and stats)."""
    preload(instance)  # import OR-Tools before the clock starts: ``seconds`` is the solver's own time
    t0 = time.perf_counter()
    inst = Instance.from_dict(instance)
    agg = Aggregate(inst)
    if workers is None:
        workers = max(1, min(8, os.cpu_count() or 1))
    if not inst.households:
        assignment, bound, stats = {}, 0, {"method": "trivial"}
    else:
        assignment, bound, stats = optimise(inst, agg, time_limit, workers, seed)
    seconds = time.perf_counter() - t0
    return build_plan(inst, assignment, bound=bound, seconds=seconds, agg=agg, stats=stats)
