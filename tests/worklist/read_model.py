"""The worklist's read model compared with what the records give now (`services._open_deadline_rows`,
`services._reception_stay_rows`)."""
from velkomst.housing.models import Tenancy
from velkomst.people.models import Case
from velkomst.worklist import services
from velkomst.worklist.models import OpenDeadline, ReceptionStay

FIELDS = ("case_id", "kind", "position", "target", "legal_limit", "nearest", "to_book", "takeover_date", "caseworker_id", "birth_date")


def read_model_differences() -> list[tuple]:
    """(stored, computed) of each case or tenancy whose rows differ; rows of cases that no longer exist or are no
    longer followed are left out (never read: the lists join the case)."""
    followed = set(Case.objects.filter(status__in=services.FOLLOWED_STATUSES).values_list("pk", flat=True))
    stored = {tuple(row) for row in OpenDeadline.objects.filter(case_id__in=followed).values_list(*FIELDS)}
    computed = {tuple(getattr(row, name) for name in FIELDS) for row in services._open_deadline_rows()}
    cases = {row[0] for row in stored ^ computed}
    differences = [(sorted(r for r in stored if r[0] == case), sorted(r for r in computed if r[0] == case)) for case in sorted(cases)]
    stays = set(ReceptionStay.objects.values_list("tenancy_id", "paid_on"))
    computed_stays = {(row.tenancy_id, row.paid_on) for row in services._reception_stay_rows(Tenancy.objects.all())}
    if stays != computed_stays:
        differences.append((sorted(stays - computed_stays), sorted(computed_stays - stays)))
    return differences
