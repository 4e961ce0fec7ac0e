"""What every stage of the optimiser shares about OR-Tools: the lazy import of CP-SAT,
its parameters, the guard that keeps HiGHS's banner off stdout, and the time budget."""
from __future__ import annotations

import contextlib
import ctypes
import os
import sys
import time


def load_cp_model():
    from ortools.sat.python import cp_model as _cp_model  # lazy: keeps CLI start-up light
    return _cp_model


class Timer:
    """The optimiser's budget; stages stop at a share of it (``until``) so later stages keep theirs."""

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


def cpsat_params(solver, seconds: float, workers: int, seed: int) -> None:
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = False


@contextlib.contextmanager
def stdout_to_stderr():
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


def highs_exact(solver, relative_gap: float = 0.0, absolute_gap: float = 1e-6) -> None:
    """Set HiGHS's relative MIP gap (default 1e-4) where HiGHS reads it.

    pywraplp passes ``MPSolverParameters.RELATIVE_MIP_GAP`` on to HiGHS without effect (OR-Tools 9.15:
    an instance whose optimum is 4,490 came back "optimal" at 4,500), and on an objective offset by
    1,000 per person 1e-4 is tens of points: an "optimal" value would not be a proof.  The
    solver-specific string is applied although the call reports False."""
    solver.SetSolverSpecificParametersAsString(f"mip_rel_gap={relative_gap!r}\nmip_abs_gap={absolute_gap!r}")
