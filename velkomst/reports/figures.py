"""The figures management steers by, as of any date.

The figures of the centre's presentation come from ONE query over the cases
(each case's status on the date, whether its household lived in temporary
housing on the date, whether it had an ordinary job in the month); the
counting is plain Python over those rows, so the number of queries does not
grow with the caseload. The charts' data (occupancy, referrals per week,
journey durations, moves to permanent housing) add a fixed handful of queries.

Every figure has a key, a label and a definition that the dashboard shows
beside the number; `MEMBERS` says which rows stand behind a figure (the
drill-down lists exactly those rows).
"""
from __future__ import annotations

import functools
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import models
from django.db.models import Count, Exists, ExpressionWrapper, F, FilteredRelation, Min, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from velkomst.companies.models import Placement
from velkomst.housing.models import Location, MoveOutReason, Room, Tenancy, tenancy_current_on
from velkomst.lib.dates import add_years, age_on, latest_birth_date_for_age, monday_of
from velkomst.people.models import (
    LIVING_HERE_STATUSES,
    PROGRAMME_STATUSES,
    QUOTA_GROUPS,
    REFUGEE_GROUPS,
    Case,
    CaseStatus,
    CaseStatusChange,
    Pet,
    TargetGroup,
    status_on,
)
from velkomst.programme.models import Employment
from velkomst.reception.models import Appointment
from velkomst.rules.households import is_working_age

UKRAINIAN = TargetGroup.DISPLACED_UKRAINIAN
JOB_READY = "job_ready"
DURATION_WINDOW_DAYS = 365  # journeys whose step happened in the year up to the date
REFERRAL_WEEKS_SHOWN = 26
REFERRAL_WEEKS_AVERAGED = 12
MOVE_MONTHS = 12


@dataclass(frozen=True)
class CaseRow:
    """One case as it stood on the date. Person fields are there for the breakdowns, never shown to managers."""

    target_group: str
    status: str | None  # the status on the date (None: no status recorded by then)
    readiness: str
    gender: str
    birth_date: date
    patient_track: bool
    work_obligation: bool
    case_id: int = 0
    person_id: int = 0
    referral_decision_date: date | None = None
    arrival_date: date | None = None
    housed: bool = False  # the household had a tenancy on the date
    job_in_month: bool = False  # an ordinary (unsubsidised) job at some time in the date's month
    vulnerable: bool = False  # any restricted vulnerability flag, patient included
    weight: int = 1  # the cases this row stands for (`case_groups`: one row per kind of case; `case_rows`: one per case)

    @property
    def living_here(self) -> bool:
        return self.status in LIVING_HERE_STATUSES


def _month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def case_rows(as_of: date) -> list[CaseRow]:
    """Every case referred on or before the date, with its status then. One query."""
    rows = (
        _cases_as_of(as_of)
        .values_list(
            "target_group", "status_then", "readiness", "person__gender", "person__birth_date", "patient_track", "work_obligation",
            "pk", "person_id", "referral_decision_date", "arrival_date", "housed_then", "job_then",
            "patient", "elderly_illness", "addiction", "psychologically_vulnerable", "socially_challenged",
        )
        .order_by("pk")
    )
    return [CaseRow(*row[:13], vulnerable=any(row[13:])) for row in rows]


# The ages the figures tell apart: the age bands of the chart (0-5, 6-15, 16-24, ...), the shares' bands (0-15, 16-66,
# 67+) and working age (18-66). Every figure asks of a case's age only which of these bands it falls in.
AGE_BOUNDS = (6, 16, 18, 25, 35, 45, 55, 67)


def _cases_as_of(as_of: date):
    """Every case referred on or before the date, with its status, temporary housing and ordinary job then."""
    month_start, month_end = _month_bounds(as_of)
    housed = Tenancy.objects.filter(tenancy_current_on(as_of), household=OuterRef("household_id"))
    # Jobindsats counts ordinary wage employment in the month; a wage subsidy is a placement, not an Employment.
    job = Employment.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month_start), case=OuterRef("pk"),
                                    started_on__lte=min(month_end, as_of))
    # The status then: the one change in effect on the date (`CaseStatusChange.until`), joined, not searched per case.
    return Case.objects.filter(referral_decision_date__lte=as_of).annotate(
        change_then=FilteredRelation("status_changes", condition=status_on(as_of)),
        status_then=F("change_then__status"), housed_then=Exists(housed), job_then=Exists(job))


def case_groups(as_of: date) -> list[CaseRow]:
    """The cases referred on or before the date counted by the database, one row per kind of case: what every person
    figure asks of a case (target group, status then, readiness, gender, age band, flags, housed, job, referred this
    year), with `weight` the number of such cases. One GROUP BY query.

    Why counted in the database: at ten times Copenhagen the dashboard read 67,000 case rows and ran twenty Python
    passes over them (1.5 s on PostgreSQL); the groups are a few thousand and the figures' own predicates (`members`)
    run on them unchanged. Not a snapshot: the dashboard is "as of any date", and a status, a tenancy or a job can be
    recorded for a past day. The drill-down lists still read the cases one by one (`case_rows`).
    """
    cuts = [latest_birth_date_for_age(age, as_of) for age in AGE_BOUNDS]
    # 0 for the youngest band, len(AGE_BOUNDS) for the oldest: born after the cut of an age, not yet that age.
    band = models.Case(*(models.When(person__birth_date__gt=cut, then=models.Value(i)) for i, cut in enumerate(cuts)),
                       default=models.Value(len(cuts)), output_field=models.IntegerField())
    vulnerable = (Q(patient=True) | Q(elderly_illness=True) | Q(addiction=True) | Q(psychologically_vulnerable=True)
                  | Q(socially_challenged=True))
    this_year = Q(referral_decision_date__gte=date(as_of.year, 1, 1))
    groups = (
        _cases_as_of(as_of)
        .annotate(band=band, vulnerable_then=ExpressionWrapper(vulnerable, output_field=models.BooleanField()),
                  this_year=ExpressionWrapper(this_year, output_field=models.BooleanField()))
        .values("target_group", "status_then", "readiness", "person__gender", "band", "patient_track", "work_obligation",
                "housed_then", "job_then", "vulnerable_then", "this_year")
        .annotate(n=Count("id"))
        .order_by()
    )
    # A birth date standing for the band: the day someone turned its lowest age (age_on gives exactly that age).
    born = [add_years(as_of, -age) for age in (0, *AGE_BOUNDS)]
    return [
        CaseRow(g["target_group"], g["status_then"], g["readiness"], g["person__gender"], born[g["band"]], g["patient_track"],
                g["work_obligation"], referral_decision_date=date(as_of.year, 1, 1) if g["this_year"] else date(as_of.year - 1, 12, 31),
                housed=bool(g["housed_then"]), job_in_month=bool(g["job_then"]), vulnerable=bool(g["vulnerable_then"]), weight=g["n"])
        for g in groups
    ]


def referral_groups(as_of: date, weeks: int = REFERRAL_WEEKS_SHOWN) -> list[CaseRow]:
    """Cases referred per day and target group over the weeks the referral chart shows (`weight`: how many). One query."""
    first = monday_of(as_of) - timedelta(weeks=weeks - 1)
    return [CaseRow(tg, None, "", "", as_of, False, False, referral_decision_date=day, weight=n)
            for day, tg, n in Case.objects.filter(referral_decision_date__gte=first, referral_decision_date__lte=as_of)
            .values("referral_decision_date", "target_group").annotate(n=Count("id")).order_by()
            .values_list("referral_decision_date", "target_group", "n")]


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


@functools.lru_cache(maxsize=65536)
def _age_band(birth: date, on: date) -> str:
    return _band(age_on(birth, on))


def _band(age: int) -> str:
    return "0_15" if age <= 15 else "16_66" if age <= 66 else "67_plus"


# Which rows stand behind each person-count figure (the drill-down shows exactly these).
def _ukr(r: CaseRow) -> bool:
    return r.target_group == UKRAINIAN


def _ukr_living(r: CaseRow) -> bool:
    return _ukr(r) and r.living_here


def _patients(r: CaseRow) -> bool:
    return r.patient_track and r.status not in (None, CaseStatus.REFERRED)


def _quota_this_year(as_of: date) -> Callable[[CaseRow], bool]:
    return lambda r: r.target_group in QUOTA_GROUPS and r.referral_decision_date.year == as_of.year


def _jobindsats_base(as_of: date) -> Callable[[CaseRow], bool]:
    return lambda r: _ukr_living(r) and is_working_age(age_on(r.birth_date, as_of))


def members(key: str, as_of: date) -> Callable[[CaseRow], bool] | None:
    """The predicate selecting the rows behind a figure (its numerator), or None if the figure is not a count of persons."""
    base = _jobindsats_base(as_of)
    table: dict[str, Callable[[CaseRow], bool]] = {
        "ukrainians_referred_total": _ukr,
        "refugees_referred_total": lambda r: r.target_group in REFUGEE_GROUPS,
        "ukrainians_living_in_municipality": _ukr_living,
        "ukrainians_in_temporary_housing": lambda r: _ukr_living(r) and r.housed,
        "ukrainians_employed": lambda r: _ukr_living(r) and r.status == CaseStatus.EMPLOYED,
        "employment_rate_job_ready": lambda r: _ukr_living(r) and r.readiness == JOB_READY and r.status == CaseStatus.EMPLOYED,
        "jobindsats_employment_rate": lambda r: base(r) and r.job_in_month,
        "housed_total": lambda r: r.living_here and r.housed,
        "in_programme": lambda r: r.status in PROGRAMME_STATUSES,
        "work_obligation": lambda r: r.living_here and r.work_obligation,
        "patients_arrived": _patients,
        "patients_remaining": lambda r: _patients(r) and r.living_here,
        "vulnerable_residents": lambda r: r.living_here and r.vulnerable,
        "quota_refugees_expected_this_year": _quota_this_year(as_of),
        "quota_refugees_living": lambda r: r.living_here and r.target_group in QUOTA_GROUPS,
        "quota_refugees_in_temporary_housing": lambda r: r.living_here and r.target_group in QUOTA_GROUPS and r.housed,
        "share_female": lambda r: _ukr_living(r) and r.gender == "F",
        "share_age_0_15": lambda r: _ukr_living(r) and _age_band(r.birth_date, as_of) == "0_15",
        "share_age_16_66": lambda r: _ukr_living(r) and _age_band(r.birth_date, as_of) == "16_66",
        "share_age_67_plus": lambda r: _ukr_living(r) and _age_band(r.birth_date, as_of) == "67_plus",
    }
    return table.get(key)


def count_figures(rows: list[CaseRow], as_of: date) -> dict[str, float]:
    """The person figures as numbers (shares and rates as fractions)."""
    def count(key: str) -> int:
        selected = members(key, as_of)
        return sum(r.weight for r in rows if selected(r))

    ukrainian_living = sum(r.weight for r in rows if _ukr_living(r))
    job_ready = sum(r.weight for r in rows if _ukr_living(r) and r.readiness == JOB_READY)
    working_age = sum(r.weight for r in rows if _jobindsats_base(as_of)(r))
    values: dict[str, float] = {key: count(key) for key in COUNT_KEYS}
    values["employment_rate_job_ready"] = _share(count("employment_rate_job_ready"), job_ready)
    values["jobindsats_employment_rate"] = _share(count("jobindsats_employment_rate"), working_age)
    for key in ("share_female", "share_age_0_15", "share_age_16_66", "share_age_67_plus"):
        values[key] = _share(count(key), ukrainian_living)
    return values


def pets_housed(as_of: date) -> int:
    """Pets of households living in temporary housing on the date. One query."""
    return Pet.objects.filter(Exists(Tenancy.objects.filter(tenancy_current_on(as_of), household=OuterRef("household_id")))).count()


def kpis(as_of: date, rows: list[CaseRow] | None = None) -> dict[str, float]:
    """Every figure of the dashboard's KPI table (what `velkomst kpi --json` prints)."""
    rows = case_rows(as_of) if rows is None else rows
    values = count_figures(rows, as_of)
    values["pets_total"] = pets_housed(as_of)
    return {key: values[key] for key in DEFINITIONS}


# key -> (label, definition, kind). Kinds: "count" (persons), "share" (fraction), "other" (not persons).
DEFINITIONS: dict[str, tuple[str, str, str]] = {
    "ukrainians_referred_total": (_("Displaced Ukrainians referred since the start"),
                                  _("Cases of displaced Ukrainians with a referral decision on or before the date (since March 2022)."), "count"),
    "refugees_referred_total": (_("Refugees referred since the start"),
                                _("Cases of refugees (quota, other refugees, family-reunified) with a referral decision on or before the date."), "count"),
    "ukrainians_living_in_municipality": (_("Displaced Ukrainians living in Copenhagen"),
                                          _("Arrived, and not left or closed on the date (status arrived, in programme, in placement, employed or paused)."), "count"),
    "ukrainians_in_temporary_housing": (_("Displaced Ukrainians in temporary housing"),
                                        _("Living here, and their household had a tenancy on the date (moved in on or before it, not moved out by then)."), "count"),
    "ukrainians_employed": (_("Displaced Ukrainians employed"), _("Living here with the status employed on the date."), "count"),
    "employment_rate_job_ready": (_("Employment rate among job-ready"),
                                  _("Employed, of the displaced Ukrainians living here who are assessed job-ready (jobparat)."), "share"),
    "jobindsats_employment_rate": (_("Employment rate, Jobindsats measure"),
                                   _("Displaced Ukrainians aged 18–66 living here with ordinary, unsubsidised wage employment at some time in the date's month, of all displaced Ukrainians aged 18–66 living here."), "share"),
    "housed_total": (_("Persons in temporary housing"), _("Persons of every target group whose household had a tenancy on the date."), "count"),
    "pets_total": (_("Pets in temporary housing"), _("Pets of households with a tenancy on the date."), "other"),
    "in_programme": (_("Citizens in the programme"), _("Status in programme or in placement on the date (all target groups)."), "count"),
    "work_obligation": (_("Under the 37-hour work obligation"), _("Living here with the work-obligation flag."), "count"),
    "patients_arrived": (_("Patients arrived via the patient track"), _("Patient-track cases that had arrived by the date."), "count"),
    "patients_remaining": (_("Patients still in Copenhagen"), _("Patient-track cases living here on the date."), "count"),
    "vulnerable_residents": (_("Vulnerable residents"),
                             _("Living here with at least one vulnerability flag (patient, age-related illness, addiction, psychologically vulnerable, socially challenged)."), "count"),
    "quota_refugees_expected_this_year": (_("Quota refugees expected this year"),
                                          _("Municipal- and UN-quota refugees with a referral decision in the date's calendar year, arrived or still awaited."), "count"),
    "quota_refugees_living": (_("Quota refugees living in Copenhagen"), _("Municipal-quota and UN-quota refugees living here on the date."), "count"),
    "quota_refugees_in_temporary_housing": (_("Quota refugees in temporary housing"),
                                            _("Quota refugees living here whose household had a tenancy on the date."), "count"),
    "share_female": (_("Share of women"), _("Women among displaced Ukrainians living here."), "share"),
    "share_age_0_15": (_("Aged 0–15"), _("Share of displaced Ukrainians living here, age on the date."), "share"),
    "share_age_16_66": (_("Aged 16–66"), _("Share of displaced Ukrainians living here, age on the date."), "share"),
    "share_age_67_plus": (_("Aged 67 and over"), _("Share of displaced Ukrainians living here, age on the date."), "share"),
}
COUNT_KEYS = [key for key, (_l, _d, kind) in DEFINITIONS.items() if kind == "count"]
SHARE_KEYS = {key for key, (_l, _d, kind) in DEFINITIONS.items() if kind == "share"}
# Health and vulnerability (GDPR art. 9): counts only, for every role without `view_sensitive`.
SENSITIVE_KEYS = {"work_obligation", "patients_arrived", "patients_remaining", "vulnerable_residents"}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float
    definition: str
    is_share: bool = False
    sensitive: bool = False
    drillable: bool = True

    @property
    def percent(self) -> float:
        return round(self.value * 100, 1)


def figure_list(values: dict[str, float]) -> list[Figure]:
    return [
        Figure(key, str(label), values[key], str(definition), kind == "share", key in SENSITIVE_KEYS, kind != "other")
        for key, (label, definition, kind) in DEFINITIONS.items()
    ]


# -- charts' data ------------------------------------------------------------------------------------------------

AGE_BANDS = [(0, 5), (6, 15), (16, 24), (25, 34), (35, 44), (45, 54), (55, 66), (67, 200)]


def age_gender(rows: list[CaseRow], as_of: date) -> list[dict]:
    """Displaced Ukrainians living here by age band and gender."""
    counts: Counter = Counter()
    for r in rows:
        if _ukr_living(r):
            # Someone born after the date (a child recorded later, the date far back) is counted in the youngest band,
            # not a reason for the page to fail.
            age = max(0, age_on(r.birth_date, as_of))
            band = next(b for b in AGE_BANDS if b[0] <= age <= b[1])
            counts[band, r.gender] += r.weight
    return [
        {"band": f"{lo}–{hi}" if hi < 200 else f"{lo}+", "F": counts[(lo, hi), "F"], "M": counts[(lo, hi), "M"], "X": counts[(lo, hi), "X"]}
        for lo, hi in AGE_BANDS
    ]


def referrals_per_week(rows: list[CaseRow], as_of: date, weeks: int = REFERRAL_WEEKS_SHOWN) -> list[dict]:
    """Persons referred per ISO week (Monday–Sunday), the last `weeks` weeks up to the date's week, by population."""
    first = monday_of(as_of) - timedelta(weeks=weeks - 1)
    counts: Counter = Counter()
    for r in rows:
        if r.referral_decision_date >= first:
            population = "ukrainian" if r.target_group == UKRAINIAN else "refugee" if r.target_group in REFUGEE_GROUPS else "other"
            counts[monday_of(r.referral_decision_date), population] += r.weight
    out = []
    for i in range(weeks):
        monday = first + timedelta(weeks=i)
        ukr, ref, other = counts[monday, "ukrainian"], counts[monday, "refugee"], counts[monday, "other"]
        out.append({"monday": monday, "week": monday.isocalendar().week, "ukrainian": ukr, "refugee": ref, "other": other,
                    "total": ukr + ref + other, "partial": monday == monday_of(as_of) and as_of.weekday() < 6})
    return out


def weekly_referral_mean(weeks: list[dict], last: int = REFERRAL_WEEKS_AVERAGED) -> float:
    """Mean of the last `last` complete weeks (the date's own week left out while it is running)."""
    complete = [w["total"] for w in weeks if not w["partial"]][-last:]
    return round(sum(complete) / len(complete), 1) if complete else 0.0


@dataclass
class OccupancyLine:
    location_id: int | None  # None: the external flats together
    name: str
    status: str
    locations: int = 1
    beds: int = 0
    blocked: int = 0
    occupied: int = 0

    @property
    def usable(self) -> int:
        return self.beds - self.blocked

    @property
    def share(self) -> float:
        return _share(self.occupied, self.usable)


FLATS_TOGETHER = _("External flats, together")


def occupancy_by_location(as_of: date) -> list[OccupancyLine]:
    """Beds (rooms not closed) and persons living there on the date, per location not closed. Three queries.

    Room and location status are today's (they have no history); tenancies are as of the date.
    """
    lines, flats = {}, OccupancyLine(None, str(FLATS_TOGETHER), Location.Status.OPEN, locations=0)
    for pk, name, status, kind in Location.objects.exclude(status=Location.Status.CLOSED).order_by("name").values_list("pk", "name", "status", "kind"):
        lines[pk] = OccupancyLine(pk, name, status)
        if kind == Location.Kind.FLAT:
            flats.locations += 1
            lines[pk] = flats
    for location_id, beds, blocked in (
        Room.objects.exclude(location__status=Location.Status.CLOSED).exclude(status=Room.Status.CLOSED).values("location_id")
        .annotate(all_beds=Sum("beds"), blocked_beds=Sum("beds", filter=Q(status=Room.Status.BLOCKED)))
        .values_list("location_id", "all_beds", "blocked_beds")
    ):
        line = lines[location_id]
        line.beds += beds or 0
        line.blocked += blocked or 0
    for location_id, persons in (
        Tenancy.objects.filter(tenancy_current_on(as_of)).exclude(room__location__status=Location.Status.CLOSED).values("room__location_id").annotate(n=Sum("persons"))
        .values_list("room__location_id", "n")
    ):
        lines[location_id].occupied += persons or 0
    named = [line for pk, line in lines.items() if line is not flats and line.beds]
    return named + ([flats] if flats.beds else [])


@dataclass
class Duration:
    """A step of the journey while it is counted: the days of each case (`DurationLine` is what the dashboard shows)."""

    key: str
    label: str
    days: list[int] = field(default_factory=list)
    sources: Counter = field(default_factory=Counter)

    @property
    def median(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def count(self) -> int:
        return len(self.days)


SOURCE_LABELS = {
    "case": _("case's arrival date"),
    "status": _("status history"),
    "meeting": _("meetings (completed)"),
    "contract": _("contract signed"),
    "placement": _("company placements"),
    "employment": _("employments"),
}
DURATION_STEPS = [
    ("referral_to_arrival", _("Referral to arrival")),
    ("arrival_to_welcome", _("Arrival to welcome meeting")),
    ("arrival_to_contract", _("Arrival to contract meeting")),
    ("arrival_to_placement", _("Arrival to first placement")),
    ("arrival_to_job", _("Arrival to job")),
]


# Why only the year's journeys are read: the durations count the steps taken in the year up to the date, so a case
# whose arrival and steps all lie before that year adds nothing. At ten times Copenhagen reading every case and
# every first step (67,000 cases, 190,000 status changes) cost 0.7 s of the dashboard's 1.2 s; the first dates are
# now kept to the year by the database (HAVING), and each row brings its case's referral and arrival dates along.
JourneyCase = tuple[date, date | None]  # the case's referral decision date and its arrival date


def _first_dates(as_of: date) -> tuple[dict[str, dict[int, tuple[date, str]]], dict[int, JourneyCase]]:
    """Per step, the first date of each case whose first such step lies in the year up to the date, with its source
    (the specific record first, the status history second); and the referral and arrival dates of every case that
    could count (arrived in the year, or a step in it). Eight queries."""
    since = as_of - timedelta(days=DURATION_WINDOW_DAYS)
    first: dict[str, dict[int, tuple[date, str]]] = defaultdict(dict)
    cases: dict[int, JourneyCase] = {}
    referred = Q(case__referral_decision_date__lte=as_of)
    journey = ("case__referral_decision_date", "case__arrival_date")

    def add(step: str, case_id: int, on: date, source: str, referral: date, arrival: date | None) -> None:
        first[step][case_id] = (on, source)
        cases[case_id] = (referral, arrival)

    for pk, referral, arrival in Case.objects.filter(referral_decision_date__lte=as_of, arrival_date__gt=since,
                                                     arrival_date__lte=as_of).values_list("pk", "referral_decision_date", "arrival_date"):
        cases[pk] = (referral, arrival)
    by_status = {CaseStatus.ARRIVED: "arrival", CaseStatus.IN_PROGRAMME: "contract", CaseStatus.IN_PLACEMENT: "placement",
                 CaseStatus.EMPLOYED: "job"}
    changes = CaseStatusChange.objects.filter(referred, on__lte=as_of)
    # The arrival from the status history counts only where the case has no arrival date by then, whenever it was:
    # a later step in the year is measured from it.
    no_arrival_date = Q(case__arrival_date__isnull=True) | Q(case__arrival_date__gt=as_of)
    for case_id, referral, arrival, on in (changes.filter(no_arrival_date, status=CaseStatus.ARRIVED)
                                           .values("case_id", *journey).annotate(first=Min("on")).values_list("case_id", *journey, "first")):
        add("arrival", case_id, on, "status", referral, arrival)
    # A step's own record (a completed meeting, a placement, a job) by the date wins over the status history: the
    # history counts only for the cases with no such record by then (as the dashboard has always counted).
    after, until = _local_midnight(since + timedelta(days=1)), _local_midnight(as_of + timedelta(days=1))
    records = {
        "contract": Appointment.objects.filter(status=Appointment.Status.COMPLETED, kind="contract", starts_at__lt=until),
        "placement": Placement.objects.filter(starts_on__lte=as_of),
        "job": Employment.objects.filter(started_on__lte=as_of),
    }
    for status, step in by_status.items():
        if step == "arrival":
            continue
        for case_id, referral, arrival, on in (
            changes.filter(~Exists(records[step].filter(case=OuterRef("case_id"))), status=status).values("case_id", *journey)
            .annotate(first=Min("on")).filter(first__gt=since).values_list("case_id", *journey, "first")
        ):
            add(step, case_id, on, "status", referral, arrival)
    # A meeting's day is its local date: the year's first meetings started from the day after `since` to the end of the date.
    for case_id, referral, arrival, kind, at in (
        Appointment.objects.filter(referred, status=Appointment.Status.COMPLETED, kind__in=["welcome", "contract"], starts_at__isnull=False)
        .values("case_id", *journey, "kind").annotate(at=Min("starts_at")).filter(at__gte=after, at__lt=until)
        .values_list("case_id", *journey, "kind", "at")
    ):
        on = timezone.localdate(at) if isinstance(at, datetime) else at
        add("welcome" if kind == "welcome" else "contract", case_id, on, "meeting", referral, arrival)
    for model, day, step, source in ((Placement, "starts_on", "placement", "placement"), (Employment, "started_on", "job", "employment")):
        for case_id, referral, arrival, on in (
            model.objects.filter(referred, **{f"{day}__lte": as_of}).values("case_id", *journey).annotate(first=Min(day))
            .filter(first__gt=since).values_list("case_id", *journey, "first")
        ):
            add(step, case_id, on, source, referral, arrival)
    return first, cases


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def journey_durations(as_of: date) -> list[Duration]:
    """Median days of each step of the journey, over the cases whose step happened in the year up to the date."""
    first, cases = _first_dates(as_of)
    return durations_of(sorted(cases.items()), first, as_of)


def durations_of(cases, first: dict[str, dict[int, tuple[date, str]]], as_of: date) -> list[Duration]:
    """The durations of the steps in the year up to the date of `cases` ((case id, (referral, arrival)) pairs in the
    order the days are listed) whose first dates are `first` (per step, case id -> (date, source))."""
    since = as_of - timedelta(days=DURATION_WINDOW_DAYS)
    durations = {key: Duration(key, str(label)) for key, label in DURATION_STEPS}
    for case_id, (referral, arrival_date) in cases:
        arrival = (arrival_date, "case") if arrival_date and arrival_date <= as_of else first["arrival"].get(case_id)
        if arrival is None:
            continue
        if since < arrival[0] <= as_of:
            durations["referral_to_arrival"].days.append((arrival[0] - referral).days)
            durations["referral_to_arrival"].sources[arrival[1]] += 1
        for step in ("welcome", "contract", "placement", "job"):
            found = first[step].get(case_id)
            if found and since < found[0] <= as_of and found[0] >= arrival[0]:
                durations[f"arrival_to_{step}"].days.append((found[0] - arrival[0]).days)
                durations[f"arrival_to_{step}"].sources[found[1]] += 1
    return list(durations.values())


def moves_to_permanent_housing(as_of: date, months: int = MOVE_MONTHS) -> list[dict]:
    """Households and persons moving out of temporary housing to a permanent home, per calendar month, the last `months` months. One query."""
    first = as_of.replace(day=1)
    for _i in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for moved_out_on, persons in Tenancy.objects.filter(
        move_out_reason=MoveOutReason.PERMANENT_HOUSING, moved_out_on__gte=first, moved_out_on__lte=as_of
    ).values_list("moved_out_on", "persons"):
        month = moved_out_on.replace(day=1)
        counts[month][0] += 1
        counts[month][1] += persons
    out, month = [], first
    for _i in range(months):
        out.append({"month": month, "households": counts[month][0], "persons": counts[month][1]})
        month = (month + timedelta(days=32)).replace(day=1)
    return out


@dataclass(frozen=True)
class DurationLine:
    """A step of the journey as the dashboard shows it: its median and count, and where the days came from."""

    key: str
    median: float | None
    count: int
    sources: tuple[tuple[str, int], ...]  # (source, cases), most cases first

    @classmethod
    def of(cls, duration: Duration) -> DurationLine:
        return cls(duration.key, duration.median, duration.count, tuple(duration.sources.most_common()))

    @property
    def label(self) -> str:
        return str(dict(DURATION_STEPS)[self.key])

    @property
    def source_text(self) -> str:
        return ", ".join(f"{SOURCE_LABELS[s]} ({n})" for s, n in self.sources)


@dataclass
class Dashboard:
    as_of: date
    figures: list[Figure]
    values: dict[str, float]
    age_gender: list[dict]
    occupancy: list[OccupancyLine]
    referrals: list[dict]
    referral_mean: float
    durations: list[DurationLine]
    moves: list[dict]
    # The cases grouped as the figures were counted (`case_groups`): a figure's page counts and breaks down its
    # figure from the same groups, so its numbers are the dashboard's. Empty in a snapshot kept before they were.
    groups: list[CaseRow] = field(default_factory=list)


def dashboard(as_of: date) -> Dashboard:
    """Everything the dashboard shows. A fixed number of queries (about ten), whatever the data: the person figures
    and the age chart from the cases grouped by the database (`case_groups`), the referral chart from referrals per
    day, the durations from each case's referral and arrival dates."""
    groups = case_groups(as_of)
    values = kpis(as_of, groups)
    referrals = referrals_per_week(referral_groups(as_of), as_of)
    return Dashboard(
        as_of=as_of,
        figures=figure_list(values),
        values=values,
        age_gender=age_gender(groups, as_of),
        occupancy=occupancy_by_location(as_of),
        referrals=referrals,
        referral_mean=weekly_referral_mean(referrals),
        durations=[DurationLine.of(x) for x in journey_durations(as_of)],
        moves=moves_to_permanent_housing(as_of),
        groups=groups,
    )


# The dashboard kept as JSON (`FiguresSnapshot.figures`): numbers, keys and ISO dates, no label, so that the page
# translates the labels in each reader's language.
def dashboard_payload(d: Dashboard) -> dict:
    return {
        "as_of": d.as_of.isoformat(),
        "values": d.values,
        "age_gender": d.age_gender,
        "occupancy": [[o.location_id, o.name, o.status, o.locations, o.beds, o.blocked, o.occupied] for o in d.occupancy],
        "referrals": [{**w, "monday": w["monday"].isoformat()} for w in d.referrals],
        "referral_mean": d.referral_mean,
        "durations": [[x.key, x.median, x.count, [list(s) for s in x.sources]] for x in d.durations],
        "moves": [{**m, "month": m["month"].isoformat()} for m in d.moves],
        "groups": [[g.target_group, g.status, g.readiness, g.gender, g.birth_date.isoformat(), g.patient_track, g.work_obligation,
                    g.referral_decision_date.isoformat(), g.housed, g.job_in_month, g.vulnerable, g.weight] for g in d.groups],
    }


def dashboard_from_payload(p: dict) -> Dashboard:
    occupancy = [OccupancyLine(*line) for line in p["occupancy"]]
    for line in occupancy:
        if line.location_id is None:  # the external flats together: a label, in the reader's language
            line.name = str(FLATS_TOGETHER)
    return Dashboard(
        as_of=date.fromisoformat(p["as_of"]),
        figures=figure_list(p["values"]),
        values=p["values"],
        age_gender=p["age_gender"],
        occupancy=occupancy,
        referrals=[{**w, "monday": date.fromisoformat(w["monday"])} for w in p["referrals"]],
        referral_mean=p["referral_mean"],
        durations=[DurationLine(key, median, count, tuple((s, n) for s, n in sources)) for key, median, count, sources in p["durations"]],
        moves=[{**m, "month": date.fromisoformat(m["month"])} for m in p["moves"]],
        groups=[CaseRow(tg, status, readiness, gender, date.fromisoformat(born), patient_track, work_obligation,
                        referral_decision_date=date.fromisoformat(referred), housed=housed, job_in_month=job, vulnerable=vulnerable,
                        weight=weight)
                for tg, status, readiness, gender, born, patient_track, work_obligation, referred, housed, job, vulnerable, weight
                in p.get("groups", [])],
    )
