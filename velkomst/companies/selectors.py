"""Reads for the consultant: companies, offers and the ranked candidates of an offer (a fixed number of queries)."""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_persons, access_log_write
from velkomst.companies import matching
from velkomst.companies.models import Company, Placement, PlacementOffer
from velkomst.education.models import ModuleResult, RosterEntry, TeachingClass
from velkomst.housing.models import Tenancy
from velkomst.lib.dates import monday_of
from velkomst.people.models import PROGRAMME_STATUSES, Case, CaseStatus
from velkomst.people.selectors import persons_visible_to
from velkomst.programme.models import Attendance, PlanItem

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
    placements = list(offer.placements.filter(case__person__in=persons_visible_to(user)).select_related("case__person"))
    access_log_persons(user=user, persons=[p.case.person_id for p in placements], what="offer placements")
    return placements


@dataclass
class CandidateRow:
    case: Case
    ranked: matching.Ranked
    sector: int | None
    location_name: str


def _homes(case_ids) -> dict[int, tuple[tuple[float, float] | None, str]]:

    homes = {}
    rows = Tenancy.objects.current().filter(household__cases__in=case_ids).values_list(
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
    access_log_persons(user=user, persons=[by_id[r.candidate.case_id].person_id for r in ranked], what="offer candidates")
    return [CandidateRow(by_id[r.candidate.case_id], r, r.candidate.sector, homes.get(r.candidate.case_id, (None, ""))[1]) for r in ranked]


# --- a company's placements, a week of attendance ------------------------------------------------


@dataclass
class PlacementDay:
    on: date
    planned_hours: Decimal  # 0: not a day of the placement
    status: str  # as registered, or "" when not yet
    field: str  # the form field of the day
    future: bool  # not yet: nothing to register

    @property
    def registrable(self) -> bool:
        return self.planned_hours > 0 and not self.future


@dataclass
class PlacementWeekRow:
    placement: Placement
    days: list[PlacementDay]


def week_of(day: date) -> list[date]:
    monday = monday_of(day)
    return [monday + timedelta(days=n) for n in range(7)]


def planned_placement_hours(placements: list[Placement], days: list[date]) -> dict[tuple[int, date], Decimal]:
    """Hours each placement has in the weekly plan on each day (its plan rows valid that day): one query."""

    by_placement = {p.pk: p for p in placements}
    items = PlanItem.objects.filter(placement__in=by_placement, valid_from__lte=days[-1]).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=days[0]))
    hours: dict[tuple[int, date], Decimal] = {}
    for item in items:
        placement = by_placement[item.placement_id]
        minutes = (item.end.hour * 60 + item.end.minute) - (item.start.hour * 60 + item.start.minute)
        for day in days:
            runs = placement.starts_on <= day <= placement.ends_on and item.valid_from <= day and (item.valid_to is None or day <= item.valid_to)
            if runs and day.weekday() == item.weekday:
                hours[(placement.pk, day)] = hours.get((placement.pk, day), Decimal(0)) + Decimal(minutes) / 60
    return {key: value.quantize(Decimal("0.01")) for key, value in hours.items()}


def placement_week(*, user, company: Company, week_start: date, today: date) -> list[PlacementWeekRow]:
    """The company's placements that run in the week, citizens the user may see, with each day's planned hours and the
    attendance registered so far. Three queries whatever the number of placements; days after today are not offered."""

    days = week_of(week_start)
    placements = list(
        Placement.objects.filter(offer__company=company, starts_on__lte=days[-1], ends_on__gte=days[0],
                                 case__person__in=persons_visible_to(user))
        .select_related("offer", "case__person").order_by("case__person__last_name", "case__person__first_name", "id")
    )
    access_log_persons(user=user, persons=[p.case.person_id for p in placements], what="placement attendance")
    planned = planned_placement_hours(placements, days) if placements else {}
    registered = dict(
        ((case_id, on, kind), status) for case_id, on, kind, status in Attendance.objects.filter(
            case__in=[p.case_id for p in placements], on__range=(days[0], days[-1]), teaching_class__isnull=True,
        ).values_list("case_id", "on", "kind", "status")
    ) if placements else {}
    return [
        PlacementWeekRow(placement=p, days=[
            PlacementDay(on=day, planned_hours=planned.get((p.pk, day), Decimal(0)), status=registered.get((p.case_id, day, p.offer.kind), ""),
                         field=f"p{p.pk}-{day.isoformat()}", future=day > today)
            for day in days
        ])
        for p in placements
    ]
