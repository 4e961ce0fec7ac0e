"""The planned households as the housing rules see them on the as-of date.

Each resident carries an allocation-engine `Household` (members' ages on the as-of date, population,
pets, needs, category), so the planner asks `velkomst.engine.rules` whether a room takes it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from velkomst.demo.records import EMPLOYED, LEFT, LIVING_HERE_STATUSES, REFERRED, VULNERABILITY_FLAGS, PlannedCase, Population
from velkomst.engine.model import Household, Member
from velkomst.lib.dates import age_on
from velkomst.rules.households import household_type, needs_food_distribution
from velkomst.rules.populations import DISPLACED_UKRAINIAN, QUOTA_GROUPS, REFUGEE, REFUGEE_GROUPS, UKRAINIAN

ACTIVE_STATUSES = (*LIVING_HERE_STATUSES, REFERRED)


@dataclass(slots=True)
class Resident:
    """A household that arrived, with what the placement and its history need."""

    index: int  # the household's index in the population
    group: str  # "ukrainian", "quota" or "other" (other refugees): the housing targets are per group
    household: Household  # as the allocation rules see it on the as-of date
    births: list[date]
    arrival: date  # the household moves in once all its members have arrived
    first_payment: date | None
    employed: bool
    living: bool
    left_on: date | None = None
    left_reason: str = ""

    @property
    def size(self) -> int:
        return self.household.size

    @property
    def population(self) -> str:
        return self.household.population

    @property
    def category(self) -> str | None:
        return self.household.category

    @property
    def pets(self) -> bool:
        return self.household.pets > 0

    @property
    def gender(self) -> str:
        """A single's gender (room-mates share it)."""
        return self.household.gender

    @property
    def age(self) -> int:
        """A single's age on the as-of date."""
        return self.household.age

    def household_type_on(self, day: date) -> str:
        """The rent caps' household type with the members' ages on the day."""
        return household_type(age_on(birth, day) for birth in self.births)


def residents(population: Population, as_of: date) -> list[Resident]:
    """Every household whose members have all arrived, of a housing population (LAB citizens are not housed by the centre)."""
    cases_of: dict[int, list[PlannedCase]] = {}
    for case in population.cases:
        cases_of.setdefault(case.person, []).append(case)
    out = []
    for index, planned in enumerate(population.households):
        cases = [c for key, _ in planned.members for c in cases_of.get(key, ())]
        if not cases or any(c.arrival_date is None for c in cases):
            continue
        group = _housing_group(cases)
        if group is None:
            continue
        persons = [population.persons[key] for key, _ in planned.members]
        living = any(c.status in LIVING_HERE_STATUSES for c in cases)
        left = [c.history[-1] for c in cases if c.status == LEFT]
        household = Household(
            id=str(index), population=UKRAINIAN if group == "ukrainian" else REFUGEE,
            members=tuple(Member(person=str(p.key), gender=p.gender, age=age_on(p.birth_date, as_of)) for p in persons),
            pets=int(bool(planned.pet_kind)), needs_accessible=planned.needs_step_free,
            needs_food_distribution=needs_food_distribution(planned.first_benefit_payment_on, as_of),
            category=_category(cases), needs_own_room=planned.needs_own_room,
        )
        out.append(Resident(
            index=index, group=group, household=household, births=[p.birth_date for p in persons],
            arrival=max(c.arrival_date for c in cases), first_payment=planned.first_benefit_payment_on,
            employed=any(c.status == EMPLOYED for c in cases), living=living,
            left_on=None if living or not left else left[0][1],
            left_reason="" if living or not left else cases[0].left_reason,
        ))
    return out


def _housing_group(cases: list[PlannedCase]) -> str | None:
    """A household with a displaced Ukrainian is housed as Ukrainian; else quota, else other refugees; else not housed."""
    groups = [c.target_group for c in cases]
    if DISPLACED_UKRAINIAN in groups:
        return "ukrainian"
    if any(g in QUOTA_GROUPS for g in groups):
        return "quota"
    if any(g in REFUGEE_GROUPS for g in groups):
        return "other"
    return None


def _category(cases: list[PlannedCase]) -> str | None:
    """The SPEC's category: patients (the patient track included) before the other vulnerable residents."""
    active = [c for c in cases if c.status in ACTIVE_STATUSES] or cases
    flags = {name for c in active for name, on in c.flags.items() if on}
    if flags & {"patient", "patient_track"}:
        return "patient"
    return "vulnerable" if flags & set(VULNERABILITY_FLAGS) else None
