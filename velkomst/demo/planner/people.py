"""Synthetic persons, households and cases: the building blocks the population planner composes.

Every date is counted back from the as-of date, so the same seed gives the same centre seen on
another day. Names are synthetic (Faker `uk_UA`; a short list for refugees; `da_DK` phone numbers).
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from faker import Faker

from velkomst.demo import tables
from velkomst.demo.records import ARRIVED, REFERRED, PlannedCase, PlannedHousehold, PlannedPerson
from velkomst.lib.dates import add_years
from velkomst.rules.deadlines import DeadlineRules, takeover_date
from velkomst.rules.households import ADULT_AGE


class PopulationBuilder:
    """Collects persons, households and cases as the planner adds them; one random generator for all."""

    def __init__(self, *, scale: float, seed: int, as_of: date, rules: DeadlineRules):
        self.rng = random.Random(seed)
        self.uk = Faker("uk_UA")
        self.uk.seed_instance(seed)
        self.da = Faker("da_DK")
        self.da.seed_instance(seed + 1)
        self.scale = scale
        self.as_of = as_of
        self.rules = rules
        self.persons: list[PlannedPerson] = []
        self.households: list[PlannedHousehold] = []
        self.cases: list[PlannedCase] = []
        self.used_cpr: set[str] = set()

    def n(self, count: int) -> int:
        """A presentation count at the demo's scale."""
        return max(0, round(count * self.scale))

    # --- persons ---------------------------------------------------------------------------------

    def birth_date(self, age: int) -> date:
        """Someone who is `age` on the as-of date, their birthday 30-330 days past."""
        return add_years(self.as_of, -age) - timedelta(days=self.rng.randint(30, 330))

    def cpr_for(self, birth: date, gender: str) -> str:
        """A CPR number that agrees with birth date and gender (7th digit 4 from 2000, last digit odd for men); never reused."""
        while True:
            seventh = 4 if birth.year >= 2000 else self.rng.randint(0, 3)
            serial = self.rng.randint(0, 99)
            last = self.rng.choice([1, 3, 5, 7, 9] if gender == "M" else [0, 2, 4, 6, 8])
            cpr = f"{birth:%d%m%y}-{seventh}{serial:02d}{last}"
            if cpr not in self.used_cpr:
                self.used_cpr.add(cpr)
                return cpr

    def _ukrainian_name(self, gender: str, last_name: str | None) -> tuple[str, str]:
        first = self.uk.first_name_female() if gender == "F" else self.uk.first_name_male()
        last = last_name or (self.uk.last_name_female() if gender == "F" else self.uk.last_name_male())
        return first, last

    def add_person(self, *, population: str, age: int, gender: str, last_name: str | None = None, origin=None) -> PlannedPerson:
        if population == "ukrainian":
            first, last = self._ukrainian_name(gender, last_name)
            nationality, languages, interpreter = "Ukraine", "ukrainsk, russisk", "ukrainsk" if self.rng.random() < 0.6 else ""
        else:
            first = self.rng.choice(tables.REFUGEE_FIRST_F if gender == "F" else tables.REFUGEE_FIRST_M)
            last = last_name or self.rng.choice(tables.REFUGEE_LAST)
            nationality, language = origin or self.rng.choice(tables.REFUGEE_ORIGIN)
            languages, interpreter = language, language if self.rng.random() < 0.7 else ""
        person = PlannedPerson(key=len(self.persons), first_name=first, last_name=last, birth_date=self.birth_date(age), gender=gender,
                               nationality=nationality, languages=languages, interpreter_language=interpreter)
        self.persons.append(person)
        return person

    # --- households ------------------------------------------------------------------------------

    def family(self, *, population: str, children: int, spouse: bool, grandparent: bool) -> PlannedHousehold:
        """A mother with children, perhaps a spouse and a grandparent; refugee families share one origin and last name."""
        origin = self.rng.choice(tables.REFUGEE_ORIGIN) if population == "refugee" else None
        mother = self.add_person(population=population, age=self.rng.randint(24, 48), gender="F", origin=origin)
        shared_last = mother.last_name if population == "refugee" else None
        members = [(mother.key, "applicant")]
        if spouse:
            father = self.add_person(population=population, age=self.rng.randint(26, 60), gender="M", last_name=shared_last, origin=origin)
            members.append((father.key, "spouse"))
        for _ in range(children):
            child = self.add_person(population=population, age=self.rng.randint(0, 15), gender=self.rng.choice("FM"),
                                    last_name=shared_last, origin=origin)
            members.append((child.key, "child"))
        if grandparent:
            elder = self.add_person(population=population, age=self.rng.randint(tables.ELDERLY_AGE, 85), gender=self.rng.choice("FFM"),
                                    last_name=shared_last, origin=origin)
            members.append((elder.key, "other"))
        household = PlannedHousehold(members=members)
        self.households.append(household)
        return household

    def single(self, *, population: str, age: int, gender: str) -> PlannedHousehold:
        person = self.add_person(population=population, age=age, gender=gender)
        # Some of the elderly cannot manage stairs.
        household = PlannedHousehold(members=[(person.key, "applicant")],
                                     needs_step_free=age >= tables.ELDERLY_AGE and self.rng.random() < 0.2)
        self.households.append(household)
        return household

    def households_of_shape(self, *, population: str, persons: int, share_0_15: float, share_67: float,
                            share_female: float) -> list[PlannedHousehold]:
        """Households whose members hit the age and gender shares exactly (up to rounding): families take the
        children (and some grandparents), elderly singles the rest of the 67+, adult singles fill up to the gender share."""
        first = len(self.persons)
        children_left, elderly_left = round(persons * share_0_15), round(persons * share_67)
        households = []
        while children_left > 0:
            kids = min(children_left, self.rng.choice([1, 1, 2, 2, 3]))
            with_elder = elderly_left > 0 and self.rng.random() < 0.12
            households.append(self.family(population=population, children=kids, spouse=self.rng.random() < 0.3, grandparent=with_elder))
            children_left -= kids
            elderly_left -= int(with_elder)
        for _ in range(elderly_left):
            households.append(self.single(population=population, age=self.rng.randint(tables.ELDERLY_AGE, 88), gender=self.rng.choice("FFM")))
        placed = self.persons[first:]
        female_left = round(persons * share_female) - sum(p.gender == "F" for p in placed)
        adults_left = persons - len(placed)
        genders = ["F"] * max(0, min(female_left, adults_left)) + ["M"] * max(0, adults_left - max(0, female_left))
        self.rng.shuffle(genders)
        for gender in genders:
            households.append(self.single(population=population, age=int(self.rng.triangular(ADULT_AGE, tables.ELDERLY_AGE - 1, 31)), gender=gender))
        return households

    # --- cases -----------------------------------------------------------------------------------

    def referral_date_before(self, latest: date, *, earliest: date = tables.WAR_START) -> date:
        """Most referrals came soon after `earliest` (2022 for the Ukrainians); fewer each year after."""
        span = (latest - earliest).days
        return earliest + timedelta(days=int(span * self.rng.random() ** 2.2))

    def open_case(self, person: PlannedPerson, *, target_group: str, population: str, decision: date, arrived: bool) -> PlannedCase:
        """A case referred on `decision`; if `arrived`, the person came around the take-over date (never after the as-of
        date) and got a CPR number and a phone."""
        takeover = takeover_date(population, decision, rules=self.rules) if population else None
        arrival = None
        history = [(REFERRED, decision, "")]
        if arrived:
            # Usually on the take-over date or a few days before; LAB citizens (no take-over) about three weeks after referral.
            expected = takeover or decision + timedelta(days=21)
            arrival = max(decision + timedelta(days=3), expected - timedelta(days=self.rng.randint(0, 4)))
            arrival = min(arrival, self.as_of)
            history.append((ARRIVED, arrival, ""))
            person.cpr = self.cpr_for(person.birth_date, person.gender if person.gender in "FM" else "F")
            person.phone = self.da.phone_number()
        case = PlannedCase(person=person.key, target_group=target_group, referral_decision_date=decision, takeover_date=takeover,
                           arrival_date=arrival, status=history[-1][0], history=history)
        self.cases.append(case)
        return case

    def advance(self, case: PlannedCase, status: str, *, earliest_days: int, reason: str = "") -> None:
        """Move a case on to a later status, dated between `earliest_days` after its last change and the as-of date."""
        last_on = case.history[-1][1]
        start = last_on + timedelta(days=earliest_days)
        if start >= self.as_of:
            start = last_on + timedelta(days=1)
        on = min(self.as_of, start + timedelta(days=int((self.as_of - start).days * self.rng.random())))
        case.history.append((status, max(on, last_on), reason))
        case.status = status
