"""`velkomst kpi --as-of YYYY-MM-DD [--json]`: the dashboard's figures on the command line (shares as fractions)."""
import json
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from velkomst.formats import date_text
from velkomst.reports.figures import DEFINITIONS, SHARE_KEYS, kpis


class Command(BaseCommand):
    help = "Print the figures management steers by, as of a date."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default today)")
        parser.add_argument("--json", action="store_true", help="print JSON: one key per figure, shares and rates as fractions")

    def handle(self, *args, as_of, json: bool, **options):
        as_of = as_of or timezone.localdate()
        values = kpis(as_of)
        if json:
            self.stdout.write(_dumps(values))
            return
        self.stdout.write(f"Figures as of {date_text(as_of)}")
        for key, (label, _definition, _kind) in DEFINITIONS.items():
            value = f"{values[key] * 100:.1f} %" if key in SHARE_KEYS else f"{values[key]:,}".replace(",", ".")
            self.stdout.write(f"  {key:<38} {value:>10}  {label}")


def _dumps(data) -> str:
    return json.dumps(data, indent=1)
