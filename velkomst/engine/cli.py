"""``velkomst allocate INSTANCE.json [--time-limit S] [--workers N] [--seed S] [--greedy]``

Writes the plan (SPEC.md) as JSON to stdout.  ``main(argv)`` takes the arguments
after the word ``allocate``; ``python -m velkomst.engine.cli`` works too.
"""
from __future__ import annotations

import argparse
import json
import sys
import time


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="velkomst allocate", description="Place arriving households in rooms.")
    p.add_argument("instance", help="instance JSON file ('-' for stdin)")
    p.add_argument("--time-limit", type=float, default=10.0,
                   help="wall-clock budget of the whole command in seconds (default 10); the solver gets what is "
                        "left after start-up, minus 10 %% for writing the plan")
    p.add_argument("--workers", type=int, default=None, help="CP-SAT workers (default: CPU count)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--greedy", action="store_true", help="baseline heuristic only (no optimiser)")
    p.add_argument("--no-explanations", action="store_true", help="omit the per-household explanations")
    return p


def main(argv: list[str]) -> int:
    started = time.monotonic()  # --time-limit is a budget for the whole command, reading and writing included
    args = _parser().parse_args(argv)
    try:
        if args.instance == "-":
            data = json.load(sys.stdin)
        else:
            with open(args.instance, encoding="utf-8") as f:
                data = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        print(f"allocate: cannot read {args.instance}: {e}", file=sys.stderr)
        return 2
    try:
        if args.greedy:
            from .greedy import greedy_plan  # deferred on purpose: the command starts without OR-Tools unless it solves
            plan = greedy_plan(data)
        else:
            from . import solver  # deferred on purpose, as greedy: importing the CLI must not load OR-Tools
            solver.preload(data)  # OR-Tools/numpy imports count against the budget too
            spent = time.monotonic() - started
            # keep ~10 % for writing the plan (explanations, reasons) and exiting
            limit = max(0.5 * args.time_limit, 0.9 * args.time_limit - spent)
            plan = solver.solve(data, time_limit=limit, workers=args.workers, seed=args.seed)
    except ValueError as e:
        print(f"allocate: invalid instance: {e}", file=sys.stderr)
        return 2
    if args.no_explanations:
        plan.pop("explanations", None)
    json.dump(plan, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
