"""Reads of the programme, scoped by role. Weekly compliance for any number of citizens in a fixed number of queries."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_persons, access_log_write
from velkomst.config import COMPLIANCE_WEEKS, housing_referral_min_income
from velkomst.people.models import PROGRAMME_STATUSES, Case, HouseholdMember, Person
from velkomst.people.selectors import cases_visible_to, persons_matching, persons_visible_to
from velkomst.programme.models import (
    Attendance,
    Employment,
    Enrolment,
    FollowUp,
    HousingIncomeThreshold,
    HousingReferral,
    PlanItem,
)
from velkomst.rules import compliance as pure
from velkomst.rules import permanent_housing
from velkomst.rules import programme as rules


def case_for(user, case_id: int, *, log: bool = True) -> Case:
    """One case within the user's scope (404 outside it), logged as a read of the person."""
    try:
        case = cases_visible_to(user).select_related("person", "household", "caseworker").get(pk=case_id)
    except Case.DoesNotExist:
        raise Http404 from None
    if log:
        access_log_write(user=user, action=AccessLog.Action.READ, obj=case, person=case.person)
    return case


def plan_items_for_week(case: Case, week_start: date) -> list[PlanItem]:
    week_end = week_start + timedelta(days=6)
    items = (
        PlanItem.objects.filter(case=case, valid_from__lte=week_end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=week_start))
        .select_related("teaching_class", "placement__offer__company")
    )
    return [i for i in items if _valid_on(i, week_start + timedelta(days=i.weekday))]


def _valid_on(item, day: date) -> bool:
    return item.valid_from <= day and (item.valid_to is None or day <= item.valid_to)


@dataclass
class ProgrammeOverview:
    case: Case
    enrolment: Enrolment | None
    enrolments: list[Enrolment]
    employments: list[Employment]
    follow_ups: list[FollowUp]
    weeks: list[pure.WeekCompliance]
    flag: str | None


def programme_overview(*, user, case_id: int, as_of: date) -> ProgrammeOverview:
    case = case_for(user, case_id)
    enrolments = list(case.enrolments.all())
    weeks = weekly_compliance_for(Case.objects.filter(pk=case.pk), as_of=as_of).get(case.pk, [])
    return ProgrammeOverview(
        case=case,
        enrolment=next((e for e in enrolments if e.ended_on is None), None),
        enrolments=enrolments,
        employments=list(case.employments.all()),
        follow_ups=list(case.follow_ups.all()),
        weeks=weeks,
        flag=pure.flag(weeks) if weeks else None,
    )


# --- weekly compliance ---------------------------------------------------------------------


def weekly_compliance_for(cases: QuerySet[Case], *, as_of: date, weeks: int = COMPLIANCE_WEEKS) -> dict[int, list[pure.WeekCompliance]]:
    """Planned, attended and norm hours per case for the ``weeks`` complete weeks before ``as_of``'s week.

    3 + ``weeks`` queries whatever the number of cases: the open enrolments (norms), the jobs in the period (a week in an
    ordinary job has no norm), the plan rows valid in the period, and each week's attendance summed per case and
    activity (only activities registered that week count against attendance). Cases without an open enrolment are
    left out."""
    mondays = pure.last_complete_weeks(as_of, weeks)
    first, last = mondays[0], mondays[-1] + timedelta(days=6)
    case_ids = cases.values("pk")
    norms = dict(Enrolment.objects.filter(case__in=case_ids, ended_on__isnull=True).values_list("case_id", "norm_hours"))
    jobs: dict[int, list[tuple[str, date, date | None]]] = defaultdict(list)
    for case_id, kind, started_on, ended_on in (
        Employment.objects.filter(case__in=case_ids, started_on__lte=last).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .values_list("case_id", "kind", "started_on", "ended_on")
    ):
        jobs[case_id].append((kind, started_on, ended_on))
    plans: dict[int, list[pure.PlanRow]] = defaultdict(list)
    rows = (
        PlanItem.objects.filter(case__in=case_ids, valid_from__lte=last)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .values_list("case_id", "weekday", "start", "end", "valid_from", "valid_to", "kind")
    )
    for case_id, weekday, start, end, valid_from, valid_to, kind in rows:
        plans[case_id].append(pure.PlanRow(weekday, start, end, valid_from, valid_to, kind))
    # One query per week (a fixed number): the sums come back per case and activity, not per case and day.
    attended: dict[tuple[int, date], dict[str, float]] = defaultdict(dict)
    for monday in mondays:
        sums = (
            Attendance.objects.filter(case__in=case_ids, on__range=(monday, monday + timedelta(days=6)))
            .values("case_id", "kind").annotate(hours=Sum("hours")).values_list("case_id", "kind", "hours")
        )
        for case_id, kind, hours in sums:
            attended[(case_id, monday)][kind] = float(hours or 0)
    return {
        case_id: [
            pure.week_from_rows(plans.get(case_id, ()), monday, attended.get((case_id, monday), {}),
                                rules.weekly_norm(float(norm), monday, jobs.get(case_id, ())))
            for monday in mondays
        ]
        for case_id, norm in norms.items()
    }


@dataclass
class ComplianceRow:
    case: Case
    weeks: list[pure.WeekCompliance]
    flag: str | None


def compliance_cases(user) -> QuerySet[Case]:
    """The caseworker's own programme participants (administrators: everyone's)."""
    cases = Case.objects.filter(status__in=PROGRAMME_STATUSES)
    return cases if user.role == "admin" else cases.filter(caseworker=user)


def compliance_rows(*, user, as_of: date, flagged_only: bool = True) -> list[ComplianceRow]:
    cases = compliance_cases(user)
    weeks = weekly_compliance_for(cases, as_of=as_of)
    flags = {case_id: pure.flag(w) for case_id, w in weeks.items()}
    wanted = [case_id for case_id, f in flags.items() if f in pure.FLAGS or not flagged_only]
    by_id = Case.objects.select_related("person").in_bulk(wanted)
    rows = [ComplianceRow(by_id[i], weeks[i], flags[i]) for i in wanted if i in by_id]
    order = {pure.RED: 0, pure.AMBER: 1, pure.NOT_REGISTERED: 2, None: 3}
    rows.sort(key=lambda r: (order[r.flag], r.case.person.last_name, r.case.person.first_name, r.case.pk))
    if rows:
        access_log_write(user=user, action=AccessLog.Action.SEARCH, criteria={"kind": "compliance", "results": len(rows)})
        access_log_persons(user=user, persons=[r.case.person_id for r in rows], what="compliance")
    return rows


def compliance_flag_counts(user, as_of: date) -> dict[str, int]:
    weeks = weekly_compliance_for(compliance_cases(user), as_of=as_of)
    counts = {pure.RED: 0, pure.AMBER: 0}
    for w in weeks.values():
        f = pure.flag(w)
        if f in counts:
            counts[f] += 1
    return counts


# --- referral to permanent housing ----------------------------------------------------------


@dataclass
class ReadyHousehold:
    household_id: int
    case: Case
    members: int
    monthly_income: float
    threshold: Decimal


def income_thresholds() -> list[tuple[date, int, Decimal]]:
    """The table of income thresholds by household size (every set; ``rules.permanent_housing`` picks the valid one)."""
    return list(HousingIncomeThreshold.objects.values_list("valid_from", "household_size", "monthly_income"))


def income_threshold_sets() -> dict[date, dict[int, Decimal]]:
    """Every set of thresholds entered, latest first: {valid_from: {household size: amount}} (one query)."""
    sets: dict[date, dict[int, Decimal]] = {}
    for valid_from, size, amount in HousingIncomeThreshold.objects.order_by("-valid_from", "household_size").values_list(
            "valid_from", "household_size", "monthly_income"):
        sets.setdefault(valid_from, {})[size] = amount
    return sets


def threshold_for(rows: list, *, size: int, on: date) -> Decimal:
    """The income a household of ``size`` needs on the day; without any table the configured flat amount."""
    found = permanent_housing.income_threshold(rows, size=size, on=on)
    return found if found is not None else housing_referral_min_income()


def households_ready_for_permanent_housing(*, as_of: date, search: str = "", user=None) -> list[ReadyHousehold]:
    """Households whose members' current jobs bring at least the income their size needs (the thresholds table), not yet
    referred; highest income first. ``search`` (a name, CPR or case number of any member, within ``user``'s scope)
    narrows the list. A fixed number of queries, whatever the number of households."""
    income: dict[int, float] = defaultdict(float)
    jobs = (
        Employment.objects.filter(started_on__lte=as_of).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_of))
        .filter(case__household__isnull=False).values_list("case__household_id", "monthly_income")
    )
    for household_id, amount in jobs:
        income[household_id] += float(amount)
    referred = set(HousingReferral.objects.exclude(status=HousingReferral.Status.DECLINED).values_list("household_id", flat=True))
    candidates = [h for h in income if h not in referred]
    if search.strip():
        people = persons_matching(persons_visible_to(user) if user is not None else Person.objects.all(), search)
        found = set(HouseholdMember.objects.filter(household_id__in=candidates, person__in=people).values_list("household_id", flat=True))
        candidates = [h for h in candidates if h in found]
    sizes: dict[int, int] = defaultdict(int)
    for household_id in HouseholdMember.objects.filter(household_id__in=candidates).values_list("household_id", flat=True):
        sizes[household_id] += 1
    rows = income_thresholds()
    thresholds = {h: threshold_for(rows, size=max(sizes[h], 1), on=as_of) for h in candidates}
    ready_ids = [h for h in candidates if permanent_housing.is_ready(income[h], thresholds[h])]
    applicants = (
        Case.objects.filter(household_id__in=ready_ids, person__membership__relation=HouseholdMember.Relation.APPLICANT)
        .exclude(status__in=["left", "closed"]).select_related("person")
    )
    ready = [ReadyHousehold(c.household_id, c, sizes[c.household_id], income[c.household_id], thresholds[c.household_id])
             for c in applicants]
    return sorted(ready, key=lambda r: (-r.monthly_income, r.case.pk))


def housing_referrals(*, search: str = "", user=None) -> QuerySet[HousingReferral]:
    referrals = HousingReferral.objects.select_related("case__person")
    if search.strip():
        people = persons_matching(persons_visible_to(user) if user is not None else Person.objects.all(), search)
        referrals = referrals.filter(household__members__person__in=people).distinct()
    return referrals.order_by("status", "-referred_on", "-id")


HOUSING_PAGE_SIZE = 50


def housing_referral_lists(*, user, as_of: date, search: str = "", ready_page=None, referred_page=None,
                           per_page: int = HOUSING_PAGE_SIZE) -> tuple[Page, Page]:
    """One page of the households ready for permanent housing and one of those referred, as the page shows them (each
    page says how many there are in all); the persons named are logged, with the search when there is one."""
    ready = Paginator(households_ready_for_permanent_housing(as_of=as_of, search=search, user=user), per_page).get_page(ready_page)
    referred = Paginator(housing_referrals(search=search, user=user), per_page).get_page(referred_page)
    if search.strip():
        access_log_write(user=user, action=AccessLog.Action.SEARCH, obj=None, criteria={
            "kind": "permanent housing", "text": search.strip(), "results": ready.paginator.count + referred.paginator.count})
    access_log_persons(user=user, persons=[r.case.person_id for r in ready] + [r.case.person_id for r in referred],
                       what="permanent housing")
    return ready, referred


def follow_ups_due(*, user, as_of: date, within_days: int = 30, limit: int = 50) -> list[FollowUp]:
    """The user's follow-ups due within the days (at most ``limit``); the persons named are logged."""
    due = list(
        FollowUp.objects.filter(done_on__isnull=True, due_on__lte=as_of + timedelta(days=within_days), case__in=compliance_cases_all(user))
        .select_related("case__person").order_by("due_on", "id")[:limit]
    )
    access_log_persons(user=user, persons=[f.case.person_id for f in due], what="follow-ups due")
    return due


def compliance_cases_all(user) -> QuerySet[Case]:
    cases = Case.objects.exclude(status__in=["left", "closed"])
    return cases if user.role == "admin" else cases.filter(caseworker=user)

