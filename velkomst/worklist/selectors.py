"""The worklist: what reception and the caseworkers must do next, across the first months of a case.

Reception also sees the households at reception locations whose food distribution has ended (candidates to move on).
Caseworkers also see the reviews of vulnerable residents that fall due within 14 days or are overdue, and the
integration periods (five years from the take-over) that end within 3 months.

A read model on top of the other apps: arrivals this week (reception), the take-over deadlines
(``velkomst.rules.deadlines``), meetings to book (reception), the Danish education and first
company offer (education, companies, programme), and the weekly intake. The deadlines and the meetings to book
come from `models.OpenDeadline`, kept in the transaction of every write of their records (`receivers`); their
state is worked out here from today. It writes nothing but the access log (and, after a change of the deadline
rules, it queues the rebuild of the read model).
"""
import heapq
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from math import ceil

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from velkomst.accounts import roles
from velkomst.accounts.permissions import can
from velkomst.audit.services import access_log_persons
from velkomst.config import deadline_rules
from velkomst.housing.models import Tenancy
from velkomst.lib.dates import add_months, add_years, latest_birth_date_for_age, monday_of
from velkomst.lib.workdays import add_working_days
from velkomst.people.models import ACTIVE_STATUSES, Case, HouseholdMember, Person
from velkomst.programme.models import VulnerabilityAction
from velkomst.reception.models import Appointment
from velkomst.rules import deadlines as dl
from velkomst.rules.households import WORKING_AGE
from velkomst.worklist import services
from velkomst.worklist.cases import CaseDeadlines, case_rows
from velkomst.worklist.models import OpenDeadline, ReceptionStay

LIST_LIMIT = 25  # rows of a list on a page; the others a page at a time (`Section.page`)
MEETING_OF_DEADLINE = {dl.WELCOME_MEETING: Appointment.Kind.WELCOME, dl.CONTRACT_MEETING: Appointment.Kind.CONTRACT}
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
    number: int = 1  # the page of the list these items are

    @cached_property
    def page(self) -> Page:
        """As a Django page, for `_pagination.html`: the items, which of all they are, the way to the others."""
        return Page(self.items, self.number, Paginator(_Counted(self.total), LIST_LIMIT))


@dataclass(frozen=True)
class _Counted:
    """All the rows of a list, of which only the count is known here (a page's rows are read on their own)."""

    total: int

    def count(self) -> int:
        return self.total


def page_number(requested, total: int) -> int:
    """The page asked for, between the first and the last (a page number that is not one: the first)."""
    try:
        number = int(requested)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max(1, ceil(total / LIST_LIMIT)))


def _rows(number: int) -> slice:
    return slice((number - 1) * LIST_LIMIT, number * LIST_LIMIT)


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


def move_on_candidates(*, today: date, page=1) -> Section:
    """Households in a current tenancy at a reception location with food distribution whose first benefit payment has
    been made (``rules.households.needs_food_distribution`` is false): candidates to move on. Longest-paid first;
    four queries whatever the numbers, from the read model (`models.ReceptionStay`): the count, the page's stays, their
    tenancies with room and location, their applicants."""
    stays = ReceptionStay.objects.filter(paid_on__lte=today)
    total = stays.count()
    number = page_number(page, total)
    shown = list(stays.order_by("paid_on", "tenancy_id").values_list("tenancy_id", "paid_on")[_rows(number)]) if total else []
    tenancies = (Tenancy.objects.filter(pk__in=[pk for pk, _paid_on in shown]).select_related("room__location")
                 .only("household_id", "room__number", "room__location__name").in_bulk())
    applicants = {member.household_id: member.person for member in HouseholdMember.objects.filter(
        household_id__in=[tenancy.household_id for tenancy in tenancies.values()], relation=HouseholdMember.Relation.APPLICANT)
        .select_related("person").only("household_id", "person__first_name", "person__last_name").order_by("-id")}
    items = [MoveOnCandidate(tenancy=tenancies[pk], applicant=applicants.get(tenancies[pk].household_id), paid_on=paid_on)
             for pk, paid_on in shown]
    return Section(items=items, total=total, number=number)


def _own_or_team(cases_filter: dict, user, prefix: str = "") -> dict:
    """A caseworker's lists hold their own cases; the team's (admin) everyone's."""
    return {**cases_filter, f"{prefix}caseworker": user} if user.role == roles.CASEWORKER else cases_filter


def reviews_due(*, user, today: date, page=1) -> Section:
    """Reviews of vulnerable residents not yet held whose day is overdue or within `REVIEW_WINDOW_DAYS`, most overdue
    first; on open cases. Two queries whatever the numbers (the count, the rows with their case and person)."""
    reviews = VulnerabilityAction.objects.filter(**_own_or_team({
        "kind": VulnerabilityAction.Kind.REVIEW, "done_on__isnull": True, "due_on__lte": today + timedelta(days=REVIEW_WINDOW_DAYS),
        "case__status__in": ACTIVE_STATUSES}, user, "case__"))
    total = reviews.count()
    number = page_number(page, total)
    items = list(reviews.select_related("case__person").only("due_on", "case__number", "case__person__first_name", "case__person__last_name")
                 .order_by("due_on", "id")[_rows(number)])
    return Section(items=items, total=total, number=number)


def integration_periods_ending(*, user, today: date, page=1) -> Section:
    """Open cases whose five-year integration period (`Case.integration_period_end`) ends from today to
    `INTEGRATION_END_MONTHS` ahead, soonest first. One query: the take-over dates that can give such an end (a day's
    margin either side for 29 February), then the exact end in Python."""
    last = add_months(today, INTEGRATION_END_MONTHS)
    cases = (Case.objects.filter(**_own_or_team({"status__in": ACTIVE_STATUSES,
                                                  "takeover_date__gte": add_years(today, -5) - timedelta(days=1),
                                                  "takeover_date__lte": add_years(last, -5) + timedelta(days=1)}, user))
             .select_related("person").only("number", "takeover_date", "person__first_name", "person__last_name").order_by("takeover_date", "id"))
    ending = [IntegrationEnding(case, case.integration_period_end) for case in cases if today <= case.integration_period_end <= last]
    number = page_number(page, len(ending))
    return Section(items=ending[_rows(number)], total=len(ending), number=number)


def _worklist_window(user, today: date, prefix: str = "") -> dict:
    """The cases the worklist follows, before the age test: new (referred or arrived), taken over in the window."""
    return _own_or_team({f"{prefix}status__in": services.FOLLOWED_STATUSES,
                         f"{prefix}takeover_date__gte": today - timedelta(days=WORKLIST_WINDOW_DAYS)}, user, prefix)


def _of_working_age(today: date, birth_date: str = "person__birth_date") -> dict:
    """Born so as to be of working age today; `birth_date`: the field that holds the birth date."""
    return {f"{birth_date}__lte": latest_birth_date_for_age(WORKING_AGE[0], today),
            f"{birth_date}__gt": latest_birth_date_for_age(WORKING_AGE[1] + 1, today)}


def _worklist_cases_queryset(user, today: date):
    return Case.objects.filter(**_of_working_age(today), **_worklist_window(user, today))


def _cases_shown(ids) -> dict[int, Case]:
    """The cases the lists show, as model instances for the page: one query, at most a few hundred rows."""
    return Case.objects.select_related("person", "caseworker", "household__referral").only(
        "number", "status", "target_group", "takeover_date", "arrival_date", "person__first_name", "person__last_name",
        "caseworker__first_name", "caseworker__last_name", "caseworker__username", "household__id",
        "household__referral__id", "household__referral__expected_arrival_on").in_bulk(list(ids))


@dataclass(frozen=True)
class _CaseRef:
    """A case of a list before the rows shown become model instances (`_cases_shown`)."""

    pk: int


@dataclass
class _Lists:
    arrivals: Section
    overdue: Section
    due_soon: Section
    later: Section
    to_book: Section


def _top(items: list[tuple], make, page) -> Section:
    """The page's rows of the (sort key..., payload) tuples as the page's items, and how many there are."""
    number = page_number(page, len(items))
    return Section(items=[make(item) for item in heapq.nsmallest(number * LIST_LIMIT, items)[_rows(number)]], total=len(items), number=number)


def _due_soon_horizon(today: date, rules: dl.DeadlineRules) -> date:
    """A deadline is due soon when its nearest date is at the latest this day (`rules.deadlines.deadline_state`)."""
    return add_working_days(today, rules.due_soon_working_days, extra_closed_days=rules.extra_closed_days)


def _lists_from_read_model(user, today: date, rules: dl.DeadlineRules, pages: Mapping) -> _Lists:
    """The lists from the read model: the page's rows of each and the counts, in SQL (seven queries whatever the
    numbers). The state of a deadline is worked out here from its dates and today: it changes overnight."""
    horizon = _due_soon_horizon(today, rules)
    # The rows hold only cases of the followed statuses, and what the window and the age test ask of the case.
    deadlines = OpenDeadline.objects.filter(**_own_or_team({"takeover_date__gte": today - timedelta(days=WORKLIST_WINDOW_DAYS)}, user),
                                            **_of_working_age(today, "birth_date"))
    # The nearest date alone decides the list: a deadline is overdue when its target or its legal limit has passed,
    # that is when the earlier of them (`nearest`) has. Ranges of one column, so the short lists are read from
    # their index (`models.OpenDeadline`) instead of from every row of the window.
    overdue, due_soon, later = Q(nearest__lt=today), Q(nearest__gte=today, nearest__lte=horizon), Q(nearest__gt=horizon)
    counts = deadlines.aggregate(overdue=Count("pk", filter=overdue), due_soon=Count("pk", filter=due_soon),
                                 later=Count("pk", filter=later), to_book=Count("pk", filter=Q(to_book=True)))
    fields = ("case_id", "kind", "target", "legal_limit", "nearest")

    def item(row, state, due):
        case_id, kind, target, legal_limit, _nearest = row
        return DeadlineItem(_CaseRef(case_id), kind, due, state, target, legal_limit)

    numbers = {key: page_number(pages.get(key), total) for key, total in counts.items()}
    # Overdue: the legal limit missed first, then the target missed; the legal limit is what matters now.
    overdue_rows = (deadlines.filter(overdue).annotate(legal_missed_first=models.Case(models.When(legal_limit__lt=today, then=0), default=1))
                    .order_by("legal_missed_first", Coalesce("legal_limit", "nearest"), "case_id", "position").values_list(*fields))
    later_order = ("nearest", "case_id", "position")
    due_soon_rows = deadlines.filter(due_soon).order_by(*later_order).values_list(*fields)
    later_rows = deadlines.filter(later).order_by(*later_order).values_list(*fields)
    # A meeting to book is shown with its target; one without (the arrival's day not recorded) comes as if due today.
    to_book = deadlines.filter(to_book=True).order_by(Coalesce("target", Value(today)), "case_id").values_list("case_id", "kind", "target")

    def section(key, rows, make):
        return Section([make(row) for row in rows[_rows(numbers[key])]], counts[key], numbers[key]) if counts[key] else Section([], 0)

    return _Lists(
        arrivals=_arrivals_this_week(user, today, pages.get("arrivals")),
        overdue=section("overdue", overdue_rows, lambda row: item(row, dl.RED if row[3] and row[3] < today else dl.AMBER, row[3] or row[4])),
        due_soon=section("due_soon", due_soon_rows, lambda row: item(row, dl.DUE_SOON, row[4])),
        later=section("later", later_rows, lambda row: item(row, dl.OK, row[4])),
        to_book=section("to_book", to_book, lambda row: MeetingToBook(_CaseRef(row[0]), MEETING_OF_DEADLINE[row[1]], row[2])),
    )


def _arrivals_this_week(user, today: date, page) -> Section:
    """The cases expected or arrived this week (the arrival, else the expected arrival, else the take-over)."""
    monday = monday_of(today)
    sunday = monday + timedelta(days=6)
    # The second filter follows from the first (a recorded arrival is the expected day): it lets the database find
    # the week's arrivals by their index instead of reading every case of the window with its referral.
    cases = (_worklist_cases_queryset(user, today)
             .annotate(expected=Coalesce("arrival_date", "household__referral__expected_arrival_on", "takeover_date"))
             .filter(Q(expected__gte=monday, expected__lte=sunday),
                     Q(arrival_date__gte=monday, arrival_date__lte=sunday) | Q(arrival_date__isnull=True)))
    # One query for the count and the page: a week's arrivals are a few hundred rows even at ten times Copenhagen
    # (the centre's intake), so reading them all costs less than counting them in a second query.
    week = list(cases.order_by("expected", "pk").values_list("pk", "expected"))
    number = page_number(page, len(week))
    return Section([(_CaseRef(pk), day) for pk, day in week[_rows(number)]], len(week), number)


def _lists_computed(user, today: date, rules: dl.DeadlineRules, pages: Mapping) -> _Lists:
    """The lists computed from the records of every case (`cases`), when the read model does not match today's
    deadline rules (until it is built again)."""
    deadlines = CaseDeadlines(rules)
    horizon = _due_soon_horizon(today, rules)
    monday = monday_of(today)
    sunday = monday + timedelta(days=6)
    order = {dl.RED: 0, dl.AMBER: 1}
    arrivals, overdue, due_soon, later, to_book = [], [], [], [], []
    # The meetings of the window's cases, the age test left out (it would join every person again): the few meetings
    # of cases outside working age are skipped by `case_rows`.
    rows = case_rows(_worklist_cases_queryset(user, today), Appointment.objects.filter(**_worklist_window(user, today, "case__")))
    # Each list holds plain tuples that sort as the page orders it (ties: the case, then the order of the deadlines);
    # only the first 50 of each become items.
    for case in rows:
        ref = _CaseRef(case.pk)
        expected = case.arrival_date or case.expected_arrival_on or case.takeover_date
        if expected and monday <= expected <= sunday:
            arrivals.append((expected, case.pk, ref))
        for dates in deadlines.open_dates(case):
            if dates.nearest is None:
                pass  # a meeting to book without a target yet (below)
            elif dates.legal_limit and today > dates.legal_limit or dates.target and today > dates.target:
                state = dl.RED if dates.legal_limit and today > dates.legal_limit else dl.AMBER
                overdue.append((order[state], dates.legal_limit or dates.nearest, case.pk, dates.position, dates.kind, state,
                                dates.target, dates.legal_limit, ref))
            elif dates.nearest <= horizon:
                due_soon.append((dates.nearest, case.pk, dates.position, dates.kind, dl.DUE_SOON, dates.target, dates.legal_limit, ref))
            else:
                later.append((dates.nearest, case.pk, dates.position, dates.kind, dl.OK, dates.target, dates.legal_limit, ref))
            if dates.to_book:
                to_book.append((dates.target or today, case.pk, MEETING_OF_DEADLINE[dates.kind], dates.target, ref))
    return _Lists(
        arrivals=_top(arrivals, lambda a: (a[2], a[0]), pages.get("arrivals")),
        overdue=_top(overdue, lambda d: DeadlineItem(d[8], d[4], d[1], d[5], d[6], d[7]), pages.get("overdue")),
        due_soon=_top(due_soon, lambda d: DeadlineItem(d[7], d[3], d[0], d[4], d[5], d[6]), pages.get("due_soon")),
        later=_top(later, lambda d: DeadlineItem(d[7], d[3], d[0], d[4], d[5], d[6]), pages.get("later")),
        to_book=_top(to_book, lambda m: MeetingToBook(m[4], m[2], m[3]), pages.get("to_book")),
    )


# The lists of the page, each paged on its own: the query parameter that holds a list's page.
SECTIONS = ("arrivals", "overdue", "due_soon", "later", "to_book", "move_on", "reviews", "integration_ending")


def worklist(*, user, today: date, pages: Mapping | None = None) -> Worklist:
    """Arrivals this week, deadlines, meetings to book and the weekly intake — a fixed number of queries. From the
    read model (`models.OpenDeadline`) when it was built with today's deadline rules; otherwise computed from every
    case's records while a background worker builds it again. `pages`: the page asked for of each list (`SECTIONS`)."""
    pages = pages or {}
    rules = deadline_rules()
    current = services.read_model_current()
    if not current:
        services.read_model_rebuild_queue()
        current = services.read_model_current()  # a worker that ran at once (the test suite's immediate backend) built it
    lists = _lists_from_read_model(user, today, rules, pages) if current else _lists_computed(user, today, rules, pages)
    intake, populations = weekly_intake(today=today)
    worklist = Worklist(
        today=today,
        scope="own" if user.role == roles.CASEWORKER else "team",
        arrivals=lists.arrivals,
        overdue=lists.overdue,
        due_soon=lists.due_soon,
        later=lists.later,
        to_book=lists.to_book,
        intake=intake,
        intake_populations=populations,
        move_on=move_on_candidates(today=today, page=pages.get("move_on")) if can(user, "manage_tenancies") else None,
        # That a review is due tells that the resident is vulnerable: only for those who keep these workflows.
        reviews=reviews_due(user=user, today=today, page=pages.get("reviews")) if can(user, "manage_vulnerable") else None,
        integration_ending=(integration_periods_ending(user=user, today=today, page=pages.get("integration_ending"))
                            if can(user, "manage_programme") else None),
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
