"""velkomst migrate_caseload FILE [--dry-run] --by USERNAME: the one-off go-live import (docs/go-live.md)."""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from velkomst.migration.services import CaseloadRefused, caseload_import


class Command(BaseCommand):
    help = "Import the existing caseload (persons, households, cases, current tenancies) from CSV or XLSX, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report what would be created; write nothing")
        parser.add_argument("--by", default="admin", help="User name of the administrator responsible (written to the access log)")

    def handle(self, *args, file, dry_run, by, **options):
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"No user {by!r}: pass --by with the user name of the administrator doing the import.")
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No file {file}")
        try:
            report = caseload_import(by=user, file_name=path.name, content=path.read_bytes(), dry_run=dry_run, as_of=timezone.localdate())
        except CaseloadRefused as refused:
            for error in refused.report.errors:
                self.stderr.write(f"line {error.line}, {error.column or '-'}: {error.message}")
            raise CommandError(f"{len(refused.report.errors)} problems in {len({e.line for e in refused.report.errors})} rows; nothing was imported.") from None
        verb = "would create" if dry_run else "created"
        self.stdout.write(f"{report.rows} rows: {verb} {report.persons} persons in {report.households} households, "
                          f"{report.cases} cases, {report.tenancies} current tenancies.")
