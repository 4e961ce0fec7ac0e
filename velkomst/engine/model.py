"""Typed, validated view of an allocation instance (the JSON of SPEC.md).

Pure Python: no Django, no solver imports.  ``Instance.from_dict`` raises
``ValueError`` with the path of the offending field, e.g.
``households[3].members[0].age: expected a whole number >= 0, got 'x'``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from velkomst.rules import households as household_rules

GENDERS = ("F", "M", "X")


@dataclass(frozen=True)
class Member:
    person: str
    gender: str
    age: int


@dataclass(frozen=True)
class Occupant:
    person: str
    household: str
    gender: str
    age: int
    # Beyond the SPEC (optional, false when absent): a documented health need for a room of one's own
    # (skånebehov) closes the room to others, as a family's room is closed (rule 3).
    needs_own_room: bool = False


@dataclass(frozen=True)
class Location:
    id: str
    serves: frozenset[str]
    food_distribution: bool
    pets_allowed: bool
    reserved_for: str | None

    @property
    def attributes(self) -> tuple:
        """Everything about a location that matters for feasibility and cost."""
        return (tuple(sorted(self.serves)), self.food_distribution, self.pets_allowed, self.reserved_for)


@dataclass(frozen=True)
class Room:
    id: str
    location: str
    beds: int
    accessible: bool
    occupants: tuple[Occupant, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.occupants

    @property
    def free_beds(self) -> int:
        return self.beds - len(self.occupants)

    def occupant_households(self) -> dict[str, list[Occupant]]:
        out: dict[str, list[Occupant]] = {}
        for o in self.occupants:
            out.setdefault(o.household, []).append(o)
        return out

    @property
    def has_family_occupants(self) -> bool:
        return any(household_rules.is_family(o.age for o in ms) for ms in self.occupant_households().values())

    @property
    def closed_to_others(self) -> bool:
        """No one else may move in: a family lives here (rule 3), or someone who needs the room to themselves."""
        return self.has_family_occupants or any(o.needs_own_room for o in self.occupants)

    @property
    def occupant_genders(self) -> frozenset[str]:
        return frozenset(o.gender for o in self.occupants)


@dataclass(frozen=True)
class Household:
    id: str
    population: str
    members: tuple[Member, ...]
    pets: int
    needs_accessible: bool
    needs_food_distribution: bool
    category: str | None
    # Beyond the SPEC (optional, false when absent): a documented health need for a room of one's own (skånebehov).
    needs_own_room: bool = False

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def is_family(self) -> bool:
        """A family in the SPEC's sense (``rules.households``); it decides the cost of a family room's empty beds."""
        return household_rules.is_family(m.age for m in self.members)

    @property
    def needs_room_alone(self) -> bool:
        """Goes only to an empty room that no one else enters: a family (rule 3) or a documented need."""
        return self.is_family or self.needs_own_room

    @property
    def gender(self) -> str:
        """Gender of a single (the only member); meaningless for families."""
        return self.members[0].gender

    @property
    def age(self) -> int:
        return self.members[0].age

    @property
    def signature(self) -> tuple:
        """What decides which locations/rooms accept this household."""
        return (self.population, self.pets > 0, self.needs_accessible, self.needs_food_distribution, self.category)


@dataclass
class Instance:
    date: str | None
    locations: dict[str, Location]
    rooms: list[Room]
    households: list[Household]
    room_by_id: dict[str, Room] = field(default_factory=dict)
    household_by_id: dict[str, Household] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.room_by_id = {r.id: r for r in self.rooms}
        self.household_by_id = {h.id: h for h in self.households}
        # (category, population) pairs for which a reserved location exists
        self._reserved_pairs = {
            (loc.reserved_for, pop)
            for loc in self.locations.values() if loc.reserved_for
            for pop in loc.serves
        }

    def category_relevant(self, household: Household) -> bool:
        """True when the household pays 50 unless it ends up at a location reserved for its category."""
        return bool(household.category) and (household.category, household.population) in self._reserved_pairs

    @classmethod
    def from_dict(cls, data: Any) -> "Instance":
        return _parse_instance(data)


# --------------------------------------------------------------------------- parsing

def _fail(path: str, msg: str, value: Any = None, show: bool = True) -> None:
    raise ValueError(f"{path}: {msg}" + (f", got {value!r}" if show else ""))


def _obj(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        _fail(path, "expected an object", value)
    return value


def _list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        _fail(path, "expected a list", value)
    return value


def _req(d: dict, key: str, path: str) -> Any:
    if key not in d:
        _fail(f"{path}.{key}", "missing field", show=False)
    return d[key]


def _str(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value:
        _fail(path, "expected a non-empty string", value)
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        _fail(path, "expected true or false", value)
    return value


def _int(value: Any, path: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        _fail(path, f"expected a whole number >= {minimum}", value)
    return value


def _gender(value: Any, path: str) -> str:
    if value not in GENDERS:
        _fail(path, "expected one of 'F', 'M', 'X'", value)
    return value


def _opt_str(value: Any, path: str) -> str | None:
    if value is None:
        return None
    return _str(value, path)


def _parse_instance(data: Any) -> Instance:
    d = _obj(data, "instance")
    locations: dict[str, Location] = {}
    for i, raw in enumerate(_list(_req(d, "locations", "instance"), "locations")):
        p = f"locations[{i}]"
        raw = _obj(raw, p)
        lid = _str(_req(raw, "id", p), f"{p}.id")
        if lid in locations:
            _fail(f"{p}.id", "duplicate location id", lid)
        serves = _list(_req(raw, "serves", p), f"{p}.serves")
        locations[lid] = Location(
            id=lid,
            serves=frozenset(_str(s, f"{p}.serves[{j}]") for j, s in enumerate(serves)),
            food_distribution=_bool(_req(raw, "food_distribution", p), f"{p}.food_distribution"),
            pets_allowed=_bool(_req(raw, "pets_allowed", p), f"{p}.pets_allowed"),
            reserved_for=_opt_str(raw.get("reserved_for"), f"{p}.reserved_for"),
        )
    rooms: list[Room] = []
    seen_rooms: set[str] = set()
    for i, raw in enumerate(_list(_req(d, "rooms", "instance"), "rooms")):
        p = f"rooms[{i}]"
        raw = _obj(raw, p)
        rid = _str(_req(raw, "id", p), f"{p}.id")
        if rid in seen_rooms:
            _fail(f"{p}.id", "duplicate room id", rid)
        seen_rooms.add(rid)
        loc = _str(_req(raw, "location", p), f"{p}.location")
        if loc not in locations:
            _fail(f"{p}.location", "unknown location", loc)
        occupants = []
        for j, o in enumerate(_list(raw.get("occupants", []), f"{p}.occupants")):
            q = f"{p}.occupants[{j}]"
            o = _obj(o, q)
            person = _str(_req(o, "person", q), f"{q}.person")
            occupants.append(Occupant(
                person=person,
                household=_str(o.get("household", person), f"{q}.household"),
                gender=_gender(_req(o, "gender", q), f"{q}.gender"),
                age=_int(_req(o, "age", q), f"{q}.age"),
                needs_own_room=_bool(o.get("needs_own_room", False), f"{q}.needs_own_room"),
            ))
        rooms.append(Room(
            id=rid, location=loc,
            beds=_int(_req(raw, "beds", p), f"{p}.beds"),
            accessible=_bool(_req(raw, "accessible", p), f"{p}.accessible"),
            occupants=tuple(occupants),
        ))
    households: list[Household] = []
    seen_h: set[str] = set()
    for i, raw in enumerate(_list(_req(d, "households", "instance"), "households")):
        p = f"households[{i}]"
        raw = _obj(raw, p)
        hid = _str(_req(raw, "id", p), f"{p}.id")
        if hid in seen_h:
            _fail(f"{p}.id", "duplicate household id", hid)
        seen_h.add(hid)
        members = []
        raw_members = _list(_req(raw, "members", p), f"{p}.members")
        if not raw_members:
            _fail(f"{p}.members", "a household needs at least one member", raw_members)
        for j, m in enumerate(raw_members):
            q = f"{p}.members[{j}]"
            m = _obj(m, q)
            members.append(Member(
                person=_str(_req(m, "person", q), f"{q}.person"),
                gender=_gender(_req(m, "gender", q), f"{q}.gender"),
                age=_int(_req(m, "age", q), f"{q}.age"),
            ))
        households.append(Household(
            id=hid,
            population=_str(_req(raw, "population", p), f"{p}.population"),
            members=tuple(members),
            pets=_int(raw.get("pets", 0), f"{p}.pets"),
            needs_accessible=_bool(raw.get("needs_accessible", False), f"{p}.needs_accessible"),
            needs_food_distribution=_bool(raw.get("needs_food_distribution", False),
                                          f"{p}.needs_food_distribution"),
            category=_opt_str(raw.get("category"), f"{p}.category"),
            needs_own_room=_bool(raw.get("needs_own_room", False), f"{p}.needs_own_room"),
        ))
    date = d.get("date")
    return Instance(date=date if isinstance(date, str) else None, locations=locations, rooms=rooms,
                    households=households)
