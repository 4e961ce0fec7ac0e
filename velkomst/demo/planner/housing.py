"""Temporary housing on the as-of date: the locations, who lives where, and a history consistent with it.

About 3,300 of the 4,800 Ukrainians living here and about 200 of the 230 quota refugees are housed,
plus a few other refugees; the capacity scales with the population.
"""
from __future__ import annotations

import random
from datetime import date

from velkomst.demo import tables
from velkomst.demo.planner.housing_events import plan_incidents, plan_inspections
from velkomst.demo.planner.placement import Occupancy, place_until_targets
from velkomst.demo.planner.residents import residents
from velkomst.demo.planner.sites import plan_sites
from velkomst.demo.planner.tenancies import plan_tenancies
from velkomst.demo.records import HousingPlan, PlannedLocation, PlannedRoom, Population


def plan_housing(population: Population, *, seed: int, as_of: date) -> HousingPlan:
    rng = random.Random(seed)
    everyone = residents(population, as_of)
    living = [r for r in everyone if r.living]
    # The capacity follows the population actually planned (the scale, up to rounding).
    scale = sum(r.size for r in living if r.group == "ukrainian") / tables.TARGETS.ukrainians_living
    locations, rooms = plan_sites(rng, scale=scale, as_of=as_of)
    occ = Occupancy(locations, rooms, _kept_empty(rng, locations, rooms))
    targets = {"ukrainian": round(tables.UKRAINIANS_HOUSED * scale), "quota": round(tables.QUOTA_HOUSED * scale),
               "other": round(tables.OTHER_REFUGEES_HOUSED * scale)}
    place_until_targets(rng, occ, living, targets, as_of)
    tenancies = plan_tenancies(rng, occ, everyone, scale=scale, as_of=as_of)
    return HousingPlan(locations, rooms, tenancies, plan_inspections(rng, tenancies, as_of), plan_incidents(rng, occ, population, as_of))


def _kept_empty(rng: random.Random, locations: list[PlannedLocation], rooms: list[PlannedRoom]) -> set[int]:
    """A few rooms of two beds or more at each named location stay empty, ready for the next arrivals."""
    kept = set()
    for location in locations:
        if location.kind != "flat":
            free = [ri for ri in location.rooms if rooms[ri].status == "available" and rooms[ri].beds >= 2]
            kept.update(rng.sample(free, min(len(free), max(1, round(len(free) * tables.KEPT_EMPTY_SHARE)))))
    return kept
