"""Rules of the introduction programme: the work obligation, weekly hours and
the legal length of company placements.

Numbers that the law sets live in frozen dataclasses (``WorkObligationRules``,
``HoursRules``) so a change in law is a change of configuration.

Findings carry a ``code`` and ``params`` for the app to translate, and an
English ``message`` built from templates in ``MESSAGES``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum

from velkomst.lib.dates import add_months
from velkomst.rules.populations import REFUGEE, UKRAINIAN, UNKNOWN_POPULATION

# --- the 37-hour work obligation (arbejdspligt) ------------------------------


@dataclass(frozen=True)
class WorkObligationRules:
    """Who is exempt: both residence and work within the last 10 years."""

    min_residence_years: float = 9
    min_fulltime_work_hours: float = 4810  # 2½ years of full-time work


DEFAULT_WORK_OBLIGATION_RULES = WorkObligationRules()

RESIDENCE_OUT_OF_RANGE = "Residence in the last 10 years must be between 0 and 10 years"
NEGATIVE_WORK_HOURS = "Hours of full-time work cannot be negative"


def work_obligation_applies(
    population: str,
    residence_years_last_10: float,
    fulltime_work_hours_last_10: float,
    *,
    rules: WorkObligationRules = DEFAULT_WORK_OBLIGATION_RULES,
) -> bool:
    """Whether the 37-hour work obligation applies.

    It applies to refugees (family-reunified persons included) unless they
    meet BOTH conditions: 9 of the last 10 years' residence and 4,810 hours
    of full-time work in the last 10 years. Displaced Ukrainians under the
    special act are not covered.
    """
    if population not in (UKRAINIAN, REFUGEE):
        raise ValueError(UNKNOWN_POPULATION.format(population=population))
    if not 0 <= residence_years_last_10 <= 10:
        raise ValueError(RESIDENCE_OUT_OF_RANGE)
    if fulltime_work_hours_last_10 < 0:
        raise ValueError(NEGATIVE_WORK_HOURS)
    if population == UKRAINIAN:
        return False
    exempt = (
        residence_years_last_10 >= rules.min_residence_years
        and fulltime_work_hours_last_10 >= rules.min_fulltime_work_hours
    )
    return not exempt


# --- weekly hours ----------------------------------------------------------------


@dataclass(frozen=True)
class HoursRules:
    norm_hours_ukrainian: float = 30  # the law says "up to 30"; the centre plans 30
    norm_hours_work_obligation: float = 37
    # Refugees and LAB citizens not under the work obligation: the centre plans 30 as well.
    norm_hours_other: float = 30
    # A week with a company placement may go above a 30-hour norm, up to this.
    max_hours_with_company_activity: float = 37
    # Internships by readiness (DOMAIN.md, the journey, step 7). A job-ready citizen's job internship, and a company
    # internship outside the programme, follow the law's 4 weeks; the centre's practice for programme participants gives
    # a job-ready newcomer a 13-week company internship (the presentation's Oksana) without an exception.
    internship_weeks_job_ready: int = 4
    internship_weeks_activity_ready: int = 13
    company_internship_weeks_job_ready_in_programme: int = 13
    wage_subsidy_months_private: int = 6
    wage_subsidy_months_public: int = 4
    welcome_class_weeks: int = 2


DEFAULT_HOURS_RULES = HoursRules()


class ActivityKind(StrEnum):
    WELCOME_CLASS = "welcome_class"
    SECTOR_CLASS = "sector_class"
    DANISH_EDUCATION = "danish_education"
    COMPANY_INTERNSHIP = "company_internship"
    JOB_INTERNSHIP = "job_internship"
    WAGE_SUBSIDY = "wage_subsidy"
    ORDINARY_JOB = "ordinary_job"
    UTILITY_WORK = "utility_work"
    JOB_SEARCH = "job_search"
    MEETING = "meeting"
    TREATMENT = "treatment"
    TRANSPORT = "transport"


ACTIVITY_LABELS = {
    ActivityKind.WELCOME_CLASS: "welcome class",
    ActivityKind.SECTOR_CLASS: "sector class",
    ActivityKind.DANISH_EDUCATION: "Danish education",
    ActivityKind.COMPANY_INTERNSHIP: "company internship",
    ActivityKind.JOB_INTERNSHIP: "job internship",
    ActivityKind.WAGE_SUBSIDY: "wage subsidy job",
    ActivityKind.ORDINARY_JOB: "ordinary job",
    ActivityKind.UTILITY_WORK: "utility work",
    ActivityKind.JOB_SEARCH: "job search",
    ActivityKind.MEETING: "meeting",
    ActivityKind.TREATMENT: "treatment",
    ActivityKind.TRANSPORT: "transport",
}

# Company-oriented activities: a week with one of these may exceed a 30-hour norm.
COMPANY_ORIENTED = frozenset(
    {ActivityKind.COMPANY_INTERNSHIP, ActivityKind.JOB_INTERNSHIP, ActivityKind.WAGE_SUBSIDY, ActivityKind.ORDINARY_JOB}
)

# Spelt out rather than taken from ``calendar``, whose names follow the process locale.
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_ACTIVITY_KINDS = frozenset(kind.value for kind in ActivityKind)

UNKNOWN_ACTIVITY = "Unknown activity type: {kind}"
BAD_WEEKDAY = "The weekday must be 0 (Monday) to 6 (Sunday)"
ENDS_BEFORE_START = "An activity must end after it starts"


@dataclass(frozen=True)
class PlannedActivity:
    kind: str
    weekday: int  # 0 = Monday … 6 = Sunday, as date.weekday()
    start: time
    end: time

    def __post_init__(self) -> None:
        if self.kind not in _ACTIVITY_KINDS:
            raise ValueError(UNKNOWN_ACTIVITY.format(kind=self.kind))
        if not 0 <= self.weekday <= 6:
            raise ValueError(BAD_WEEKDAY)
        if self.end <= self.start:
            raise ValueError(ENDS_BEFORE_START)

    @property
    def start_minute(self) -> int:
        return _minute_of_day(self.start)

    @property
    def end_minute(self) -> int:
        return _minute_of_day(self.end)


def _minute_of_day(moment: time) -> int:
    return moment.hour * 60 + moment.minute


UNDER_NORM = "under_norm"
OVER_NORM = "over_norm"
OVERLAP = "overlap"
PLACEMENT_TOO_LONG = "placement_too_long"

MESSAGES = {
    UNDER_NORM: "The week has {planned} hours planned; the norm is {norm} hours.",
    OVER_NORM: "The week has {planned} hours planned; at most {limit} hours are allowed.",
    OVERLAP: "On {weekday} the {first} ({first_time}) overlaps the {second} ({second_time}).",
    PLACEMENT_TOO_LONG: "A {kind} {condition} may last at most {limit}; this one ends on {end}, "
    "so it must end by {latest_end}.",
}


@dataclass(frozen=True)
class Finding:
    """Something a caseworker should look at. ``params`` hold raw values
    (numbers, dates, times) for translation; ``message`` is the English text."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict, hash=False)
    message: str = ""


def _finding(code: str, params: dict[str, object], **display: object) -> Finding:
    return Finding(code=code, params=params, message=MESSAGES[code].format(**display))


def _hours_text(hours: float) -> str:
    """30.0 -> "30", 29.5 -> "29.5"."""
    return f"{hours:g}"


def _time_range_text(activity: PlannedActivity) -> str:
    return f"{activity.start:%H:%M}–{activity.end:%H:%M}"


def _date_text(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def check_week(
    plan: list[PlannedActivity],
    *,
    norm_hours: float | None,
    rules: HoursRules = DEFAULT_HOURS_RULES,
) -> list[Finding]:
    """Findings for one planned week: overlapping activities, and too few or
    too many hours. With ``norm_hours`` None (a week the norm does not hold:
    ``weekly_norm``) only the overlaps are checked.

    Hours are the time covered by activities, so overlapping time counts once.
    Above the norm is allowed when the week has a company placement, up to
    ``rules.max_hours_with_company_activity``; with an ordinary job there is
    no upper limit (the job's hours are the employer's, not the programme's).
    """
    findings = _overlaps(plan)
    planned_minutes = sum(_covered_minutes(day_plan) for day_plan in _by_weekday(plan).values())
    planned_hours = planned_minutes / 60
    if norm_hours is None:
        return findings
    if planned_minutes < norm_hours * 60:
        findings.append(
            _finding(
                UNDER_NORM,
                {"planned": planned_hours, "norm": norm_hours},
                planned=_hours_text(planned_hours),
                norm=_hours_text(norm_hours),
            )
        )
    limit = _hours_limit(plan, norm_hours=norm_hours, rules=rules)
    if limit is not None and planned_minutes > limit * 60:
        findings.append(
            _finding(
                OVER_NORM,
                {"planned": planned_hours, "limit": limit},
                planned=_hours_text(planned_hours),
                limit=_hours_text(limit),
            )
        )
    return findings


def _hours_limit(plan: Iterable[PlannedActivity], *, norm_hours: float, rules: HoursRules) -> float | None:
    kinds = {activity.kind for activity in plan}
    if ActivityKind.ORDINARY_JOB in kinds:
        return None
    if kinds & COMPANY_ORIENTED:
        return max(norm_hours, rules.max_hours_with_company_activity)
    return norm_hours


def _by_weekday(plan: Iterable[PlannedActivity]) -> dict[int, list[PlannedActivity]]:
    days: dict[int, list[PlannedActivity]] = {}
    for activity in sorted(plan, key=lambda a: (a.weekday, a.start, a.end)):
        days.setdefault(activity.weekday, []).append(activity)
    return days


def _covered_minutes(day_plan: list[PlannedActivity]) -> int:
    """Minutes covered by a day's activities (sorted by start), overlaps counted once."""
    covered = 0
    covered_until = 0
    for activity in day_plan:
        start = max(activity.start_minute, covered_until)
        if activity.end_minute > start:
            covered += activity.end_minute - start
        covered_until = max(covered_until, activity.end_minute)
    return covered


def _overlaps(plan: Iterable[PlannedActivity]) -> list[Finding]:
    """One finding per overlapping pair; back-to-back activities (one ends at
    10:00, the next starts at 10:00) do not overlap."""
    findings = []
    for weekday, day_plan in _by_weekday(plan).items():
        for i, first in enumerate(day_plan):
            for second in day_plan[i + 1 :]:
                if second.start >= first.end:
                    break  # sorted by start: no later activity overlaps ``first`` either
                findings.append(_overlap_finding(weekday, first, second))
    return findings


def _overlap_finding(weekday: int, first: PlannedActivity, second: PlannedActivity) -> Finding:
    return _finding(
        OVERLAP,
        {"weekday": weekday, "first": first, "second": second},
        weekday=WEEKDAY_NAMES[weekday],
        first=ACTIVITY_LABELS[first.kind],
        first_time=_time_range_text(first),
        second=ACTIVITY_LABELS[second.kind],
        second_time=_time_range_text(second),
    )


# --- placement length ----------------------------------------------------------------

JOB_READY = "job_ready"
ACTIVITY_READY = "activity_ready"
PRIVATE = "private"
PUBLIC = "public"

INTERNSHIP_KINDS = frozenset({ActivityKind.COMPANY_INTERNSHIP, ActivityKind.JOB_INTERNSHIP})

READINESS_NEEDED = "Say whether the citizen is job-ready or activity-ready to check the length of an internship"
SECTOR_NEEDED = "Say whether the employer is private or public to check the length of a wage subsidy job"
PLACEMENT_ENDS_BEFORE_START = "A placement must end on or after the day it starts"

_READINESS_TEXT = {JOB_READY: "for a job-ready citizen", ACTIVITY_READY: "for an activity-ready citizen"}
_SECTOR_TEXT = {PRIVATE: "with a private employer", PUBLIC: "with a public employer"}


WEEKS = "weeks"
MONTHS = "months"


@dataclass(frozen=True)
class PlacementLimit:
    """The longest a placement may last: ``amount`` weeks or months of calendar time."""

    amount: int
    unit: str  # WEEKS or MONTHS

    def latest_end(self, start: date) -> date:
        """The last day a placement starting on ``start`` may end on."""
        if self.unit == WEEKS:
            return start + timedelta(weeks=self.amount) - timedelta(days=1)
        return add_months(start, self.amount) - timedelta(days=1)


def placement_length_table(rules: HoursRules = DEFAULT_HOURS_RULES) -> dict[tuple[str, str, bool], PlacementLimit]:
    """The one table of placement lengths (DOMAIN.md, the journey, step 7): (kind, readiness or employer's sector,
    in the programme) -> the limit. Built from ``HoursRules`` so a deployment changes it in settings."""
    table: dict[tuple[str, str, bool], PlacementLimit] = {}
    for in_programme in (True, False):
        job_ready_company = (rules.company_internship_weeks_job_ready_in_programme if in_programme
                             else rules.internship_weeks_job_ready)
        table[(ActivityKind.COMPANY_INTERNSHIP, JOB_READY, in_programme)] = PlacementLimit(job_ready_company, WEEKS)
        table[(ActivityKind.JOB_INTERNSHIP, JOB_READY, in_programme)] = PlacementLimit(rules.internship_weeks_job_ready, WEEKS)
        for kind in INTERNSHIP_KINDS:
            table[(kind, ACTIVITY_READY, in_programme)] = PlacementLimit(rules.internship_weeks_activity_ready, WEEKS)
        table[(ActivityKind.WAGE_SUBSIDY, PRIVATE, in_programme)] = PlacementLimit(rules.wage_subsidy_months_private, MONTHS)
        table[(ActivityKind.WAGE_SUBSIDY, PUBLIC, in_programme)] = PlacementLimit(rules.wage_subsidy_months_public, MONTHS)
    return table


def placement_length_limit(
    kind: str,
    readiness: str | None,
    sector: str | None,
    *,
    in_programme: bool = True,
    rules: HoursRules = DEFAULT_HOURS_RULES,
) -> PlacementLimit | None:
    """The longest a placement of ``kind`` may last, or None for kinds without a limit (an ordinary job).

    Internships depend on the citizen's readiness (``readiness`` needed), wage subsidy on whether the employer is
    private or public (``sector`` needed). A job-ready programme participant's company internship may last 13 weeks
    (the centre's practice, DOMAIN.md step 7); a job internship 4 weeks; an activity-ready citizen's 13 weeks."""
    if kind in INTERNSHIP_KINDS:
        if readiness not in _READINESS_TEXT:
            raise ValueError(READINESS_NEEDED)
        condition = readiness
    elif kind == ActivityKind.WAGE_SUBSIDY:
        if sector not in _SECTOR_TEXT:
            raise ValueError(SECTOR_NEEDED)
        condition = sector
    else:
        return None
    return placement_length_table(rules)[(kind, condition, in_programme)]


def check_placement_length(
    kind: str,
    start: date,
    end: date,
    readiness: str | None,
    sector: str | None,
    *,
    in_programme: bool = True,
    rules: HoursRules = DEFAULT_HOURS_RULES,
) -> Finding | None:
    """A finding when a placement runs past its length (``placement_length_limit``), else None.

    ``end`` is the last day of the placement, and lengths are calendar time: 4 weeks from Monday
    1 June run to Sunday 28 June at the latest. ``readiness`` is needed for internships, ``sector``
    for wage subsidy; other kinds have no limit here."""
    if end < start:
        raise ValueError(PLACEMENT_ENDS_BEFORE_START)
    limit = placement_length_limit(kind, readiness, sector, in_programme=in_programme, rules=rules)
    if limit is None:
        return None
    latest_end = limit.latest_end(start)
    if end <= latest_end:
        return None
    condition = _READINESS_TEXT[readiness] if kind in INTERNSHIP_KINDS else _SECTOR_TEXT[sector]
    return _finding(
        PLACEMENT_TOO_LONG,
        {"kind": kind, "readiness": readiness, "sector": sector, "end": end, "latest_end": latest_end,
         "amount": limit.amount, "unit": limit.unit},
        kind=ACTIVITY_LABELS[kind],
        condition=condition,
        limit=_plural(limit.amount, limit.unit[:-1]),
        end=_date_text(end),
        latest_end=_date_text(latest_end),
    )


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def welcome_class_period(programme_start: date, *, rules: HoursRules = DEFAULT_HOURS_RULES) -> tuple[date, date]:
    """First and last day of the welcome class: the programme's first two weeks."""
    return programme_start, programme_start + timedelta(weeks=rules.welcome_class_weeks) - timedelta(days=1)


# --- the weekly norm and the work obligation's inputs --------------------------------


def norm_hours_for(population: str | None, work_obligation: bool, *, rules: HoursRules = DEFAULT_HOURS_RULES) -> float:
    """The weekly hours norm: 37 under the work obligation, otherwise 30 (the
    centre plans 30 for displaced Ukrainians and for everyone not covered)."""
    if work_obligation:
        return rules.norm_hours_work_obligation
    return rules.norm_hours_ukrainian if population == UKRAINIAN else rules.norm_hours_other


def weekly_norm(norm_hours: float, week_start: date, jobs: Iterable[tuple[str, date, date | None]]) -> float | None:
    """The norm that holds in the week starting ``week_start`` (a Monday), or None when it does not hold.

    The norm (30 hours, or 37 under the work obligation) is the programme's. A citizen in an ordinary (unsubsidised)
    job has left the programme for work: the follow-ups take over, and the programme resumes only if the job is lost
    (DOMAIN.md, "After the job"). Under the work obligation paid work counts towards the 37 hours, and the obligation
    is for citizens on benefits, so a job lifts it too. A week with any day in such a job is therefore not held to the
    norm (the plan is suspended from the job's first day, so that week is partial). ``jobs`` are the citizen's jobs as
    (kind, first day, last day or None); only an ordinary job lifts the norm: a wage subsidy job is a company-oriented
    offer of the programme and keeps it."""
    week_end = week_start + timedelta(days=6)
    for kind, first, last in jobs:
        if kind == ActivityKind.ORDINARY_JOB and first <= week_end and (last is None or last >= week_start):
            return None
    return norm_hours


WINDOW_YEARS = 10


def _window(as_of: date) -> tuple[date, date]:
    """The last 10 years up to and including ``as_of``."""
    return add_months(as_of, -12 * WINDOW_YEARS) + timedelta(days=1), as_of


def _overlap_days(start: date, end: date | None, window: tuple[date, date]) -> tuple[date, date] | None:
    first, last = max(start, window[0]), min(end or window[1], window[1])
    return (first, last) if last >= first else None


def residence_years_last_10(periods: Iterable[tuple[date, date | None]], as_of: date) -> float:
    """Years of residence in the realm within the last 10 years, from periods
    (first day, last day or None while it lasts). Overlapping periods count
    once. The result is rounded to two decimals so a stay of exactly nine
    calendar years gives 9.0."""
    window = _window(as_of)
    spans = sorted(span for start, end in periods if (span := _overlap_days(start, end, window)))
    days, covered_until = 0, None
    for first, last in spans:
        if covered_until is not None and first <= covered_until:
            first = covered_until + timedelta(days=1)
        if last >= first:
            days += (last - first).days + 1
            covered_until = last
    window_days = (window[1] - window[0]).days + 1
    return min(float(WINDOW_YEARS), round(days * WINDOW_YEARS / window_days, 2))


def fulltime_work_hours_last_10(periods: Iterable[tuple[date, date | None, float]], as_of: date) -> float:
    """Hours of work within the last 10 years, from periods (first day, last
    day or None, hours a week); a week of 37 hours counts 37."""
    window = _window(as_of)
    hours = 0.0
    for start, end, hours_per_week in periods:
        span = _overlap_days(start, end, window)
        if span:
            hours += ((span[1] - span[0]).days + 1) / 7 * hours_per_week
    return round(hours, 1)
