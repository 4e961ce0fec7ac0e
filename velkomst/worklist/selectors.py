"""The worklist: what reception and the caseworkers must do next, across the first months of a case.

Reception also sees the households at reception locations whose food distribution has ended (candidates to move on).
Caseworkers also see the reviews of vulnerable residents that fall due within 14 days or are overdue, and the
integration periods (five years from the take-over) that end within 3 months.

A read model on top of the other apps: arrivals this week (reception), the take-over deadlines
(``velkomst.rules.deadlines``), meetings to book (reception), the Danish education and first
company offer (education, companies, programme), and the weekly intake. It only reads.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Prefetch, Subquery
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
    three queries whatever the numbers (the count, the tenancies, their applicants)."""
    tenancies = (Tenancy.objects.current().filter(room__location__food_distribution=True, household__first_benefit_payment_on__lte=today)
                 .order_by("household__first_benefit_payment_on", "id"))
    total = tenancies.count()
    applicants = HouseholdMember.objects.filter(relation=HouseholdMember.Relation.APPLICANT).select_related("person")
    shown = list(tenancies.select_related("household", "room__location")
                 .prefetch_related(Prefetch("household__members", queryset=applicants, to_attr="applicants"))[:limit])
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


def _section(items: list, key) -> Section:
    items = sorted(items, key=key)
    return Section(items=items[:LIST_LIMIT], total=len(items))


def _worklist_cases(user, today: date):
    cases = Case.objects.filter(
        status__in=(CaseStatus.REFERRED, CaseStatus.ARRIVED),
        takeover_date__gte=today - timedelta(days=WORKLIST_WINDOW_DAYS),
        person__birth_date__lte=latest_birth_date_for_age(WORKING_AGE[0], today),
        person__birth_date__gt=latest_birth_date_for_age(WORKING_AGE[1] + 1, today),
    )
    if user.role == roles.CASEWORKER:
        cases = cases.filter(caseworker=user)
    # Only the columns the worklist shows: the team's list holds hundreds of cases at demo scale.
    appointments = (Appointment.objects.exclude(status=Appointment.Status.CANCELLED).order_by("starts_at", "id")
                    .only("case_id", "kind", "status", "starts_at", "contract_signed_on", "programme_start_on"))
    return list(
        _with_offer_dates(cases).select_related("person", "caseworker", "household__referral")
        .only("number", "status", "target_group", "takeover_date", "arrival_date", "person__first_name", "person__last_name",
              "caseworker__first_name", "caseworker__last_name", "caseworker__username", "household__id",
              "household__referral__id", "household__referral__expected_arrival_on")
        .prefetch_related(Prefetch("appointments", queryset=appointments))
        .order_by("takeover_date", "id")
    )


def _with_offer_dates(cases):
    """The days the education and company modules recorded the offers the law sets deadlines for:
    the start of Danish education, and the first company placement or job (whichever came first)."""
    def first(model, day: str):
        return Subquery(model.objects.filter(case=OuterRef("pk")).order_by(day).values(day)[:1])

    return cases.annotate(danish_education_on=first(LearnerPlacement, "started_on"),
                          first_placement_on=first(Placement, "starts_on"), first_job_on=first(Employment, "started_on"))


def _latest(appointments: list[Appointment], kind: str) -> Appointment | None:
    """The meeting of that kind that counts: a completed one, else a booked one, else one to book."""
    of_kind = [a for a in appointments if a.kind == kind and a.status != Appointment.Status.MISSED]
    for status in (Appointment.Status.COMPLETED, Appointment.Status.PLANNED, Appointment.Status.REQUIRED):
        found = [a for a in of_kind if a.status == status]
        if found:
            return found[-1]
    return None


def case_deadlines(case: Case, today: date, rules: dl.DeadlineRules) -> list[DeadlineItem]:
    """Each deadline of a case with its state (needs `appointments` prefetched)."""
    appointments = list(case.appointments.all())
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
    items = []
    for deadline in dl.deadlines_for(takeover=case.takeover_date, arrival=case.arrival_date, contract_meeting=booked_contract, rules=rules):
        dates = [d for d in (deadline.target, deadline.legal_limit) if d]
        if not dates:
            continue
        state = dl.deadline_state(deadline, done_on=done[deadline.kind], today=today, rules=rules)
        if state == dl.DONE:
            continue
        # Overdue: the legal limit is what matters now (passed when red, still ahead when amber).
        due = deadline.legal_limit if state in (dl.RED, dl.AMBER) and deadline.legal_limit else min(dates)
        items.append(DeadlineItem(case=case, kind=deadline.kind, due=due, state=state, target=deadline.target, legal_limit=deadline.legal_limit))
    return items


def worklist(*, user, today: date) -> Worklist:
    """Arrivals this week, deadlines, meetings to book and the weekly intake — a fixed number of queries."""
    rules = deadline_rules()
    monday = monday_of(today)
    sunday = monday + timedelta(days=6)
    cases = _worklist_cases(user, today)
    arrivals, deadlines, to_book = [], [], []
    for case in cases:
        referral = getattr(case.household, "referral", None) if case.household_id else None
        expected = case.arrival_date or (referral.expected_arrival_on if referral else None) or case.takeover_date
        if expected and monday <= expected <= sunday:
            arrivals.append((case, expected))
        deadlines += case_deadlines(case, today, rules)
        if case.status == CaseStatus.ARRIVED:
            appointments = list(case.appointments.all())
            welcome = _latest(appointments, Appointment.Kind.WELCOME)
            contract = _latest(appointments, Appointment.Kind.CONTRACT)
            booked = (Appointment.Status.PLANNED, Appointment.Status.COMPLETED)
            if not welcome or welcome.status not in booked:
                to_book.append(MeetingToBook(case, Appointment.Kind.WELCOME, add_working_days(
                    case.arrival_date, rules.welcome_meeting_working_days_after_arrival, extra_closed_days=rules.extra_closed_days) if case.arrival_date else None))
            elif not contract or contract.status not in booked:
                to_book.append(MeetingToBook(case, Appointment.Kind.CONTRACT, add_working_days(
                    case.arrival_date, rules.contract_meeting_working_days_after_arrival, extra_closed_days=rules.extra_closed_days) if case.arrival_date else None))
    order = {dl.RED: 0, dl.AMBER: 1, dl.DUE_SOON: 2, dl.OK: 3}
    intake, populations = weekly_intake(today=today)
    worklist = Worklist(
        today=today,
        scope="own" if user.role == roles.CASEWORKER else "team",
        arrivals=_section(arrivals, key=lambda a: (a[1], a[0].pk)),
        overdue=_section([d for d in deadlines if d.state in (dl.RED, dl.AMBER)], key=lambda d: (order[d.state], d.due, d.case.pk)),
        due_soon=_section([d for d in deadlines if d.state == dl.DUE_SOON], key=lambda d: (d.due, d.case.pk)),
        later=_section([d for d in deadlines if d.state == dl.OK], key=lambda d: (d.due, d.case.pk)),
        to_book=_section(to_book, key=lambda m: (m.by or today, m.case.pk)),
        intake=intake,
        intake_populations=populations,
        move_on=move_on_candidates(today=today) if can(user, "manage_tenancies") else None,
        # That a review is due tells that the resident is vulnerable: only for those who keep these workflows.
        reviews=reviews_due(user=user, today=today) if can(user, "manage_vulnerable") else None,
        integration_ending=integration_periods_ending(user=user, today=today) if can(user, "manage_programme") else None,
    )
    shown = [case.person_id for case, _day in worklist.arrivals.items] + [
        item.case.person_id for section in (worklist.overdue, worklist.due_soon, worklist.later, worklist.to_book) for item in section.items]
    if worklist.move_on:
        shown += [item.applicant.pk for item in worklist.move_on.items if item.applicant]
    if worklist.reviews:
        shown += [review.case.person_id for review in worklist.reviews.items]
    if worklist.integration_ending:
        shown += [item.case.person_id for item in worklist.integration_ending.items]
    access_log_persons(user=user, persons=shown, what="worklist")
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
