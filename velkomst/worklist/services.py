"""Keeping the worklist's read model (`models.OpenDeadline`, `models.ReceptionStay`): a case's or a tenancy's rows
again after a write, all rows again after the deadline rules change."""
from datetime import timedelta

from django.db import connection, transaction
from django.db.models.functions import Now
from django_tasks import task

from velkomst.config import deadline_rules
from velkomst.housing.models import Tenancy
from velkomst.people.models import Case, CaseStatus
from velkomst.reception.models import Appointment
from velkomst.rules import deadlines as dl
from velkomst.worklist.cases import CaseDeadlines, case_rows
from velkomst.worklist.models import OpenDeadline, ReadModelState, ReceptionStay

# The statuses whose deadlines the worklist follows: a case leaves the read model when it is no longer new.
FOLLOWED_STATUSES = (CaseStatus.REFERRED, CaseStatus.ARRIVED)
# Bumped when what the rows hold changes meaning: a deploy with a new version builds them again.
READ_MODEL_VERSION = 1
REBUILD_LOST_AFTER = timedelta(minutes=10)
STATE = 1  # the one row of `ReadModelState`


def rules_key(rules: dl.DeadlineRules) -> str:
    return f"{READ_MODEL_VERSION}:{rules!r}"


def _open_deadline_rows(case_ids=None) -> list[OpenDeadline]:
    """The rows of the followed cases (of `case_ids`, or all): three queries whatever the number."""
    cases = Case.objects.filter(status__in=FOLLOWED_STATUSES, takeover_date__isnull=False)  # no deadlines before the take-over is known
    meetings = Appointment.objects.filter(case__status__in=FOLLOWED_STATUSES)
    if case_ids is not None:
        cases, meetings = cases.filter(pk__in=case_ids), meetings.filter(case_id__in=case_ids)
    deadlines = CaseDeadlines(deadline_rules())
    return [OpenDeadline(case_id=case.pk, kind=dates.kind, position=dates.position, target=dates.target,
                         legal_limit=dates.legal_limit, nearest=dates.nearest, to_book=dates.to_book, takeover_date=case.takeover_date,
                         caseworker_id=case.caseworker_id, birth_date=case.birth_date)
            for case in case_rows(cases, meetings) for dates in deadlines.open_dates(case)]


@transaction.atomic
def case_deadlines_refresh(case_ids) -> None:
    """The rows of these cases again, from their records as they are now in this transaction (`receivers`: after
    every write of a case, its person, a meeting, a Danish education, a placement or a job)."""
    case_ids = sorted(set(case_ids))
    if not case_ids:
        return
    # The cases are locked first, in one order: of two writes to one case at once, the second reads the rows and the
    # records only after the first has committed. Without it, the second deleted the rows as they were before the
    # first and then inserted its own beside the first's: a unique violation (a 500 when two meetings of one case were
    # booked at once, seen under load), or rows of the records as they were before the first write.
    list(Case.objects.select_for_update().filter(pk__in=case_ids).order_by("pk").values_list("pk", flat=True))
    OpenDeadline.objects.filter(case_id__in=case_ids).delete()
    OpenDeadline.objects.bulk_create(_open_deadline_rows(case_ids))


def _reception_stay_rows(tenancies) -> list[ReceptionStay]:
    return [ReceptionStay(tenancy_id=pk, paid_on=paid_on) for pk, paid_on in tenancies.current().filter(
        room__location__food_distribution=True).values_list("pk", "household__first_benefit_payment_on")]


@transaction.atomic
def reception_stays_refresh(tenancy_ids) -> None:
    """The rows of these tenancies again (`receivers`: after a write of a tenancy, its household, room or location)."""
    tenancy_ids = sorted(set(tenancy_ids))
    if not tenancy_ids:
        return
    # Locked first, in one order, for the reason `case_deadlines_refresh` gives.
    list(Tenancy.objects.select_for_update().filter(pk__in=tenancy_ids).order_by("pk").values_list("pk", flat=True))
    ReceptionStay.objects.filter(tenancy_id__in=tenancy_ids).delete()
    ReceptionStay.objects.bulk_create(_reception_stay_rows(Tenancy.objects.filter(pk__in=tenancy_ids)))


@transaction.atomic
def read_model_rebuild() -> int:
    """Every row of the worklist's read model again, with today's deadline rules; the worklist reads the rows from
    then on. Returns the number of open deadlines."""
    if connection.vendor == "postgresql":
        # A write that refreshes rows while this runs waits for it, then writes its rows after these: the rows never
        # go back to what they were before that write.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {OpenDeadline._meta.db_table}, {ReceptionStay._meta.db_table} IN EXCLUSIVE MODE")
    rows = _open_deadline_rows()
    OpenDeadline.objects.all().delete()
    OpenDeadline.objects.bulk_create(rows, batch_size=2000)
    ReceptionStay.objects.all().delete()
    ReceptionStay.objects.bulk_create(_reception_stay_rows(Tenancy.objects.all()), batch_size=2000)
    ReadModelState.objects.update_or_create(pk=STATE, defaults={"rules_key": rules_key(deadline_rules()), "built_at": Now(),
                                                                "rebuild_queued_at": None})
    return len(rows)


def read_model_current() -> bool:
    """Whether the rows were built with today's deadline rules."""
    return ReadModelState.objects.filter(rules_key=rules_key(deadline_rules())).exists()


def read_model_rebuild_queue() -> None:
    """Have a background worker build the rows again, once: a rebuild queued within `REBUILD_LOST_AFTER` is not
    queued again (the worklist computes its lists itself meanwhile). The database's clock, as for the jobs'
    heartbeats: when a rebuild was queued is bookkeeping of the workers, not a day of the domain."""
    ReadModelState.objects.get_or_create(pk=STATE, defaults={"rules_key": ""})
    claimed = (ReadModelState.objects.filter(pk=STATE)
               .exclude(rebuild_queued_at__gte=Now() - REBUILD_LOST_AFTER).update(rebuild_queued_at=Now()))
    if claimed:
        read_model_rebuild_task.enqueue()


@task()
def read_model_rebuild_task() -> None:
    """django-tasks: queued by `read_model_rebuild_queue`."""
    read_model_rebuild()
