"""`velkomst forecast`: the command line of `forecast.cli` with its inputs read from the database.

Anything given on the command line wins; what is left out is filled from the database as of --as-of
(default today): free places and households housed, the last 12 weeks of referrals (a "recent"
scenario besides 20 / 35 / 50 a week), the mix of families and singles, the exit rates and the planned
changes (closing locations, blocked rooms coming back). --no-planned leaves the planned changes out.
"""
import io
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from velkomst.forecast import cli
from velkomst.forecast.inputs import forecast_inputs

DEFAULT_ARRIVALS = [20.0, 35.0, 50.0]


class Command(BaseCommand):
    help = "Capacity forecast of temporary housing for the next weeks (Monte Carlo), from the database."

    def add_arguments(self, parser):
        cli.add_arguments(parser)
        parser.set_defaults(mix=None)
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="read the database as of YYYY-MM-DD (default today)")
        parser.add_argument("--no-planned", action="store_true", help="leave out the planned changes read from the database")
        parser.add_argument("--no-recent", action="store_true", help="no scenario from the last 12 weeks of referrals")

    def handle(self, *args, **options):
        args = _Namespace(options)
        inputs = forecast_inputs(args.as_of or timezone.localdate(), args.weeks)
        if not args.free and not args.housed:
            start = inputs.start
            args.free = {"family_rooms": start.family_rooms, "shared_beds_F": start.shared_beds_F, "shared_beds_M": start.shared_beds_M}
            args.housed = {"family": start.families_housed, "single_F": start.singles_F_housed, "single_M": start.singles_M_housed}
        if args.recent_referrals is None and not args.no_recent:
            args.recent_referrals = inputs.weekly_referrals
        if not args.arrivals:
            args.arrivals = list(DEFAULT_ARRIVALS)
        args.mix = args.mix or inputs.mix
        args.exit_rate = args.exit_rate or inputs.exit_rates
        if not args.change and not args.no_planned:
            args.change = inputs.changes
        out = io.StringIO()
        try:
            cli.run(args, stdout=out)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(out.getvalue(), ending="")


class _Namespace:
    def __init__(self, options: dict):
        self.__dict__.update(options)
