from dataclasses import dataclass

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


@dataclass(frozen=True)
class AwaitingRow:
    """One line of the waiting list, read once from the prefetched household (the page lists every waiting household)."""

    household_id: int
    applicant: str
    first_names: str
    persons: int
    step_free: bool
    pets: bool
    food_distribution: bool
    case: Case | None


def awaiting_rows(households: list[Household]) -> list[AwaitingRow]:
    rows = []
    for household in households:
        members = [m.person for m in household.members.all()]
        cases = household.cases.all()
        rows.append(AwaitingRow(
            household_id=household.pk, applicant=members[0].full_name if members else "", persons=len(members),
            first_names=", ".join(p.first_name for p in members), step_free=household.needs_step_free,
            pets=bool(household.pets.all()), food_distribution=not household.first_benefit_payment_on, case=cases[0] if cases else None,
        ))
    return rows
