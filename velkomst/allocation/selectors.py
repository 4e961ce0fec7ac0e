from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from velkomst.housing.models import Tenancy
from velkomst.people.models import Case, CaseStatus, Household, HouseholdMember


def households_awaiting_housing() -> QuerySet[Household]:
    """Referrals awaiting housing: households with a referred case of a housing population and no current tenancy.
    (Arrived citizens without a tenancy live in housing of their own.)"""
    housed = Tenancy.objects.filter(household=OuterRef("pk"), moved_out_on__isnull=True)
    waiting = Case.objects.filter(household=OuterRef("pk"), status=CaseStatus.REFERRED,
                                  target_group__in=_HOUSED_TARGET_GROUPS)
    members = HouseholdMember.objects.select_related("person").order_by("relation", "person__birth_date")
    return (
        Household.objects.filter(Exists(waiting)).exclude(Exists(housed))
        .prefetch_related(Prefetch("members", queryset=members), Prefetch("cases", queryset=Case.objects.order_by("id")), "pets")
        .order_by("id")
    )


def _housed_target_groups() -> list[str]:
    from velkomst.people.models import REFUGEE_GROUPS, TargetGroup

    return [TargetGroup.DISPLACED_UKRAINIAN, *REFUGEE_GROUPS]


_HOUSED_TARGET_GROUPS = _housed_target_groups()
