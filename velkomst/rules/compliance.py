"""Weekly compliance: planned hours against attended hours against the norm.

Pure Python (no Django). The app fetches a week's plan rows and attendance
rows for every participant in a fixed number of queries and hands the sums
to these functions, so the cost in queries does not grow with the caseload.

A flag says attendance was registered and is too low; it never reads a
missing registration as absence. An activity counts against attendance in a
week only when attendance for that activity was registered that week (a
teacher registers a whole session's roster, a consultant a placement's week):
a welcome class with no class to register on, or a Danish class not yet
registered, raises no flag. A participant with nothing registered at all is
shown as such (``NOT_REGISTERED``), in neutral terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from velkomst.lib.dates import monday_of

RED = "red"  # attended less than planned two weeks running
AMBER = "amber"  # attended less than planned last week
NOT_REGISTERED = "not_registered"  # something planned, no attendance registered in the weeks looked at: neutral
# The states that are a flag (counted, listed as flagged); NOT_REGISTERED is not one.
FLAGS = (RED, AMBER)
# Half an hour of slack: a late bus is not a compliance problem.
TOLERANCE_HOURS = 0.5


@dataclass(frozen=True)
class WeekCompliance:
    """``norm`` is None in a week the programme's norm does not hold (an ordinary job: ``rules.programme.weekly_norm``).
    ``expected`` is the planned hours of the activities whose attendance was registered that week; ``registered`` says
    whether any attendance was registered at all."""

    week_start: date
    planned: float
    attended: float
    norm: float | None
    expected: float
    registered: bool

    @property
    def below_plan(self) -> bool:
        """Registered attendance below what was planned for the registered activities."""
        return self.registered and self.attended + TOLERANCE_HOURS < self.expected

    @property
    def not_registered(self) -> bool:
        """Something was planned and nothing registered: not known, not absent."""
        return not self.registered and self.planned > 0

    @property
    def partly_registered(self) -> bool:
        """Some planned activities had no attendance registered; they are left out of the comparison."""
        return self.registered and self.expected + TOLERANCE_HOURS < self.planned

    @property
    def plan_below_norm(self) -> bool:
        return self.norm is not None and self.planned + TOLERANCE_HOURS < self.norm


def weekly_compliance(planned: float, attended: float, norm: float | None, *, week_start: date, expected: float | None = None,
                      registered: bool = True) -> WeekCompliance:
    """One week of one citizen; ``expected`` defaults to all of ``planned`` (every activity registered). Negative hours
    are refused."""
    expected = planned if expected is None else expected
    if planned < 0 or attended < 0 or expected < 0 or (norm is not None and norm < 0):
        raise ValueError("Hours cannot be negative")
    return WeekCompliance(week_start=week_start, planned=round(planned, 2), attended=round(attended, 2), norm=norm,
                          expected=round(expected, 2), registered=registered)


def week_from_rows(rows: Iterable[PlanRow], week_start: date, attended_by_kind: Mapping[str, float], norm: float | None) -> WeekCompliance:
    """One week from the stored plan rows and the hours attended per activity kind that week (a kind is present when
    attendance for it was registered, even with 0 hours: absent is registered). Only the activities registered that
    week are held against attendance."""
    rows = list(rows)
    registered_kinds = set(attended_by_kind)
    return weekly_compliance(
        planned_hours(rows, week_start), sum(attended_by_kind.values()), norm, week_start=week_start,
        expected=planned_hours([r for r in rows if r.kind in registered_kinds], week_start), registered=bool(registered_kinds),
    )


def flag(weeks: Sequence[WeekCompliance]) -> str | None:
    """RED when the last two weeks were both below plan, AMBER when only the
    last one was; NOT_REGISTERED when something was planned but no attendance
    was registered in any of the weeks; else None. ``weeks`` are in date order,
    oldest first."""
    if weeks and not any(w.registered for w in weeks) and any(w.planned > 0 for w in weeks):
        return NOT_REGISTERED
    if not weeks or not weeks[-1].below_plan:
        return None
    if len(weeks) >= 2 and weeks[-2].below_plan:
        return RED
    return AMBER


def last_complete_weeks(today: date, count: int) -> list[date]:
    """The Mondays of the ``count`` weeks before the current one, oldest first."""
    this_monday = monday_of(today)
    return [this_monday - timedelta(weeks=n) for n in range(count, 0, -1)]


@dataclass(frozen=True)
class PlanRow:
    """One planned activity as stored: a weekday and times, valid between two dates; ``kind`` is its activity."""

    weekday: int
    start: time
    end: time
    valid_from: date
    valid_to: date | None
    kind: str = ""


def _hours(start: time, end: time) -> float:
    return ((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) / 60


def planned_hours(rows: Iterable[PlanRow], week_start: date) -> float:
    """Hours planned in the week starting ``week_start`` (a Monday): each row
    counts on its weekday's date when that date is within its validity.
    Overlapping time on one day counts once, as in ``rules.check_week``."""
    by_day: dict[int, list[tuple[int, int]]] = {}
    for row in rows:
        day = week_start + timedelta(days=row.weekday)
        if row.valid_from <= day and (row.valid_to is None or day <= row.valid_to):
            by_day.setdefault(row.weekday, []).append(
                (row.start.hour * 60 + row.start.minute, row.end.hour * 60 + row.end.minute)
            )
    minutes = 0
    for spans in by_day.values():
        covered_until = 0
        for start, end in sorted(spans):
            start = max(start, covered_until)
            if end > start:
                minutes += end - start
            covered_until = max(covered_until, end)
    return minutes / 60
