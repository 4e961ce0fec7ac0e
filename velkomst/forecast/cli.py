"""`velkomst forecast` on the command line, without Django.

The numbers come from the arguments, so this runs anywhere
(``python -m velkomst.forecast.cli --help``): one pool of rooms described by
its empty rooms, shared rooms and family rooms. The project's ``velkomst
forecast`` command mounts the same arguments and fills them from the database
(every pool, the recorded flows), and adds the scenarios and the back-test.

Example::

    python -m velkomst.forecast.cli --empty 2=40,4=10 --shared F:2:1=30,M:2:2=200 \\
        --family 4:3=20 --arrivals 20 35 --mix family=0.2,single_F=0.4,single_M=0.4 \\
        --family-sizes 2=0.3,3=0.5,4=0.2 --exit-rate family=0.01,single_F=0.005,single_M=0.005 \\
        --open 6:140x2 --factor 2:8
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import IO

from velkomst.forecast import backtest as bt
from velkomst.forecast.simulation import (
    ARRIVAL_KINDS,
    ArrivalFactor,
    CapacityChange,
    ForecastResult,
    Pool,
    Scenario,
    StartState,
    default_mean_from_recent,
    rooms_for_beds,
    simulate,
)

POOL = "general"
LABELS = {"empty_rooms": "empty rooms", "shared_beds_F": "women's shared beds", "shared_beds_M": "men's shared beds",
          "free_beds": "free beds", "persons": "persons housed", "unmet_persons": "persons without a place",
          "family": "families", "single_F": "single women", "single_M": "single men"}
TABLE = ("empty_rooms", "shared_beds_F", "shared_beds_M", "free_beds", "persons")


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


def _whole(text: str, what: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what} must be a whole number, not {text!r}") from None
    if value != int(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{what} must be a whole number of at least 0, not {text!r}")
    return int(value)


def _rooms(parts: int):
    """'2=40,4=10' (parts=1), 'F:2:1=30' (parts=3), '4:3=20' (parts=2) -> {key: rooms}."""
    def parse(text: str) -> dict:
        out = {}
        for key, rooms in _pairs(text).items():
            bits = key.split(":")
            if len(bits) != parts:
                raise argparse.ArgumentTypeError(f"expected {parts} part(s) separated by ':' before '=', got {key!r}")
            if parts == 3:
                key = (bits[0], _whole(bits[1], "beds"), _whole(bits[2], "residents"))
            elif parts == 2:
                key = (_whole(bits[0], "beds"), _whole(bits[1], "persons"))
            else:
                key = _whole(bits[0], "beds")
            out[key] = _whole(str(rooms), "rooms")
        return out
    return parse


def _open(text: str) -> tuple[int, int, int]:
    """'6:140x2' -> (week 6, 140 beds, 2 beds per room); the room size defaults to 2."""
    week, sep, rest = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected WEEK:BEDS[xBEDS_PER_ROOM], got {text!r}")
    beds, _x, per = rest.partition("x")
    return _whole(week, "week"), _whole(beds, "beds"), _whole(per or "2", "beds per room")


def _factor(text: str) -> ArrivalFactor:
    """'2:8' or '2:8:3' -> arrivals x2 for 8 weeks (from week 3)."""
    bits = text.split(":")
    if len(bits) not in (2, 3):
        raise argparse.ArgumentTypeError(f"expected FACTOR:WEEKS[:FROM_WEEK], got {text!r}")
    try:
        return ArrivalFactor(float(bits[0]), _whole(bits[1], "weeks"), _whole(bits[2], "week") if len(bits) == 3 else 1)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _counts(text: str) -> list[int]:
    try:
        return [int(p) for p in text.replace(" ", ",").split(",") if p]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole numbers separated by commas, got {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--empty", type=_rooms(1), default=None, help="empty rooms by beds, e.g. 2=40,4=10")
    parser.add_argument("--shared", type=_rooms(3), default=None, help="shared rooms GENDER:BEDS:RESIDENTS=ROOMS, e.g. F:2:1=30,M:4:3=5")
    parser.add_argument("--family", type=_rooms(2), default=None, help="rooms held by a family BEDS:PERSONS=ROOMS, e.g. 4:3=20")
    parser.add_argument("--arrivals", type=float, nargs="+", default=[], help="scenarios: households arriving per week, e.g. 20 35 50")
    parser.add_argument("--recent-referrals", type=_counts, default=None, help="weekly referral counts, oldest first; their last 12 weeks give a 'recent' scenario")
    parser.add_argument("--mix", type=_pairs, default=None, help="shares of arrival kinds (default family=0.4,single_F=0.33,single_M=0.27)")
    parser.add_argument("--family-sizes", type=_pairs, default=None, help="shares of family sizes, e.g. 2=0.3,3=0.5,4=0.2 (default all 2)")
    parser.add_argument("--exit-rate", type=_pairs, default={}, help="weekly move-out probability per housed household, e.g. family=0.01,single_F=0.005")
    parser.add_argument("--dispersion", type=float, default=None, help="0 = Poisson arrivals; more = burstier weeks (negative binomial)")
    parser.add_argument("--open-share", type=float, default=None, help="share of singles who open an empty room although a shared bed is free")
    parser.add_argument("--open", type=_open, action="append", default=[], help="a location opens: WEEK:BEDS[xBEDS_PER_ROOM], e.g. 6:140x2 (repeatable)")
    parser.add_argument("--factor", type=_factor, action="append", default=[], help="arrivals times K for N weeks: K:N[:FROM_WEEK], e.g. 2:8")
    parser.add_argument("--deterministic", action="store_true", help="no randomness: exactly the mean arrives, exactly rate x housed leave")
    parser.add_argument("--no-queue", action="store_true", help="unmet households do not wait for the next week")
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--every", type=int, default=4, help="show every Nth week in the table (the first and last week are always shown)")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")


def start_from_args(args: argparse.Namespace) -> StartState:
    return StartState((Pool(POOL, empty=args.empty or {}, shared=args.shared or {}, family=args.family or {}),))


def _family_sizes(args: argparse.Namespace) -> dict[int, float]:
    if not args.family_sizes:
        return {2: 1.0}
    try:
        return {int(k): v for k, v in args.family_sizes.items()}
    except ValueError:
        raise ValueError("family sizes are whole numbers of persons, e.g. 2=0.3,3=0.7") from None


def scenarios_from_args(args: argparse.Namespace) -> list[Scenario]:
    means: list[tuple[str, float]] = []
    if args.recent_referrals:
        means.append(("recent 12 weeks", default_mean_from_recent(args.recent_referrals)))
    means += [(f"{m:g} per week", m) for m in args.arrivals]
    if not means:
        raise ValueError("give --arrivals and/or --recent-referrals")
    return [
        Scenario(name=name, weekly_arrivals_mean=mean, mix=args.mix or {"family": 0.4, "single_F": 0.33, "single_M": 0.27},
                 family_sizes=_family_sizes(args), arrival_dispersion=args.dispersion or 0.0, weekly_exit_rate=args.exit_rate,
                 arrival_factors=tuple(args.factor), single_open_share=args.open_share or 0.0,
                 deterministic=args.deterministic, unmet_waits=not args.no_queue)
        for name, mean in means
    ]


def changes_from_args(args: argparse.Namespace, pool: str = POOL) -> list[CapacityChange]:
    return [CapacityChange(week=week, pool=pool, rooms=rooms_for_beds(beds, per), note=f"{beds} beds open")
            for week, beds, per in args.open]


def format_result(result: ForecastResult, every: int = 4) -> str:
    """A scenario as markdown: when each kind of household is at risk, then a table of weeks."""
    s = result.scenario
    lines = [f"## {s.name}: {s.weekly_arrivals_mean:.1f} households/week, {result.runs} runs, seed {result.seed}", ""]
    for kind in ARRIVAL_KINDS:
        w10, w50 = result.first_week_at_risk(kind, 0.1), result.first_week_at_risk(kind, 0.5)
        lines.append(f"- {LABELS[kind]}: 10 % risk of no place {_week(w10, result.weeks)}; 50 % risk {_week(w50, result.weeks)}")
    lines += ["", "| week | " + " | ".join(f"{LABELS[m]}: median (10–90 %)" for m in TABLE)
              + " | persons without a place | " + " | ".join(f"run-out {LABELS[k]}" for k in ARRIVAL_KINDS) + " |"]
    lines.append("|---:|" + "---:|" * (len(TABLE) + 1 + len(ARRIVAL_KINDS)))
    bands = {m: result.band(m) for m in TABLE}
    unmet = result.median("unmet_persons")
    risk = {k: result.run_out_probability(k) for k in ARRIVAL_KINDS}
    for w in range(result.weeks):
        week = w + 1
        if week % max(every, 1) and week not in (1, result.weeks):
            continue
        cells = [f"{bands[m][1][w]} ({bands[m][0][w]}–{bands[m][2][w]})" for m in TABLE]
        lines.append(f"| {week} | " + " | ".join(cells) + f" | {unmet[w]} | " + " | ".join(f"{risk[k][w]:.0%}" for k in ARRIVAL_KINDS) + " |")
    return "\n".join(lines)


def format_backtest(origins: Sequence[bt.Origin], as_of_text: str, date_text=str) -> str:
    """The back-test as markdown: per forecast day and kind the weeks inside the band and the median absolute error,
    then every kind over all days against the 80 % an honest band reaches, then the weeks one by one."""
    lines = [f"# Back-test of the capacity forecast up to {as_of_text}", "",
             "The forecast made as of each day from the data as they stood then, against the free capacity counted "
             "on each following week's day. Inside = the actual lay within the 10–90 % band.", "",
             "| forecast made on | kind | weeks inside the band | share | median absolute error |", "|---|---|---:|---:|---:|"]
    for origin in origins:
        for kind in bt.KINDS + bt.ALSO:
            r = origin.kinds[kind]
            lines.append(f"| {date_text(origin.day)} ({origin.weeks_back} weeks back) | {LABELS[kind]} | {r.inside} of {len(r.weeks)} "
                         f"| {r.share_inside:.0%} | {r.median_absolute_error:g} |")
    verdict = bt.verdict(origins)
    lines += ["", f"| kind | weeks inside the band, all days | share | median absolute error | at least {bt.TARGET:.0%} |", "|---|---:|---:|---:|:---:|"]
    for kind in bt.KINDS + bt.ALSO:
        inside, weeks, mae = bt.pooled(origins, kind)
        ok = ("yes" if verdict[kind] else "NO") if kind in verdict else "(shown, not judged)"
        lines.append(f"| {LABELS[kind]} | {inside} of {weeks} | {inside / weeks if weeks else 0:.0%} | {mae:g} | {ok} |")
    for origin in origins:
        lines += ["", f"## Forecast made on {date_text(origin.day)}", "",
                  "| week | day | " + " | ".join(f"{LABELS[k]}: actual / median (10–90 %)" for k in bt.KINDS) + " |",
                  "|---:|---|" + "---:|" * len(bt.KINDS)]
        for i, week in enumerate(origin.kinds[bt.KINDS[0]].weeks):
            cells = []
            for kind in bt.KINDS:
                w = origin.kinds[kind].weeks[i]
                cells.append(f"{w.actual} / {w.median} ({w.p10}–{w.p90}){'' if w.inside else ' outside'}")
            lines.append(f"| {week.week} | {date_text(week.day)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _week(week: int | None, horizon: int) -> str:
    return f"from week {week}" if week else f"not within {horizon} weeks"


def write(results: Sequence[ForecastResult], args: argparse.Namespace, stdout: IO[str]) -> None:
    if args.json:
        json.dump([r.to_dict() for r in results], stdout, indent=1)
        stdout.write("\n")
    else:
        stdout.write("\n\n".join(format_result(r, args.every) for r in results) + "\n")


def run(args: argparse.Namespace, stdout: IO[str] | None = None) -> int:
    stdout = stdout or sys.stdout
    start, changes = start_from_args(args), changes_from_args(args)
    results = [simulate(start, s, changes, weeks=args.weeks, runs=args.runs, seed=args.seed) for s in scenarios_from_args(args)]
    write(results, args, stdout)
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
