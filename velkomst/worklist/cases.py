"""A case's deadlines as the worklist reads them from the records of five apps: the case's take-over and arrival,
its welcome and contract meetings, and the days the Danish education, the first placement and the first job began.

One home for this reading: the read model is built from it (`services`), and so are the lists when the read model
does not match today's deadline rules (`selectors`). Plain tuples, not model instances: it reads thousands of cases.
"""
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from velkomst.companies.models import Placement
from velkomst.education.models import LearnerPlacement
from velkomst.people.models import CaseStatus
from velkomst.programme.models import Employment
from velkomst.reception.models import Appointment
from velkomst.rules import deadlines as dl

# The kinds in `deadlines_for`'s order: a deadline's position in this tuple orders a case's deadlines in the lists.
KINDS = (dl.WELCOME_MEETING, dl.CONTRACT_MEETING, dl.DANISH_EDUCATION_REFERRAL, dl.FIRST_COMPANY_OFFER, dl.PROGRAMME_START)
BOOKED = (Appointment.Status.PLANNED, Appointment.Status.COMPLETED)


@dataclass(frozen=True)
class Meeting:
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
class CaseRow:
    """One case as the worklist reads it: the fields the deadlines need, its meetings, its offer dates."""

    pk: int
    person_id: int
    status: str
    caseworker_id: int | None
    birth_date: date | None
    takeover_date: date
    arrival_date: date | None
    expected_arrival_on: date | None
    danish_education_on: date | None
    first_placement_on: date | None
    first_job_on: date | None
    appointments: list = field(default_factory=list)

    # Read by both `meeting_to_book` and `CaseDeadlines.open_dates`: worked out once (the meetings are read before).
    @cached_property
    def welcome(self) -> Meeting | None:
        return latest_meeting(self.appointments, Appointment.Kind.WELCOME)

    @cached_property
    def contract(self) -> Meeting | None:
        return latest_meeting(self.appointments, Appointment.Kind.CONTRACT)


def case_rows(cases, meetings) -> list[CaseRow]:
    """`cases` (a queryset of cases) as rows in take-over order, with `meetings` (a queryset of meetings that holds
    theirs; cancelled ones are left out here, and those of other cases skipped): two queries."""
    rows = {
        row[0]: CaseRow(*row)
        for row in with_offer_dates(cases).order_by("takeover_date", "id").values_list(
            "pk", "person_id", "status", "caseworker_id", "person__birth_date", "takeover_date", "arrival_date", "household__referral__expected_arrival_on",
            "danish_education_on", "first_placement_on", "first_job_on")
    }
    meetings = (meetings.exclude(status=Appointment.Status.CANCELLED).order_by("starts_at", "id")
                .values_list("case_id", "kind", "status", "starts_at", "contract_signed_on", "programme_start_on"))
    for case_id, *meeting in meetings:
        if case_id in rows:
            rows[case_id].appointments.append(Meeting(*meeting))
    return list(rows.values())


def with_offer_dates(cases):
    """The days the education and company modules recorded the offers the law sets deadlines for:
    the start of Danish education, and the first company placement or job (whichever came first)."""
    def first(model, day: str):
        return Subquery(model.objects.filter(case=OuterRef("pk")).order_by(day).values(day)[:1])

    return cases.annotate(danish_education_on=first(LearnerPlacement, "started_on"),
                          first_placement_on=first(Placement, "starts_on"), first_job_on=first(Employment, "started_on"))


def latest_meeting(appointments: list, kind: str) -> Meeting | None:
    """The meeting of that kind that counts: a completed one, else a booked one, else one to book."""
    of_kind = [a for a in appointments if a.kind == kind and a.status != Appointment.Status.MISSED]
    for status in (Appointment.Status.COMPLETED, Appointment.Status.PLANNED, Appointment.Status.REQUIRED):
        found = [a for a in of_kind if a.status == status]
        if found:
            return found[-1]
    return None


@dataclass(frozen=True)
class OpenDates:
    """A deadline not yet done, with its dates; `position`: its place in `KINDS`. `to_book`: its meeting is to be
    booked (the welcome meeting of an arrived case, else its contract meeting, when none is booked or held)."""

    kind: str
    position: int
    target: date | None
    legal_limit: date | None
    to_book: bool = False

    @property
    def nearest(self) -> date | None:
        return min((d for d in (self.target, self.legal_limit) if d), default=None)


def meeting_to_book(case: CaseRow) -> str | None:
    """The deadline kind of the meeting an arrived case is to have booked next, if any."""
    if case.status != CaseStatus.ARRIVED:
        return None
    welcome, contract = case.welcome, case.contract
    if not welcome or welcome.status not in BOOKED:
        return dl.WELCOME_MEETING
    if not contract or contract.status not in BOOKED:
        return dl.CONTRACT_MEETING
    return None


class CaseDeadlines:
    """The open deadlines of many cases. They depend only on a case's take-over and arrival, its booked contract
    meeting, the days its steps were done and the meeting it is to have booked: cases alike in these share one
    computation (thousands of cases share a few hundred such keys)."""

    def __init__(self, rules: dl.DeadlineRules):
        self.rules, self._open = rules, {}

    def open_dates(self, case: CaseRow) -> list[OpenDates]:
        """Each deadline of the case not yet done that has a date (a target counted from an arrival that has not
        happened has none yet), and the meeting to book even when it has no date (an arrival whose day is not
        recorded)."""
        welcome, contract = case.welcome, case.contract
        booked_contract = contract.day if contract and contract.status != Appointment.Status.REQUIRED else None
        done = {
            dl.WELCOME_MEETING: welcome.day if welcome and welcome.status == Appointment.Status.COMPLETED else None,
            dl.CONTRACT_MEETING: ((contract.contract_signed_on or contract.day)
                                  if contract and contract.status == Appointment.Status.COMPLETED else None),
            dl.PROGRAMME_START: contract.programme_start_on if contract and contract.programme_start_on else None,
            dl.DANISH_EDUCATION_REFERRAL: case.danish_education_on,
            dl.FIRST_COMPANY_OFFER: min((d for d in (case.first_placement_on, case.first_job_on) if d), default=None),
        }
        to_book = meeting_to_book(case)
        key = (case.takeover_date, case.arrival_date, booked_contract, tuple(done[kind] is not None for kind in KINDS), to_book)
        found = self._open.get(key)
        if found is None:
            deadlines = dl.deadlines_for(takeover=case.takeover_date, arrival=case.arrival_date,
                                         contract_meeting=booked_contract, rules=self.rules)
            # A meeting to book is not held, so its deadline is open.
            found = [OpenDates(deadline.kind, position, deadline.target, deadline.legal_limit, deadline.kind == to_book)
                     for position, deadline in enumerate(deadlines)
                     if done[deadline.kind] is None and (deadline.target or deadline.legal_limit or deadline.kind == to_book)]
            self._open[key] = found
        return found
