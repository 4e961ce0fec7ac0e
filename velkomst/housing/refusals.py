"""Whether a household may move into a room: the SPEC's hard rules plus the room's and location's status.

The nine allocation rules live in one place, `allocation.engine.rules`; this module
feeds them today's occupancy and adds what only the housing app knows (blocked or
closed rooms, closed locations, a household already housed).
"""
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from velkomst.engine import model as engine_model
from velkomst.engine import rules as engine_rules
from velkomst.formats import date_text
from velkomst.housing import spec
from velkomst.housing.models import HouseholdType, Location, Room, Tenancy
from velkomst.people.models import Household

ROOM_NOT_AVAILABLE = "room_not_available"
LOCATION_CLOSED = "location_closed"
ALREADY_HOUSED = "already_housed"
LOCATION_CLOSING = "location_closing"
# The lease's rent is the cap of its start year; a year without caps is refused by name, never filled from another year.
RENT_CAP_MISSING = "rent_cap_missing"
EMPTY_HOUSEHOLD = "empty_household"
# A documented need for a room of one's own is an engine rule, so proposals respect it too.
OWN_ROOM_NEEDED = engine_rules.OWN_ROOM_NEEDED
ROOM_HELD_FOR_OWN_NEED = engine_rules.ROOM_HELD_FOR_OWN_NEED


@dataclass(frozen=True)
class Refusal:
    code: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return refusal_text(self.code, self.params)


def refusal_text(code: str, params: dict) -> str:
    """The reason in words a host understands, in the active language."""
    texts = {
        engine_rules.CAPACITY: lambda: ngettext(
            "The room has %(beds)d bed; %(persons)d persons would live there.",
            "The room has %(beds)d beds; %(persons)d persons would live there.",
            params.get("beds", 0),
        ) % params,
        engine_rules.FAMILY_OWN_ROOM: lambda: _("A family must have a room of its own, and someone already lives in this room."),
        engine_rules.FAMILY_ROOM_CLOSED: lambda: _("A family lives in this room; no one else can move in."),
        engine_rules.MIXED_GENDER: lambda: _("A shared room is for one gender only; the room-mates are of another gender."),
        engine_rules.PETS: lambda: _("Pets are not allowed at this location."),
        engine_rules.ACCESSIBILITY: lambda: _("The household needs step-free access, and this room is not accessible."),
        engine_rules.POPULATION: lambda: _("This location does not take this target group."),
        engine_rules.RESERVED: lambda: _("This location is reserved for a specific target group (%(reserved_for)s).") % {
            "reserved_for": _("patients") if params.get("reserved_for") == "patient" else _("vulnerable residents")
        },
        engine_rules.FOOD: lambda: _("The household still needs food distribution, which this location does not have."),
        ROOM_NOT_AVAILABLE: lambda: _("The room is blocked or closed."),
        LOCATION_CLOSED: lambda: _("The location is closed."),
        LOCATION_CLOSING: lambda: _("The location closes on %(closing_on)s; no one can move in from that day.") % params,
        RENT_CAP_MISSING: lambda: _("No rent cap is recorded for %(year)d (%(household_type)s), so the lease has no rent. An administrator "
                                    "enters the year's rent caps under Set-up → Rent caps; then move in again.") % {
            "year": params.get("year", 0), "household_type": _household_type_label(params.get("household_type", ""))},
        ALREADY_HOUSED: lambda: _("The household already lives in temporary housing; use “move” instead."),
        EMPTY_HOUSEHOLD: lambda: _("The household has no members."),
        OWN_ROOM_NEEDED: lambda: _("The household needs a room of its own for health reasons, and someone already lives in this room."),
        ROOM_HELD_FOR_OWN_NEED: lambda: _("Someone in this room needs it to themselves for health reasons."),
    }
    return texts[code]() if code in texts else code


def _household_type_label(code: str) -> str:
    return str(HouseholdType(code).label).lower() if code in HouseholdType.values else code


def refusals(*, room: Room, household: Household, on: date, moving_from: Tenancy | None = None) -> list[Refusal]:
    """Every reason the household may not move into the room on the date; empty when it may.

    `moving_from`: the household's current tenancy when it moves between rooms (it does not count against itself).
    """
    return list(rooms_fit(rooms=[room], household=household, on=on, moving_from=moving_from)[0].refusals)


@dataclass(frozen=True)
class RoomFit:
    """A room and whether the household fits: ``free`` beds once the current occupants (not the household) are counted."""
    room: Room
    free: int
    refusals: tuple[Refusal, ...] = ()

    @property
    def fits(self) -> bool:
        return not self.refusals


def rooms_fit(*, rooms, household: Household, on: date, moving_from: Tenancy | None = None) -> list[RoomFit]:
    """Each room (its location loaded) with every reason the household may not move in on the date, in the rooms' order.

    The one check behind a move-in, a planned room and the room choosers: the room's and location's status, then the
    allocation rules (`engine.rules`) on today's occupancy. A fixed number of queries however many rooms are asked about.
    """
    rooms = list(rooms)
    household_wide = []
    current = Tenancy.objects.current().filter(household=household).exclude(pk=getattr(moving_from, "pk", None))
    if current.exists():
        household_wide.append(Refusal(ALREADY_HOUSED))
    household = spec.households_for_allocation().get(pk=household.pk)
    candidate = spec.engine_household(household, on)
    if not candidate.members:
        household_wide.append(Refusal(EMPTY_HOUSEHOLD))
    # Tenancies and reservations both occupy the room; the household's own reservation does not count against itself.
    by_room: dict[int, list] = {}
    for stay in (spec.current_stays([room.pk for room in rooms]) if rooms else []):
        if stay.household_id != household.pk:
            by_room.setdefault(stay.room_id, []).append(stay)
    engine_locations: dict[str, engine_model.Location] = {}
    result = []
    for room in rooms:
        found = []
        if room.status != Room.Status.AVAILABLE:
            found.append(Refusal(ROOM_NOT_AVAILABLE))
        location = room.location
        if location.status == Location.Status.CLOSED:
            found.append(Refusal(LOCATION_CLOSED))
        elif location.status == Location.Status.CLOSING and location.closing_on and on >= location.closing_on:
            found.append(Refusal(LOCATION_CLOSING, {"closing_on": date_text(location.closing_on)}))
        engine_room = spec.engine_room(room, by_room.get(room.pk, []), on)
        found.extend(household_wide)
        if candidate.members:
            if location.code not in engine_locations:
                engine_locations[location.code] = spec.engine_location(location)
            for reason in engine_rules.reasons_room_refuses(engine_room, engine_locations[location.code], candidate):
                found.append(Refusal(reason.code, reason.params))
        result.append(RoomFit(room=room, free=max(engine_room.free_beds, 0), refusals=tuple(found)))
    return result
