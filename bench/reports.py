"""Key figures and the capacity forecast at demo scale and at 10x the demo scale.

    python bench/reports.py [--scales 1 10] [--repeat 5]

Each scale runs in its own process against a fresh SQLite database (PostgreSQL when BENCH_DATABASE_URL
is set). The 1x run is the baseline: the dashboard's, the drill-down's and the forecast inputs' query
counts must be the same at 10x. Then, in this process, the forecast itself: 1,000 runs x 52 weeks
of the simulation for 20 / 35 / 50 households a week (bench/forecast.py compares it with a naive baseline).
"""
import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import run_worker_at_scale  # noqa: E402

AS_OF = "2026-11-26"


def measure(scale: float, repeat: int) -> dict:
    import django

    django.setup()
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("demo", scale=scale, as_of=date.fromisoformat(AS_OF), stdout=open(os.devnull, "w"))
    from velkomst.forecast.inputs import forecast_inputs
    from velkomst.people.models import Person

    manager, admin = Client(), Client()
    manager.force_login(get_user_model().objects.get(username="leder"))
    admin.force_login(get_user_model().objects.get(username="admin"))
    steps = [
        ("dashboard (manager)", lambda: manager.get("/reports/", {"as_of": AS_OF})),
        ("drill-down, breakdown (manager)", lambda: manager.get("/reports/figure/", {"figure": "ukrainians_employed", "as_of": AS_OF})),
        ("drill-down, persons page 1 (admin)", lambda: admin.get("/reports/figure/", {"figure": "ukrainians_employed", "as_of": AS_OF})),
        ("dashboard export XLSX (manager)", lambda: manager.get("/reports/export.xlsx", {"as_of": AS_OF})),
        ("forecast inputs from the database", lambda: forecast_inputs(date.fromisoformat(AS_OF))),
        ("forecast page (the base), 1,000 runs", lambda: manager.get("/reports/forecast/")),
    ]
    rows = []
    for name, step in steps:
        step()
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            result = step()
        count = len(queries)
        assert getattr(result, "status_code", 200) == 200, (name, result.status_code)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            step()
            timings.append((time.perf_counter() - started) * 1000)
        rows.append({"name": name, "median_ms": statistics.median(timings), "queries": count})
    return {"persons": Person.objects.count(), "rows": rows}


def run_scale(scale: float, repeat: int) -> dict:
    return run_worker_at_scale(__file__, scale, repeat, database_prefix="velkomst_bench_reports")


def forecast_timing(repeat: int) -> list[tuple[str, float]]:
    from bench.forecast import SCENARIOS, START
    from velkomst.forecast.simulation import simulate

    out = []
    for scenario in SCENARIOS:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            simulate(START, scenario, weeks=52, runs=1000, seed=1)
            times.append(time.perf_counter() - t0)
        out.append((scenario.name, statistics.median(times)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        os.environ["DJANGO_SETTINGS_MODULE"] = "velkomst.settings"
        os.environ.setdefault("HTTPS", "false")  # the benchmark speaks plain HTTP on this machine
        print(json.dumps(measure(args.scale, args.repeat)))
        return
    results = {scale: run_scale(scale, args.repeat) for scale in args.scales}
    backend = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
    print(f"# Key figures at {' and '.join(f'{s:g}x' for s in args.scales)} the demo scale ({backend}, median of {args.repeat})\n")
    for scale, result in results.items():
        print(f"- {scale:g}x: {result['persons']:,} persons")
    print("\n| step | " + " | ".join(f"{s:g}x median ms | {s:g}x queries" for s in args.scales) + " | queries flat |")
    print("| --- |" + " ---: | ---: |" * len(args.scales) + " :-: |")
    flat_all = True
    base = results[args.scales[0]]
    for index, row in enumerate(base["rows"]):
        cells, counts = [], []
        for scale in args.scales:
            r = results[scale]["rows"][index]
            cells += [f"{r['median_ms']:.0f}", str(r["queries"])]
            counts.append(r["queries"])
        flat = len(set(counts)) == 1
        flat_all &= flat
        print(f"| {row['name']} | " + " | ".join(cells) + f" | {'yes' if flat else 'NO'} |")
    print("\n## Forecast: 1,000 runs x 52 weeks (median of 5)\n")
    print("| scenario | seconds | under 2 s |\n| --- | ---: | :-: |")
    fast = True
    for name, seconds in forecast_timing(5):
        fast &= seconds < 2
        print(f"| {name} | {seconds:.3f} | {'yes' if seconds < 2 else 'NO'} |")
    print(f"\nQuery counts flat across scales: {'yes' if flat_all else 'NO'}; forecast under 2 s: {'yes' if fast else 'NO'}")
    sys.exit(0 if flat_all and fast else 1)


if __name__ == "__main__":
    main()
