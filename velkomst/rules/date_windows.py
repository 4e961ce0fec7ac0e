"""Which dates each kind of field may hold, counted from today: one rule per kind, for every form, import and API.

A birth date lies in the past (nobody is over 120); a referral decision in the last 20 years (the go-live import
brings old cases) and at most a month ahead; an event that has happened (arrival, move-in, attendance, a test)
in the last 20 years and not after today; a planned date (a meeting, a move-in day, a plan's week, a room blocked
until) within a year back and two years ahead; a recorded date that may lie either side of today (a job's or a
placement's start, a take-over) in the last 20 years or the next two; a history (residence and work periods) back
100 years; an expiry (a residence permit) up to ten years ahead. Outside the calendar the working days are known
for (1900-2099) no date is accepted at all.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from velkomst.lib.dates import add_years

CALENDAR = (date(1900, 1, 1), date(2099, 12, 31))


@dataclass(frozen=True)
class Window:
    years_back: int
    days_forward: int


BIRTH = "birth"
DECISION = "decision"
EVENT = "event"
PLANNED = "planned"
RECORD = "record"
HISTORY = "history"
EXPIRY = "expiry"

WINDOWS = {
    BIRTH: Window(years_back=120, days_forward=0),
    DECISION: Window(years_back=20, days_forward=31),
    EVENT: Window(years_back=20, days_forward=0),
    PLANNED: Window(years_back=1, days_forward=2 * 366),
    RECORD: Window(years_back=20, days_forward=2 * 366),
    HISTORY: Window(years_back=100, days_forward=0),
    EXPIRY: Window(years_back=20, days_forward=10 * 366),
}


def window(kind: str, today: date) -> tuple[date, date]:
    """The first and last day a field of this kind may hold on ``today``."""
    rule = WINDOWS[kind]
    earliest = max(add_years(today, -rule.years_back), CALENDAR[0])
    latest = min(today + timedelta(days=rule.days_forward), CALENDAR[1])
    return earliest, latest


def in_window(kind: str, day: date, today: date) -> bool:
    earliest, latest = window(kind, today)
    return earliest <= day <= latest
