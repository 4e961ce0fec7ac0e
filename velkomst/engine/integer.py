"""Stage 3: integer plans from the generated columns, and closing the gap to the bound.

* ``Incumbents``: the plans found so far (greedy, stage 1, rounding, ...); the cheapest wins.
* ``fix_and_resolve`` (large instances): keep the rounded LP columns, re-solve the rest.
* ``integer_master``: the master over a given set of columns as an integer program (HiGHS, or
  CP-SAT warm-started from the best plan).
* ``close_gap``: every column of a plan cheaper than the incumbent z has rc <= z - 1 - LB (LB from
  the same duals, by the Lagrangian inequality of ``colgen``), so enumerating ALL such columns and
  asking for a plan of cost <= z - 1 over them either finds one or proves z optimal.  If the
  enumeration is too large the bound stays the Lagrangian one.  The reported bound is never taken
  from a restricted model.
"""
from __future__ import annotations

import math
from collections import defaultdict

from .aggregate import Aggregate
from .backend import Timer, cpsat_params, highs_exact, load_cp_model, stdout_to_stderr
from .colgen import LPResult, Master, Pricer, column_generation, enumerate_columns, lp_rounding
from .greedy import greedy_assign
from .maxplaced import max_persons
from .model import Instance
from .scoring import score

MAX_ENUMERATED = 30000
# HiGHS's own default relative MIP gap, set explicitly (see backend.highs_exact); the integer master's
# proven bound allows for it
HIGHS_GAP = 1e-4


class Incumbents:
    """The plans found so far.  ``found`` keeps every plan offered (their columns seed the integer
    master); the best is the first of the cheapest."""

    def __init__(self, instance: Instance, agg: Aggregate):
        self.instance, self.agg = instance, agg
        self.found: list[tuple[int, str, dict]] = []
        self.objective: float = math.inf
        self.source: str | None = None
        self.assignment: dict[str, str] = {}

    def offer(self, source: str, assignment: dict[str, str], objective: int | None = None) -> int:
        z = score(self.instance, assignment)[0] if objective is None else objective
        self.found.append((z, source, assignment))
        if z < self.objective:
            self.objective, self.source, self.assignment = z, source, assignment
        return z

    def accept(self, res: "IPResult", source: str) -> None:
        """Take the integer master's plan if it is cheaper (its objective re-checked from its columns)."""
        if res.cols is None:
            return
        z = cols_cost(self.agg, res.cols)
        if z != res.objective:
            raise AssertionError(f"integer master objective {res.objective} != recomputed {z}")
        if z < self.objective:
            self.objective, self.source, self.assignment = z, source, self.agg.assignment_of(res.cols)


def fix_and_resolve(instance: Instance, agg: Aggregate, master: Master, unplaced_lb: int, timer: Timer,
                    deadline: float, workers: int, seed: int, repairs: int = 8, seconds: float = math.inf,
                    fixed: dict | None = None, hint: dict | None = None):
    """Large instances: keep the rounded LP columns and solve the rest (column generation + HiGHS).

    Before solving the residual, make sure it can still place as many persons as a plan can
    (the cheap stage-1 model on the residual); while it cannot, give back one kept column in a
    group that could take each household it leaves out.

    ``fixed``: the columns to keep instead of the rounded LP's.  ``hint``: columns of the residual
    that complete ``fixed`` to a known plan (large-neighbourhood search: the incumbent's freed columns),
    the CP-SAT hint instead of the greedy completion, so the search starts at least as good as that plan.

    Returns (objective, assignment) of the plan found, or None.
    """
    fixed = dict(fixed) if fixed is not None else lp_rounding(agg, master)
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
    # CP-SAT from the greedy completion of the kept columns and the residual's rounded LP (HiGHS can be
    # slow to a first solution here; the greedy alone fills the residual poorly when few columns are kept)
    if hint is None:
        start = dict(fixed)
        for k, n in lp_rounding(res, sub).items():
            start[k] = start.get(k, 0) + n
        completed = greedy_assign(instance, agg, start=agg.assignment_of(start))
        hint = agg.columns_of(completed)
        for k, n in fixed.items():
            # the greedy may have added singles to a kept room, turning its pattern into another one; the
            # hint is only a hint, so a column it no longer holds is simply not subtracted
            hint[k] = hint.get(k, 0) - n
        hint = {k: n for k, n in hint.items() if n > 0}
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




def _highs_master(agg: Aggregate, patterns: list[tuple], costs: dict, unplaced_lb: int, seconds: float,
                  cutoff: int | None = None, zero: frozenset = frozenset(), gap: float = 0.0) -> IPResult:
    from ortools.linear_solver import pywraplp  # deferred on purpose: OR-Tools loads only when a model is solved
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
    rel_gap = max(gap, HIGHS_GAP)
    highs_exact(s, rel_gap)
    with stdout_to_stderr():
        status = s.Solve()
    if status == s.INFEASIBLE:
        return IPResult(infeasible=True)
    if status not in (s.OPTIMAL, s.FEASIBLE):
        return IPResult()
    cols = {}
    for key, v in xs.items():
        val = int(round(v.solution_value()))
        if val:
            cols[key] = val
    value = obj.Value()
    # pywraplp's BestBound is the solution's value: HiGHS only proved it within its relative gap
    proven = value - rel_gap * max(1.0, abs(value)) - 1e-6 if status == s.OPTIMAL else -math.inf
    return IPResult(cols, int(round(value)), min(obj.BestBound(), proven))


def _cpsat_master(agg: Aggregate, patterns: list[tuple], costs: dict, unplaced_lb: int, hint: dict | None,
                  seconds: float, workers: int, seed: int, cutoff: int | None = None,
                  zero: frozenset = frozenset()) -> IPResult:
    cp_model = load_cp_model()
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
    cpsat_params(solver, seconds, workers, seed)
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


def cols_cost(agg: Aggregate, cols: dict) -> int:
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



def columns_for_master(agg: Aggregate, master: Master, plans: Incumbents) -> tuple[list[tuple], dict]:
    """The generated columns plus those of every plan found (so the master can reproduce each)."""
    costs = dict(master.costs)
    patterns = list(costs)
    for _, _, a in plans.found:
        for key in agg.columns_of(a):
            if key[0] == "p" and (key[1], key[2]) not in costs:
                costs[key[1], key[2]] = agg.pattern_cost(key[1], key[2])
                patterns.append((key[1], key[2]))
    return patterns, costs


def close_gap(agg: Aggregate, pricer: Pricer, lp: LPResult, bound: int, plans: Incumbents, patterns: list[tuple],
              costs: dict, unplaced_lb: int, timer: Timer, close_by: float, workers: int, seed: int, engine: str,
              stats: dict) -> int:
    """Raise ``bound`` to the incumbent's objective, or find cheaper plans, until ``close_by`` of the budget.

    A plan cheaper than the incumbent z uses only columns with rc <= z - 1 - LB (LB from the final
    duals): enumerate all of them and search for such a plan.  Returns the bound."""
    pi, mu, sigma = lp.pi, lp.mu, lp.sigma
    stats["enumerated"] = []
    while bound < plans.objective and timer.until(close_by) > 0.02:
        threshold = plans.objective - 1 - lp.lb_last
        extra = enumerate_columns(agg, pricer, pi, mu, threshold, MAX_ENUMERATED)
        if extra is None:
            # too many to prove anything: add the most promising columns to improve the plan
            t = threshold
            while extra is None and t > 0.5 and timer.until(close_by) > 0.02:
                t /= 4
                extra = enumerate_columns(agg, pricer, pi, mu, t, MAX_ENUMERATED // 4)
            if not extra:
                break
            stats["enumerated"].append(-len(extra))
            _add_columns(agg, extra, patterns, costs)
            before = plans.objective
            plans.accept(integer_master(agg, patterns, costs, unplaced_lb, agg.columns_of(plans.assignment),
                                        max(0.05, timer.until(close_by)), workers, seed, engine), "master+")
            if plans.objective < before:
                continue  # a cheaper incumbent lowers the threshold: the enumeration may now be complete
            break
        stats["enumerated"].append(len(extra))
        _add_columns(agg, extra, patterns, costs)
        # columns with rc > threshold cannot be part of a cheaper plan: leave them out
        zero = frozenset(
            [("u", t.index) for t in agg.types if t.unplaced_cost - pi[t.index] - sigma * t.size > threshold + 1e-6]
            + [("y", t, g) for t in agg.family_types for g in agg.options[t]
               if agg.family_cost(t, g) - pi[t] - mu[g] > threshold + 1e-6])
        incumbent = plans.objective
        res = integer_master(agg, sorted(set(extra)), costs, unplaced_lb, None, max(0.05, timer.until(close_by)),
                             workers, seed, engine, cutoff=incumbent - 1, zero=zero)
        if res.infeasible:
            return incumbent  # no plan costs less than the incumbent
        if res.bound is not None and res.bound > -math.inf:
            bound = max(bound, min(incumbent, math.ceil(res.bound - 1e-6)))
        plans.accept(res, "master")
        if res.cols is None:
            break
    return bound


def _add_columns(agg: Aggregate, extra: list[tuple], patterns: list[tuple], costs: dict) -> None:
    for key in extra:
        if key not in costs:
            costs[key] = agg.pattern_cost(*key)
            patterns.append(key)
