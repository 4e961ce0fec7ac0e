"""velkomst export_caseload FILE: the caseload in the go-live import format (households with an active case or a current room)."""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from velkomst.migration.services import caseload_csv, caseload_rows


class Command(BaseCommand):
    help = "Write the caseload as CSV in the format migrate_caseload reads."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--by", default="admin", help="User name of the administrator responsible (written to the access log)")

    def handle(self, *args, file, by, **options):
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"No user {by!r}: pass --by with the user name of the administrator doing the export.")
        rows = caseload_rows(by=user)
        Path(file).write_bytes(caseload_csv(rows))
        self.stdout.write(f"{len(rows)} persons written to {file}")
