"""The population: who was referred, who lives here, who left, and where each case stands on the as-of date.

Shaped by the presentation's figures (`tables.Targets`, multiplied by the scale): 6,200+ displaced
Ukrainians referred since March 2022, ~4,800 still here (16 % aged 0-15, 77 % 16-66, 7 % 67+; 55 %
women), ~1,600 employed (81 % of the job-ready), ~230 quota refugees, ~85 under the work obligation,
~900 in the programme, 62 patients via the patient track of whom 27 remain. The figures are the same
on any as-of date: the history is counted back from it.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from velkomst.demo import tables
from velkomst.demo.planner.people import PopulationBuilder
from velkomst.demo.records import (
    CLOSED,
    EMPLOYED,
    IN_PLACEMENT,
    IN_PROGRAMME,
    LEFT,
    PAUSED,
    PlannedCase,
    PlannedHousehold,
    Population,
)
from velkomst.demo.users import caseworkers_at
from velkomst.lib.dates import age_on, monday_of
from velkomst.lib.workdays import is_working_day
from velkomst.rules.deadlines import DEFAULT_RULES, DeadlineRules, takeover_date
from velkomst.rules.households import ADULT_AGE, is_adult
from velkomst.rules.populations import DISPLACED_UKRAINIAN, QUOTA_GROUPS, REFUGEE, UKRAINIAN

LAB_READINESS = {"lab_youth_activity": "activity_ready", "lab_youth_education": "education_ready",
                 "lab_job_ready": "job_ready", "lab_activity_ready": "activity_ready"}
LAB_YOUTH_UNDER = 30  # LAB's young people are under 30


def plan_population(*, scale: float, seed: int, as_of: date, rules: DeadlineRules = DEFAULT_RULES,
                    targets: tables.Targets = tables.TARGETS) -> Population:
    b = PopulationBuilder(scale=scale, seed=seed, as_of=as_of, rules=rules)
    _ukrainians(b, targets)
    # The refugees draw from their own generator, so that a change in how the Ukrainians are planned leaves them as
    # they were (a string seeds `random.Random` the same way in every run).
    b.rng = random.Random(f"velkomst-demo-refugees-{seed}")
    _refugees(b, targets)
    _lab_citizens(b, targets)
    _share_caseload(b)
    return Population(b.persons, b.households, _in_numbering_order(b), caseworkers=caseworkers_at(b.scale))


def _in_numbering_order(b: PopulationBuilder) -> list[PlannedCase]:
    """The cases sorted as their numbers are given (by referral decision, then person), each knowing its household."""
    household_of = {key: index for index, household in enumerate(b.households) for key, _ in household.members}
    for case in b.cases:
        case.household = household_of.get(case.person)
    return sorted(b.cases, key=lambda c: (c.referral_decision_date, c.person))


def _age(b: PopulationBuilder, case: PlannedCase) -> int:
    return age_on(b.persons[case.person].birth_date, b.as_of)


def _working_age(b: PopulationBuilder, case: PlannedCase) -> bool:
    """18-66: the adults who take part in the programme and work (the presentation's 67+ are elderly)."""
    age = _age(b, case)
    return is_adult(age) and age < tables.ELDERLY_AGE


# --- displaced Ukrainians --------------------------------------------------------------------------


def _recent_weekly_referrals(b: PopulationBuilder, t: tables.Targets) -> list[date]:
    """Referral decisions of the last weeks before the as-of date: 20-50 a week, on working days (fewer in a week with
    holidays), none after it."""
    dates = []
    for week in range(tables.RECENT_REFERRAL_WEEKS):
        start = monday_of(b.as_of) - timedelta(weeks=week)
        for _ in range(b.n(b.rng.randint(*t.ukrainian_weekly_referrals))):
            day = start + timedelta(days=b.rng.randint(0, 4))
            if day <= b.as_of and is_working_day(day, extra_closed_days=b.rules.extra_closed_days):
                dates.append(day)
    return dates


def _ukrainians(b: PopulationBuilder, t: tables.Targets) -> None:
    recent = _recent_weekly_referrals(b, t)
    # Referred, and the take-over date not yet reached: they have not arrived. One person per referral, mostly singles.
    awaiting = [d for d in recent if takeover_date(UKRAINIAN, d, rules=b.rules) > b.as_of]
    recent_arrived = [d for d in recent if takeover_date(UKRAINIAN, d, rules=b.rules) <= b.as_of]
    for decision in awaiting:
        household = b.single(population=UKRAINIAN, age=int(b.rng.triangular(ADULT_AGE, 70, 33)), gender=b.rng.choice("FFM"))
        _open_household_cases(b, household, DISPLACED_UKRAINIAN, UKRAINIAN, decision, arrived=False)
    _ukrainians_living(b, t, recent_arrived)
    _ukrainians_left(b, t)


def _ukrainians_living(b: PopulationBuilder, t: tables.Targets, recent_arrived: list[date]) -> None:
    living = b.households_of_shape(population=UKRAINIAN, persons=b.n(t.ukrainians_living), share_0_15=t.share_0_15,
                                   share_67=t.share_67_plus, share_female=t.share_female)
    b.rng.shuffle(living)
    recent_iter = iter(recent_arrived)
    before_recent = b.as_of - timedelta(weeks=tables.RECENT_REFERRAL_WEEKS)
    cases: list[PlannedCase] = []
    for household in living:
        decision = next(recent_iter, None) or b.referral_date_before(before_recent)
        cases += _open_household_cases(b, household, DISPLACED_UKRAINIAN, UKRAINIAN, decision, arrived=True)
    _ukrainian_journeys(b, t, cases)
    _first_benefit_payments(b, living)
    for household in b.rng.sample(living, min(len(living), b.n(t.pets_ukrainian))):
        household.pet_kind = b.rng.choice(["dog", "cat", "cat", "other"])


def _ukrainians_left(b: PopulationBuilder, t: tables.Targets) -> None:
    """Arrived and left again: moved away, left Denmark, a few deceased (some of them patients via the patient track)."""
    left = b.households_of_shape(population=UKRAINIAN, persons=b.n(t.ukrainians_left), share_0_15=0.18, share_67=0.06, share_female=0.56)
    cases = []
    for household in left:
        # Referred before the recent weeks' referrals (those are all still here).
        decision = b.referral_date_before(min(b.as_of - timedelta(days=200), b.as_of - timedelta(weeks=tables.RECENT_REFERRAL_WEEKS)))
        for key, _ in household.members:
            case = b.open_case(b.persons[key], target_group=DISPLACED_UKRAINIAN, population=UKRAINIAN, decision=decision, arrived=True)
            reason = b.rng.choices(["left_denmark", "moved_away", "other"], [55, 40, 5])[0]
            b.advance(case, LEFT, earliest_days=60)
            case.left_reason = reason
            cases.append(case)
    adults = [c for c in cases if is_adult(_age(b, c))]
    for case in b.rng.sample(adults, min(len(adults), b.n(t.patients_left))):
        case.flags.update(patient_track=True, patient=True)
        case.left_reason = b.rng.choice(["deceased", "moved_away", "left_denmark"])


def _open_household_cases(b: PopulationBuilder, household: PlannedHousehold, target_group: str, population: str, decision: date,
                          *, arrived: bool) -> list[PlannedCase]:
    return [b.open_case(b.persons[key], target_group=target_group, population=population, decision=decision, arrived=arrived)
            for key, _ in household.members]


def _first_benefit_payments(b: PopulationBuilder, households: list[PlannedHousehold]) -> None:
    """The first benefit payment comes about four weeks after arrival; until then food is handed out."""
    arrival_of = {c.person: c.arrival_date for c in b.cases if c.arrival_date}
    for household in households:
        arrival = arrival_of.get(household.members[0][0])
        if arrival:
            paid = arrival + timedelta(days=b.rng.randint(21, 35))
            household.first_benefit_payment_on = paid if paid <= b.as_of else None


def _ukrainian_journeys(b: PopulationBuilder, t: tables.Targets, cases: list[PlannedCase]) -> None:
    """Statuses of the Ukrainians living here: employed, in programme or placement, arrived; patients and the vulnerable."""
    adults = [c for c in cases if _working_age(b, c)]
    # Jobs and the programme take a few months after arrival.
    settled = sorted((c for c in adults if (b.as_of - c.arrival_date).days > 120), key=lambda c: c.arrival_date)
    b.rng.shuffle(settled)
    employed = settled[: b.n(t.ukrainians_employed)]
    rest = settled[len(employed):]
    in_programme = rest[: b.n(t.ukrainians_in_programme)]
    in_placement = rest[len(in_programme): len(in_programme) + b.n(t.ukrainians_in_placement)]
    # Enough job-ready citizens not (yet) employed that the employed are 81 % of the job-ready.
    job_ready_needed = round(len(employed) / t.employment_rate_job_ready) - len(employed)
    for case in employed:
        b.advance(case, IN_PROGRAMME, earliest_days=14)
        b.advance(case, EMPLOYED, earliest_days=60)
        case.readiness = "job_ready"
    for index, case in enumerate(in_programme + in_placement):
        b.advance(case, IN_PROGRAMME, earliest_days=14)
        case.readiness = "job_ready" if index < job_ready_needed else "activity_ready"
    for case in in_placement:
        b.advance(case, IN_PLACEMENT, earliest_days=30)
    busy = {id(c) for c in employed + in_programme + in_placement}
    others = [c for c in adults if id(c) not in busy]
    for case in others:
        if (b.as_of - case.arrival_date).days > 30:
            case.readiness = "activity_ready"
        if (b.as_of - case.arrival_date).days > 400 and b.rng.random() < 0.08:
            b.advance(case, PAUSED, earliest_days=60, reason="Barsel")
    _patients_and_vulnerable(b, t, cases, others)


def _patients_and_vulnerable(b: PopulationBuilder, t: tables.Targets, cases: list[PlannedCase], others: list[PlannedCase]) -> None:
    """Patients via the patient track who remain, and vulnerable residents (10-20 %)."""
    patients = b.rng.sample([c for c in others if c.status != PAUSED], min(len(others), b.n(t.patients_remaining)))
    for case in patients:
        case.flags.update(patient_track=True, patient=True)
    elderly = [c for c in cases if _age(b, c) >= tables.ELDERLY_AGE]
    for case in b.rng.sample(elderly, len(elderly) // 8):
        case.flags["elderly_illness"] = True
    adults = [c for c in cases if _working_age(b, c)]
    for case in b.rng.sample(adults, len(adults) // 12):
        case.flags[b.rng.choice(["addiction", "psychologically_vulnerable", "socially_challenged"])] = True


# --- refugees ------------------------------------------------------------------------------------


def _refugees(b: PopulationBuilder, t: tables.Targets) -> None:
    groups = [
        ("municipal_quota", round(t.quota_living * 0.65)),
        ("un_quota", t.quota_living - round(t.quota_living * 0.65)),
        ("other_refugee", t.other_refugees_living),
        ("family_reunified", t.family_reunified_living),
    ]
    cases: list[PlannedCase] = []
    households: list[PlannedHousehold] = []
    quota_this_year = b.n(t.quota_arrived_this_year)
    # This year's quota arrivals were referred in the 12 months' quota flow before the as-of date (see tables).
    year_start = b.as_of - timedelta(days=tables.QUOTA_REFERRALS_START_DAYS_BEFORE)
    for target_group, count in groups:
        shaped = b.households_of_shape(population=REFUGEE, persons=b.n(count), share_0_15=0.35, share_67=0.03, share_female=0.52)
        households += shaped
        for household in shaped:
            if target_group in QUOTA_GROUPS and 0 < len(household.members) <= quota_this_year:
                decision = year_start + timedelta(days=b.rng.randint(0, tables.QUOTA_REFERRALS_SPAN_DAYS))
                quota_this_year -= len(household.members)
            else:
                # Older quota referrals fall before this year's (the year's are counted exactly above).
                latest = b.as_of - timedelta(days=200)
                if target_group in QUOTA_GROUPS:
                    latest = min(latest, year_start - timedelta(days=1))
                decision = b.referral_date_before(latest, earliest=tables.EARLIEST_REFUGEE_REFERRAL)
            cases += _open_household_cases(b, household, target_group, REFUGEE, decision, arrived=True)
    _first_benefit_payments(b, households)
    for household in b.rng.sample(households, min(len(households), b.n(t.pets_refugee))):
        household.pet_kind = "cat"
    _quota_families_awaiting(b, t)
    _refugee_journeys(b, t, cases)


def _quota_families_awaiting(b: PopulationBuilder, t: tables.Targets) -> None:
    """Quota refugees referred in the last weeks and not yet arrived: whole families of 3-5 that fit the number expected."""
    waiting = b.n(t.quota_awaiting)
    while waiting >= 3:
        household = b.family(population=REFUGEE, children=b.rng.choice([c for c in (1, 2, 3) if c + 2 <= waiting]), spouse=True,
                             grandparent=False)
        decision = b.as_of - timedelta(days=b.rng.randint(5, 40))
        for key, _ in household.members:
            b.open_case(b.persons[key], target_group=b.rng.choice(QUOTA_GROUPS), population=REFUGEE, decision=decision, arrived=False)
        waiting -= len(household.members)


def _refugee_journeys(b: PopulationBuilder, t: tables.Targets, cases: list[PlannedCase]) -> None:
    """Refugees of working age two months after arrival: some in the programme, a sixth employed, some under the work obligation."""
    adults = [c for c in cases if _working_age(b, c) and (b.as_of - c.arrival_date).days > 60]
    b.rng.shuffle(adults)
    programme = adults[: b.n(t.refugees_in_programme)]
    for case in programme:
        b.advance(case, IN_PROGRAMME, earliest_days=14)
        case.readiness = b.rng.choice(["job_ready", "activity_ready"])
    employed = adults[len(programme): len(programme) + len(adults) // 6]
    for case in employed:
        b.advance(case, IN_PROGRAMME, earliest_days=14)
        b.advance(case, EMPLOYED, earliest_days=90)
        case.readiness = "job_ready"
    on_benefits = [c for c in adults if c.status != EMPLOYED]
    for case in b.rng.sample(on_benefits, min(len(on_benefits), b.n(t.work_obligation))):
        case.flags["work_obligation"] = True


# --- LAB citizens and the caseload -----------------------------------------------------------------


def _lab_citizens(b: PopulationBuilder, t: tables.Targets) -> None:
    """Citizens under the Active Employment Act in the programme: no take-over date, not housed by the centre."""
    for _ in range(b.n(t.lab_citizens)):
        person = b.add_person(population=REFUGEE, age=int(b.rng.triangular(ADULT_AGE, 60, 26)), gender=b.rng.choice("FM"))
        b.households.append(PlannedHousehold(members=[(person.key, "applicant")]))
        young = age_on(person.birth_date, b.as_of) < LAB_YOUTH_UNDER
        group = b.rng.choice(["lab_youth_activity", "lab_youth_education"] if young else ["lab_job_ready", "lab_activity_ready"])
        decision = b.referral_date_before(b.as_of - timedelta(days=90))
        case = b.open_case(person, target_group=group, population="", decision=decision, arrived=True)
        b.advance(case, IN_PROGRAMME, earliest_days=14)
        case.readiness = LAB_READINESS[group]


def _share_caseload(b: PopulationBuilder) -> None:
    """Open cases of adults are shared among the caseworkers in turn; children have none (they follow their household)."""
    index, caseworkers = 0, caseworkers_at(b.scale)
    for case in b.cases:
        if case.status in (LEFT, CLOSED):
            continue
        if is_adult(_age(b, case)):
            case.caseworker = index % caseworkers
            index += 1
