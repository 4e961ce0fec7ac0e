"""Weekly compliance for every programme participant, at the demo scale and at 10x.

    python bench/programme.py [--scales 1 10] [--repeat 5]

Each scale runs in its own process against a fresh SQLite database (PostgreSQL when
BENCH_DATABASE_URL is set). It writes 900 x scale programme participants (the demo's
figure), then the programme demo data for them (enrolments, weekly plans, classes with
rosters, three weeks of attendance, placements), and times `weekly_compliance_for` over
all participants for the last three complete weeks, plus the caseworker's compliance
page. The 1x run is the baseline: the query counts must be the same at every scale.
"""
import argparse
import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import run_worker_at_scale  # noqa: E402

PARTICIPANTS = 900
TARGET_SECONDS = 1.0


def participants_create(n: int) -> None:
    from django.contrib.auth.models import Group

    from velkomst.accounts.models import User
    from velkomst.demo.tables import PRESENTATION_DATE as DEMO_DATE
    from velkomst.people.models import Case, CaseStatusChange, Household, HouseholdMember, Person

    caseworker = User.objects.create_user(username="sagsbehandler", password="Velkomst-demo-2026")
    caseworker.groups.add(Group.objects.get(name="caseworker"))
    persons = Person.objects.bulk_create(
        [Person(first_name=f"Olena{i}", last_name=f"Bench{i}", birth_date=DEMO_DATE - timedelta(days=30 * 365), gender="F",
                search_key=f"olena{i} bench{i}", name_key=f"bench{i}") for i in range(n)], batch_size=2000)
    households = Household.objects.bulk_create([Household() for _ in range(n)], batch_size=2000)
    HouseholdMember.objects.bulk_create([HouseholdMember(household=h, person=p, relation="applicant") for h, p in zip(households, persons)], batch_size=2000)
    cases = Case.objects.bulk_create([
        Case(number=f"2025-{i + 1:06d}", person=p, household=h, target_group="displaced_ukrainian" if i % 10 else "other_refugee",
             referral_decision_date=DEMO_DATE - timedelta(days=200), status="in_placement" if i % 6 == 0 else "in_programme",
             readiness="job_ready", work_obligation=i % 10 == 0, caseworker=caseworker if i % 24 == 0 else None)
        for i, (p, h) in enumerate(zip(persons, households))], batch_size=2000)
    CaseStatusChange.objects.bulk_create(
        [CaseStatusChange(case=c, status="in_programme", on=DEMO_DATE - timedelta(days=150)) for c in cases]
        + [CaseStatusChange(case=c, status="in_placement", on=DEMO_DATE - timedelta(days=40)) for c in cases if c.status == "in_placement"],
        batch_size=2000)


def measure(scale: float, repeat: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from velkomst.demo.loader.programme import load_programme_for_existing_participants
    from velkomst.demo.tables import PRESENTATION_DATE as DEMO_DATE
    from velkomst.people.models import PROGRAMME_STATUSES, Case
    from velkomst.programme.models import Attendance
    from velkomst.programme.selectors import weekly_compliance_for

    setup_test_environment()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with transaction.atomic():
        participants_create(round(PARTICIPANTS * scale))
        load_programme_for_existing_participants(as_of=DEMO_DATE)
    build = time.perf_counter() - started

    def compliance():
        return weekly_compliance_for(Case.objects.filter(status__in=PROGRAMME_STATUSES), as_of=DEMO_DATE)

    compliance()
    connection.queries_log.clear()  # a full log (9,000 entries) would hide new queries
    with CaptureQueriesContext(connection) as queries:
        result = compliance()
    query_count = len(queries)  # now: the context reads the log lazily
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        compliance()
        timings.append(time.perf_counter() - started)

    from velkomst.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="sagsbehandler"))
    client.get("/programme/compliance/?show=all")
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as page_queries:
        response = client.get("/programme/compliance/?show=all")
    page_query_count = len(page_queries)
    assert response.status_code == 200
    page_timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get("/programme/compliance/?show=all")
        page_timings.append(time.perf_counter() - started)
    return {
        "participants": len(result), "attendance_rows": Attendance.objects.count(), "build_seconds": build,
        "seconds": statistics.median(timings), "queries": query_count,
        "page_ms": statistics.median(page_timings) * 1000, "page_queries": page_query_count,
    }


def run_scale(scale: float, repeat: int) -> dict:
    return run_worker_at_scale(__file__, scale, repeat, database_prefix="velkomst_bench_programme")


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
    print(f"# Weekly compliance of all programme participants, last 3 complete weeks ({backend}, median of {args.repeat})\n")
    print("| scale | participants | attendance rows | data built s | compliance s | queries | compliance page (caseworker, all) ms | page queries |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for scale, r in results.items():
        print(f"| {scale:g}x | {r['participants']:,} | {r['attendance_rows']:,} | {r['build_seconds']:.1f} | {r['seconds']:.3f} | {r['queries']} "
              f"| {r['page_ms']:.0f} | {r['page_queries']} |")
    base = results[args.scales[0]]
    flat = all(r["queries"] == base["queries"] and r["page_queries"] == base["page_queries"] for r in results.values())
    fast = base["seconds"] < TARGET_SECONDS
    print(f"\nQuery counts flat across scales: {'yes' if flat else 'NO'}")
    print(f"Demo scale under {TARGET_SECONDS:g} s: {'yes' if fast else 'NO'} ({base['seconds']:.3f} s)")
    sys.exit(0 if flat and fast else 1)


if __name__ == "__main__":
    main()
