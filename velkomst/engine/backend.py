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
