"""Take-over dates and the deadlines that follow from them.

The numbers here are the centre's targets and the legal limits as of
November 2026 (see DOMAIN.md). They live in ``DeadlineRules`` so that a change
in law or local practice is a change of configuration, not of code.

Legal limits are calendar dates as computed (a limit that falls on a Sunday
stays on that Sunday): the centre should act before it, not after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from velkomst.lib.dates import add_months, monday_of
from velkomst.lib.workdays import add_working_days, next_working_day_on_or_after
from velkomst.rules.populations import REFUGEE, UKRAINIAN, UNKNOWN_POPULATION

# The integration period: the centre follows a citizen for five years after the take-over.
INTEGRATION_PERIOD_YEARS = 5

# Deadline kinds
WELCOME_MEETING = "welcome_meeting"
CONTRACT_MEETING = "contract_meeting"
DANISH_EDUCATION_REFERRAL = "danish_education_referral"
FIRST_COMPANY_OFFER = "first_company_offer"
PROGRAMME_START = "programme_start"

# Deadline states, from best to worst
DONE = "done"
OK = "ok"
DUE_SOON = "due_soon"
AMBER = "amber"  # the centre's target is missed
RED = "red"  # the legal limit is missed


@dataclass(frozen=True)
class DeadlineRules:
    """The centre's targets and the legal limits, in one place."""

    # The special act: the municipality takes over a displaced Ukrainian at the latest
    # 15 working days after the referral decision.
    ukrainian_takeover_working_days: int = 15
    # A refugee passes at the end of the first full month after the decision,
    # i.e. on the 1st of the second month after the decision's month.
    refugee_takeover_months_after_decision_month: int = 2

    # Targets: the centre's own practice, counted from arrival.
    welcome_meeting_working_days_after_arrival: int = 5
    contract_meeting_working_days_after_arrival: int = 10
    # By law, counted from take-over.
    contract_meeting_limit_months_after_takeover: int = 1
    danish_education_referral_limit_months_after_takeover: int = 1
    # By law: "if possible within 2 weeks, at the latest 1 month".
    first_company_offer_target_days_after_takeover: int = 14
    first_company_offer_limit_months_after_takeover: int = 1
    # The programme starts at the beginning of the week after the contract meeting.
    programme_start_weeks_after_contract_meeting: int = 1
    # How close a due date must be before it is flagged.
    due_soon_working_days: int = 3
    # Grundlovsdag, 24 and 31 December closed (settings.WORKDAYS_EXTRA_CLOSED_DAYS).
    extra_closed_days: bool = True


DEFAULT_RULES = DeadlineRules()


def takeover_date(population: str, decision_date: date, *, rules: DeadlineRules = DEFAULT_RULES) -> date:
    """The day the municipality takes over responsibility after a referral decision.

    A displaced Ukrainian: 15 working days after the decision (a decision on
    a Monday gives the Monday three weeks later when no holiday falls
    between). A refugee: the 1st of the second month after the decision's
    month (15 May -> 1 July), moved to the next working day when that is a
    weekend or holiday.
    """
    if population == UKRAINIAN:
        return add_working_days(decision_date, rules.ukrainian_takeover_working_days, extra_closed_days=rules.extra_closed_days)
    if population == REFUGEE:
        first_of_month = add_months(decision_date.replace(day=1), rules.refugee_takeover_months_after_decision_month)
        return next_working_day_on_or_after(first_of_month, extra_closed_days=rules.extra_closed_days)
    raise ValueError(UNKNOWN_POPULATION.format(population=population))


@dataclass(frozen=True)
class Deadline:
    kind: str
    target: date | None
    legal_limit: date | None


def programme_start(contract_meeting: date, *, rules: DeadlineRules = DEFAULT_RULES) -> date:
    """The first working day of the week after the contract meeting (usually
    that Monday; the Tuesday after Easter or Whit Monday)."""
    monday = monday_of(contract_meeting) + timedelta(weeks=rules.programme_start_weeks_after_contract_meeting)
    return next_working_day_on_or_after(monday, extra_closed_days=rules.extra_closed_days)


def deadlines_for(
    *,
    takeover: date,
    arrival: date | None,
    contract_meeting: date | None,
    rules: DeadlineRules = DEFAULT_RULES,
) -> list[Deadline]:
    """The deadlines of one citizen's first month, always the same kinds in
    the same order; a date is None while what it depends on is unknown
    (targets counted from arrival before the citizen has arrived; the
    programme start before the contract meeting is booked)."""
    return [
        Deadline(
            kind=WELCOME_MEETING,
            target=_working_days_after(arrival, rules.welcome_meeting_working_days_after_arrival, rules),
            legal_limit=None,
        ),
        Deadline(
            kind=CONTRACT_MEETING,
            target=_working_days_after(arrival, rules.contract_meeting_working_days_after_arrival, rules),
            legal_limit=add_months(takeover, rules.contract_meeting_limit_months_after_takeover),
        ),
        Deadline(
            kind=DANISH_EDUCATION_REFERRAL,
            target=None,
            legal_limit=add_months(takeover, rules.danish_education_referral_limit_months_after_takeover),
        ),
        Deadline(
            kind=FIRST_COMPANY_OFFER,
            target=takeover + timedelta(days=rules.first_company_offer_target_days_after_takeover),
            legal_limit=add_months(takeover, rules.first_company_offer_limit_months_after_takeover),
        ),
        Deadline(
            kind=PROGRAMME_START,
            target=programme_start(contract_meeting, rules=rules) if contract_meeting else None,
            legal_limit=None,
        ),
    ]


def _working_days_after(day: date | None, n: int, rules: DeadlineRules) -> date | None:
    return add_working_days(day, n, extra_closed_days=rules.extra_closed_days) if day else None


def deadline_state(
    deadline: Deadline,
    *,
    done_on: date | None,
    today: date,
    rules: DeadlineRules = DEFAULT_RULES,
) -> str:
    """One of "done", "ok", "due_soon", "amber" (target missed) or "red"
    (legal limit missed).

    The worst state wins: once the target is missed the deadline is amber
    even if the legal limit is near. "due_soon" means the nearest date falls
    within ``rules.due_soon_working_days`` working days from today, today
    included.
    """
    if done_on is not None:
        return DONE
    if deadline.legal_limit is not None and today > deadline.legal_limit:
        return RED
    if deadline.target is not None and today > deadline.target:
        return AMBER
    due_dates = [d for d in (deadline.target, deadline.legal_limit) if d is not None]
    if due_dates and min(due_dates) <= add_working_days(today, rules.due_soon_working_days, extra_closed_days=rules.extra_closed_days):
        return DUE_SOON
    return OK
