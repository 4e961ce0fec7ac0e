"""Stage 1: the most persons any plan can place, and a plan that places them.

A small exact integer model on the aggregate (HiGHS): families x empty classes, and singles
grouped coarsely (gender, rule signature, compatible groups) x groups, with a gender chosen per
empty room used by singles.  Exact because ages never affect feasibility: a room used by singles
gets one gender, and singles of that gender compatible with its class fill its beds in any split.

Every later model carries the result as the cut ``unplaced persons >= U_lb``; it is what makes the
1000-per-person term of the column-generation bound tight from the first iteration.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from .aggregate import EMPTY, Aggregate
from .backend import stdout_to_stderr
from .model import GENDERS
from .scoring import W_CATEGORY, W_OPENED, W_SINGLE_BED


@dataclass
class _Model:
    solver: object
    objective: object
    y: dict           # (family type, group) -> families of the type in empty rooms of the group
    w: dict           # (coarse single class, group) -> singles of the class in the group
    z: dict           # (empty group, gender) -> rooms of the group used by singles of that gender
    coarse: dict      # coarse key -> single types
    ckeys: list


def max_persons(agg: Aggregate, seconds: float, workers: int, seed: int, tidy_seconds: float = 0.0):
    """Exact maximum persons placed.

    Returns (assignment, persons placed, proven upper bound on persons placed).  With
    ``tidy_seconds`` a second pass looks for the same persons placed at least cost (a better
    first plan; not part of any proof).
    """
    from ortools.linear_solver import pywraplp  # deferred on purpose: OR-Tools loads only when a model is solved
    model = _build(agg, pywraplp.Solver.CreateSolver("HIGHS"))
    m, objective = model.solver, model.objective
    m.SuppressOutput()
    m.SetTimeLimit(max(10, int(seconds * 1000)))
    params = pywraplp.MPSolverParameters()
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, 0.0)
    with stdout_to_stderr():
        status = m.Solve(params)
    total = sum(t.size * t.count for t in agg.types)
    if status not in (m.OPTIMAL, m.FEASIBLE):
        return {}, 0, total
    placed = int(round(objective.Value()))
    upper = min(total, int(math.floor(objective.BestBound() + 1e-6)))
    values = _values(model)
    if tidy_seconds > 0 and _tidy(agg, model, placed, tidy_seconds, params):
        values = _values(model)
    return _plan_from_counts(agg, model, values), placed, upper


def _build(agg: Aggregate, m) -> _Model:
    """Variables, capacity rows and the objective "persons placed" (maximised)."""
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
    return _Model(m, objective, y, w, z, coarse, ckeys)


def _values(model: _Model) -> dict:
    return {id(v): int(round(v.solution_value())) for v in list(model.y.values()) + list(model.w.values())}


def _tidy(agg: Aggregate, model: _Model, placed: int, seconds: float, params) -> bool:
    """Keep ``placed`` persons and minimise the objective's terms that do not depend on ages."""
    m, objective, y, w, z = model.solver, model.objective, model.y, model.w, model.z
    m.Add(m.Sum([agg.types[t].size * v for (t, g), v in y.items()] + list(w.values())) >= placed)
    objective.Clear()
    for (t, g), v in y.items():
        objective.SetCoefficient(v, agg.family_cost(t, g) - (W_CATEGORY if agg.types[t].category_relevant else 0))
    for (ci, g), v in w.items():
        s0 = model.coarse[model.ckeys[ci]][0]
        c = W_CATEGORY * (agg.category_miss(s0, g) - (1 if agg.types[s0].category_relevant else 0))
        if agg.groups[g].kind == EMPTY:
            c -= W_SINGLE_BED
        objective.SetCoefficient(v, c)
    for (g, x), v in z.items():
        objective.SetCoefficient(v, W_OPENED + W_SINGLE_BED * agg.groups[g].beds)
    objective.SetMinimization()
    m.SetTimeLimit(max(10, int(seconds * 1000)))
    with stdout_to_stderr():
        status = m.Solve(params)
    return status in (m.OPTIMAL, m.FEASIBLE)


def _plan_from_counts(agg: Aggregate, model: _Model, values: dict) -> dict[str, str]:
    """Turn the counts into a concrete plan: singles of each coarse class youngest first, so
    that rooms filled in age order keep room-mates' ages close."""
    value = lambda v: values[id(v)]  # noqa: E731
    free = {gr.index: list(reversed(gr.rooms)) for gr in agg.groups}
    waiting = {t.index: sorted(t.households) for t in agg.types}
    out: dict[str, str] = {}
    for (t, g), v in sorted(model.y.items()):
        for _ in range(value(v)):
            out[waiting[t].pop()] = free[g].pop()
    pool = {}
    for ci, ck in enumerate(model.ckeys):
        pool[ci] = sorted(((agg.types[s].age, hid) for s in model.coarse[ck] for hid in waiting[s]))
    per_group: dict[int, list] = defaultdict(list)
    for (ci, g), v in sorted(model.w.items()):
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
    return out
