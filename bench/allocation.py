#!/usr/bin/env python3
"""Benchmark of the housing-allocation engine against the greedy baseline.

    .venv/bin/python bench/allocation.py [--quick] [--time-limit 10] [--replan-time-limit 50]

For generate.py instances (seeds 1-3 x 30/100/400 arriving households, and a re-plan of
1,500 households into empty housing) it runs the whole CLI process
``python -m velkomst.engine.cli`` (imports and model building included),
measures its wall-clock time and peak RSS (os.wait4 rusage of that child), checks the
plan with the reference check.py and prints a markdown table.

soft gap = (objective - bound) / (objective - 1000 * unplaced persons)
CPU s = user + system time of the process (wall-clock suffers when the machine is shared).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    for c in (os.environ.get("VELKOMST_SHARED"), REPO.parent / "shared" / "allocation"):
        if c and (Path(c) / "check.py").is_file():
            return Path(c)
        if c and (Path(c) / "allocation" / "check.py").is_file():
            return Path(c) / "allocation"
    sys.exit("bench: cannot find shared/allocation (set VELKOMST_SHARED)")


def run_measured(cmd: list[str], stdout_path: Path) -> tuple[int, float, float, float]:
    """Run ``cmd``; return (exit code, wall seconds, peak RSS in MiB, CPU seconds) of that process alone."""
    with open(stdout_path, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return proc.returncode, wall, usage.ru_maxrss / 1024.0, cpu  # Linux: ru_maxrss in KiB


def check(shared: Path, instance: Path, plan: Path) -> tuple[bool, dict]:
    r = subprocess.run([sys.executable, str(shared / "check.py"), str(instance), str(plan)],
                       capture_output=True, text=True)
    try:
        result = json.loads(r.stdout)
    except json.JSONDecodeError:
        return False, {}
    return r.returncode == 0, result


def fmt_gap(plan: dict, unplaced: int) -> str:
    if "bound" not in plan:
        return "–"
    soft = plan["objective"] - 1000 * unplaced
    if soft <= 0:
        return "0.00 %"
    return f"{100.0 * (plan['objective'] - plan['bound']) / soft:.2f} %"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="seed 1 only")
    p.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3])
    p.add_argument("--sizes", type=int, nargs="*", default=[30, 100, 400])
    p.add_argument("--time-limit", type=float, default=10.0, help="optimiser time limit (CLI default 10)")
    p.add_argument("--replan-time-limit", type=float, default=50.0,
                   help="optimiser time limit for the 1,500-household re-plan (target: whole process < 60 s)")
    p.add_argument("--replan-seeds", type=int, nargs="*", default=None, help="default: the same seeds")
    p.add_argument("--no-replan", action="store_true")
    p.add_argument("--workers", type=int, default=None)
    args = p.parse_args(argv)
    seeds = [1] if args.quick else args.seeds
    replan_seeds = [] if args.no_replan else (args.replan_seeds if args.replan_seeds is not None else seeds)
    shared = shared_dir()
    py = sys.executable

    cases = [(f"{n} hh, seed {s}", ["--households", str(n), "--seed", str(s)], args.time_limit)
             for n in args.sizes for s in seeds]
    cases += [(f"re-plan 1500 hh, seed {s}",
               ["--occupancy", "0", "--households", "1500", "--newcomers", "0.1", "--seed", str(s)],
               args.replan_time_limit) for s in replan_seeds]

    header = ("| instance | method | persons placed | proven max placed | objective | bound | soft gap "
              "| wall s | CPU s | peak RSS MiB | check.py |")
    print(f"Load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; optimiser time limit "
          f"{args.time_limit:g} s (re-plan {args.replan_time_limit:g} s).\n")
    print(header)
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    sys.stdout.flush()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, gen_args, limit in cases:
            inst_path = tmp / "instance.json"
            with open(inst_path, "w") as f:
                subprocess.run([py, str(shared / "generate.py"), *gen_args], stdout=f, check=True)
            instance = json.loads(inst_path.read_text())
            persons = sum(len(h["members"]) for h in instance["households"])
            proven_max = None
            for method in ("optimiser", "greedy"):
                cmd = [py, "-m", "velkomst.engine.cli", str(inst_path), "--no-explanations"]
                if method == "greedy":
                    cmd.append("--greedy")
                else:
                    cmd += ["--time-limit", str(limit)]
                    if args.workers:
                        cmd += ["--workers", str(args.workers)]
                plan_path = tmp / f"plan-{method}.json"
                rc, wall, rss, cpu = run_measured(cmd, plan_path)
                if rc != 0:
                    print(f"| {name} | {method} | process failed (exit {rc}) | | | | | {wall:.2f} | {cpu:.2f} "
                          f"| {rss:.0f} | no |")
                    continue
                plan = json.loads(plan_path.read_text())
                ok, result = check(shared, inst_path, plan_path)
                unplaced = result.get("breakdown", {}).get("unplaced_persons", 0)
                stats = plan.get("stats", {})
                if method == "optimiser" and "max_persons_placed" in stats:
                    proven_max = f"{stats['max_persons_placed']}" + ("" if stats.get("max_persons_proven") else " (ub)")
                print(f"| {name} | {method} | {persons - unplaced} / {persons} | {proven_max or '–'} "
                      f"| {plan['objective']} | {plan.get('bound', '–')} | {fmt_gap(plan, unplaced)} "
                      f"| {wall:.2f} | {cpu:.2f} | {rss:.0f} | {'yes' if ok else 'NO'} |")
                sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
