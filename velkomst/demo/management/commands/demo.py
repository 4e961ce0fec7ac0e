import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from velkomst import config
from velkomst.demo.loader import clear, load
from velkomst.demo.planner import DEFAULT_SEED, plan_demo
from velkomst.demo.tables import EARLIEST_AS_OF
from velkomst.formats import date_text
from velkomst.housing.services import room_occupancy_rebuild
from velkomst.people.models import Person
from velkomst.worklist.services import read_model_rebuild


class Command(BaseCommand):
    help = "Build the deterministic synthetic demo population (Copenhagen scale) as seen on a day, and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=date.fromisoformat, default=None,
                            help="the day the demo centre is seen on, YYYY-MM-DD (default: today)")
        parser.add_argument("--scale", type=float, default=1.0, help="multiply the population (10 for the benchmark)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the database already holds persons")
        parser.add_argument("--replace", action="store_true", help="delete all persons, cases and staff first")

    def handle(self, *args, as_of, scale, seed, if_empty, replace, **options):
        as_of = as_of or timezone.localdate()  # the only read of the clock: everything below is counted from this day
        if as_of < EARLIEST_AS_OF:
            raise CommandError(f"The demo's history reaches into autumn 2024; give --as-of {EARLIEST_AS_OF:%Y-%m-%d} or later.")
        if Person.objects.exists():
            if if_empty:
                self.stdout.write("The database already holds data; the demo data is not loaded again.")
                return
            if not replace:
                raise CommandError("The database already holds persons. Use --replace to delete everything and rebuild the demo.")
            clear()
        started = time.perf_counter()
        plan = plan_demo(as_of=as_of, scale=scale, seed=seed, deadline_rules=config.deadline_rules(), hours_rules=config.hours_rules())
        counts = load(plan)
        read_model_rebuild()  # the loader writes in bulk: no write told the read models
        room_occupancy_rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"Demo data as of {date_text(as_of)}: {counts['persons']:,} persons, {counts['households']:,} households, "
            f"{counts['cases']:,} cases; temporary housing: {counts['housing_locations']:,} locations, {counts['housing_beds']:,} beds, "
            f"{counts['housing_residents']:,} residents; {counts['documents']} documents; in {seconds:.1f} s."
        ))
