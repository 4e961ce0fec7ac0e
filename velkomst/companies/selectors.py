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
from velkomst.people.selectors import cases_visible_to, person_search_filter, persons_visible_through, persons_visible_to
from velkomst.programme.models import Attendance, PlanItem


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
    placements = list(offer.placements.filter(persons_visible_through(user, "case__person")).select_related("case__person"))
    access_log_persons(user=user, persons=[p.case.person_id for p in placements], what="offer placements")
    return placements


@dataclass
class CandidateRow:
    case: Case
    ranked: matching.Ranked
    sector: int | None
    location_name: str
    left_out: tuple[str, ...] = ()  # why the filters leave the candidate out (matching codes); empty: fits


def _homes(case_ids) -> dict[int, tuple[tuple[float, float] | None, str]]:

    homes = {}
    rows = Tenancy.objects.current().filter(household__cases__in=case_ids).values_list(
        "household__cases", "room__location__code", "room__location__name", "room__location__address")
    for case_id, code, name, address in rows:
        homes[case_id] = (matching.location_coordinates(code, name, address), name)
    return homes


@dataclass
class _Facts:
    """What matching needs to know of some cases: four queries whatever their number."""

    sectors: dict[int, int]
    modules: dict[int, int]
    busy: set[int]
    homes: dict[int, tuple[tuple[float, float] | None, str]]

    def candidate(self, case: Case) -> matching.Candidate:
        return matching.Candidate(case_id=case.pk, sector=self.sectors.get(case.pk), danish_modules=self.modules.get(case.pk, 0),
                                  available=case.status == CaseStatus.IN_PROGRAMME and case.pk not in self.busy,
                                  home=self.homes.get(case.pk, (None, ""))[0])


def _facts(ids: list[int]) -> _Facts:
    sectors = dict(
        RosterEntry.objects.filter(case_id__in=ids, left_on__isnull=True, teaching_class__kind=TeachingClass.Kind.SECTOR)
        .values_list("case_id", "teaching_class__sector")
    )
    modules = dict(
        ModuleResult.objects.filter(placement__case_id__in=ids, passed=True).values("placement__case_id")
        .annotate(n=Count("module", distinct=True)).values_list("placement__case_id", "n")
    )
    busy = set(Placement.objects.filter(case_id__in=ids, outcome=Placement.Outcome.ONGOING).values_list("case_id", flat=True))
    return _Facts(sectors, modules, busy, _homes(ids))


def _needs(offer: PlacementOffer) -> matching.OfferNeeds:
    return matching.OfferNeeds(sector=offer.company.sector, danish_modules=offer.danish_needed,
                               workplace=matching.postcode_coordinates(offer.company.address))


@dataclass
class Candidates:
    """The offer's candidates as the page shows them: ``rows`` fit the filters, or (a search) every citizen found,
    each with the reasons the filters leave them out. ``in_programme`` counts all programme participants in scope."""

    rows: list[CandidateRow]
    in_programme: int
    query: str = ""

    @property
    def fitting(self) -> int:
        return sum(1 for row in self.rows if not row.left_out)


def candidates_for(*, user, offer: PlacementOffer, filters: matching.Filters = matching.Filters(), query: str = "") -> Candidates:
    """Programme participants ranked for the offer (available, sector class, Danish, distance) that fit the filters, all
    of them (no cap: the page pages them). With ``query`` (a name or case number), every citizen in the user's scope
    that matches, in the programme or not, each with the reasons the filters leave them out. A fixed number of
    queries; logged as a search, and the persons named on the page by the view (``candidates_logged``)."""
    programme = cases_visible_to(user).filter(status__in=PROGRAMME_STATUSES)
    query = query.strip()
    if query:
        people, _kind = person_search_filter(persons_visible_to(user), query)
        found = Case.objects.filter(person__in=people).exclude(status__in=[CaseStatus.CLOSED])
        cases = list(found.select_related("person").order_by("person__last_name", "person__first_name", "pk"))
    else:
        cases = list(programme.select_related("person"))
    facts = _facts([c.pk for c in cases])
    by_id = {c.pk: c for c in cases}
    rows = []
    for ranked in matching.rank(_needs(offer), [facts.candidate(c) for c in cases]):
        case = by_id[ranked.candidate.case_id]
        left_out = matching.left_out_by(ranked, filters, in_programme=case.status in PROGRAMME_STATUSES)
        if query or not left_out:
            rows.append(CandidateRow(case, ranked, ranked.candidate.sector, facts.homes.get(case.pk, (None, ""))[1], left_out))
    in_programme = len(cases) if not query else programme.count()
    criteria = {"kind": "matching", "results": len(rows), "filters": {
        "available_only": filters.available_only, "enough_danish": filters.enough_danish, "same_sector": filters.same_sector,
        "max_km": filters.max_km}}
    if query:
        criteria["text"] = query
    access_log_write(user=user, action=AccessLog.Action.SEARCH, obj=offer, criteria=criteria)
    return Candidates(rows=rows, in_programme=in_programme, query=query)


def rows_logged(*, user, rows, what: str) -> list:
    """The rows of one page, their persons logged as read (only those the page names)."""
    rows = list(rows)
    access_log_persons(user=user, persons=[row.case.person_id for row in rows], what=what)
    return rows


@dataclass
class OfferRow:
    offer: PlacementOffer
    ranked: matching.Ranked
    left_out: tuple[str, ...]


def offers_for_case(*, user, case: Case, filters: matching.Filters = matching.Filters()) -> list[OfferRow]:
    """The open offers ranked for one citizen, those that fit the filters first, each with the reasons it does not fit.
    A fixed number of queries whatever the number of offers."""
    facts = _facts([case.pk])
    candidate = facts.candidate(case)
    offers = list(PlacementOffer.objects.filter(status=PlacementOffer.Status.OPEN).select_related("company").order_by("starts_on", "id"))
    rows = []
    in_programme = case.status in PROGRAMME_STATUSES
    for offer in offers:
        ranked = matching.rank(_needs(offer), [candidate])[0]
        rows.append(OfferRow(offer, ranked, matching.left_out_by(ranked, filters, in_programme=in_programme)))
    rows.sort(key=lambda r: (bool(r.left_out), not r.ranked.sector_match, not r.ranked.danish_ok,
                             r.ranked.distance_km if r.ranked.distance_km is not None else float("inf"), r.offer.starts_on, r.offer.pk))
    access_log_write(user=user, action=AccessLog.Action.SEARCH, obj=case, person=case.person,
                     criteria={"kind": "offers for a citizen", "results": len(rows)})
    return rows


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
        Placement.objects.filter(offer__company=company, starts_on__lte=days[-1], ends_on__gte=days[0])
        .filter(persons_visible_through(user, "case__person"))
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
