"""The optimiser: staged column generation on the exact aggregated model.

The model (see aggregate.py for why the aggregation is exact): rows per household type and per
room group; columns ``u_t`` (unplaced), ``y[t,g]`` (a family in an empty room of class g) and
patterns (one room of g receiving a multiset of singles).  Every plan is an integer point of this
model with the same objective and back.

Stages, each a module of its own:

1. ``maxplaced``: the most persons any plan can place (exact), so U_lb, the fewest unplaced persons,
   is a valid cut for everything after it, and a first plan.
2. ``colgen``: column generation on the LP relaxation with the full objective plus that cut; exact
   pricing gives a Lagrangian bound valid for the WHOLE problem at every iteration.
3. ``integer``: plans from the columns (rounding, fix-and-resolve on large instances, the integer
   master warm-started from the best plan) and closing the gap by enumerating every column that
   could still be part of a cheaper plan.  On large instances a large-neighbourhood search
   (``_lns_stage``: re-solve a part of the best plan's rooms, keep the rest) takes the master's time.
4. ``intbound``: when a gap is left and time too, the integer optimum of the model without age
   spreads in shared empty rooms: a second proven bound, stronger where the LP's gap is whole rooms
   and households (most persons unplaced, few rooms to share out).

``optimise`` below is the outline; the shares of the time limit at which each stage must stop are
its only tuning.
"""
from __future__ import annotations

import math
import os
import random
import time

from .aggregate import Aggregate
from .backend import Timer, load_cp_model
from .colgen import LPResult, Master, Pricer, column_generation, lp_rounding
from .explain import build_plan
from .greedy import greedy_assign
from .intbound import best_age_free_families, integer_bound
from .integer import Incumbents, close_gap, columns_for_master, fix_and_resolve, integer_master
from .maxplaced import max_persons
from .model import Instance

HIGHS_MAX_SINGLE_TYPES = 300  # above this many single types the integer master is CP-SAT's (HiGHS stalls)
CLOSE_BY = 0.7  # share of the time limit by which the gap-closing search must stop (HiGHS may overrun)
# When the rounded plan is further than this from the bound, fix-and-resolve runs before the integer master
# also on small instances: on shapes with many free rooms (more choice) HiGHS's master often ends where the
# rounding did, while CP-SAT on the residual of the rounded columns closes most of the gap (bench grid).
FIX_FIRST_GAP = 0.02
# Large instances still above the goal after fix-and-resolve run it again from the families of the age-free
# integer model (intbound.py, solved to within this many points in at most this many seconds), when at least
# AGE_FREE_MIN_SECONDS are left for it (CP-SAT needs about that on the residual of a re-plan)
AGE_FREE_GAP = 5.0
AGE_FREE_SECONDS = 4.0
AGE_FREE_MIN_SECONDS = 8.0
# Large-neighbourhood search (_lns_stage) on large instances until LNS_BY of the time limit: each round
# re-solves the rooms of categories and reserved locations (at most LNS_HOT_MAX of the rooms in use) and/or a
# random LNS_SHARE of the others, for at most LNS_SECONDS (the first, where most of the gain is, for
# LNS_FIRST_SECONDS: on a loaded machine 5 s were sometimes not enough for it), while LNS_MIN_SECONDS are left
LNS_BY = 0.95
LNS_SHARE = 0.1
LNS_HOT_MAX = 0.3
LNS_FIRST_SECONDS = 8.0
LNS_SECONDS = 5.0
LNS_MIN_SECONDS = 1.0
INT_BOUND_BY = 0.9  # share of the time limit by which the age-free integer bound (intbound.py) must stop


def optimise(instance: Instance, agg: Aggregate, time_limit: float, workers: int, seed: int):
    """Returns (assignment, bound or None, stats)."""
    timer = Timer(time_limit)
    stats: dict = {"method": "column-generation"}
    plans = Incumbents(instance, agg)
    greedy = greedy_assign(instance, agg)
    stats["greedy_objective"] = plans.offer("greedy", greedy)

    if len(greedy) == len(instance.households):
        # everyone placed: the most persons any plan can place is everyone, proven without a solve
        unplaced_lb = 0
        stats["max_persons_placed"] = sum(t.size * t.count for t in agg.types)
        stats["max_persons_proven"] = True
    else:
        unplaced_lb = _max_placed_stage(agg, plans, timer, workers, seed, stats)
    large = len(agg.single_types) > HIGHS_MAX_SINGLE_TYPES
    master, pricer, lp = _bound_stage(agg, unplaced_lb, timer, 0.45 if large else 0.6, stats)
    bound = math.ceil(lp.lb - 1e-6)

    stats["rounding_objective"] = plans.offer(
        "rounding", greedy_assign(instance, agg, start=agg.assignment_of(lp_rounding(agg, master))))
    engine = "cpsat" if large else "highs"
    stats["ip_engine"] = engine
    if bound < plans.objective and (large or soft_gap(plans.objective, bound, unplaced_lb) > FIX_FIRST_GAP):
        # CP-SAT on thousands of columns starts from the incumbent; give it a better one first
        _fix_and_resolve_stage(instance, agg, master, unplaced_lb, plans, timer, workers, seed, stats)

    if large:
        # CP-SAT on all columns (the integer master) rarely improves a large instance's plan, small
        # neighbourhoods of it do: one LNS round first; the age-free families only if the plan is still above
        # the goal (and AGE_FREE_MIN_SECONDS are left for them), then LNS again from the best plan to the end;
        # the master keeps what is left
        rng = random.Random(seed)
        _lns_stage(instance, agg, master, unplaced_lb, bound, plans, timer, LNS_BY, workers, rng, stats, rounds=1)
        if (soft_gap(plans.objective, bound, unplaced_lb) > FIX_FIRST_GAP
                and timer.until(0.9) > AGE_FREE_MIN_SECONDS):
            _age_free_stage(instance, agg, master, unplaced_lb, plans, timer, workers, seed, stats)
        _lns_stage(instance, agg, master, unplaced_lb, bound, plans, timer, LNS_BY, workers, rng, stats)

    patterns, costs = columns_for_master(agg, master, plans)
    if bound < plans.objective and (not large or timer.until(0.9) > 0.05):
        plans.accept(integer_master(agg, patterns, costs, unplaced_lb, agg.columns_of(plans.assignment),
                                    max(0.05, timer.until(0.9 if large else 0.7)), workers, seed, engine), "master")
    stats["t_ip"] = round(timer.elapsed(), 3)

    bound = close_gap(agg, pricer, lp, bound, plans, patterns, costs, unplaced_lb, timer, CLOSE_BY, workers, seed,
                      engine, stats)
    stats["t_close"] = round(timer.elapsed(), 3)
    if bound < plans.objective and timer.until(INT_BOUND_BY) > 0.2:
        # the LP bound lets rooms be used fractionally; the age-free integer model may prove more
        int_bound = integer_bound(agg, unplaced_lb, timer.until(INT_BOUND_BY))
        if int_bound > -math.inf:
            stats["integer_bound"] = math.ceil(int_bound - 1e-6)
            bound = max(bound, min(plans.objective, stats["integer_bound"]))
        stats["t_int_bound"] = round(timer.elapsed(), 3)
    stats["source"] = plans.source
    stats["raw_bound"] = bound
    return plans.assignment, bound, stats


def soft_gap(objective: float, bound: float, unplaced_persons: int) -> float:
    """The share of the soft objective (the part after the 1,000 per unplaced person) still unproven."""
    soft = objective - 1000 * unplaced_persons
    return (objective - bound) / soft if soft > 0 else 0.0


def _max_placed_stage(agg: Aggregate, plans: Incumbents, timer: Timer, workers: int, seed: int, stats: dict) -> int:
    """Stage 1; returns U_lb, the fewest persons any plan leaves unplaced."""
    assignment, placed, upper = max_persons(agg, max(0.05, min(timer.until(0.15), timer.left())), workers, seed,
                                            tidy_seconds=max(0.05, timer.until(0.2)))
    stats["max_persons_placed"] = upper
    stats["max_persons_proven"] = placed == upper
    stats["t_stage1"] = round(timer.elapsed(), 3)
    if assignment:
        plans.offer("stage1", assignment)
    return sum(t.size * t.count for t in agg.types) - upper


def _bound_stage(agg: Aggregate, unplaced_lb: int, timer: Timer, deadline: float,
                 stats: dict) -> tuple[Master, Pricer, LPResult]:
    """Stage 2: column generation with the proven bound, until ``deadline`` of the budget."""
    master = Master(agg, unplaced_lb)
    pricer = Pricer(agg)
    lp = column_generation(master, pricer, timer, deadline, with_bound=True)
    stats["t_cg"] = round(timer.elapsed(), 3)
    stats["cg_iterations"] = lp.iterations
    stats["lp_value"] = round(lp.lp_value, 3)
    stats["patterns"] = len(master.patterns)
    return master, pricer, lp


def _fix_and_resolve_stage(instance: Instance, agg: Aggregate, master: Master, unplaced_lb: int, plans: Incumbents,
                           timer: Timer, workers: int, seed: int, stats: dict) -> None:
    fr = fix_and_resolve(instance, agg, master, unplaced_lb, timer, 0.8, workers, seed)
    stats["t_fix"] = round(timer.elapsed(), 3)
    if fr is not None:
        stats["fix_objective"] = fr[0]
        plans.offer("fix-and-resolve", fr[1], objective=fr[0])


def _age_free_stage(instance: Instance, agg: Aggregate, master: Master, unplaced_lb: int, plans: Incumbents,
                    timer: Timer, workers: int, seed: int, stats: dict) -> None:
    """Fix-and-resolve once more, keeping the families of the age-free integer model (intbound.py) instead
    of the rounded LP's: on re-plans into empty housing the families' rooms and reserved locations are
    most of what is left to gain, and that model places them exactly (bench: re-plan seed 3 4,581 -> 4,528)."""
    fixed = best_age_free_families(agg, unplaced_lb, min(AGE_FREE_SECONDS, timer.until(0.5)), AGE_FREE_GAP)
    if fixed is None:
        return
    fr = fix_and_resolve(instance, agg, master, unplaced_lb, timer, 0.9, workers, seed, fixed=fixed)
    stats["t_age_free"] = round(timer.elapsed(), 3)
    if fr is not None:
        stats["age_free_objective"] = fr[0]
        plans.offer("age-free fix-and-resolve", fr[1], objective=fr[0])


def _lns_stage(instance: Instance, agg: Aggregate, master: Master, unplaced_lb: int, bound: int, plans: Incumbents,
               timer: Timer, deadline: float, workers: int, rng: random.Random, stats: dict,
               rounds: int | None = None) -> None:
    """Large-neighbourhood search until ``deadline`` of the budget (or ``rounds`` rounds): keep most of the
    incumbent's columns, free the rest and re-solve that residual (``fix_and_resolve``) with the freed columns as
    CP-SAT's hint, so a round ends at least where it started; only improvements become the incumbent.

    Why: CP-SAT on all of a re-plan's columns stalls a few per cent above the bound, and what is left there is
    mostly category misses (50 points each): a household whose category counts is moved into a reserved
    location only by a chain of moves through the rooms there.  Freeing exactly those rooms (``_lns_split``)
    makes a residual CP-SAT solves in seconds (bench, 30 s: re-plan seed 1 6,446 -> 6,366 in the first round
    and 6,351-6,356 at the end, seed 3 4,581 -> 4,522, better than the age-free stage's 4,519-4,528 without
    its 17 s).  Later rounds add a growing random share of the other rooms, and every other round is a random
    share alone, so a neighbourhood already solved to optimality is not solved again; the draws come from
    ``rng`` (seeded from ``seed``), so a run is repeatable as far as CP-SAT's time limits allow."""
    done = stats.setdefault("lns", [])  # objective of every round, over both calls
    last = len(done) + rounds if rounds is not None else math.inf
    while plans.objective > bound and timer.until(deadline) > LNS_MIN_SECONDS and len(done) < last:
        r = len(done)
        if r % 2 == 0:
            share = min(3 * LNS_SHARE, LNS_SHARE * r / 4)
            kept, freed = _lns_split(agg, agg.columns_of(plans.assignment), rng, share, hot=True)
        else:
            kept, freed = _lns_split(agg, agg.columns_of(plans.assignment), rng, LNS_SHARE, hot=False)
        if not freed:
            # no reserved location nor category that counts: random rooms only
            kept, freed = _lns_split(agg, agg.columns_of(plans.assignment), rng, LNS_SHARE, hot=False)
        end = min(deadline, (timer.elapsed() + (LNS_SECONDS if r else LNS_FIRST_SECONDS)) / timer.limit)
        # repairs=0: the freed columns already place everyone the kept ones leave, no stage-1 check needed
        fr = fix_and_resolve(instance, agg, master, unplaced_lb, timer, end, workers, rng.randrange(1 << 30),
                             repairs=0, fixed=kept, hint=freed)
        done.append(fr[0] if fr is not None else None)
        if fr is not None:
            plans.offer("lns", fr[1], objective=fr[0])
    stats["t_lns"] = round(timer.elapsed(), 3)


def _lns_split(agg: Aggregate, cols: dict, rng: random.Random, share: float, hot: bool) -> tuple[dict, dict]:
    """(kept, freed) columns of a plan: with ``hot`` every room at a reserved location or holding a household
    whose category counts is freed (up to LNS_HOT_MAX of the rooms in use), and ``share`` of the other rooms,
    drawn at random."""
    units = [k for k in sorted(cols, key=repr) for _ in range(cols[k])]
    rng.shuffle(units)

    def category_room(k: tuple) -> bool:
        g, types = (k[2], [k[1]]) if k[0] == "y" else (k[1], [s for s, _ in k[2]])
        return agg.groups[g].reserved_for is not None or any(agg.types[t].category_relevant for t in types)

    first = [k for k in units if hot and category_room(k)]
    # a residual of more rooms than this is more than CP-SAT improves in a round
    first, rest = first[:int(LNS_HOT_MAX * len(units))], first[int(LNS_HOT_MAX * len(units)):]
    rest += [k for k in units if not (hot and category_room(k))]
    kept, freed = {}, {}
    for i, k in enumerate(first + rest):
        side = freed if i < len(first) + share * len(rest) else kept
        side[k] = side.get(k, 0) + 1
    return kept, freed


def preload(instance: dict | None = None) -> None:
    """Import the OR-Tools parts ``solve`` will need for ``instance``."""
    from ortools.linear_solver import pywraplp  # noqa: F401  (deferred on purpose: preloading is the point)
    if isinstance(instance, dict) and len(instance.get("households") or ()) > HIGHS_MAX_SINGLE_TYPES:
        load_cp_model()


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
