"""A second proven bound: the integer optimum of a relaxation that is exact in everything but ages.

The column-generation bound is the LP of the exact model: it charges age spreads but lets rooms be
used fractionally.  Where the gap to the best plan comes from whole rooms and whole households (which
families get the few empty rooms, a last room opened for one single, a reserved location's beds), an
integer model is stronger.  This one is the stage-1 model (maxplaced.py) with the full objective:

* families x empty classes (exact), singles of a coarse class (gender, rule signature, compatible
  groups) x empty groups and rooms of a group opened for singles of a gender (exact but for ages);
* singles x occupied groups per single type, charged a lower bound of the age spread a room of the
  group gets: a room receiving singles ``S`` costs max over a in S of pen(a) >= base + sum_a (pen(a) -
  base) / cap, where pen(a) is the spread with the occupants and the one newcomer a, and base the
  occupants' own spread (pen(a) >= base);
* shared empty rooms' age spread is left out (>= 0).

Every plan maps to a point of this model costing at most the plan's objective, so its optimum, and
HiGHS's best bound on it when time runs out, bound the whole problem.
"""
from __future__ import annotations

import math
from collections import defaultdict

from .aggregate import EMPTY, Aggregate
from .backend import highs_exact, stdout_to_stderr
from .model import GENDERS
from .scoring import AGE_TOLERANCE, W_CATEGORY, W_OPENED, W_SINGLE_BED, W_UNPLACED


def integer_bound(agg: Aggregate, unplaced_lb: int, seconds: float) -> float:
    """A proven lower bound on the objective: the model's optimum, or -inf if HiGHS does not prove one in
    ``seconds`` (its "best bound" through pywraplp is the incumbent's value, not a dual bound)."""
    model = _solve(agg, unplaced_lb, seconds, absolute_gap=0.0)
    return model.value if model is not None else -math.inf


def age_free_families(agg: Aggregate, unplaced_lb: int, seconds: float, absolute_gap: float) -> dict | None:
    """The families' columns ("y", type, group) of the model solved to within ``absolute_gap``, or None.

    The model places families exactly as a plan must (rooms, lost beds, reserved locations); where the
    singles' age spreads are a small part of the objective (re-plans into empty housing) its families
    are a better start for fix-and-resolve than the rounded LP's (bench: re-plan seed 1 6,446 -> 6,372)."""
    model = _solve(agg, unplaced_lb, seconds, absolute_gap)
    return {("y", t, g): n for (t, g), n in model.families.items() if n} if model is not None else None


def best_age_free_families(agg: Aggregate, unplaced_lb: int, seconds: float, absolute_gap: float) -> dict | None:
    """The families of the model's optimum if HiGHS proves it in half of ``seconds``, else to within
    ``absolute_gap`` (re-plan seed 1: the optimum's families led to 6,367, those within 5 points to 6,439)."""
    exact = age_free_families(agg, unplaced_lb, seconds / 2, 0.0)
    return exact if exact is not None else age_free_families(agg, unplaced_lb, seconds / 2, absolute_gap)


class _Model:
    def __init__(self):
        self.families: dict[tuple, object] = {}   # (family type, empty group) -> count
        self.empty: dict[tuple, object] = {}      # (coarse class, empty group) -> singles
        self.occupied: dict[tuple, object] = {}   # (single type, occupied group) -> singles
        self.coarse: list[list[int]] = []         # coarse class -> its single types
        self.value = -math.inf


def _solve(agg: Aggregate, unplaced_lb: int, seconds: float, absolute_gap: float) -> _Model | None:
    from ortools.linear_solver import pywraplp  # deferred on purpose: OR-Tools loads only when a model is solved
    m = pywraplp.Solver.CreateSolver("HIGHS")
    if m is None or seconds <= 0.05:
        return None
    model = _Model()
    constant = _build(agg, unplaced_lb, m, model)
    m.SuppressOutput()
    m.SetTimeLimit(max(10, int(seconds * 1000)))
    highs_exact(m, 0.0, absolute_gap)
    with stdout_to_stderr():
        status = m.Solve()
    if status != m.OPTIMAL:
        return None
    model.value = constant + m.Objective().Value() - absolute_gap
    for table in (model.families, model.empty, model.occupied):
        for key, v in table.items():
            table[key] = int(round(v.solution_value()))
    return model


def _build(agg: Aggregate, unplaced_lb: int, m, model: _Model) -> float:
    """Variables, rows and objective; returns the objective's constant."""
    obj = m.Objective()
    total = sum(t.size * t.count for t in agg.types)
    # the constant: every person unplaced and every relevant household missing its reserved location
    constant = W_UNPLACED * total + W_CATEGORY * sum(t.count for t in agg.types if t.category_relevant)
    placed_terms = []

    families = defaultdict(list)        # empty group -> families placed there
    for t in agg.family_types:
        ty = agg.types[t]
        placed = []
        for g in agg.options[t]:
            v = m.IntVar(0, min(ty.count, agg.groups[g].count), "")
            model.families[t, g] = v
            families[g].append(v)
            placed.append(v)
            placed_terms.append((v, ty.size))
            obj.SetCoefficient(v, agg.family_cost(t, g) - (W_CATEGORY if ty.category_relevant else 0)
                               - W_UNPLACED * ty.size)
        if placed:
            m.Add(m.Sum(placed) <= ty.count)

    coarse: dict[tuple, list[int]] = defaultdict(list)
    for s in agg.single_types:
        ty = agg.types[s]
        coarse[(ty.gender, ty.signature, tuple(agg.options[s]))].append(s)
    singles_in = defaultdict(list)      # (empty group, gender) -> singles placed there
    occupied_rooms = {}                 # occupied group -> rooms of it receiving someone
    occupied_in = defaultdict(list)     # occupied group -> singles placed there
    of_type = defaultdict(list)         # single type -> its placements in occupied groups
    for ci, ((gender, _, options), members) in enumerate(coarse.items()):
        model.coarse.append(members)
        n = sum(agg.types[s].count for s in members)
        s0 = members[0]
        relevant = agg.types[s0].category_relevant
        pool = []
        for g in options:
            gr = agg.groups[g]
            cat = W_CATEGORY * (agg.category_miss(s0, g) - (1 if relevant else 0))
            if gr.kind == EMPTY:
                v = m.IntVar(0, min(n, gr.beds * gr.count), "")
                model.empty[ci, g] = v
                obj.SetCoefficient(v, cat - W_SINGLE_BED - W_UNPLACED)
                singles_in[g, gender].append(v)
                pool.append(v)
                placed_terms.append((v, 1))
                continue
            if g not in occupied_rooms:
                occupied_rooms[g] = m.IntVar(0, gr.count, "")
                base = max(0, gr.hi - gr.lo - AGE_TOLERANCE)
                obj.SetCoefficient(occupied_rooms[g], base)
            base = max(0, gr.hi - gr.lo - AGE_TOLERANCE)
            for s in members:
                age = agg.types[s].age
                pen = max(0, max(gr.hi, age) - min(gr.lo, age) - AGE_TOLERANCE)
                v = m.IntVar(0, min(agg.types[s].count, gr.cap * gr.count), "")
                model.occupied[s, g] = v
                obj.SetCoefficient(v, cat + (pen - base) / gr.cap - W_UNPLACED)
                occupied_in[g].append(v)
                pool.append(v)
                placed_terms.append((v, 1))
                of_type[s].append(v)
        if pool:
            m.Add(m.Sum(pool) <= n)
    for g, vs in occupied_in.items():
        m.Add(m.Sum(vs) <= agg.groups[g].cap * occupied_rooms[g])
    # per single type: its occupied-room placements cannot exceed its count (the coarse row bounds the rest)
    for s, vs in of_type.items():
        m.Add(m.Sum(vs) <= agg.types[s].count)

    for gr in agg.groups:
        if gr.kind != EMPTY:
            continue
        rooms = list(families[gr.index])
        for x in GENDERS:
            if singles_in[gr.index, x]:
                z = m.IntVar(0, gr.count, "")
                obj.SetCoefficient(z, W_OPENED + W_SINGLE_BED * gr.beds)
                m.Add(m.Sum(singles_in[gr.index, x]) <= gr.beds * z)
                rooms.append(z)
        if rooms:
            m.Add(m.Sum(rooms) <= gr.count)
    m.Add(m.Sum([k * v for v, k in placed_terms]) <= total - unplaced_lb)
    obj.SetMinimization()
    return constant
