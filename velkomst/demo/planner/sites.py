"""The places to live: the 21 named locations with their rooms, the external flats, and rooms out of use.

The number of beds scales with the population (a 10x demo has 10x the beds); each location's
size and role come from `tables.LOCATIONS`.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from velkomst.demo import tables
from velkomst.demo.records import PlannedLocation, PlannedRoom
from velkomst.engine.model import Location as RuleLocation
from velkomst.lib.dates import add_months, first_of_month
from velkomst.rules.populations import REFUGEE, UKRAINIAN

SERVES = {"u": UKRAINIAN, "r": REFUGEE}


def plan_sites(rng: random.Random, *, scale: float, as_of: date) -> tuple[list[PlannedLocation], list[PlannedRoom]]:
    """Locations and rooms, some rooms blocked or closed, and each location's usable beds and the most the demo fills."""
    locations: list[PlannedLocation] = []
    rooms: list[PlannedRoom] = []
    for named in tables.LOCATIONS:
        locations.append(_named_location(named, as_of))
        _add_rooms(rng, locations, rooms, kind=named.kind, beds=max(1, round(named.beds * scale)), step_free=named.step_free)
    for i in range(max(1, round(tables.FLATS * scale))):
        _add_flat(rng, locations, rooms, i)
    _block_some_rooms(rng, locations, rooms, scale=scale, as_of=as_of)
    for location in locations:
        location.beds = sum(rooms[ri].beds for ri in location.rooms if rooms[ri].status == "available")
        location.cap = location.beds if location.kind == "flat" else max(1, int(location.beds * tables.FILL_CAP))
    # Some flats stay free for the next families.
    flats = [loc for loc in locations if loc.kind == "flat"]
    for location in rng.sample(flats, round(len(flats) * (1 - tables.FLAT_FILL_CAP))):
        location.cap = 0
    return locations, rooms


def _named_location(named: tables.NamedLocation, as_of: date) -> PlannedLocation:
    months = tables.CLOSING_MONTHS_AHEAD.get(named.code)
    # A contract ends on the last day of a month.
    closing_on = add_months(first_of_month(as_of), months + 1) - timedelta(days=1) if months is not None else None
    return PlannedLocation(
        code=named.code, name=named.name, address=named.address, kind=named.kind,
        serves=tuple(SERVES[letter] for letter in "ur" if letter in named.serves),
        food_distribution=named.food_distribution, welcome_house=named.welcome_house, pets_allowed=named.pets_allowed,
        step_free=named.step_free, reserved_for=named.reserved_for, facilities=named.facilities, opened_on=named.opened_on,
        host=tables.HOST_OF[named.code], status="closing" if closing_on else "open", closing_on=closing_on,
    )


def _add_rooms(rng: random.Random, locations: list[PlannedLocation], rooms: list[PlannedRoom], *, kind: str, beds: int,
               step_free: bool) -> None:
    """Rooms of the sizes usual for the kind of building until the beds are used up, numbered floor by floor."""
    location = len(locations) - 1
    n = 0
    while beds > 0:
        size = min(beds, rng.choice(tables.ROOM_SIZES[kind]))
        floor, slot = divmod(n, tables.ROOMS_PER_FLOOR[kind])
        if kind == "pavilion":
            # Pavilions: blocks A, B, C ... of two storeys.
            block = chr(ord("A") + floor // 2) if floor < 52 else f"Z{floor}"
            number, floor = f"{block}-{(floor % 2) * 100 + slot + 1:03d}", floor % 2
            accessible = step_free and floor == 0 and rng.random() < 0.5
        else:
            floor = floor + (1 if kind == "hotel" else 0)
            number = f"{floor}{slot + 1:02d}"
            accessible = step_free and rng.random() < (0.3 if kind == "hotel" else 0.35)
        rooms.append(PlannedRoom(location=location, number=number, floor=floor, beds=size, accessible=accessible,
                                 has_kitchen=kind == "pavilion" and size >= 4, has_bath=kind in ("hotel", "pavilion")))
        locations[location].rooms.append(len(rooms) - 1)
        n += 1
        beds -= size


def _add_flat(rng: random.Random, locations: list[PlannedLocation], rooms: list[PlannedRoom], i: int) -> None:
    """An external flat: one room with its own kitchen and bath, for either population."""
    street, postcode = tables.FLAT_STREETS[i % len(tables.FLAT_STREETS)]
    number, storey = rng.randint(2, 180), rng.randint(0, 5)
    side = rng.choice(["tv.", "th.", "mf."])
    floor_text = "st." if storey == 0 else f"{storey}."
    step_free = storey == 0 or rng.random() < 0.1
    locations.append(PlannedLocation(
        code=f"flat-{i + 1:03d}", name=f"{street} {number}, {floor_text} {side}", address=f"{street} {number}, {floor_text} {side}, {postcode}",
        kind="flat", serves=(UKRAINIAN, REFUGEE), food_distribution=False, welcome_house=False,
        pets_allowed=rng.random() < 0.5, step_free=step_free, reserved_for="", facilities="o" if storey == 0 else "",
        opened_on=tables.FLATS_FIRST_OPENED + timedelta(days=rng.randint(0, tables.FLATS_OPENING_DAYS)),
    ))
    beds = rng.choice(tables.ROOM_SIZES["flat"])
    rooms.append(PlannedRoom(location=len(locations) - 1, number="1", floor=storey, beds=beds, accessible=step_free,
                             has_kitchen=True, has_bath=True))
    locations[-1].rooms.append(len(rooms) - 1)


def _block_some_rooms(rng: random.Random, locations: list[PlannedLocation], rooms: list[PlannedRoom], *, scale: float,
                      as_of: date) -> None:
    """Some rooms of the named locations are blocked for repairs (most until a known day), a few closed for good."""
    named = [i for i, r in enumerate(rooms) if locations[r.location].kind != "flat"]
    for i in rng.sample(named, min(len(named), max(2, round(tables.BLOCKED_ROOMS * scale)))):
        room = rooms[i]
        room.status = "blocked"
        room.blocked_reason = rng.choice(tables.BLOCK_REASONS)
        room.blocked_until = None if rng.random() < 0.25 else as_of + timedelta(days=rng.randint(5, 120))
    for i in rng.sample(named, min(len(named), max(1, round(tables.CLOSED_ROOMS * scale)))):
        if rooms[i].status == "available":
            rooms[i].status = "closed"  # taken out of use (e.g. turned into a common room)


def rule_location(location: PlannedLocation) -> RuleLocation:
    """The location as the allocation rules (`velkomst.engine.rules`) see it."""
    return RuleLocation(id=location.code, serves=frozenset(location.serves), food_distribution=location.food_distribution,
                        pets_allowed=location.pets_allowed, reserved_for=location.reserved_for or None)
