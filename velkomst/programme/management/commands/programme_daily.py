"""`velkomst programme_daily [--as-of YYYY-MM-DD]`: the programme's daily step, run each morning (cron) and by `velkomst run`.

A job recorded before its first day leaves the case's status as it is; on that day this step makes the case employed
(dated the job's first day). Idempotent: running it twice, or late, changes nothing more.
"""
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from velkomst.programme.services import employments_starting_apply


class Command(BaseCommand):
    help = "Apply what falls due today in the programme: cases whose job has begun become employed."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default today)")

    def handle(self, *args, as_of, **options):
        changed = employments_starting_apply(today=as_of or timezone.localdate())
        self.stdout.write(f"{changed} case{'' if changed == 1 else 's'} became employed.")
