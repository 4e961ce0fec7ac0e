"""`velkomst programme_daily [--as-of YYYY-MM-DD]`: the programme's daily step, run each morning (cron) and by `velkomst run`.

What was recorded ahead takes effect on its first day, one mechanism for both: a company placement recorded before it
starts leaves the case "in the programme" until that day, then makes it "in placement"; a job recorded before its first
day makes the case employed on that day. Each change is dated the first day. Idempotent: running it twice, or late,
changes nothing more. It lives with the companies app, the layer that sees both placements and the programme's jobs.
"""
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from velkomst.companies.services import placements_starting_apply
from velkomst.programme.services import employments_starting_apply


class Command(BaseCommand):
    help = "Apply what falls due today in the programme: placements and jobs that have begun set the case's status."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default today)")

    def handle(self, *args, as_of, **options):
        today = as_of or timezone.localdate()
        # Placements first: a placement and a job starting the same day leave the case employed.
        placed = placements_starting_apply(today=today)
        employed = employments_starting_apply(today=today)
        self.stdout.write(f"{placed} {'case' if placed == 1 else 'cases'} went into placement; "
                          f"{employed} {'case' if employed == 1 else 'cases'} became employed.")
