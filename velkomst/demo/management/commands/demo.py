import time

from django.core.management.base import BaseCommand, CommandError

from velkomst.demo import load, population
from velkomst.people.models import Person


class Command(BaseCommand):
    help = "Build the deterministic synthetic demo population (Copenhagen scale) and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="multiply the population (10 for the benchmark)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the database already holds persons")
        parser.add_argument("--replace", action="store_true", help="delete all persons, cases and staff first")

    def handle(self, *args, scale, seed, if_empty, replace, **options):
        if Person.objects.exists():
            if if_empty:
                self.stdout.write("The database already holds data; the demo data is not loaded again.")
                return
            if not replace:
                raise CommandError("The database already holds persons. Use --replace to delete everything and rebuild the demo.")
            load.clear()
        started = time.perf_counter()
        counts = load.load(population.build(scale=scale, seed=seed))
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"Demo data as of {population.DEMO_DATE:%d.%m.%Y}: {counts['persons']:,} persons, {counts['households']:,} households, "
            f"{counts['cases']:,} cases; temporary housing: {counts['housing_locations']:,} locations, {counts['housing_beds']:,} beds, "
            f"{counts['housing_residents']:,} residents; in {seconds:.1f} s."
        ))
