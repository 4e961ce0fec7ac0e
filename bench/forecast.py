"""Benchmark: 1,000 runs x 52 weeks of the capacity forecast, with its pools, in under 2 s.

    .venv/bin/python bench/forecast.py

Times ``simulate`` (vectorised over runs and pools) on the demo's rooms as they stood on 26.11.2026 (five
pools: other locations, reception, two reserved for target groups, one closing; the recorded flows with their
uncertainty) and, in the same process, against a baseline: the same rooms in a single pool with the rates taken
as exact (what a model without pools and without rate uncertainty would run). Also 10,000 runs, and ten times the
rooms and arrivals, to show the time follows the runs, not the size of the centre. Each timing is the median of 5.
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from velkomst.forecast.simulation import Pool, Scenario, StartState, simulate  # noqa: E402

WEEKS, RUNS, REPEATS = 52, 1000, 5

# The demo's pools on 26.11.2026 (`velkomst demo --as-of 2026-11-26`, read by forecast/inputs.py).
GENERAL = Pool(
    "general",
    empty={1: 15, 2: 16, 3: 8, 4: 29, 5: 8, 6: 7},
    shared={("F", 2, 2): 205, ("F", 4, 4): 59, ("M", 1, 1): 34, ("M", 2, 2): 62, ("M", 6, 6): 18, ("F", 4, 2): 4, ("M", 4, 4): 72,
            ("M", 6, 4): 2, ("M", 4, 3): 15, ("M", 6, 5): 6, ("F", 4, 3): 8, ("M", 6, 1): 2, ("F", 4, 1): 5, ("F", 3, 2): 3, ("F", 2, 1): 6,
            ("F", 3, 3): 10, ("M", 6, 2): 2, ("M", 6, 3): 2, ("F", 3, 1): 1, ("M", 4, 2): 2, ("M", 2, 1): 1, ("M", 4, 1): 3, ("M", 3, 3): 9,
            ("M", 3, 2): 2, ("F", 6, 3): 1, ("F", 6, 1): 1, ("F", 1, 1): 2},
    family={(3, 3): 83, (2, 2): 53, (4, 4): 48, (4, 3): 7, (5, 5): 23},
    intake={"family": 0.525, "single_F": 0.467, "single_M": 0.436},
)
RECEPTION = Pool(
    "reception",
    empty={2: 6, 3: 2, 4: 11, 6: 4},
    shared={("F", 3, 3): 15, ("F", 4, 3): 16, ("F", 4, 4): 54, ("M", 1, 1): 44, ("F", 2, 2): 113, ("M", 2, 2): 53, ("M", 6, 6): 24,
            ("F", 4, 2): 2, ("M", 4, 4): 42, ("M", 4, 3): 7, ("F", 3, 2): 2, ("M", 6, 4): 1, ("M", 6, 2): 3, ("M", 6, 5): 2, ("F", 4, 1): 2,
            ("M", 6, 1): 1, ("M", 4, 2): 1, ("M", 2, 1): 1, ("F", 2, 1): 2},
    family={(6, 5): 4, (2, 2): 12, (3, 3): 18, (4, 4): 2},
    intake={"family": 0.475, "single_F": 0.533, "single_M": 0.564},
)
PATIENTS = Pool(
    "reserved:patient", empty={1: 2, 2: 1, 4: 1},
    shared={("F", 4, 2): 1, ("M", 2, 2): 1, ("F", 2, 2): 2, ("M", 4, 1): 1, ("M", 4, 3): 2, ("F", 4, 1): 1},
    family={(4, 4): 1, (4, 3): 2, (3, 3): 2, (2, 2): 1, (6, 5): 1}, reserved="patient",
    own_arrivals={"family": 0.19, "single_F": 0.15, "single_M": 0.15}, exit_rate={},
)
VULNERABLE = Pool(
    "reserved:vulnerable", empty={1: 4, 2: 2}, shared={("M", 2, 2): 6, ("F", 2, 2): 7, ("F", 1, 1): 4, ("M", 1, 1): 1},
    family={(4, 4): 10, (2, 2): 4, (3, 3): 5, (6, 5): 4, (4, 3): 1}, reserved="vulnerable",
    own_arrivals={"family": 0.27, "single_F": 0.15, "single_M": 0.23}, exit_rate={},
)
CLOSING = Pool("closing:hotel-mercur", empty={1: 11, 2: 1, 3: 1},
               shared={("F", 2, 2): 33, ("M", 2, 2): 10, ("M", 1, 1): 3, ("F", 2, 1): 1, ("M", 3, 3): 7}, family={(3, 3): 4}, closes_in_week=31)
DEMO = StartState((GENERAL, RECEPTION, PATIENTS, VULNERABLE, CLOSING))
RECORDED = Scenario(
    "recorded flows", 38.3, {"family": 0.095, "single_F": 0.497, "single_M": 0.408},
    family_sizes={2: 0.255, 3: 0.398, 4: 0.218, 5: 0.129}, arrival_dispersion=0.025,
    weekly_exit_rate={"family": 0.0112, "single_F": 0.0050, "single_M": 0.0057}, arrival_mean_sd=2.5,
    exit_rate_sd={"family": 0.0018, "single_F": 0.00054, "single_M": 0.00065}, single_open_share=0.146, mix_evidence=461,
    single_open_evidence=369,
)
# What bench/reports.py times beside the key figures: the demo's pools at 20 / 35 / 50 households a week.
START = DEMO
SCENARIOS = [replace(RECORDED, name=f"{m} per week", weekly_arrivals_mean=float(m)) for m in (20, 35, 50)]


def merged(start: StartState) -> StartState:
    """Every room in one open pool (the reserved and closing ones too)."""
    def add(part):
        out: dict = {}
        for pool in start.pools:
            for key, n in getattr(pool, part).items():
                out[key] = out.get(key, 0) + n
        return out
    return StartState((Pool("all", empty=add("empty"), shared=add("shared"), family=add("family")),))


def scaled(start: StartState, k: int) -> StartState:
    def times(mapping):
        return {key: n * k for key, n in mapping.items()}
    return StartState(tuple(replace(p, empty=times(p.empty), shared=times(p.shared), family=times(p.family),
                                    own_arrivals=times(p.own_arrivals)) for p in start.pools))


def timed(fn) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds (the machine may be shared: CPU time shows the work done)."""
    wall, cpu, result = [], [], None
    for _ in range(REPEATS):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu), result


def main() -> None:
    exact_rates = replace(RECORDED, arrival_mean_sd=0.0, exit_rate_sd={}, mix_evidence=0, single_open_evidence=0)
    cases = [
        ("baseline: one pool, the same rooms, rates taken as exact", merged(DEMO), exact_rates, RUNS),
        ("demo's pools (5), recorded flows with their uncertainty", DEMO, RECORDED, RUNS),
        ("demo's pools (5), 10,000 runs", DEMO, RECORDED, 10 * RUNS),
        ("demo's pools (5) at 10x the rooms and arrivals", scaled(DEMO, 10), replace(RECORDED, weekly_arrivals_mean=383.0,
                                                                                    arrival_mean_sd=25.0), RUNS),
    ]
    simulate(DEMO, RECORDED, weeks=4, runs=10)  # warm up
    print(f"# Capacity forecast: {WEEKS} weeks (median of {REPEATS} timings)\n")
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}\n")
    print("| configuration | pools | rooms | runs | seconds | CPU seconds | 1,000 runs under 2 s | x baseline "
          "| week 26: free beds, median (10–90 %) | week 52: persons without a place, median |")
    print("|---|---:|---:|---:|---:|---:|:---:|---:|---:|---:|")
    baseline = None
    for name, start, scenario, runs in cases:
        seconds, cpu, result = timed(lambda: simulate(start, scenario, weeks=WEEKS, runs=runs, seed=1))
        baseline = baseline or seconds
        lo, mid, hi = (int(x[25]) for x in result.band("free_beds"))
        under = ("yes" if seconds < 2 else "NO") if runs == RUNS else "–"
        print(f"| {name} | {len(start.pools)} | {start.total('rooms'):,} | {runs:,} | {seconds:.3f} | {cpu:.3f} | {under} | {seconds / baseline:.1f} "
              f"| {mid:,} ({lo:,}–{hi:,}) | {int(result.median('unmet_persons')[-1]):,} |")


if __name__ == "__main__":
    main()
