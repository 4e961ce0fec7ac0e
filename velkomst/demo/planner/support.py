"""Beside and after the programme: jobs with follow-ups twice a year through the integration period, referrals to
permanent housing, the patient track, actions for vulnerable residents, residence periods and children's school."""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from velkomst.config import FOLLOW_UP_MONTHS
from velkomst.demo import tables
from velkomst.demo.records import (
    CLOSED,
    EMPLOYED,
    LEFT,
    PlannedCase,
    PlannedChildStatus,
    PlannedCompany,
    PlannedEmployment,
    PlannedHousingReferral,
    PlannedPatientTrack,
    PlannedVulnerabilityAction,
    Population,
    SupportPlan,
)
from velkomst.lib.dates import add_months, add_years, age_on
from velkomst.rules.households import is_adult
from velkomst.rules.populations import DISPLACED_UKRAINIAN

INTEGRATION_PERIOD_YEARS = 5  # as people.models.Case.integration_period_end
WELL_PAID = Decimal("24000")
WITH_CHILD_STATUS = ("in_programme", "in_placement", EMPLOYED)  # households whose children's school the caseworker records


def plan_support(rng: random.Random, population: Population, companies: list[PlannedCompany], *, as_of: date) -> SupportPlan:
    employments = _employments(rng, population, companies, as_of)
    # Newest referral first: the order a caseworker's lists show them in.
    open_cases = [(i, c) for i, c in reversed(list(enumerate(population.cases))) if c.status not in (LEFT, CLOSED)]
    return SupportPlan(
        employments=employments,
        housing_referrals=_housing_referrals(rng, population, employments, as_of),
        patient_tracks=_patient_tracks(rng, open_cases),
        vulnerability_actions=_vulnerability_actions(rng, open_cases, as_of),
        residence_periods=[(c.person, c.arrival_date) for _, c in open_cases if c.target_group != DISPLACED_UKRAINIAN and c.arrival_date],
        child_statuses=_child_statuses(rng, population, as_of),
    )


def _employments(rng: random.Random, population: Population, companies: list[PlannedCompany], as_of: date) -> list[PlannedEmployment]:
    """A job for each employed citizen at one of the companies, with a follow-up every six months through the integration
    period (those due more than a week before the as-of date held)."""
    employments = []
    for i, case in enumerate(population.cases):
        if case.status != EMPLOYED:
            continue
        started = case.since(EMPLOYED) or as_of - timedelta(days=200)
        company = rng.randrange(len(companies))
        employment = PlannedEmployment(case=i, company=company, hours_per_week=Decimal(rng.choice(tables.JOB_HOURS)),
                                       monthly_income=Decimal(rng.randrange(14000, 32000, 500)), started_on=started)
        end = add_years(case.takeover_date, INTEGRATION_PERIOD_YEARS) if case.takeover_date else add_months(started, 12 * INTEGRATION_PERIOD_YEARS)
        n = 1
        while (due := add_months(started, FOLLOW_UP_MONTHS * n)) <= end:
            employment.follow_ups.append((due, due <= as_of - timedelta(days=7)))
            n += 1
        employments.append(employment)
    return employments


def _housing_referrals(rng: random.Random, population: Population, employments: list[PlannedEmployment],
                       as_of: date) -> list[PlannedHousingReferral]:
    """The best-paid applicants (a tenth, at least four) referred to permanent housing in the last months, with outcomes."""
    applicants = {key for h in population.households for key, relation in h.members if relation == "applicant"}
    cases = population.cases
    well_paid = sorted((e for e in employments if e.monthly_income >= WELL_PAID and cases[e.case].household is not None
                        and cases[e.case].person in applicants), key=lambda e: -e.monthly_income)
    referrals, seen = [], set()
    for i, employment in enumerate(well_paid[: max(4, len(well_paid) // 10)]):
        household = cases[employment.case].household
        if household in seen:
            continue
        seen.add(household)
        status = tables.HOUSING_REFERRAL_STATUSES[i % len(tables.HOUSING_REFERRAL_STATUSES)]
        referred = as_of - timedelta(days=rng.randint(20, 120))
        referrals.append(PlannedHousingReferral(
            household=household, case=employment.case, monthly_income=employment.monthly_income, status=status, referred_on=referred,
            status_on=referred + timedelta(days=14 if status != "referred" else 0),
            address=tables.PERMANENT_HOME_OFFERED if status in ("offered", "accepted") else ""))
    return referrals


def _patient_tracks(rng: random.Random, open_cases: list[tuple[int, PlannedCase]]) -> list[PlannedPatientTrack]:
    return [PlannedPatientTrack(case=i, care_needs=rng.choice(tables.CARE_NEEDS), hospital=rng.choice(tables.HOSPITALS),
                                partner_social=rng.random() < 0.5, relatives=rng.choice(tables.RELATIVES))
            for i, c in open_cases if c.flags.get("patient_track")]


def _vulnerability_actions(rng: random.Random, open_cases: list[tuple[int, PlannedCase]], as_of: date) -> list[PlannedVulnerabilityAction]:
    """A coordination meeting and a review due in the coming weeks, for the first 200 vulnerable residents with a caseworker."""
    vulnerable = [i for i, c in open_cases if c.caseworker is not None
                  and any(c.flags.get(flag) for flag in ("addiction", "psychologically_vulnerable", "socially_challenged"))]
    return [PlannedVulnerabilityAction(case=i, kind=kind, partner=partner, text=text,
                                       due_on=as_of + timedelta(days=rng.randint(7, 60)) if kind == "review" else None)
            for i in vulnerable[:tables.VULNERABLE_WITH_ACTIONS] for kind, partner, text in tables.VULNERABILITY_ACTIONS]


def _child_statuses(rng: random.Random, population: Population, as_of: date) -> list[PlannedChildStatus]:
    """Most children of households with someone in the programme or a job: daycare, a reception class or school; a few waiting."""
    busy = {c.household for c in population.cases if c.status in WITH_CHILD_STATUS}
    statuses = []
    for index, household in enumerate(population.households):
        if index not in busy:
            continue
        for key, relation in household.members:
            if relation != "child":
                continue
            age = age_on(population.persons[key].birth_date, as_of)
            if is_adult(age) or rng.random() < 0.3:
                continue
            status, institution = tables.DAYCARE if age < tables.SCHOOL_AGE else (
                tables.RECEPTION_CLASS if rng.random() < 0.4 else tables.SCHOOL)
            if rng.random() < 0.1:
                status, institution = "waiting", ""
            statuses.append(PlannedChildStatus(person=key, status=status, institution=institution,
                                               since=as_of - timedelta(days=rng.randint(30, 400))))
    return statuses
