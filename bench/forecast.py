"""Benchmark: 1,000 runs x 52 weeks of the capacity forecast in under 2 s.

    .venv/bin/python bench/forecast.py

Times ``simulate`` (vectorised over runs) for three scenarios (20 / 35 / 50
households a week) and, in the same process, a baseline: the same model
written the naive way, one run at a time in pure Python with scalar draws.
The baseline also does 1,000 runs (timed once; no extrapolation). Each
scenario prints the mean free family rooms in week 52 from both, to show the
two compute the same model (different draws, so they agree within about
+-2 rooms, not exactly).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from velkomst.forecast.simulation import (  # noqa: E402
    ARRIVAL_KINDS,
    Scenario,
    StartState,
    simulate,
)

START = StartState(60, 80, 70, families_housed=800, singles_F_housed=900, singles_M_housed=700)
MIX = {"family": 0.4, "single_F": 0.33, "single_M": 0.27}
EXITS = {"family": 0.01, "single_F": 0.012, "single_M": 0.012}
SCENARIOS = [Scenario(f"{m} per week", m, MIX, arrival_dispersion=0.2, weekly_exit_rate=EXITS) for m in (20, 35, 50)]
WEEKS, RUNS, REPEATS = 52, 1000, 5


def one_run_at_a_time(start: StartState, scenario: Scenario, *, weeks: int, runs: int, seed: int) -> np.ndarray:
    """The same weekly steps, looping over runs and kinds in Python. Returns free places (3, runs, weeks)."""
    rng = np.random.default_rng(seed)
    shares = [scenario.mix.get(k, 0.0) for k in ARRIVAL_KINDS]
    rates = [scenario.weekly_exit_rate.get(k, 0.0) for k in ARRIVAL_KINDS]
    d = scenario.arrival_dispersion
    out = np.empty((3, runs, weeks), dtype=np.int64)
    for r in range(runs):
        free, housed, waiting = list(start.free()), list(start.housed()), [0, 0, 0]
        for w in range(weeks):
            busy = rng.gamma(1.0 / d, d) if d > 0 else 1.0
            for k in range(3):
                exits = rng.binomial(housed[k], rates[k])
                housed[k] -= exits
                free[k] += exits
                demand = waiting[k] + rng.poisson(scenario.weekly_arrivals_mean * shares[k] * busy)
                placed = min(demand, free[k])
                free[k] -= placed
                housed[k] += placed
                waiting[k] = demand - placed
                out[k, r, w] = free[k]
    return out


def timed(fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    print(f"# Capacity forecast: {RUNS:,} runs x {WEEKS} weeks (median of {REPEATS} timings)\n")
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}\n")
    print("| scenario | simulate, 1,000 runs (s) | under 2 s | simulate, 10,000 runs (s) "
          "| baseline one run at a time, 1,000 runs (s) | speed-up | week-52 free family rooms: simulate / baseline |")
    print("|---|---:|:---:|---:|---:|---:|---:|")
    for scenario in SCENARIOS:
        fast, result = timed(lambda: simulate(START, scenario, weeks=WEEKS, runs=RUNS, seed=1))
        big, _ = timed(lambda: simulate(START, scenario, weeks=WEEKS, runs=10 * RUNS, seed=1))
        t0 = time.perf_counter()
        base = one_run_at_a_time(START, scenario, weeks=WEEKS, runs=RUNS, seed=1)
        slow = time.perf_counter() - t0
        print(
            f"| {scenario.name} | {fast:.3f} | {'yes' if fast < 2 else 'NO'} | {big:.3f} | {slow:.2f} "
            f"| {slow / fast:.0f}x | {result.free_samples[0, :, -1].mean():.1f} / {base[0, :, -1].mean():.1f} |"
        )


if __name__ == "__main__":
    main()
