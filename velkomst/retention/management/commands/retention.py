"""velkomst retention --dry-run | --apply [--as-of YYYY-MM-DD]: archive and delete what the deletion deadlines make due."""
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from velkomst.jobs import services as jobs
from velkomst.retention import services as retention


class Command(BaseCommand):
    help = "List (--dry-run) or archive and delete (--apply) the records whose deletion deadline has passed."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="list what is due; change nothing")
        mode.add_argument("--apply", action="store_true", help="write the archive package, then delete")
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="the day to count from (default: today)")
        parser.add_argument("--archive-dir", default=None, help="folder for the archive package (default: RETENTION_ARCHIVE_DIR)")

    def handle(self, *args, dry_run=False, apply=False, as_of=None, archive_dir=None, **options):
        now = timezone.now()  # the command's one read of the clock
        as_of = as_of or timezone.localdate(now)
        limits = retention.deadlines()
        self.stdout.write(f"Deletion deadlines as of {as_of.isoformat()}: " + ", ".join(f"{k}={v}" for k, v in limits.items()))
        if dry_run:
            plan = retention.due(as_of=as_of)
            # Case numbers and ids only: no names or CPR numbers on a terminal that may be logged.
            for case in plan.cases:
                self.stdout.write(f"  due: case {case.number} (person {case.person_id}), {case.status} on {case.closed_on.isoformat()}")
            for case in plan.kept_cases:
                self.stdout.write(f"  kept: case {case.number} (person {case.person_id}): the person has a case that is not due")
            self.stdout.write(
                f"Due: {len(plan.persons)} persons, {len(plan.cases)} cases, {len(plan.households)} households, "
                f"{plan.access_log} access-log rows, {len(plan.imports)} unconfirmed imports, {plan.documents} documents with their files. "
                "Dry run: nothing was changed."
            )
            self.stdout.write(f"Finished background jobs due: {jobs.jobs_finished_before(self.jobs_before(now, limits)).count()}.")
            return
        try:
            outcome = retention.retention_apply(as_of=as_of, now=now, folder=archive_dir)
        except Exception as error:
            raise CommandError(f"Nothing was deleted: {type(error).__name__}: {error}") from error
        self.stdout.write(f"Finished background jobs deleted: {jobs.jobs_prune(before=self.jobs_before(now, limits))}.")
        if outcome.archive is None:
            self.stdout.write("Nothing is due.")
            return
        self.stdout.write(f"Archive package: {outcome.archive}")
        self.stdout.write(
            f"Deleted: {outcome.persons} persons, {outcome.cases} cases, {outcome.households} households "
            f"({outcome.rows} rows with their records), {outcome.access_log} access-log rows, {outcome.imports} unconfirmed imports; "
            f"{outcome.documents} documents' files archived and deleted from the storage."
        )

    @staticmethod
    def jobs_before(now, limits):
        return now - timedelta(days=limits["finished_job_days"])
