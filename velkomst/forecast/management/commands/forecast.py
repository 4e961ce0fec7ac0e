"""`velkomst forecast`: the capacity forecast from the database, its scenarios, and its back-test.

What is read from the database as of --as-of (default today): every pool of rooms, the last 12 weeks of referrals,
the mix of households and family sizes, the exit rates, where newcomers start and the planned changes (see
`forecast/inputs.py`). Scenarios: the recorded flows (unless --no-recent), one per --arrivals value, and a "what if"
made of --open, --close and --factor on top of the recorded flows.

--backtest prints instead how the forecasts made 26 and 13 weeks before --as-of (--backtest-weeks) did against
what happened.

Rooms given on the command line (--empty, --shared, --family) replace the database: the forecast of
`python -m velkomst.forecast.cli`.
"""
import io
from dataclasses import replace
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from velkomst.forecast import cli
from velkomst.forecast.inputs import BACKTEST_WEEKS, backtest, forecast_inputs
from velkomst.forecast.plan import ScenarioSpec, run_forecast
from velkomst.formats import date_text
from velkomst.housing.models import Location


def _close(text: str) -> tuple[str, date]:
    code, sep, day = text.partition("@")
    if not sep:
        raise ValueError(f"expected LOCATION_CODE@YYYY-MM-DD, got {text!r}")
    return code, date.fromisoformat(day)


class Command(BaseCommand):
    help = "Capacity forecast of temporary housing (Monte Carlo) from the database, with scenarios; --backtest checks it against what happened."

    def add_arguments(self, parser):
        cli.add_arguments(parser)
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="read the database as of YYYY-MM-DD (default today)")
        parser.add_argument("--no-planned", action="store_true", help="leave out the planned changes read from the database")
        parser.add_argument("--no-recent", action="store_true", help="no scenario from the recorded flows")
        parser.add_argument("--close", default=None, help="what if a location closes: CODE@YYYY-MM-DD, e.g. hejrevej@2027-03-31")
        parser.add_argument("--backtest", action="store_true", help="compare the forecasts made --backtest-weeks before --as-of with what happened")
        parser.add_argument("--backtest-weeks", type=int, nargs="+", default=list(BACKTEST_WEEKS), help="weeks before --as-of (default 26 13)")

    def handle(self, *args, **options):
        args = _Namespace(options)
        today = timezone.localdate()
        as_of = args.as_of or today
        out = io.StringIO()
        try:
            if args.backtest:
                origins = backtest(as_of, weeks_back=tuple(args.backtest_weeks), runs=args.runs, seed=args.seed, horizon=args.weeks)
                out.write(cli.format_backtest(origins, date_text(as_of), date_text) + "\n")
            elif args.empty is not None or args.shared is not None or args.family is not None:
                cli.run(args, stdout=out)
            else:
                self._from_database(args, as_of, today, out)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(out.getvalue(), ending="")

    def _from_database(self, args, as_of: date, today: date, out) -> None:
        inputs = forecast_inputs(as_of, args.weeks, today=today)
        if args.no_planned:
            inputs.blocked_back = []
            inputs.locations = [_without_closing(loc) for loc in inputs.locations]
        if args.mix:
            inputs.mix = dict(args.mix)
        if args.exit_rate:
            inputs.exit_rates = {k: args.exit_rate.get(k, 0.0) for k in inputs.exit_rates}
            inputs.exit_rate_sd = {k: 0.0 for k in inputs.exit_rate_sd}
        if args.family_sizes:
            inputs.family_sizes = cli._family_sizes(args)
        if args.open_share is not None:
            inputs.single_open_share, inputs.single_open_evidence = args.open_share, 0
        specs = [] if args.no_recent else [ScenarioSpec("recent 12 weeks", dispersion=args.dispersion)]
        specs += [ScenarioSpec(f"{m:g} per week", weekly_mean=m, dispersion=args.dispersion) for m in args.arrivals]
        what_if = self._what_if(args)
        if what_if is not None:
            specs.append(what_if)
        if not specs:
            raise ValueError("give --arrivals, a what-if (--open, --close, --factor), or leave out --no-recent")
        if args.deterministic:
            raise ValueError("--deterministic needs the rooms on the command line (--empty, --shared, --family)")
        runs = run_forecast(inputs, specs, weeks=args.weeks, runs=args.runs, seed=args.seed)
        cli.write([r.result for r in runs], args, out)

    def _what_if(self, args) -> ScenarioSpec | None:
        parts, spec = [], {}
        if len(args.open) > 1 or len(args.factor) > 1:
            raise ValueError("a what-if from the database takes one --open and one --factor")
        if args.open:
            week, beds, per = args.open[0]
            spec.update(open_beds=beds, open_week=week, open_room_beds=per)
            parts.append(f"{beds} beds open in week {week}")
        if args.factor:
            f = args.factor[0]
            spec.update(factor=f.factor, factor_weeks=f.weeks, factor_from=f.from_week)
            parts.append(f"arrivals x{f.factor:g} for {f.weeks} weeks")
        if args.close:
            code, day = _close(args.close)
            location = Location.objects.filter(code=code).values_list("pk", "name").first()
            if location is None:
                raise ValueError(f"no location with the code {code!r}")
            spec.update(close_location=location[0], close_on=day)
            parts.append(f"{location[1]} closes on {date_text(day)}")
        return ScenarioSpec("what if: " + "; ".join(parts), dispersion=args.dispersion, **spec) if spec else None


def _without_closing(loc):
    return replace(loc, closes_on=None)


class _Namespace:
    def __init__(self, options: dict):
        self.__dict__.update(options)
