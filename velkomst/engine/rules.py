"""The nine hard rules of SPEC.md as small functions returning reason codes.

Reused by the housing app to check a manual move-in::

    reasons = reasons_room_refuses(room, location, household, other_incoming=[...])
    if reasons: ...  # each Reason has a stable ``code`` and ``params`` to translate

Every function returns ``None`` when the rule is satisfied, else a ``Reason``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .model import Household, Location, Room

# rule codes, in SPEC order
CAPACITY = "capacity"
# rule 2 (households stay together) is structural: the engine always assigns whole households
FAMILY_OWN_ROOM = "family_needs_own_room"
FAMILY_ROOM_CLOSED = "family_room_closed"
# Beyond the SPEC: a documented health need for a room of one's own (skånebehov), both ways.
OWN_ROOM_NEEDED = "own_room_needed"
ROOM_HELD_FOR_OWN_NEED = "room_held_for_own_need"
MIXED_GENDER = "mixed_gender"
PETS = "pets_not_allowed"
ACCESSIBILITY = "not_accessible"
POPULATION = "population_not_served"
RESERVED = "reserved_location"
FOOD = "no_food_distribution"


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict = field(default_factory=dict)


def check_capacity(room: Room, household: Household, other_incoming: Sequence[Household] = ()) -> Reason | None:
    persons = len(room.occupants) + household.size + sum(h.size for h in other_incoming)
    if persons > room.beds:
        return Reason(CAPACITY, {"room": room.id, "beds": room.beds, "persons": persons})
    return None


def check_family_rules(room: Room, household: Household,
                       other_incoming: Sequence[Household] = ()) -> Reason | None:
    """Rule 3, and the same rule for a documented need for a room of one's own."""
    if household.needs_room_alone:
        if room.occupants or other_incoming:
            return Reason(FAMILY_OWN_ROOM if household.is_family else OWN_ROOM_NEEDED, {"room": room.id})
        return None
    if room.has_family_occupants or any(h.is_family for h in other_incoming):
        return Reason(FAMILY_ROOM_CLOSED, {"room": room.id})
    if room.closed_to_others or any(h.needs_own_room for h in other_incoming):
        return Reason(ROOM_HELD_FOR_OWN_NEED, {"room": room.id})
    return None


def check_gender(room: Room, household: Household, other_incoming: Sequence[Household] = ()) -> Reason | None:
    households_in_room = len(room.occupant_households()) + 1 + len(other_incoming)
    if households_in_room <= 1:
        return None
    genders = {o.gender for o in room.occupants}
    genders.update(m.gender for h in (household, *other_incoming) for m in h.members)
    if len(genders) > 1:
        return Reason(MIXED_GENDER, {"room": room.id, "genders": sorted(genders)})
    return None


def check_pets(location: Location, household: Household) -> Reason | None:
    if household.pets > 0 and not location.pets_allowed:
        return Reason(PETS, {"location": location.id})
    return None


def check_accessibility(room: Room, household: Household) -> Reason | None:
    if household.needs_accessible and not room.accessible:
        return Reason(ACCESSIBILITY, {"room": room.id})
    return None


def check_population(location: Location, household: Household) -> Reason | None:
    if household.population not in location.serves:
        return Reason(POPULATION, {"location": location.id, "population": household.population})
    return None


def check_reserved(location: Location, household: Household) -> Reason | None:
    if location.reserved_for and household.category != location.reserved_for:
        return Reason(RESERVED, {"location": location.id, "reserved_for": location.reserved_for})
    return None


def check_food(location: Location, household: Household) -> Reason | None:
    if household.needs_food_distribution and not location.food_distribution:
        return Reason(FOOD, {"location": location.id})
    return None


def attribute_reasons(room: Room, location: Location, household: Household) -> list[Reason]:
    """Rules 5-9: what the room and its location are, regardless of who lives there."""
    checks = (check_population(location, household), check_food(location, household),
              check_accessibility(room, household), check_pets(location, household),
              check_reserved(location, household))
    return [r for r in checks if r is not None]


def occupancy_reasons(room: Room, household: Household, other_incoming: Sequence[Household] = ()) -> list[Reason]:
    """Rules 1, 3, 4: what depends on who is (or moves) in the room."""
    checks = (check_capacity(room, household, other_incoming),
              check_family_rules(room, household, other_incoming),
              check_gender(room, household, other_incoming))
    return [r for r in checks if r is not None]


def reasons_room_refuses(room: Room, location: Location, household: Household,
                         other_incoming: Iterable[Household] = ()) -> list[Reason]:
    """All hard rules that forbid ``household`` moving into ``room``.

    ``other_incoming``: households also moving into the room (not its current occupants).
    An empty list means the move is allowed.
    """
    others = tuple(h for h in other_incoming if h.id != household.id)
    return occupancy_reasons(room, household, others) + attribute_reasons(room, location, household)


def location_accepts(location: Location, household: Household) -> bool:
    """Rules 5, 6 (pets), 8 and 9 of a location as a whole (the room's step-free access aside): used by the demo's planner."""
    return (household.population in location.serves
            and (household.pets == 0 or location.pets_allowed)
            and (not location.reserved_for or household.category == location.reserved_for)
            and (not household.needs_food_distribution or location.food_distribution))


def signature_accepts(signature: tuple, location_attributes: tuple, accessible: bool) -> bool:
    """Fast form of rules 5-9 on ``Household.signature`` and ``Location.attributes``."""
    population, pets, needs_accessible, needs_food, category = signature
    serves, food, pets_allowed, reserved_for = location_attributes
    return (population in serves and (not pets or pets_allowed) and (not needs_accessible or accessible)
            and (not needs_food or food) and (not reserved_for or category == reserved_for))


def rooms_fit(rooms: Iterable[Room], locations: dict[str, Location], household: Household,
              incoming_by_room: dict[str, Sequence[Household]] | None = None) -> list[tuple[Room, list[Reason]]]:
    """Every room with the hard rules that keep ``household`` out of it (an empty list: it fits).

    ``locations``: by id; ``incoming_by_room``: other households also moving into a room (a proposal's plan). The room
    choosers of reception and placements list the rooms that fit, and on request the others with these reasons.
    """
    incoming_by_room = incoming_by_room or {}
    return [(room, reasons_room_refuses(room, locations[room.location], household, incoming_by_room.get(room.id, ())))
            for room in rooms]
