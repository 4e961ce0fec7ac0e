"""Stage 2: column generation on the LP relaxation of the aggregated model, and the proven bound.

The restricted master (GLOP) has one row per household type (``sum of what covers t + u_t = n_t``),
one per room group (``rooms of g used <= count_g``) and the stage-1 cut ``unplaced persons >= U_lb``.
Its columns are ``u_t`` (left unplaced), ``y[t,g]`` (a family in an empty room of class g) and
single patterns ``(g, {single type: multiplicity})``: one room of g receiving those singles.

Pricing is exact: for a group and a gender, the best pattern is the best age window [a, b] with
the top-``cap`` positive values inside, charged max(0, b - a - 10) (an over-estimate for a set whose
own span is smaller, exact for the set whose span is [a, b]).

The Lagrangian bound: for ANY duals (pi free, mu <= 0, sigma >= 0) and every plan x
   cost(x) >= sum_t pi_t n_t + sum_g mu_g count_g + sigma U_lb
             + sum_g count_g min(0, min pattern rc in g) + sum_t n_t min(0, min rc of y/u of t)
(since used_g <= count_g and unplaced >= U_lb).  The min pattern rc comes from the exact pricing,
so this bounds the WHOLE problem whether or not the column generation converged.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .aggregate import EMPTY, OCCUPIED, Aggregate
from .backend import Timer
from .scoring import AGE_TOLERANCE, W_CATEGORY, W_OPENED, W_SINGLE_BED

EPS = 1e-7

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
        from ortools.linear_solver import pywraplp  # deferred on purpose: OR-Tools loads only when a model is solved
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



@dataclass
class LPResult:
    """Where column generation stopped.  ``pi``, ``mu``, ``sigma`` are the duals the bound ``lb_last``
    was computed from (the gap closing needs the two to belong together); ``lb`` is the best bound
    of all iterations."""
    lp_value: float
    pi: np.ndarray
    mu: np.ndarray
    sigma: float
    lb: float
    lb_last: float
    iterations: int
    converged: bool


def _per_row(master: "Master", lp_value: float) -> int:
    """Columns per (group, gender) and iteration: many while the LP still leaves persons out
    that a plan can place (the early, placement-driven phase), then a few."""
    return 20 if lp_value > 1000 * (master.unplaced_lb + 1) else 3


def column_generation(master: "Master", pricer: "Pricer", timer: Timer, deadline: float,
                      with_bound: bool = False) -> LPResult:
    """Price until no column improves, the bound meets the LP value, or ``deadline`` (a share of
    the budget) passes.  With ``with_bound`` every iteration's duals give a Lagrangian bound."""
    agg = master.agg
    lb = lb_last = -math.inf
    iterations = 0
    while True:
        iterations += 1
        lp_value, pi, mu, sigma = master.solve()
        rc, cands, v_pair = pricer.price(pi, mu, per_row=_per_row(master, lp_value))
        if with_bound:
            group_min = np.zeros(len(agg.groups))
            if len(rc):
                np.minimum.at(group_min, pricer.row_group, rc)
            lb_last = lagrangian_bound(agg, pi, mu, sigma, master.unplaced_lb, group_min)
            lb = max(lb, lb_last)
        added = 0
        for row, a, b in cands:
            key = pricer.column(row, a, b, v_pair)
            if key[1] and master.add(key):
                added += 1
        if not added:
            return LPResult(lp_value, pi, mu, sigma, lb, lb_last, iterations, True)
        bound_met = with_bound and math.ceil(lb - 1e-6) >= math.ceil(lp_value - 1e-6)
        if bound_met or timer.until(deadline) <= 0:
            master.solve()  # keep the LP solution in sync with the columns (for the rounding)
            return LPResult(lp_value, pi, mu, sigma, lb, lb_last, iterations, False)


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

