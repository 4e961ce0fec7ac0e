"""The worklist: what reception and the caseworkers must do next, across the first months of a case.

Reception also sees the households at reception locations whose food distribution has ended (candidates to move on).
Caseworkers also see the reviews of vulnerable residents that fall due within 14 days or are overdue, and the
integration periods (five years from the take-over) that end within 3 months.

A read model on top of the other apps: arrivals this week (reception), the take-over deadlines
(``velkomst.rules.deadlines``), meetings to book (reception), the Danish education and first
company offer (education, companies, programme), and the weekly intake. It only reads.
"""
import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Prefetch, Subquery, Window
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from velkomst.accounts import roles
from velkomst.accounts.permissions import can
from velkomst.audit.services import access_log_persons
from velkomst.companies.models import Placement
from velkomst.config import deadline_rules
from velkomst.education.models import LearnerPlacement
from velkomst.housing.models import Tenancy
from velkomst.lib.dates import add_months, add_years, latest_birth_date_for_age, monday_of
from velkomst.lib.workdays import add_working_days
from velkomst.people.models import ACTIVE_STATUSES, Case, CaseStatus, HouseholdMember, Person
from velkomst.programme.models import Employment, VulnerabilityAction
from velkomst.reception.models import Appointment
from velkomst.rules import deadlines as dl
from velkomst.rules.households import WORKING_AGE

LIST_LIMIT = 50
# The worklist follows a citizen through the first months; older cases have their own follow-up lists.
WORKLIST_WINDOW_DAYS = 120
INTAKE_WEEKS = 12
REVIEW_WINDOW_DAYS = 14  # a vulnerable resident's review shows from two weeks before it falls due
INTEGRATION_END_MONTHS = 3  # an integration period shows from three months before it ends

DEADLINE_LABELS = {
    dl.WELCOME_MEETING: _("Welcome meeting"),
    dl.CONTRACT_MEETING: _("Contract meeting"),
    dl.DANISH_EDUCATION_REFERRAL: _("Referral to Danish education"),
    dl.FIRST_COMPANY_OFFER: _("First company-oriented offer"),
    dl.PROGRAMME_START: _("Programme start"),
}
STATE_LABELS = {
    dl.RED: _("Legal limit missed"),
    dl.AMBER: _("Target missed"),
    dl.DUE_SOON: _("Due soon"),
    dl.OK: _("On time"),
    dl.DONE: _("Done"),
}


@dataclass
class DeadlineItem:
    case: Case
    kind: str
    due: date
    state: str
    target: date | None
    legal_limit: date | None

    @property
    def label(self):
        return DEADLINE_LABELS[self.kind]

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


@dataclass
class MeetingToBook:
    case: Case
    kind: str
    by: date | None

    @property
    def label(self):
        return Appointment.Kind(self.kind).label


@dataclass
class Section:
    items: list
    total: int


@dataclass
class Worklist:
    today: date
    scope: str  # "own" or "team"
    arrivals: Section
    overdue: Section
    due_soon: Section
    later: Section
    to_book: Section
    intake: list = field(default_factory=list)
    intake_populations: list = field(default_factory=list)
    move_on: Section | None = None  # for those who move households (reception): None for the others
    reviews: Section | None = None  # for those who keep the vulnerable residents' workflows (caseworkers): None for the others
    integration_ending: Section | None = None  # for those who run the programme (caseworkers): None for the others


@dataclass
class IntegrationEnding:
    case: Case
    ends_on: date


@dataclass
class MoveOnCandidate:
    """A household living at a reception location whose food distribution has ended: it may move on."""

    tenancy: Tenancy
    applicant: Person | None
    paid_on: date


def move_on_candidates(*, today: date, limit: int = LIST_LIMIT) -> Section:
    """Households in a current tenancy at a reception location with food distribution whose first benefit payment has
    been made (``rules.households.needs_food_distribution`` is false): candidates to move on. Longest-paid first;
    two queries whatever the numbers (the first tenancies with the count of all of them, a window function; their
    applicants)."""
    tenancies = (Tenancy.objects.current().filter(room__location__food_distribution=True, household__first_benefit_payment_on__lte=today)
                 .order_by("household__first_benefit_payment_on", "id"))
    applicants = HouseholdMember.objects.filter(relation=HouseholdMember.Relation.APPLICANT).select_related("person")
    shown = list(tenancies.annotate(total=Window(Count("id"))).select_related("household", "room__location")
                 .prefetch_related(Prefetch("household__members", queryset=applicants, to_attr="applicants"))[:limit])
    total = shown[0].total if shown else 0
    items = []
    for tenancy in shown:
        household = tenancy.household
        applicant = household.applicants[0].person if household.applicants else None
        items.append(MoveOnCandidate(tenancy=tenancy, applicant=applicant, paid_on=household.first_benefit_payment_on))
    return Section(items=items, total=total)


def _own_or_team(cases_filter: dict, user, prefix: str = "") -> dict:
    """A caseworker's lists hold their own cases; the team's (admin) everyone's."""
    return {**cases_filter, f"{prefix}caseworker": user} if user.role == roles.CASEWORKER else cases_filter


def reviews_due(*, user, today: date, limit: int = LIST_LIMIT) -> Section:
    """Reviews of vulnerable residents not yet held whose day is overdue or within `REVIEW_WINDOW_DAYS`, most overdue
    first; on open cases. Two queries whatever the numbers (the count, the rows with their case and person)."""
    reviews = VulnerabilityAction.objects.filter(**_own_or_team({
        "kind": VulnerabilityAction.Kind.REVIEW, "done_on__isnull": True, "due_on__lte": today + timedelta(days=REVIEW_WINDOW_DAYS),
        "case__status__in": ACTIVE_STATUSES}, user, "case__"))
    items = list(reviews.select_related("case__person").only("due_on", "case__number", "case__person__first_name", "case__person__last_name")
                 .order_by("due_on", "id")[:limit])
    return Section(items=items, total=reviews.count())


def integration_periods_ending(*, user, today: date, limit: int = LIST_LIMIT) -> Section:
    """Open cases whose five-year integration period (`Case.integration_period_end`) ends from today to
    `INTEGRATION_END_MONTHS` ahead, soonest first. One query: the take-over dates that can give such an end (a day's
    margin either side for 29 February), then the exact end in Python."""
    last = add_months(today, INTEGRATION_END_MONTHS)
    cases = (Case.objects.filter(**_own_or_team({"status__in": ACTIVE_STATUSES,
                                                  "takeover_date__gte": add_years(today, -5) - timedelta(days=1),
                                                  "takeover_date__lte": add_years(last, -5) + timedelta(days=1)}, user))
             .select_related("person").only("number", "takeover_date", "person__first_name", "person__last_name").order_by("takeover_date", "id"))
    ending = [IntegrationEnding(case, case.integration_period_end) for case in cases if today <= case.integration_period_end <= last]
    return Section(items=ending[:limit], total=len(ending))


# Why plain rows and not a snapshot: every deadline's state depends on the day (a target passes overnight) and on five
# apps' records (cases, meetings, Danish education, placements, jobs), and the rules come from the configuration.
# The whole team's list holds ~600 cases at demo scale and ~6,000 at ten times; what made it slow (1.4 s at 10x) was
# a model instance for every case and meeting and the same deadlines computed again for every case. Now: plain
# tuples, the deadlines of a (take-over, arrival, contract meeting) computed once and reused (thousands of cases
# share a few hundred such dates), and model instances only for the 50 rows each list shows.
@dataclass(frozen=True)
class _Meeting:
    """A meeting as the worklist reads it (a tuple's worth, not a model instance)."""

    kind: str
    status: str
    starts_at: object
    contract_signed_on: date | None
    programme_start_on: date | None

    @property
    def day(self) -> date | None:
        """As `Appointment.day`: the local date of the start."""
        return timezone.localtime(self.starts_at).date() if self.starts_at else None


@dataclass
class _CaseRow:
    """One case as the worklist reads it: the fields the deadlines need, its meetings, its offer dates."""

    pk: int
    person_id: int
    status: str
    takeover_date: date
    arrival_date: date | None
    expected_arrival_on: date | None
    danish_education_on: date | None
    first_placement_on: date | None
    first_job_on: date | None
    appointments: list = field(default_factory=list)


def _worklist_window(user, today: date, prefix: str = "") -> dict:
    """The cases the worklist follows, before the age test: new (referred or arrived), taken over in the window."""
    return _own_or_team({f"{prefix}status__in": (CaseStatus.REFERRED, CaseStatus.ARRIVED),
                         f"{prefix}takeover_date__gte": today - timedelta(days=WORKLIST_WINDOW_DAYS)}, user, prefix)


def _worklist_cases_queryset(user, today: date):
    return Case.objects.filter(
        person__birth_date__lte=latest_birth_date_for_age(WORKING_AGE[0], today),
        person__birth_date__gt=latest_birth_date_for_age(WORKING_AGE[1] + 1, today),
        **_worklist_window(user, today),
    )


def _worklist_cases(user, today: date) -> list[_CaseRow]:
    """The cases of the worklist with their meetings (cancelled ones left out), as plain rows: two queries."""
    cases = _worklist_cases_queryset(user, today)
    rows = {
        row[0]: _CaseRow(*row)
        for row in _with_offer_dates(cases).order_by("takeover_date", "id").values_list(
            "pk", "person_id", "status", "takeover_date", "arrival_date", "household__referral__expected_arrival_on",
            "danish_education_on", "first_placement_on", "first_job_on")
    }
    # The meetings of the window's cases, the age test left out (it would join every person again): the few meetings
    # of cases outside working age are skipped below.
    meetings = (Appointment.objects.filter(**_worklist_window(user, today, "case__")).exclude(status=Appointment.Status.CANCELLED)
                .order_by("starts_at", "id").values_list("case_id", "kind", "status", "starts_at", "contract_signed_on", "programme_start_on"))
    for case_id, *meeting in meetings:
        if case_id in rows:
            rows[case_id].appointments.append(_Meeting(*meeting))
    return list(rows.values())


def _cases_shown(ids) -> dict[int, Case]:
    """The cases the lists show, as model instances for the page: one query, at most a few hundred rows."""
    return Case.objects.select_related("person", "caseworker", "household__referral").only(
        "number", "status", "target_group", "takeover_date", "arrival_date", "person__first_name", "person__last_name",
        "caseworker__first_name", "caseworker__last_name", "caseworker__username", "household__id",
        "household__referral__id", "household__referral__expected_arrival_on").in_bulk(list(ids))


def _with_offer_dates(cases):
    """The days the education and company modules recorded the offers the law sets deadlines for:
    the start of Danish education, and the first company placement or job (whichever came first)."""
    def first(model, day: str):
        return Subquery(model.objects.filter(case=OuterRef("pk")).order_by(day).values(day)[:1])

    return cases.annotate(danish_education_on=first(LearnerPlacement, "started_on"),
                          first_placement_on=first(Placement, "starts_on"), first_job_on=first(Employment, "started_on"))


def _latest(appointments: list, kind: str):
    """The meeting of that kind that counts: a completed one, else a booked one, else one to book."""
    of_kind = [a for a in appointments if a.kind == kind and a.status != Appointment.Status.MISSED]
    for status in (Appointment.Status.COMPLETED, Appointment.Status.PLANNED, Appointment.Status.REQUIRED):
        found = [a for a in of_kind if a.status == status]
        if found:
            return found[-1]
    return None


class _Deadlines:
    """`rules.deadlines` for many cases on one day. A case's open deadlines depend only on its take-over and arrival
    dates, its booked contract meeting and the days its steps were done: cases alike in these share one computation."""

    def __init__(self, today: date, rules: dl.DeadlineRules):
        self.today, self.rules, self._open = today, rules, {}

    def open_deadlines(self, takeover: date, arrival: date | None, contract_meeting: date | None,
                       done: tuple) -> list[tuple[str, date, str, date | None, date | None]]:
        """(kind, due, state, target, legal limit) of each deadline not done; `done`: the done day per kind, in
        `deadlines_for`'s order of kinds."""
        key = (takeover, arrival, contract_meeting, done)
        found = self._open.get(key)
        if found is None:
            found = []
            deadlines = dl.deadlines_for(takeover=takeover, arrival=arrival, contract_meeting=contract_meeting, rules=self.rules)
            for deadline, done_on in zip(deadlines, done, strict=True):
                dates = [d for d in (deadline.target, deadline.legal_limit) if d]
                if not dates:
                    continue
                state = dl.deadline_state(deadline, done_on=done_on, today=self.today, rules=self.rules)
                if state == dl.DONE:
                    continue
                # Overdue: the legal limit is what matters now (passed when red, still ahead when amber).
                due = deadline.legal_limit if state in (dl.RED, dl.AMBER) and deadline.legal_limit else min(dates)
                found.append((deadline.kind, due, state, deadline.target, deadline.legal_limit))
            self._open[key] = found
        return found


_KINDS = (dl.WELCOME_MEETING, dl.CONTRACT_MEETING, dl.DANISH_EDUCATION_REFERRAL, dl.FIRST_COMPANY_OFFER, dl.PROGRAMME_START)


def _open_deadlines(case, memo: _Deadlines):
    """The open deadlines of a case (kind, due, state, target, legal limit), and the welcome and contract meetings that
    count. `case.appointments`: a list of its meetings, cancelled ones left out."""
    appointments = case.appointments if isinstance(case.appointments, list) else list(case.appointments.all())
    welcome = _latest(appointments, Appointment.Kind.WELCOME)
    contract = _latest(appointments, Appointment.Kind.CONTRACT)
    booked_contract = contract.day if contract and contract.status != Appointment.Status.REQUIRED else None
    done = {
        dl.WELCOME_MEETING: welcome.day if welcome and welcome.status == Appointment.Status.COMPLETED else None,
        dl.CONTRACT_MEETING: (contract.contract_signed_on or contract.day) if contract and contract.status == Appointment.Status.COMPLETED else None,
        dl.PROGRAMME_START: contract.programme_start_on if contract and contract.programme_start_on else None,
        # Recorded by the education and company modules (see `_with_offer_dates`).
        dl.DANISH_EDUCATION_REFERRAL: getattr(case, "danish_education_on", None),
        dl.FIRST_COMPANY_OFFER: min((d for d in (getattr(case, "first_placement_on", None), getattr(case, "first_job_on", None)) if d),
                                    default=None),
    }
    found = memo.open_deadlines(case.takeover_date, case.arrival_date, booked_contract, tuple(done[kind] for kind in _KINDS))
    return found, welcome, contract


def case_deadlines(case, today: date, rules: dl.DeadlineRules) -> list[DeadlineItem]:
    """Each open deadline of a case with its state (needs `appointments` prefetched, or a list of them)."""
    found, _welcome, _contract = _open_deadlines(case, _Deadlines(today, rules))
    return [DeadlineItem(case, kind, due, state, target, legal) for kind, due, state, target, legal in found]


def _top(items: list[tuple], make) -> Section:
    """The first LIST_LIMIT of the (sort key..., payload) tuples as the page's items, and how many there are."""
    return Section(items=[make(item) for item in heapq.nsmallest(LIST_LIMIT, items)], total=len(items))


def worklist(*, user, today: date) -> Worklist:
    """Arrivals this week, deadlines, meetings to book and the weekly intake — a fixed number of queries."""
    rules = deadline_rules()
    memo = _Deadlines(today, rules)
    monday = monday_of(today)
    sunday = monday + timedelta(days=6)
    order = {dl.RED: 0, dl.AMBER: 1, dl.DUE_SOON: 2, dl.OK: 3}
    arrivals, overdue, due_soon, later, to_book = [], [], [], [], []
    meeting_by: dict[tuple[date, int], date] = {}

    def working_days_after(day: date, n: int) -> date:
        if (day, n) not in meeting_by:
            meeting_by[day, n] = add_working_days(day, n, extra_closed_days=rules.extra_closed_days)
        return meeting_by[day, n]

    booked = (Appointment.Status.PLANNED, Appointment.Status.COMPLETED)
    # Each list holds plain tuples that sort as the page orders it (ties: the case, then the order of the deadlines);
    # only the first 50 of each become items.
    for case in _worklist_cases(user, today):
        expected = case.arrival_date or case.expected_arrival_on or case.takeover_date
        if expected and monday <= expected <= sunday:
            arrivals.append((expected, case.pk, case))
        found, welcome, contract = _open_deadlines(case, memo)
        for index, (kind, due, state, target, legal) in enumerate(found):
            if state == dl.DUE_SOON:
                due_soon.append((due, case.pk, index, kind, state, target, legal, case))
            elif state == dl.OK:
                later.append((due, case.pk, index, kind, state, target, legal, case))
            else:
                overdue.append((order[state], due, case.pk, index, kind, state, target, legal, case))
        if case.status == CaseStatus.ARRIVED:
            if not welcome or welcome.status not in booked:
                by = working_days_after(case.arrival_date, rules.welcome_meeting_working_days_after_arrival) if case.arrival_date else None
                to_book.append((by or today, case.pk, Appointment.Kind.WELCOME, by, case))
            elif not contract or contract.status not in booked:
                by = working_days_after(case.arrival_date, rules.contract_meeting_working_days_after_arrival) if case.arrival_date else None
                to_book.append((by or today, case.pk, Appointment.Kind.CONTRACT, by, case))
    intake, populations = weekly_intake(today=today)
    worklist = Worklist(
        today=today,
        scope="own" if user.role == roles.CASEWORKER else "team",
        arrivals=_top(arrivals, lambda a: (a[2], a[0])),
        overdue=_top(overdue, lambda d: DeadlineItem(d[8], d[4], d[1], d[5], d[6], d[7])),
        due_soon=_top(due_soon, lambda d: DeadlineItem(d[7], d[3], d[0], d[4], d[5], d[6])),
        later=_top(later, lambda d: DeadlineItem(d[7], d[3], d[0], d[4], d[5], d[6])),
        to_book=_top(to_book, lambda m: MeetingToBook(m[4], m[2], m[3])),
        intake=intake,
        intake_populations=populations,
        move_on=move_on_candidates(today=today) if can(user, "manage_tenancies") else None,
        # That a review is due tells that the resident is vulnerable: only for those who keep these workflows.
        reviews=reviews_due(user=user, today=today) if can(user, "manage_vulnerable") else None,
        integration_ending=integration_periods_ending(user=user, today=today) if can(user, "manage_programme") else None,
    )
    # The rows shown become model instances (number, name, caseworker, referral for the page): one query.
    shown = _cases_shown({case.pk for case, _day in worklist.arrivals.items} | {
        item.case.pk for section in (worklist.overdue, worklist.due_soon, worklist.later, worklist.to_book) for item in section.items})
    worklist.arrivals.items = [(shown[case.pk], day) for case, day in worklist.arrivals.items]
    for section in (worklist.overdue, worklist.due_soon, worklist.later, worklist.to_book):
        for item in section.items:
            item.case = shown[item.case.pk]
    persons = [case.person_id for case, _day in worklist.arrivals.items] + [
        item.case.person_id for section in (worklist.overdue, worklist.due_soon, worklist.later, worklist.to_book) for item in section.items]
    if worklist.move_on:
        persons += [item.applicant.pk for item in worklist.move_on.items if item.applicant]
    if worklist.reviews:
        persons += [review.case.person_id for review in worklist.reviews.items]
    if worklist.integration_ending:
        persons += [item.case.person_id for item in worklist.integration_ending.items]
    access_log_persons(user=user, persons=persons, what="worklist")
    return worklist


INTAKE_POPULATIONS = (("ukrainian", _("Displaced Ukrainians")), ("refugee", _("Refugees")), ("other", _("Other target groups")))


def weekly_intake(*, today: date, weeks: int = INTAKE_WEEKS) -> tuple[list[dict], list[tuple[str, str]]]:
    """Persons referred per week (Monday to Sunday) by population, the last `weeks` weeks; counts only (one query)."""
    first = monday_of(today) - timedelta(weeks=weeks - 1)
    counts = (
        Case.objects.filter(referral_decision_date__gte=first, referral_decision_date__lte=today)
        .values("referral_decision_date", "target_group")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_week = defaultdict(lambda: defaultdict(int))
    for row in counts:
        day = row["referral_decision_date"]
        week = monday_of(day)
        population = Case(target_group=row["target_group"]).population or "other"
        by_week[week][population] += row["n"]
    rows = []
    for index in range(weeks):
        week = first + timedelta(weeks=index)
        counts_ = by_week.get(week, {})
        rows.append({"week": week, "number": week.isocalendar()[1], "counts": [counts_.get(p, 0) for p, _ in INTAKE_POPULATIONS],
                     "total": sum(counts_.values())})
    return list(reversed(rows)), list(INTAKE_POPULATIONS)
