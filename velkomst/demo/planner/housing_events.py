"""What happened at the locations: move-out inspections of recent move-outs, incidents in the last half year,
and each location's house rules."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from velkomst.demo import tables
from velkomst.demo.planner.placement import Occupancy
from velkomst.demo.records import PlannedIncident, PlannedInspection, PlannedLocation, PlannedTenancy, Population
from velkomst.rules.households import is_adult

INSPECTED_MOVE_OUTS = 40  # of the move-outs in the last 120 days


def plan_inspections(rng: random.Random, tenancies: list[PlannedTenancy], as_of: date) -> list[PlannedInspection]:
    """Inspections of some of the last four months' move-outs (an internal move has none); a few found damages."""
    recent = [i for i, t in enumerate(tenancies) if t.moved_out_on and t.move_out_reason != "internal_move"
              and (as_of - t.moved_out_on).days <= 120]
    out = []
    for i in sorted(rng.sample(recent, min(len(recent), INSPECTED_MOVE_OUTS))):
        condition = rng.choices(["good", "fair", "poor"], [55, 35, 10])[0]
        damages, cost = rng.choice(tables.DAMAGES) if condition == "poor" else ("", 0)
        out.append(PlannedInspection(tenancy=i, inspected_on=tenancies[i].moved_out_on, condition=condition, damages=damages,
                                     estimated_cost=cost, notes=tables.INSPECTION_NOTES[condition]))
    return out


def plan_incidents(rng: random.Random, occ: Occupancy, population: Population, as_of: date) -> list[PlannedIncident]:
    """One incident of each kind in the table, at a named location, involving adults who live there, in the last 180 days."""
    adults_at = _adults_at_named_locations(occ, population)
    places = [li for li, adults in adults_at.items() if len(adults) >= 2]
    out = []
    for kind, severity, description, follow_up, partner, police in tables.INCIDENTS:
        li = rng.choice(places)
        involved = rng.sample(adults_at[li], 2 if kind in ("threat", "violence") else 1)
        occurred = datetime.combine(as_of - timedelta(days=rng.randint(1, 180)), time(rng.randint(8, 23), rng.choice([0, 15, 30, 45])))
        out.append(PlannedIncident(location=li, occurred_at=occurred, kind=kind, severity=severity, description=description,
                                   follow_up=follow_up, persons=sorted(involved), partner_social=partner == "social",
                                   partner_health=partner == "health", partner_police=police,
                                   reporter=occ.locations[li].host or tables.DEMO_HOST))
    return out


def _adults_at_named_locations(occ: Occupancy, population: Population) -> dict[int, list[int]]:
    """Person keys of the adults living at each named location now."""
    adults_at: dict[int, list[int]] = {li: [] for li in occ.named}
    for room, residents in occ.room_households.items():
        li = occ.rooms[room].location
        if li in adults_at:
            for r in residents:
                members = population.households[r.index].members
                adults_at[li] += [key for (key, _), m in zip(members, r.household.members) if is_adult(m.age)]
    return adults_at


def house_rules_text(location: PlannedLocation) -> str:
    return tables.HOUSE_RULES.format(
        name=location.name,
        kitchen="fælleskøkkenet" if "k" in location.facilities or location.kind == "building" else "køkkenet",
        pets=tables.PETS_ALLOWED_RULE if location.pets_allowed else tables.PETS_FORBIDDEN_RULE,
    )


def house_rules_translations(location: PlannedLocation) -> dict[str, str]:
    """The house rules in Ukrainian and English, for the letters in those languages."""
    return {
        "text_uk": tables.HOUSE_RULES_UK.format(
            name=location.name, pets=tables.PETS_ALLOWED_RULE_UK if location.pets_allowed else tables.PETS_FORBIDDEN_RULE_UK),
        "text_en": tables.HOUSE_RULES_EN.format(
            name=location.name, pets=tables.PETS_ALLOWED_RULE_EN if location.pets_allowed else tables.PETS_FORBIDDEN_RULE_EN),
    }


def rent_caps(years) -> dict[tuple[int, str], int]:
    """The demo's monthly cap of each year and household type: 2023's, moved by the yearly change (tables.py says why)."""
    return {(year, kind): round(cap * (1 + tables.RENT_CAP_YEARLY_CHANGE) ** (year - 2023))
            for year in years for kind, cap in tables.RENT_CAPS_2023.items()}
