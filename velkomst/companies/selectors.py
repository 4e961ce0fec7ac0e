"""Reads for the consultant: companies, offers and the ranked candidates of an offer (a fixed number of queries)."""
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.companies import matching
from velkomst.companies.models import Company, Placement, PlacementOffer
from velkomst.education.models import ModuleResult, RosterEntry, TeachingClass
from velkomst.people.models import PROGRAMME_STATUSES, Case, CaseStatus
from velkomst.people.selectors import persons_visible_to

CANDIDATE_LIMIT = 50


def companies_list() -> QuerySet[Company]:
    return Company.objects.annotate(open_offers=Count("offers", filter=Q(offers__status="open"))).order_by("name", "id")


def company_detail(company_id: int) -> Company:
    try:
        return Company.objects.prefetch_related("contacts", "offers").get(pk=company_id)
    except Company.DoesNotExist:
        raise Http404 from None


def offer_detail(offer_id: int) -> PlacementOffer:
    try:
        return PlacementOffer.objects.select_related("company").get(pk=offer_id)
    except PlacementOffer.DoesNotExist:
        raise Http404 from None


def offer_placements(offer: PlacementOffer, user) -> list[Placement]:
    return list(offer.placements.filter(case__person__in=persons_visible_to(user)).select_related("case__person"))


@dataclass
class CandidateRow:
    case: Case
    ranked: matching.Ranked
    sector: int | None
    location_name: str


def _homes(case_ids) -> dict[int, tuple[tuple[float, float] | None, str]]:
    from velkomst.housing.models import Tenancy

    homes = {}
    rows = Tenancy.objects.filter(moved_out_on__isnull=True, household__cases__in=case_ids).values_list(
        "household__cases", "room__location__code", "room__location__name", "room__location__address")
    for case_id, code, name, address in rows:
        homes[case_id] = (matching.location_coordinates(code, name, address), name)
    return homes


def candidates_for(*, user, offer: PlacementOffer) -> list[CandidateRow]:
    """Programme participants ranked for the offer: available, sector class, Danish, distance. Logged as a search."""
    cases = list(
        Case.objects.filter(status__in=PROGRAMME_STATUSES, person__in=persons_visible_to(user)).select_related("person")
    )
    ids = [c.pk for c in cases]
    sectors = dict(
        RosterEntry.objects.filter(case_id__in=ids, left_on__isnull=True, teaching_class__kind=TeachingClass.Kind.SECTOR)
        .values_list("case_id", "teaching_class__sector")
    )
    modules = dict(
        ModuleResult.objects.filter(placement__case_id__in=ids, passed=True).values("placement__case_id")
        .annotate(n=Count("module", distinct=True)).values_list("placement__case_id", "n")
    )
    busy = set(Placement.objects.filter(case_id__in=ids, outcome=Placement.Outcome.ONGOING).values_list("case_id", flat=True))
    homes = _homes(ids)
    workplace = matching.postcode_coordinates(offer.company.address)
    needs = matching.OfferNeeds(sector=offer.company.sector, danish_modules=offer.danish_needed, workplace=workplace)
    candidates = [
        matching.Candidate(case_id=c.pk, sector=sectors.get(c.pk), danish_modules=modules.get(c.pk, 0),
                           available=c.status == CaseStatus.IN_PROGRAMME and c.pk not in busy, home=homes.get(c.pk, (None, ""))[0])
        for c in cases
    ]
    by_id = {c.pk: c for c in cases}
    ranked = matching.rank(needs, candidates)[:CANDIDATE_LIMIT]
    access_log_write(user=user, action=AccessLog.Action.SEARCH, obj=offer, criteria={"kind": "matching", "results": len(ranked)})
    return [CandidateRow(by_id[r.candidate.case_id], r, r.candidate.sector, homes.get(r.candidate.case_id, (None, ""))[1]) for r in ranked]
