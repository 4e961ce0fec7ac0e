"""Reception's work around the as-of date: referrals being prepared, and the first meetings of recent arrivals
(held, booked in the coming days, or still to book), so the worklist has work on it whatever the day."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from velkomst.demo import tables
from velkomst.demo.records import ARRIVED, REFERRED, PlannedAppointment, PlannedCase, PlannedReferral, Population, ReceptionPlan
from velkomst.lib.dates import age_on
from velkomst.lib.workdays import next_working_day_on_or_after
from velkomst.rules.deadlines import CONTRACT_MEETING, DEFAULT_RULES, WELCOME_MEETING, DeadlineRules, deadlines_for
from velkomst.rules.households import is_adult
from velkomst.rules.populations import UKRAINIAN, population_of

WELCOME_CHECKLIST = ("residence_card", "mitid", "bank_account", "benefit_application", "cv_job_shop", "health", "children")


def plan_reception(population: Population, *, as_of: date, rules: DeadlineRules = DEFAULT_RULES) -> ReceptionPlan:
    return ReceptionPlan(_referrals(population, as_of), _appointments(population, as_of, rules))


def _referrals(population: Population, as_of: date) -> list[PlannedReferral]:
    """A referral for each household still awaiting arrival, its preparation further along the nearer the take-over."""
    waiting = sorted((c.household, i) for i, c in enumerate(population.cases) if c.status == REFERRED and c.household is not None)
    referrals, seen = [], set()
    for index, (household, case_index) in enumerate(waiting):
        if household in seen:
            continue
        seen.add(household)
        referrals.append(_referral(population.cases[case_index], index, as_of))
    return referrals


def _referral(case: PlannedCase, index: int, as_of: date) -> PlannedReferral:
    days_left = (case.takeover_date - as_of).days if case.takeover_date else 30
    note = tables.CONSIDERATIONS[index % len(tables.CONSIDERATIONS)]
    referral = PlannedReferral(household=case.household, decision_date=case.referral_decision_date,
                               population=population_of(case.target_group) or UKRAINIAN,
                               asylum_centre=tables.ASYLUM_CENTRES[index % len(tables.ASYLUM_CENTRES)], special_considerations=note)
    if days_left <= 14:
        referral.asylum_centre_contacted_on = case.referral_decision_date + timedelta(days=2)
    if days_left <= 10:
        referral.considerations_recorded_on = referral.asylum_centre_contacted_on
        referral.considerations_health = note if "Astma" in note or "Diabetes" in note else ""
        referral.considerations_disability = note if "kørestol" in note else ""
        referral.considerations_pets = note if "kat" in note else ""
    if days_left <= 7:
        referral.cpr_activated_on = min(as_of, case.referral_decision_date + timedelta(days=7))
        referral.expected_arrival_on = case.takeover_date
    return referral


class MeetingSlots:
    """Hands out non-overlapping hours per caseworker, on working days, from a given day on."""

    def __init__(self, rules: DeadlineRules):
        self.taken: dict[tuple, set[int]] = defaultdict(set)
        self.extra_closed_days = rules.extra_closed_days

    def next(self, caseworker: int | None, day: date) -> datetime:
        day = next_working_day_on_or_after(day, extra_closed_days=self.extra_closed_days)
        while True:
            for hour in tables.MEETING_HOURS:
                if hour not in self.taken[(caseworker, day)]:
                    self.taken[(caseworker, day)].add(hour)
                    return datetime.combine(day, time(hour, 0))
            day = next_working_day_on_or_after(day + timedelta(days=1), extra_closed_days=self.extra_closed_days)


def _appointments(population: Population, as_of: date, rules: DeadlineRules) -> list[PlannedAppointment]:
    """Adults of working age who arrived in the last three weeks: the welcome meeting held (on its target day) or booked,
    the contract meeting booked or still to book; one in five still waits for both to be booked."""
    since = as_of - timedelta(days=tables.RECENT_ARRIVAL_DAYS)
    arrived = sorted(
        (c.arrival_date, i) for i, c in enumerate(population.cases)
        if c.status == ARRIVED and since <= c.arrival_date <= as_of and _working_age(population, c, as_of))
    slots, rows = MeetingSlots(rules), []
    for index, (_, case_index) in enumerate(arrived):
        rows += _first_meetings(population.cases[case_index], case_index, index, as_of, slots, rules)
    return rows


def _working_age(population: Population, case: PlannedCase, as_of: date) -> bool:
    age = age_on(population.persons[case.person].birth_date, as_of)
    return is_adult(age) and age < tables.ELDERLY_AGE


def _first_meetings(case: PlannedCase, case_index: int, index: int, as_of: date, slots: MeetingSlots,
                    rules: DeadlineRules) -> list[PlannedAppointment]:
    targets = {d.kind: d.target for d in deadlines_for(takeover=case.takeover_date, arrival=case.arrival_date, contract_meeting=None, rules=rules)}
    if index % 5 == 4:  # some still wait for their welcome meeting to be booked
        return [PlannedAppointment(case=case_index, kind="welcome", status="required"),
                PlannedAppointment(case=case_index, kind="contract", status="required")]
    welcome_day = targets[WELCOME_MEETING]
    held = welcome_day < as_of
    start = slots.next(case.caseworker, welcome_day if held else max(welcome_day, as_of + timedelta(days=1)))
    done = ({"residence_card", "mitid", "benefit_application", "health", "children"}
            | ({"bank_account"} if index % 3 != 0 else set()) | ({"cv_job_shop"} if index % 2 == 0 else set())) if held else set()
    rows = [PlannedAppointment(case=case_index, kind="welcome", status="completed" if held else "planned", starts_at=start, minutes=60,
                               place=tables.MEETING_PLACES[index % len(tables.MEETING_PLACES)],
                               checklist=tuple(item for item in WELCOME_CHECKLIST if item in done))]
    if held and index % 3 != 2:
        contract = slots.next(case.caseworker, max(targets[CONTRACT_MEETING], as_of + timedelta(days=1)))
        rows.append(PlannedAppointment(case=case_index, kind="contract", status="planned", starts_at=contract, minutes=90,
                                       place=tables.MEETING_PLACES[0]))
    else:
        rows.append(PlannedAppointment(case=case_index, kind="contract", status="required"))
    return rows
