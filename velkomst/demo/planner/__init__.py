"""The demo planner: from the data tables, a seed, a scale and an as-of date, every row of the demo as plain records.

Pure Python: no database and no clock (the as-of date is an argument), so the same arguments give the
same plan. `velkomst.demo.loader` writes it.
"""
from __future__ import annotations

import random
from datetime import date

from velkomst.demo.planner.documents import plan_documents
from velkomst.demo.planner.housing import plan_housing
from velkomst.demo.planner.population import plan_population
from velkomst.demo.planner.programme import plan_participation, programme_cases
from velkomst.demo.planner.reception import plan_reception
from velkomst.demo.planner.support import plan_support
from velkomst.demo.records import DemoPlan
from velkomst.rules.deadlines import DEFAULT_RULES, DeadlineRules
from velkomst.rules.programme import DEFAULT_HOURS_RULES, HoursRules

DEFAULT_SEED = 2026


def plan_demo(*, as_of: date, scale: float = 1.0, seed: int = DEFAULT_SEED, deadline_rules: DeadlineRules = DEFAULT_RULES,
              hours_rules: HoursRules = DEFAULT_HOURS_RULES) -> DemoPlan:
    """The demo centre seen on `as_of`. Each part draws from its own generator (seeded from `seed`), so a change in
    one part leaves the others as they were."""
    population = plan_population(scale=scale, seed=seed, as_of=as_of, rules=deadline_rules)
    housing = plan_housing(population, seed=_part_seed(seed, "housing"), as_of=as_of)
    reception = plan_reception(population, as_of=as_of, rules=deadline_rules)
    rng = random.Random(_part_seed(seed, "programme"))
    participation = plan_participation(rng, programme_cases(population), as_of=as_of, hours_rules=hours_rules,
                                       extra_closed_days=deadline_rules.extra_closed_days)
    support = plan_support(rng, population, participation.companies, as_of=as_of)
    documents = plan_documents(population, housing, as_of=as_of)
    return DemoPlan(as_of=as_of, population=population, housing=housing, reception=reception, participation=participation, support=support,
                    documents=documents)


def _part_seed(seed: int, part: str) -> str:
    # A string seeds `random.Random` the same way in every run (it is hashed with SHA-512, not Python's salted hash).
    return f"velkomst-demo-{part}-{seed}"
