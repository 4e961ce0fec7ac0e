"""Page latency and query counts at demo scale and at 10x the demo scale.

    python bench/pages.py [--scales 1 10] [--repeat 20] [--reuse]

Each scale runs in its own process against its own fresh SQLite database (or
PostgreSQL when BENCH_DATABASE_URL is set: a database per scale is created,
named velkomst_bench_<scale>, or BENCH_DATABASE_PREFIX_<scale>). The demo is
built and then ANALYZEd (a bulk-loaded database has no planner statistics yet).
--reuse keeps an existing PostgreSQL database of that name (built by an earlier
run) and measures it again: the 10x demo takes many minutes to build.
The 1x run is the baseline: the query count of every page must be the same at
10x, and the table says so.
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

from bench.scale import analyze, read_model_ready, run_worker_at_scale  # noqa: E402


def measure(scale: float, repeat: int, reused: bool = False) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from velkomst.demo.tables import PRESENTATION_DATE

    setup_test_environment()
    from django.conf import settings

    # The session's idle expiry is slid once a minute (SessionIdleMiddleware): at 10x the run lasts minutes, and the
    # request whose queries are counted could be the one that writes the session (3 more queries, not the page's).
    settings.SESSION_REFRESH_SECONDS = 24 * 3600
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if not reused:
        # The pages below ask for 26.11.2026 (a week of attendance, the dashboard): the demo as seen on that day.
        call_command("demo", scale=scale, as_of=PRESENTATION_DATE, stdout=open(os.devnull, "w"))
        analyze()
    read_model_ready()  # a database of an earlier run: the worklist's read model as the worker builds it
    build_seconds = time.perf_counter() - started

    from velkomst.people.models import Case, Person

    client = Client()
    client.force_login(get_user_model().objects.get(username="sagsbehandler"))
    family_case = Case.objects.filter(caseworker__username="sagsbehandler", household__members__relation="child").order_by("id").first()
    pages = [
        ("landing page (my cases)", lambda: client.get("/", follow=True)),
        ("landing page's attendance flags (loaded after the page)", lambda: client.get("/programme/compliance/counts/")),
        ("person search (POST 'olena')", lambda: client.post("/people/search/", {"q": "olena"})),
        ("person search, htmx fragment", lambda: client.post("/people/search/", {"q": "kovalenko"}, HTTP_HX_REQUEST="true")),
        ("person page (family)", lambda: client.get(f"/people/{family_case.person_id}/")),
        *EXTRA_PAGES(client),
    ]
    rows = []
    for name, request in pages:
        request()  # warm-up
        connection.queries_log.clear()  # a full log (9,000 entries) would hide new queries
        with CaptureQueriesContext(connection) as queries:
            response = request()
        # Count now: every later request resets the connection's query log (request_started -> reset_queries).
        query_count = len(queries)
        assert response.status_code == 200, (name, response.status_code)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            request()
            timings.append((time.perf_counter() - started) * 1000)
        rows.append({"name": name, "median_ms": statistics.median(timings), "queries": query_count, "persons": Person.objects.count()})
    return {"build_seconds": build_seconds, "pages": rows}


def EXTRA_PAGES(client):
    """Pages that later modules add to the benchmark (name, request) — kept in one list here."""
    return [*HOUSING_PAGES(client), *RECEPTION_PAGES(client), *ALLOCATION_PAGES(), *COMPANY_PAGES(), *REPORTS_PAGES(client)]


def ALLOCATION_PAGES():
    """Reception's list of households waiting for temporary housing (every one of them, on one page)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    reception = Client()
    reception.force_login(get_user_model().objects.get(username="modtagelse"))
    return [("placements: households waiting (reception)", lambda: reception.get("/allocation/"))]


def COMPANY_PAGES():
    """The consultant's week of placement attendance at the company with the most placements."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from velkomst.companies.models import Company

    consultant = Client()
    consultant.force_login(get_user_model().objects.get(username="virksomhed"))
    busiest = Company.objects.annotate(n=Count("offers__placements")).order_by("-n", "id").first()
    if busiest is None:
        return []
    return [("placement attendance, a week (busiest company)",
             lambda: consultant.get(f"/companies/{busiest.pk}/attendance/", {"week": "2026-11-16"}))]


def RECEPTION_PAGES(client):
    """The worklist of the demo caseworker (own cases) and of reception (everyone's cases)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from velkomst.people.models import Case

    reception = Client()
    reception.force_login(get_user_model().objects.get(username="modtagelse"))
    # The booking form lists every caseworker of the centre: 24 at 1x, 240 at 10x.
    case = Case.objects.filter(caseworker__username="sagsbehandler", status="arrived").order_by("id").first()
    return [
        ("worklist (caseworker, own cases)", lambda: client.get("/reception/worklist/")),
        ("worklist (reception, whole team)", lambda: reception.get("/reception/worklist/")),
        *([("a case's meetings (the booking form)", lambda: client.get(f"/reception/cases/{case.pk}/meetings/"))] if case else []),
    ]


def REPORTS_PAGES(client):
    """The key figures of the manager (the caseworker may not see them)."""
    from datetime import date

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from velkomst.reports import services
    from velkomst.reports.models import FiguresSnapshot

    manager = Client()
    manager.force_login(get_user_model().objects.get(username="leder"))

    def computed():
        """The figures computed, not shown from their snapshot: what the background refresh costs (and the first visit
        of a date in the request)."""
        FiguresSnapshot.objects.filter(as_of="2026-11-26").delete()
        return manager.get("/reports/", {"as_of": "2026-11-26"})

    fresh = []

    def dashboard():
        """The dashboard as a visitor within the minute sees it: shown from a fresh snapshot (an older one costs the
        query that queues its refresh as well, and a reused database's snapshot is old)."""
        if not fresh:
            services.figures_snapshot_store(date(2026, 11, 26), computed_at=timezone.now())
            fresh.append(True)
        return manager.get("/reports/", {"as_of": "2026-11-26"})

    return [("key figures dashboard (manager)", dashboard),
            ("key figures computed (background refresh; first visit of a date)", computed),
            ("figure drill-down (manager: anonymous breakdown)", lambda: manager.get("/reports/figure/", {"figure": "ukrainians_living_in_municipality", "as_of": "2026-11-26"})),
            ("key figures export, xlsx (the page's fresh snapshot)", lambda: manager.get("/reports/export.xlsx", {"as_of": "2026-11-26"})),
            ("capacity forecast (as its background job stored it)", forecast_stored(manager))]


def forecast_stored(manager):
    """The forecast page with today's base forecast stored: computing it is a background job (about 6 s at 10x; the
    bench's process has no worker), so it is computed here once, as the job does, before the page is measured."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone, translation

    from velkomst.forecast import presentation, services
    from velkomst.forecast.forms import ForecastForm
    from velkomst.forecast.models import ForecastResult

    today, params = timezone.localdate(), ForecastForm.default_params()
    with translation.override("da"):
        key = services.forecast_key(as_of=today, params=params)
        if not ForecastResult.objects.filter(key=key).exists():
            html = presentation.result_html(as_of=today, what_if=None, runs=params["runs"], seed=params["seed"], with_backtest=False)
            ForecastResult.objects.create(key=key, as_of=today, options=params, html=html,
                                          computed_by=get_user_model().objects.get(username="leder"))
    return lambda: manager.get("/reports/forecast/")


def HOUSING_PAGES(client):
    """The occupancy overview and the largest location's page (the caseworker has view_housing and sees every location)."""
    from django.db.models import Count

    from velkomst.housing.models import Location

    largest = Location.objects.annotate(n=Count("rooms")).order_by("-n", "id").first()
    location_id = largest.pk if largest else 0
    pages = [("housing: occupancy overview", lambda: client.get("/housing/"))]
    if largest:
        pages.append(("housing: location page (largest)", lambda: client.get(f"/housing/locations/{location_id}/")))
    return pages


def worker(args) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "velkomst.settings"
    os.environ.setdefault("HTTPS", "false")  # the benchmark speaks plain HTTP on this machine
    print(json.dumps(measure(args.scale, args.repeat, args.reused)))


def run_scale(scale: float, repeat: int, reuse: bool = False) -> dict:
    return run_worker_at_scale(__file__, scale, repeat, database_prefix="velkomst_bench", reuse=reuse)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the PostgreSQL benchmark databases of an earlier run (built once, measured again)")
    parser.add_argument("--scale", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--reused", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    results = {scale: run_scale(scale, args.repeat, args.reuse) for scale in args.scales}
    base = results[args.scales[0]]
    backend = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
    print(f"# Pages at {' and '.join(f'{s:g}x' for s in args.scales)} the demo scale ({backend}, median of {args.repeat} requests)\n")
    for scale, result in results.items():
        built = "database of an earlier run reused" if result.get("reused") else f"demo built in {result['build_seconds']:.1f} s"
        print(f"- {scale:g}x: {result['pages'][0]['persons']:,} persons, {built}")
    print()
    print("| page | " + " | ".join(f"{s:g}x median ms | {s:g}x queries" for s in args.scales) + " | queries flat |")
    print("| --- |" + " ---: | ---: |" * len(args.scales) + " :-: |")
    flat_all = True
    for index, page in enumerate(base["pages"]):
        cells, counts = [], []
        for scale in args.scales:
            row = results[scale]["pages"][index]
            cells += [f"{row['median_ms']:.1f}", str(row["queries"])]
            counts.append(row["queries"])
        flat = len(set(counts)) == 1
        flat_all &= flat
        print(f"| {page['name']} | " + " | ".join(cells) + f" | {'yes' if flat else 'NO'} |")
    print(f"\nQuery counts flat across scales: {'yes' if flat_all else 'NO'}")
    sys.exit(0 if flat_all else 1)


if __name__ == "__main__":
    main()
