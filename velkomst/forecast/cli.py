"""`velkomst forecast` on the command line, without Django.

The numbers come from the arguments, so this runs anywhere
(``python -m velkomst.forecast.cli --help``). The project's ``velkomst``
entry point can mount it as a sub-command with :func:`add_arguments` and
:func:`run`, filling defaults (today's free places, the last 12 weeks of
referrals, recorded move-outs) from the database before calling :func:`run`.

Example::

    velkomst forecast --free family_rooms=40,shared_beds_F=60,shared_beds_M=50 \\
        --housed family=800,single_F=900,single_M=700 \\
        --arrivals 20 35 50 --mix family=0.4,single_F=0.33,single_M=0.27 \\
        --exit-rate family=0.01,single_F=0.012,single_M=0.012 \\
        --change 10:family_rooms=-20 --change 20:shared_beds_M=40
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import IO

from velkomst.forecast.simulation import (
    ARRIVAL_KINDS,
    CAPACITY_KINDS,
    CapacityChange,
    ForecastResult,
    Scenario,
    StartState,
    default_mean_from_recent,
    simulate_scenarios,
)

_LABELS = {"family_rooms": "family rooms", "shared_beds_F": "women's beds", "shared_beds_M": "men's beds"}


def _pairs(text: str) -> dict[str, float]:
    """'a=1,b=2.5' -> {'a': 1.0, 'b': 2.5}"""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep:
            raise argparse.ArgumentTypeError(f"expected name=number, got {part!r}")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    return out


def _whole(pairs: dict[str, float], allowed: Sequence[str], what: str) -> dict[str, int]:
    unknown = set(pairs) - set(allowed)
    if unknown:
        raise ValueError(f"unknown {what}: {sorted(unknown)}; use {list(allowed)}")
    if any(v != int(v) for v in pairs.values()):
        raise ValueError(f"{what} must be whole numbers")
    return {k: int(v) for k, v in pairs.items()}


def _change(text: str) -> CapacityChange:
    week, sep, rest = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected WEEK:kind=delta,..., got {text!r}")
    try:
        deltas = _whole(_pairs(rest), CAPACITY_KINDS, "capacity kinds")
        return CapacityChange(week=int(week), **deltas)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _pairs_list(text: str) -> list[int]:
    try:
        return [int(p) for p in text.replace(" ", ",").split(",") if p]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole numbers separated by commas, got {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--free", type=_pairs, default={}, help="free places now, e.g. family_rooms=40,shared_beds_F=60,shared_beds_M=50")
    parser.add_argument("--housed", type=_pairs, default={}, help="households in those places now, e.g. family=800,single_F=900,single_M=700")
    parser.add_argument("--arrivals", type=float, nargs="+", default=[], help="scenarios: households arriving per week, e.g. 20 35 50")
    parser.add_argument("--recent-referrals", type=_pairs_list, default=None, help="weekly referral counts, oldest first; their last 12 weeks give a 'recent' scenario")
    parser.add_argument("--mix", type=_pairs, default={"family": 0.4, "single_F": 0.33, "single_M": 0.27}, help="shares of arrival kinds (default family=0.4,single_F=0.33,single_M=0.27)")
    parser.add_argument("--exit-rate", type=_pairs, default={}, help="weekly move-out probability per housed household, e.g. family=0.01,single_F=0.012")
    parser.add_argument("--dispersion", type=float, default=0.0, help="0 = Poisson arrivals; more = burstier weeks (negative binomial)")
    parser.add_argument("--change", type=_change, action="append", default=[], help="planned change WEEK:kind=delta,..., e.g. 10:family_rooms=-20 (repeatable)")
    parser.add_argument("--deterministic", action="store_true", help="no randomness: exactly the mean arrives, exactly rate x housed leave")
    parser.add_argument("--no-queue", action="store_true", help="unmet households do not wait for the next week")
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--every", type=int, default=4, help="show every Nth week in the table (the last week is always shown)")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")


def scenarios_from_args(args: argparse.Namespace) -> list[Scenario]:
    means: list[tuple[str, float]] = []
    if args.recent_referrals:
        means.append(("recent 12 weeks", default_mean_from_recent(args.recent_referrals)))
    means += [(f"{m:g} per week", m) for m in args.arrivals]
    if not means:
        raise ValueError("give --arrivals and/or --recent-referrals")
    return [
        Scenario(
            name=name,
            weekly_arrivals_mean=mean,
            mix=args.mix,
            arrival_dispersion=args.dispersion,
            weekly_exit_rate=args.exit_rate,
            deterministic=args.deterministic,
            unmet_waits=not args.no_queue,
        )
        for name, mean in means
    ]


def start_from_args(args: argparse.Namespace) -> StartState:
    free = _whole(args.free, CAPACITY_KINDS, "capacity kinds")
    housed = _whole(args.housed, ARRIVAL_KINDS, "arrival kinds")
    return StartState(
        family_rooms=free.get("family_rooms", 0),
        shared_beds_F=free.get("shared_beds_F", 0),
        shared_beds_M=free.get("shared_beds_M", 0),
        families_housed=housed.get("family", 0),
        singles_F_housed=housed.get("single_F", 0),
        singles_M_housed=housed.get("single_M", 0),
    )


def format_result(result: ForecastResult, every: int = 4) -> str:
    """A scenario as markdown: when each kind is at risk, then a table of weeks."""
    s = result.scenario
    lines = [
        f"## {s.name}: {s.weekly_arrivals_mean:g} households/week, {result.runs} runs, seed {result.seed}",
        "",
    ]
    for cap in CAPACITY_KINDS:
        w10 = result.first_week_at_risk(cap, 0.1)
        w50 = result.first_week_at_risk(cap, 0.5)
        lines.append(
            f"- {_LABELS[cap]}: 10 % run-out risk {_week(w10, result.weeks)}; 50 % risk {_week(w50, result.weeks)}"
        )
    lines += ["", "| week | " + " | ".join(f"{_LABELS[c]} free: median (10–90 %) | run-out" for c in CAPACITY_KINDS) + " |"]
    lines.append("|---:|" + "---:|---:|" * len(CAPACITY_KINDS))
    for row in result.to_rows():
        w = row["week"]
        if w % max(every, 1) and w != result.weeks and w != 1:
            continue
        cells = [
            f"{row[f'{c}_median']} ({row[f'{c}_p10']}–{row[f'{c}_p90']}) | {row[f'{c}_run_out']:.0%}"
            for c in CAPACITY_KINDS
        ]
        lines.append(f"| {w} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _week(week: int | None, horizon: int) -> str:
    return f"from week {week}" if week else f"not within {horizon} weeks"


def run(args: argparse.Namespace, stdout: IO[str] | None = None) -> int:
    stdout = stdout or sys.stdout
    results = simulate_scenarios(
        start_from_args(args),
        scenarios_from_args(args),
        args.change,
        weeks=args.weeks,
        runs=args.runs,
        seed=args.seed,
    )
    if args.json:
        json.dump([r.to_dict() for r in results], stdout, indent=1)
        stdout.write("\n")
    else:
        stdout.write("\n\n".join(format_result(r, args.every) for r in results) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="velkomst forecast", description="Capacity forecast for temporary housing.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except ValueError as exc:
        parser.error(str(exc))
        return 2  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
