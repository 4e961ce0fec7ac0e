"""The back-test's arithmetic: a forecast made as of a past day against what then happened, week by week.

Pure code (numpy, no Django): `inputs.backtest` reads the data and calls :func:`compare`.

For each kind of free capacity and each week after the forecast's day we have the forecast's 10 %, 50 % and 90 %
figures and the actual number on that day. The week is *inside the band* when p10 <= actual <= p90. The error is
|median - actual|; a kind's **median absolute error** is the median of those errors over the weeks. An honest
10–90 % band holds the actual in about 80 % of the weeks.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

#: The kinds of free capacity the back-test compares (the forecast's metrics of the same names).
KINDS: tuple[str, ...] = ("empty_rooms", "shared_beds_F", "shared_beds_M")
#: Shown beside them, not counted in the verdict.
ALSO: tuple[str, ...] = ("free_beds", "persons")
#: The share of weeks inside the band that an honest 10–90 % band should reach.
TARGET = 0.8


@dataclass(frozen=True)
class Week:
    week: int
    day: date
    p10: int
    median: int
    p90: int
    actual: int

    @property
    def inside(self) -> bool:
        return self.p10 <= self.actual <= self.p90

    @property
    def error(self) -> int:
        return abs(self.median - self.actual)


@dataclass(frozen=True)
class KindResult:
    kind: str
    weeks: tuple[Week, ...]

    @property
    def inside(self) -> int:
        return sum(w.inside for w in self.weeks)

    @property
    def share_inside(self) -> float:
        return self.inside / len(self.weeks) if self.weeks else 0.0

    @property
    def median_absolute_error(self) -> float:
        return float(np.median([w.error for w in self.weeks])) if self.weeks else 0.0


@dataclass(frozen=True)
class Origin:
    """One forecast made as of ``day`` and compared over the weeks up to the back-test's end."""

    day: date
    weeks_back: int
    kinds: Mapping[str, KindResult]


def compare(days: Sequence[date], bands: Mapping[str, tuple[Sequence[int], Sequence[int], Sequence[int]]],
            actual: Mapping[str, Sequence[int]]) -> dict[str, KindResult]:
    """Week w (1-based) of the forecast is compared with the actual on ``days[w - 1]``.

    ``bands[kind]`` = (p10, median, p90) per forecast week (at least ``len(days)`` of them); ``actual[kind]`` one
    number per day.
    """
    out = {}
    for kind, (lo, mid, hi) in bands.items():
        values = actual[kind]
        if len(values) != len(days) or min(len(lo), len(mid), len(hi)) < len(days):
            raise ValueError(f"{kind}: give one actual per day and a forecast for each of the {len(days)} weeks")
        out[kind] = KindResult(kind, tuple(
            Week(w + 1, day, int(lo[w]), int(mid[w]), int(hi[w]), int(values[w])) for w, day in enumerate(days)
        ))
    return out


def pooled(origins: Sequence[Origin], kind: str) -> tuple[int, int, float]:
    """(weeks inside the band, weeks compared, median absolute error) of a kind over every origin."""
    weeks = [w for o in origins for w in o.kinds[kind].weeks]
    inside = sum(w.inside for w in weeks)
    return inside, len(weeks), float(np.median([w.error for w in weeks])) if weeks else 0.0


def verdict(origins: Sequence[Origin], kinds: Sequence[str] = KINDS, target: float = TARGET) -> dict[str, bool]:
    """Per kind: did the actual lie inside the band in at least ``target`` of the back-tested weeks?"""
    out = {}
    for kind in kinds:
        inside, weeks, _mae = pooled(origins, kind)
        out[kind] = bool(weeks) and inside / weeks >= target
    return out
