"""`velkomst housing_export`: today's occupancy as an allocation instance (../shared/allocation/SPEC.md).

    velkomst housing_export -o instance.json                      residents as occupants, no households to place
    velkomst housing_export --residents-as-households --plan present.json -o instance.json
                                                                  the residents as households, their present rooms as the plan

The instance holds ids (p<person>, h<household>), genders and ages; no names or CPR numbers.
"""
import argparse
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from velkomst.housing import spec


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from error


class Command(BaseCommand):
    help = "Export the current occupancy of temporary housing as a SPEC instance (JSON) for the allocation engine."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=_day, default=None, help="the instance date (ages, food distribution); default today")
        parser.add_argument("--residents-as-households", action="store_true",
                            help="empty the rooms and export the current residents as households to place")
        parser.add_argument("--plan", help="with --residents-as-households: write the plan of present rooms to this file")
        parser.add_argument("-o", "--output", help="write the instance to this file (default: standard output)")

    def handle(self, *args, as_of, residents_as_households, plan, output, **options):
        if plan and not residents_as_households:
            raise CommandError("--plan needs --residents-as-households (without it there are no households to place).")
        on = as_of or timezone.localdate()
        instance, present = spec.occupancy_instance(on=on, residents_as_households=residents_as_households)
        _write(instance, output, self.stdout)
        if plan:
            _write(present, plan, self.stdout)
        summary = (f"{len(instance['locations'])} locations, {len(instance['rooms'])} rooms, "
                   f"{sum(len(r['occupants']) for r in instance['rooms'])} occupants, {len(instance['households'])} households as of {on}")
        # The summary goes to stderr when the instance itself is on stdout.
        (self.stdout if output else self.stderr).write(summary)


def _write(data: dict, path: str | None, stdout) -> None:
    if path in (None, "-"):
        stdout.write(json.dumps(data))
        return
    try:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f)
            f.write("\n")
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error}") from error
