"""Weekly compliance: planned hours against attended hours against the norm.

Pure Python (no Django). The app fetches a week's plan rows and attendance
rows for every participant in a fixed number of queries and hands the sums
to these functions, so the cost in queries does not grow with the caseload.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from velkomst.lib.dates import monday_of

RED = "red"  # attended less than planned two weeks running
AMBER = "amber"  # attended less than planned last week
# Half an hour of slack: a late bus is not a compliance problem.
TOLERANCE_HOURS = 0.5


@dataclass(frozen=True)
class WeekCompliance:
    week_start: date
    planned: float
    attended: float
    norm: float

    @property
    def below_plan(self) -> bool:
        return self.attended + TOLERANCE_HOURS < self.planned

    @property
    def plan_below_norm(self) -> bool:
        return self.planned + TOLERANCE_HOURS < self.norm


def weekly_compliance(planned: float, attended: float, norm: float, *, week_start: date) -> WeekCompliance:
    """One week of one citizen. Negative hours are refused."""
    if planned < 0 or attended < 0 or norm < 0:
        raise ValueError("Hours cannot be negative")
    return WeekCompliance(week_start=week_start, planned=round(planned, 2), attended=round(attended, 2), norm=norm)


def flag(weeks: Sequence[WeekCompliance]) -> str | None:
    """RED when the last two weeks were both below plan, AMBER when only the
    last one was, else None. ``weeks`` are in date order, oldest first."""
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
    """One planned activity as stored: a weekday and times, valid between two dates."""

    weekday: int
    start: time
    end: time
    valid_from: date
    valid_to: date | None


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
