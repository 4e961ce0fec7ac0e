"""Housing-allocation engine: pure Python (no Django), see SPEC.md in the shared folder.

    from velkomst.engine import solve
    plan = solve(instance_dict, time_limit=10)

The solver imports OR-Tools lazily, so importing this package stays cheap.
"""
from __future__ import annotations


def solve(instance: dict, *, time_limit: float = 10.0, workers: int | None = None, seed: int = 0) -> dict:
    from .solver import solve as _solve  # deferred on purpose: the solver loads OR-Tools; importing the engine stays cheap
    return _solve(instance, time_limit=time_limit, workers=workers, seed=seed)


def greedy_plan(instance: dict) -> dict:
    """The baseline plan (most-constrained household first, cheapest room); no bound."""
    from .greedy import greedy_plan as _greedy_plan  # deferred on purpose, as solve
    return _greedy_plan(instance)


__all__ = ["solve", "greedy_plan"]
