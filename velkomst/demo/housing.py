"""Demo temporary housing: the 21 named locations, external flats, and who lives where.

`plan(population)` is pure Python (no Django): it decides the locations, the
rooms and which household lives in which room, so that every hard rule of
`../shared/allocation/SPEC.md` holds on DEMO_DATE. `load(...)` writes the plan
in bulk. The capacity scales with the population (a 10x demo has 10x the beds).

Who is housed: about 3,300 of the 4,800 Ukrainians living here and about 200 of
the 230 quota refugees, plus a few other refugees. Newcomers still on food
distribution, pet owners and patients are always housed; employed residents and
long-settled families are the ones more likely to have found permanent housing.
"""
import bisect
import random
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from velkomst.demo import population as shape

DEMO_DATE = shape.DEMO_DATE
FAR = date(9999, 12, 31)
TARGET_DATE = date(2024, 10, 1)  # target-group-specific locations since autumn 2024
SEED = 3

UKRAINIANS_HOUSED = 3300
QUOTA_HOUSED = 200
OTHER_REFUGEES_HOUSED = 40
FLATS = 200
FILL_CAP = 0.93  # a location is never filled beyond this share of its beds: some free beds everywhere
FLAT_FILL_CAP = 0.9

LIVING = ("arrived", "in_programme", "in_placement", "employed", "paused")
ACTIVE = LIVING + ("referred",)
QUOTA = ("municipal_quota", "un_quota")
REFUGEE = QUOTA + ("other_refugee", "family_reunified")
VULNERABLE_FLAGS = ("patient", "elderly_illness", "addiction", "psychologically_vulnerable", "socially_challenged")

# code, name, address, kind, beds, serves (u=ukrainian, r=refugee), food, welcome house, pets, step-free, reserved_for,
# facilities (k=shared kitchen, b=shared bath, c=common room, o=outdoor area), opened
LOCATIONS = [
    ("sjaellandsgade", "Sjællandsgade", "Sjællandsgade 40, 2200 København N", "building", 450, "u", True, True, False, True, "", "kbco", date(2022, 3, 14)),
    ("ottiliahus", "Ottiliahus", "Ottiliavej 3, 2500 Valby", "building", 320, "ur", True, True, False, True, "", "kbc", date(2022, 3, 21)),
    ("speditoervej", "Speditørvej pavilloner", "Speditørvej 4, 2450 København SV", "pavilion", 400, "u", True, True, True, True, "", "kbco", date(2022, 9, 1)),
    ("dortheagaarden", "Dortheagården", "Dortheavej 8, 2400 København NV", "building", 170, "u", False, False, False, True, "", "kco", date(2022, 4, 4)),
    ("solterrasserne", "Solterrasserne", "Lyshøjgårdsvej 80, 2500 Valby", "building", 230, "u", False, False, True, True, "", "kco", date(2022, 4, 19)),
    ("vesterbrogade-107", "Vesterbrogade 107", "Vesterbrogade 107, 1620 København V", "building", 120, "u", False, False, False, False, "", "kb", date(2022, 5, 2)),
    ("jeudan-pavilloner", "Jeudan pavilloner (NovyDim)", "Artillerivej 90, 2300 København S", "pavilion", 250, "u", False, False, True, True, "", "co", date(2022, 10, 3)),
    ("refshalevej", "Refshalevej pavilloner", "Refshalevej 163, 1432 København K", "pavilion", 210, "u", False, False, True, True, "", "kbco", date(2022, 11, 1)),
    ("amager-strandvej", "Amager Strandvej pavilloner", "Amager Strandvej 124, 2300 København S", "pavilion", 190, "u", False, False, False, True, "", "kbo", date(2023, 1, 9)),
    ("herbergvejen", "Herbergvejen", "Herbergvejen 5, 2400 København NV", "building", 90, "u", False, False, False, True, "vulnerable", "kbc", date(2022, 6, 1)),
    ("lindgreens-alle", "Lindgreens Allé", "Lindgreens Allé 9, 2300 København S", "building", 160, "u", True, False, False, True, "", "kbc", date(2022, 8, 15)),
    ("gl-vasbygade", "Gl. Vasbygade", "Gl. Vasbygade 8, 2450 København SV", "building", 110, "r", False, False, False, False, "", "kb", date(2019, 2, 1)),
    ("stubmoellevej", "Stubmøllevej", "Stubmøllevej 16, 2450 København SV", "building", 60, "u", False, False, False, True, "patient", "kc", date(2022, 9, 19)),
    ("lygten", "Lygten", "Lygten 2, 2400 København NV", "building", 100, "ur", False, True, False, False, "", "kbc", date(2022, 5, 16)),
    ("hotel-globetrotter", "Hotel Globetrotter", "Engvej 171, 2300 København S", "hotel", 160, "u", False, False, False, True, "", "c", date(2022, 3, 28)),
    ("nyrnberggade", "Nyrnberggade", "Nyrnberggade 37, 2300 København S", "building", 70, "r", False, False, False, False, "", "kb", date(2019, 6, 3)),
    ("ravnsborggade", "Ravnsborggade", "Ravnsborggade 15, 2200 København N", "building", 50, "u", False, False, False, False, "", "kb", date(2022, 6, 20)),
    ("strandlodsvej", "Strandlodsvej", "Strandlodsvej 44, 2300 København S", "building", 90, "u", False, False, True, True, "", "kbo", date(2023, 2, 1)),
    ("abel-cathrines-gade", "Abel Cathrines Gade", "Abel Cathrines Gade 7, 1654 København V", "building", 40, "ur", False, False, False, True, "vulnerable", "kbc", date(2021, 3, 1)),
    ("hejrevej", "Hejrevej", "Hejrevej 26, 2400 København NV", "building", 80, "u", False, False, False, False, "", "kb", date(2022, 7, 4)),
    ("hotel-mercur", "Hotel Mercur", "Vester Farimagsgade 17, 1606 København V", "hotel", 140, "u", False, False, False, True, "", "", date(2022, 3, 18)),
]
CLOSING = {"hotel-mercur": date(2027, 6, 30)}  # the hotel contract ends
ROOM_SIZES = {
    "building": [1, 2, 2, 2, 3, 4, 4, 6],
    "pavilion": [2, 2, 2, 4, 4],
    "hotel": [1, 2, 2, 2, 3],
    "flat": [2, 3, 3, 4, 4, 5],
}
FLAT_STREETS = [
    ("Amagerbrogade", "2300 København S"), ("Nørrebrogade", "2200 København N"), ("Jagtvej", "2200 København N"),
    ("Frederikssundsvej", "2400 København NV"), ("Tagensvej", "2200 København N"), ("Istedgade", "1650 København V"),
    ("Enghavevej", "1674 København V"), ("Valby Langgade", "2500 Valby"), ("Vigerslev Allé", "2500 Valby"),
    ("Tingbjerg Allé", "2700 Brønshøj"), ("Bellahøjvej", "2720 Vanløse"), ("Jyllingevej", "2720 Vanløse"),
    ("Østerbrogade", "2100 København Ø"), ("Strandboulevarden", "2100 København Ø"), ("Lyngbyvej", "2100 København Ø"),
    ("Sundholmsvej", "2300 København S"), ("Englandsvej", "2300 København S"), ("Ørestads Boulevard", "2300 København S"),
    ("Mjølnerparken", "2200 København N"), ("Husumvej", "2700 Brønshøj"), ("Sydhavns Plads", "2450 København SV"),
    ("Borgbygade", "2450 København SV"), ("Folehaven", "2500 Valby"), ("Rentemestervej", "2400 København NV"),
]
BLOCK_REASONS = [
    "Vandskade", "Vandskade efter sprunget rør", "Skimmelsvamp i badeværelset", "Renovering af bad", "Skadedyrsbekæmpelse",
    "Ny gulvbelægning", "Brandsyn: røgalarm mangler", "Vinduet skal udskiftes", "Maling og istandsættelse efter fraflytning",
]
# The demo housing host `vaert` has three locations; the other hosts have no login.
HOSTS = [("vaert2", "Kasper", "Bech"), ("vaert3", "Sofie", "Lund"), ("vaert4", "Nadia", "Iversen")]
HOST_OF = {
    "sjaellandsgade": "vaert", "ottiliahus": "vaert", "herbergvejen": "vaert",
    "speditoervej": "vaert2", "jeudan-pavilloner": "vaert2", "refshalevej": "vaert2", "amager-strandvej": "vaert2", "lindgreens-alle": "vaert2",
    "dortheagaarden": "vaert3", "solterrasserne": "vaert3", "vesterbrogade-107": "vaert3", "stubmoellevej": "vaert3",
    "abel-cathrines-gade": "vaert3", "gl-vasbygade": "vaert3", "nyrnberggade": "vaert3",
    "lygten": "vaert4", "hotel-globetrotter": "vaert4", "ravnsborggade": "vaert4", "strandlodsvej": "vaert4", "hejrevej": "vaert4",
    "hotel-mercur": "vaert4",
}
HOST_PHONES = {"vaert": "33 66 41 10", "vaert2": "33 66 41 20", "vaert3": "33 66 41 30", "vaert4": "33 66 41 40"}
HOST_NAMES = {"vaert": "Birgitte Holm"} | {u: f"{f} {l}" for u, f, l in HOSTS}


@dataclass
class LocationSpec:
    code: str
    name: str
    address: str
    kind: str
    serves: tuple[str, ...]
    food_distribution: bool
    welcome_house: bool
    pets_allowed: bool
    step_free: bool
    reserved_for: str
    facilities: str
    opened_on: date
    status: str = "open"
    closing_on: date | None = None
    host: str = ""
    beds: int = 0
    cap: int = 0  # beds the demo fills at most
    rooms: list[int] = field(default_factory=list)


@dataclass
class RoomSpec:
    location: int
    number: str
    floor: int
    beds: int
    accessible: bool
    has_kitchen: bool
    has_bath: bool
    status: str = "available"
    blocked_reason: str = ""
    blocked_until: date | None = None


@dataclass
class TenancySpec:
    household: int
    room: int
    moved_in_on: date
    persons: int
    household_type: str
    moved_out_on: date | None = None
    move_out_reason: str = ""
    previous: int | None = None
    planned_move_out_on: date | None = None
    lease_signed_on: date | None = None
    start_kit_on: date | None = None
    keys_handed_out_on: date | None = None
    keys_returned_on: date | None = None
    house_rules_explained_on: date | None = None
    food_distribution: bool = False
    transport_ticket_on: date | None = None


@dataclass
class InspectionSpec:
    tenancy: int
    inspected_on: date
    condition: str
    damages: str
    estimated_cost: int
    notes: str


@dataclass
class IncidentSpec:
    location: int
    occurred_at: datetime  # naive, local time
    kind: str
    severity: str
    description: str
    follow_up: str
    persons: list[int]  # person keys
    partner_social: bool
    partner_health: bool
    partner_police: bool
    reporter: str


@dataclass
class HousingPlan:
    locations: list[LocationSpec]
    rooms: list[RoomSpec]
    tenancies: list[TenancySpec]
    inspections: list[InspectionSpec]
    incidents: list[IncidentSpec]


@dataclass
class Resident:
    """A household as the housing rules see it on DEMO_DATE."""

    index: int
    group: str  # "ukrainian", "quota" or "other" (other refugees)
    population: str
    category: str | None
    ages: list[int]
    births: list[date]
    genders: list[str]
    pets: bool
    needs_accessible: bool
    needs_own_room: bool
    needs_food: bool
    arrival: date
    first_payment: date | None
    employed: bool
    living: bool
    left_on: date | None = None
    left_reason: str = ""

    @property
    def size(self) -> int:
        return len(self.ages)

    @property
    def family(self) -> bool:
        return self.size >= 2 or min(self.ages) < 18

    @property
    def own_room(self) -> bool:
        return self.family or self.needs_own_room


# --- residents ------------------------------------------------------------


def residents(population: shape.Population) -> list[Resident]:
    """Every household with an arrival date and a housing population (LAB citizens and the not-yet-arrived are left out)."""
    case_of = {c.person: c for c in population.cases}
    persons = population.persons
    out = []
    for index, household in enumerate(population.households):
        cases = [case_of[key] for key, _ in household.members if key in case_of]
        if not cases or any(c.arrival_date is None for c in cases):
            continue
        groups = [c.target_group for c in cases]
        if "displaced_ukrainian" in groups:
            group, population_code = "ukrainian", "ukrainian"
        elif any(g in QUOTA for g in groups):
            group, population_code = "quota", "refugee"
        elif any(g in REFUGEE for g in groups):
            group, population_code = "other", "refugee"
        else:
            continue
        active = [c for c in cases if c.status in ACTIVE] or cases
        flags = {name for c in active for name, on in c.flags.items() if on}
        category = "patient" if flags & {"patient", "patient_track"} else "vulnerable" if flags & set(VULNERABLE_FLAGS) else None
        living = any(c.status in LIVING for c in cases)
        left = [c.history[-1] for c in cases if c.status == "left"]
        members = [persons[key] for key, _ in household.members]
        paid = household.first_benefit_payment_on
        out.append(Resident(
            index=index, group=group, population=population_code, category=category,
            ages=[shape.age_on(p.birth_date, DEMO_DATE) for p in members], births=[p.birth_date for p in members], genders=[p.gender for p in members],
            pets=bool(household.pet_kind), needs_accessible=household.needs_step_free, needs_own_room=household.needs_own_room,
            # The household moves in once all its members have arrived.
            needs_food=paid is None or paid > DEMO_DATE, arrival=max(c.arrival_date for c in cases), first_payment=paid,
            employed=any(c.status == "employed" for c in cases), living=living,
            left_on=None if living or not left else left[0][1],
            left_reason="" if living or not left else cases[0].left_reason,
        ))
    return out


# --- locations and rooms --------------------------------------------------


def _locations_and_rooms(rng: random.Random, scale: float) -> tuple[list[LocationSpec], list[RoomSpec]]:
    locations, rooms = [], []
    for code, name, address, kind, beds, serves, food, welcome, pets, step_free, reserved, facilities, opened in LOCATIONS:
        location = LocationSpec(
            code=code, name=name, address=address, kind=kind,
            serves=tuple(p for letter, p in (("u", "ukrainian"), ("r", "refugee")) if letter in serves),
            food_distribution=food, welcome_house=welcome, pets_allowed=pets, step_free=step_free, reserved_for=reserved,
            facilities=facilities, opened_on=opened, host=HOST_OF[code],
            status="closing" if code in CLOSING else "open", closing_on=CLOSING.get(code),
        )
        locations.append(location)
        li = len(locations) - 1
        left = max(1, round(beds * scale))
        n = 0
        per_floor = {"building": 18, "hotel": 24, "pavilion": 12}[kind]
        while left > 0:
            size = min(left, rng.choice(ROOM_SIZES[kind]))
            floor, slot = divmod(n, per_floor)
            if kind == "pavilion":
                # Pavilions: blocks A, B, C ... of one or two storeys.
                block = chr(ord("A") + floor // 2) if floor < 52 else f"Z{floor}"
                number, floor = f"{block}-{(floor % 2) * 100 + slot + 1:03d}", floor % 2
                accessible = step_free and floor == 0 and rng.random() < 0.5
            else:
                floor = floor + (1 if kind == "hotel" else 0)
                number = f"{floor}{slot + 1:02d}"
                accessible = step_free and rng.random() < (0.3 if kind == "hotel" else 0.35)
            rooms.append(RoomSpec(location=li, number=number, floor=floor, beds=size, accessible=accessible,
                                  has_kitchen=kind == "pavilion" and size >= 4, has_bath=kind in ("hotel", "pavilion")))
            location.rooms.append(len(rooms) - 1)
            location.beds += size
            n += 1
            left -= size
    for i in range(max(1, round(FLATS * scale))):
        street, postcode = FLAT_STREETS[i % len(FLAT_STREETS)]
        number, storey = rng.randint(2, 180), rng.randint(0, 5)
        side = rng.choice(["tv.", "th.", "mf."])
        floor_text = "st." if storey == 0 else f"{storey}."
        step_free = storey == 0 or rng.random() < 0.1
        location = LocationSpec(
            code=f"flat-{i + 1:03d}", name=f"{street} {number}, {floor_text} {side}", address=f"{street} {number}, {floor_text} {side}, {postcode}",
            kind="flat", serves=("ukrainian", "refugee"), food_distribution=False, welcome_house=False,
            pets_allowed=rng.random() < 0.5, step_free=step_free, reserved_for="", facilities="o" if storey == 0 else "",
            opened_on=date(2022, 5, 1) + timedelta(days=rng.randint(0, 900)),
        )
        locations.append(location)
        beds = rng.choice(ROOM_SIZES["flat"])
        rooms.append(RoomSpec(location=len(locations) - 1, number="1", floor=storey, beds=beds, accessible=step_free,
                              has_kitchen=True, has_bath=True))
        location.rooms.append(len(rooms) - 1)
        location.beds = beds
    for location in locations:
        location.cap = location.beds if location.kind == "flat" else max(1, int(location.beds * FILL_CAP))
    return locations, rooms


def _block_some_rooms(rng: random.Random, locations: list[LocationSpec], rooms: list[RoomSpec], scale: float) -> None:
    named = [i for i, r in enumerate(rooms) if locations[r.location].kind != "flat"]
    for i in rng.sample(named, min(len(named), max(2, round(18 * scale)))):
        room = rooms[i]
        room.status = "blocked"
        room.blocked_reason = rng.choice(BLOCK_REASONS)
        room.blocked_until = None if rng.random() < 0.25 else DEMO_DATE + timedelta(days=rng.randint(5, 120))
    for i in rng.sample(named, min(len(named), max(1, round(3 * scale)))):
        if rooms[i].status == "available":
            rooms[i].status = "closed"  # taken out of use (e.g. turned into a common room)


# --- placing the residents ------------------------------------------------


SINGLE_ROOM_ORDER = (2, 3, 4, 1, 6, 5)  # singles open two-bed rooms first: "often a shared two-person room"


class Occupancy:
    """Who lives where while planning; enforces the SPEC's hard rules as it goes.

    Free rooms are kept in queues by (beds, accessible) per named location and by (beds, pets, accessible)
    for the external flats, so that a placement costs the same at 10x the demo scale.
    """

    def __init__(self, locations: list[LocationSpec], rooms: list[RoomSpec], kept_empty: set[int]):
        self.locations = locations
        self.rooms = rooms
        self.room_households: dict[int, list[Resident]] = {i: [] for i in range(len(rooms))}
        self.used = [0] * len(locations)
        self.placed: dict[int, int] = {}  # resident index -> room
        self.kept_empty = kept_empty  # rooms the demo leaves empty, ready for the next arrivals
        self.named = [i for i, loc in enumerate(locations) if loc.kind != "flat"]
        self.free: dict[int, dict[tuple[int, bool], deque]] = {li: {} for li in self.named}
        self.free_flats: dict[tuple[int, bool, bool], deque] = {}
        self.open_shared: dict[tuple[int, str], list[int]] = {}  # (location, gender) -> rooms of singles with a free bed
        for ri, room in enumerate(rooms):
            location = locations[room.location]
            if room.status != "available" or ri in kept_empty or location.cap == 0:
                continue
            if location.kind == "flat":
                self.free_flats.setdefault((room.beds, location.pets_allowed, room.accessible), deque()).append(ri)
            else:
                self.free[room.location].setdefault((room.beds, room.accessible), deque()).append(ri)

    def accepts(self, location: LocationSpec, r: Resident) -> bool:
        return (r.population in location.serves and (not r.pets or location.pets_allowed)
                and (not location.reserved_for or location.reserved_for == r.category)
                and (not r.needs_food or location.food_distribution))

    def preference(self, r: Resident) -> list[int]:
        """Acceptable named locations with room for the household: the target-group location first, then the emptiest."""
        ok = [li for li in self.named if self.accepts(self.locations[li], r) and self.used[li] + r.size <= self.locations[li].cap]
        return sorted(ok, key=lambda i: (not self.locations[i].reserved_for, self.used[i] / self.locations[i].cap, i))

    def flats_accept(self, r: Resident) -> bool:
        return not r.needs_food and r.population in ("ukrainian", "refugee")

    def put(self, r: Resident, room: int) -> None:
        self.room_households[room].append(r)
        self.used[self.rooms[room].location] += r.size
        self.placed[r.index] = room

    @staticmethod
    def _peek(queue: deque | None) -> int | None:
        return queue[0] if queue else None

    def place_own_room(self, r: Resident, *, flats: bool) -> bool:
        """A room of its own: the target-group location first, then a close fit, an external flat before a room at a location."""
        best = None
        for rank, li in enumerate(self.preference(r)):
            reserved = bool(self.locations[li].reserved_for)
            for (beds, accessible), queue in self.free[li].items():
                if queue and beds >= r.size and (accessible or not r.needs_accessible):
                    waste = beds - r.size
                    key = (not reserved, min(waste, 2), True, rank, accessible, waste)
                    if best is None or key < best[0]:
                        best = (key, queue)
        if flats and self.flats_accept(r):
            for (beds, pets, accessible), queue in self.free_flats.items():
                if queue and beds >= r.size and (pets or not r.pets) and (accessible or not r.needs_accessible):
                    waste = beds - r.size
                    key = (True, min(waste, 2), False, 0, accessible, waste)
                    if best is None or key < best[0]:
                        best = (key, queue)
        if best is None:
            return False
        self.put(r, best[1].popleft())
        return True

    def pop_room(self, li: int, *, accessible: bool) -> int | None:
        """An empty room for singles at the location: two beds first; accessible rooms last unless needed."""
        for beds in SINGLE_ROOM_ORDER:
            for acc in ((True,) if accessible else (False, True)):
                queue = self.free[li].get((beds, acc))
                if queue:
                    return queue.popleft()
        return None

    def place_single_shared(self, r: Resident) -> bool:
        """Join a same-gender room of people of similar age, or open a room; the target-group location first."""
        options = self.preference(r)
        for group in ([li for li in options if self.locations[li].reserved_for], [li for li in options if not self.locations[li].reserved_for]):
            if self._join(r, group) or self._open(r, group):
                return True
        # A single with a pet and no named location that takes it: a small flat of their own.
        return bool(r.pets) and self.place_own_room(r, flats=True)

    def _join(self, r: Resident, locations: list[int]) -> bool:
        for li in locations:
            rooms = self.open_shared.get((li, r.genders[0]), [])
            for ri in rooms:
                room, here = self.rooms[ri], self.room_households[ri]
                ages = [h.ages[0] for h in here] + [r.ages[0]]
                if len(here) < room.beds and max(ages) - min(ages) <= 10 and (room.accessible or not r.needs_accessible):
                    self.put(r, ri)
                    if len(here) >= room.beds:
                        rooms.remove(ri)
                    return True
        return False

    def _open(self, r: Resident, locations: list[int]) -> bool:
        for li in locations:
            ri = self.pop_room(li, accessible=r.needs_accessible)
            if ri is not None:
                self.put(r, ri)
                if self.rooms[ri].beds > 1:
                    self.open_shared.setdefault((li, r.genders[0]), []).append(ri)
                return True
        return False


def _fill_singles(rng: random.Random, occ: Occupancy, location: int, singles: list[Resident]) -> list[Resident]:
    """Fill rooms of one location with singles sorted by gender and age: room-mates of one gender and similar age."""
    overflow = []
    cap = occ.locations[location].cap
    for needs_accessible in (True, False):
        queue = deque(sorted((s for s in singles if s.needs_accessible == needs_accessible), key=lambda s: (s.genders[0], s.ages[0], s.index)))
        while queue:
            room = occ.pop_room(location, accessible=needs_accessible)
            if room is None:
                overflow += queue
                break
            beds = occ.rooms[room].beds
            # Now and then a shared room keeps a free bed.
            take = beds - 1 if beds >= 3 and rng.random() < 0.15 else beds
            first = queue[0]
            chunk = [queue.popleft()]
            while queue and len(chunk) < take and queue[0].genders[0] == first.genders[0] and queue[0].ages[0] - first.ages[0] <= 10:
                chunk.append(queue.popleft())
            if occ.used[location] + len(chunk) > cap:
                overflow += chunk + list(queue)
                break
            for s in chunk:
                occ.put(s, room)
            if len(chunk) < beds:
                occ.open_shared.setdefault((location, first.genders[0]), []).append(room)
    return overflow


def _choose(rng: random.Random, candidates: list[Resident], targets: dict[str, int]) -> tuple[list[Resident], list[Resident]]:
    """The households to house (in order of priority) and the reserve used when some cannot be placed."""
    def priority(r: Resident) -> float:
        if r.needs_food or r.pets or r.category == "patient":
            return 10.0
        score = rng.random()
        score -= 0.45 if r.employed else 0
        score -= 0.35 if r.family and (DEMO_DATE - r.arrival).days > 730 else 0
        score += 0.3 if r.category == "vulnerable" else 0
        score += 0.25 if (DEMO_DATE - r.arrival).days < 365 else 0
        return score

    ranked = sorted(candidates, key=lambda r: (-priority(r), r.index))
    chosen, reserve, persons = [], [], dict.fromkeys(targets, 0)
    for r in ranked:
        if persons[r.group] < targets[r.group]:
            chosen.append(r)
            persons[r.group] += r.size
        else:
            reserve.append(r)
    return chosen, reserve


def _place(rng: random.Random, occ: Occupancy, households: list[Resident]) -> list[Resident]:
    """Place households, hardest first; returns those that found no room."""
    def hardness(r: Resident):
        return (r.category is None, not r.pets, not r.needs_food, not r.needs_accessible, -r.size, r.index)

    unplaced = []
    for r in sorted((r for r in households if r.own_room), key=hardness):
        if not occ.place_own_room(r, flats=r.family):
            unplaced.append(r)
    singles = sorted((r for r in households if not r.own_room), key=hardness)
    # Constrained singles one by one; the rest in bulk, location by location, sorted by age.
    by_location: dict[int, list[Resident]] = {}
    planned = [0] * len(occ.locations)
    for r in singles:
        if r.category or r.pets or r.needs_food or r.needs_accessible:
            if not occ.place_single_shared(r):
                unplaced.append(r)
            continue
        options = [li for li in occ.preference(r) if occ.used[li] + planned[li] < occ.locations[li].cap]
        if not options:
            unplaced.append(r)
            continue
        li = max(options, key=lambda i: ((occ.locations[i].cap - occ.used[i] - planned[i]) / occ.locations[i].cap, -i))
        by_location.setdefault(li, []).append(r)
        planned[li] += 1
    overflow = []
    for li in sorted(by_location):
        overflow += _fill_singles(rng, occ, li, by_location[li])
    for r in sorted(overflow, key=hardness):
        if not occ.place_single_shared(r):
            unplaced.append(r)
    return unplaced


# --- history --------------------------------------------------------------


class Timeline:
    """When each room was in use, so that a past tenancy never shares its room with anyone."""

    def __init__(self, rooms: list[RoomSpec]):
        self.busy: list[list[tuple[date, date]]] = [[] for _ in rooms]
        self.candidates: dict[tuple, list[tuple[int, date]]] = {}
        self.occupied_from = [FAR] * len(rooms)  # since when the present residents live there

    def free(self, room: int, start: date, end: date) -> bool:
        return all(end <= s or start >= e for s, e in self.busy[room])

    def add(self, room: int, start: date, end: date) -> None:
        self.busy[room].append((start, end))
        if end == FAR:
            self.occupied_from[room] = min(self.occupied_from[room], start)


def _past_room(rng, occ: Occupancy, timeline: Timeline, r: Resident, start: date, end: date, *, food: bool = False,
               exclude_location: int | None = None) -> int | None:
    """A room the household could have lived in alone from start to end, or None."""
    key = (r.population, r.pets, food, r.family, r.size)
    if key not in timeline.candidates:
        timeline.candidates[key] = [
            (ri, li, loc.opened_on) for li, loc in enumerate(occ.locations)
            if r.population in loc.serves and (not r.pets or loc.pets_allowed) and not loc.reserved_for
            and (not food or loc.food_distribution) and (loc.kind != "flat" or r.family)
            for ri in loc.rooms
            if occ.rooms[ri].status != "closed" and occ.rooms[ri].beds >= r.size
        ]
    candidates = timeline.candidates[key]
    for _ in range(min(len(candidates), 100)):
        ri, li, opened_on = candidates[rng.randrange(len(candidates))]
        if li != exclude_location and opened_on <= start and timeline.occupied_from[ri] >= end and timeline.free(ri, start, end):
            timeline.add(ri, start, end)
            return ri
    return None


def household_type(ages: list[int]) -> str:
    children = sum(a < 18 for a in ages)
    if children >= 4:
        return "children_4_plus"
    if children:
        return "children_1_3"
    return "couple" if len(ages) >= 2 else "single"


def _ages_on(r: Resident, day: date) -> list[int]:
    return [shape.age_on(birth, day) for birth in r.births]


def _tenancy(rng, occ: Occupancy, r: Resident, room: int, moved_in: date, *, first: bool, moved_out: date | None = None,
             reason: str = "", carried: "TenancySpec | None" = None) -> TenancySpec:
    location = occ.locations[occ.rooms[room].location]
    soon = lambda days: (moved_in + timedelta(days=days)) if moved_in + timedelta(days=days) <= DEMO_DATE else None
    t = TenancySpec(
        household=r.index, room=room, moved_in_on=moved_in, persons=r.size, household_type=household_type(_ages_on(r, moved_in)),
        moved_out_on=moved_out, move_out_reason=reason,
        lease_signed_on=carried.lease_signed_on if carried else soon(rng.choice([0, 0, 1, 2, 3])),
        start_kit_on=carried.start_kit_on if carried else moved_in,
        keys_handed_out_on=moved_in,
        keys_returned_on=moved_out,
        house_rules_explained_on=soon(rng.choice([0, 0, 1, 2, 5])) if rng.random() > 0.02 else None,
        food_distribution=location.food_distribution and (r.first_payment is None or r.first_payment > moved_in),
        transport_ticket_on=soon(rng.randint(4, 8)) if first else None,
    )
    return t


def plan(population: shape.Population, *, seed: int = SEED) -> HousingPlan:
    rng = random.Random(seed)
    everyone = residents(population)
    living = [r for r in everyone if r.living]
    scale = sum(r.size for r in living if r.group == "ukrainian") / shape.Targets.ukrainians_living
    locations, rooms = _locations_and_rooms(rng, scale)
    _block_some_rooms(rng, locations, rooms, scale)
    for location in locations:
        location.beds = sum(rooms[ri].beds for ri in location.rooms if rooms[ri].status == "available")
        location.cap = location.beds if location.kind == "flat" else max(1, int(location.beds * FILL_CAP))
    # Some flats stay free for the next families.
    flats = [loc for loc in locations if loc.kind == "flat"]
    for loc in rng.sample(flats, round(len(flats) * (1 - FLAT_FILL_CAP))):
        loc.cap = 0

    kept_empty = set()
    for location in locations:
        if location.kind != "flat":
            free = [ri for ri in location.rooms if rooms[ri].status == "available" and rooms[ri].beds >= 2]
            kept_empty.update(rng.sample(free, min(len(free), max(1, round(len(free) * 0.04)))))
    occ = Occupancy(locations, rooms, kept_empty)
    targets = {"ukrainian": round(UKRAINIANS_HOUSED * scale), "quota": round(QUOTA_HOUSED * scale), "other": round(OTHER_REFUGEES_HOUSED * scale)}
    chosen, reserve = _choose(rng, living, targets)
    _place(rng, occ, chosen)
    # Those who found no room live elsewhere; take the next in line until the targets are met.
    for _ in range(3):
        persons = dict.fromkeys(targets, 0)
        for r in living:
            if r.index in occ.placed:
                persons[r.group] += r.size
        more = []
        for r in reserve:
            if persons[r.group] < targets[r.group]:
                more.append(r)
                persons[r.group] += r.size
        if not more:
            break
        taken = {r.index for r in more}
        reserve = [r for r in reserve if r.index not in taken]
        _place(rng, occ, more)

    tenancies = _history(rng, occ, everyone, scale)
    return HousingPlan(locations, rooms, tenancies, _inspections(rng, tenancies, occ), _incidents(rng, occ, population))


def _history(rng: random.Random, occ: Occupancy, everyone: list[Resident], scale: float) -> list[TenancySpec]:
    """Current tenancies (some after an internal move) and past ones: permanent housing, moved away."""
    timeline = Timeline(occ.rooms)
    by_index = {r.index: r for r in everyone}
    current: list[tuple[Resident, int, date]] = []
    for index, room in sorted(occ.placed.items()):
        r = by_index[index]
        location = occ.locations[occ.rooms[room].location]
        moved_in = r.arrival
        if location.reserved_for and r.arrival < TARGET_DATE:
            moved_in = TARGET_DATE + timedelta(days=rng.randint(0, (DEMO_DATE - TARGET_DATE).days - 20))
        elif not location.food_distribution and (DEMO_DATE - r.arrival).days > 90 and rng.random() < 0.2:
            # Newcomers first live at a reception location with food distribution.
            settled = (r.first_payment or r.arrival + timedelta(days=30)) + timedelta(days=rng.randint(5, 150))
            moved_in = min(settled, DEMO_DATE - timedelta(days=10))
        current.append((r, room, moved_in))
        timeline.add(room, moved_in, FAR)

    tenancies: list[TenancySpec] = []
    for r, room, moved_in in current:
        previous = None
        if moved_in > r.arrival:
            location = occ.rooms[room].location
            before = _past_room(rng, occ, timeline, r, r.arrival, moved_in, food=not occ.locations[location].reserved_for,
                                exclude_location=location)
            if before is not None:
                tenancies.append(_tenancy(rng, occ, r, before, r.arrival, first=True, moved_out=moved_in, reason="internal_move"))
                previous = len(tenancies) - 1
        t = _tenancy(rng, occ, r, room, moved_in, first=previous is None, carried=tenancies[previous] if previous is not None else None)
        t.previous = previous
        if rng.random() < 0.02 and (DEMO_DATE - moved_in).days > 200:
            t.planned_move_out_on = DEMO_DATE + timedelta(days=rng.randint(7, 60))
        tenancies.append(t)

    # Moved on to permanent housing: 3–8 households a week over the last year, fewer before.
    pool = sorted((r for r in everyone if r.living and r.index not in occ.placed), key=lambda r: (r.arrival, r.index))
    arrivals = [r.arrival for r in pool]
    last_monday = DEMO_DATE - timedelta(days=DEMO_DATE.weekday())
    for week in range(1, 52 * 5):
        monday = last_monday - timedelta(weeks=week)
        if monday < date(2022, 9, 1):
            break
        wanted = round((rng.randint(3, 8) if week <= 52 else rng.randint(0, 4)) * scale)
        for _ in range(wanted):
            out_on = monday + timedelta(days=rng.randint(0, 4))
            # Anyone who had arrived at least three months before.
            eligible = bisect.bisect_left(arrivals, out_on - timedelta(days=90))
            if eligible == 0:
                break
            pick = rng.randrange(eligible)
            r = pool.pop(pick)
            arrivals.pop(pick)
            # Some lived with a private host first and came to temporary housing later.
            moved_in = max(r.arrival, out_on - timedelta(days=rng.randint(120, 900)))
            room = _past_room(rng, occ, timeline, r, moved_in, out_on)
            if room is not None:
                tenancies.append(_tenancy(rng, occ, r, room, moved_in, first=True, moved_out=out_on, reason="permanent_housing"))

    # Moved to another municipality or left Denmark.
    reasons = {"moved_away": "other_municipality", "left_denmark": "left_denmark"}
    for r in everyone:
        if r.living or r.left_on is None or r.left_on <= r.arrival or rng.random() > 0.6:
            continue
        room = _past_room(rng, occ, timeline, r, r.arrival, r.left_on)
        if room is not None:
            tenancies.append(_tenancy(rng, occ, r, room, r.arrival, first=True, moved_out=r.left_on, reason=reasons.get(r.left_reason, "other")))
    return tenancies


DAMAGES = [
    ("Hul i væggen ved døren; dør skal males.", 1800),
    ("Madras med pletter skal udskiftes.", 1200),
    ("Manglende nøgle; låsen skal omstilles.", 950),
    ("Skimmel i badeværelset efter manglende udluftning.", 3500),
    ("Køleskab efterladt tændt med madrester; ekstra rengøring.", 800),
]


def _inspections(rng: random.Random, tenancies: list[TenancySpec], occ: Occupancy) -> list[InspectionSpec]:
    recent = [i for i, t in enumerate(tenancies) if t.moved_out_on and t.move_out_reason != "internal_move"
              and (DEMO_DATE - t.moved_out_on).days <= 120]
    out = []
    for i in sorted(rng.sample(recent, min(len(recent), 40))):
        t = tenancies[i]
        condition = rng.choices(["good", "fair", "poor"], [55, 35, 10])[0]
        damages, cost = rng.choice(DAMAGES) if condition == "poor" else ("", 0)
        notes = {"good": "Værelset afleveret rengjort.", "fair": "Almindeligt slid. Vægge skal males ved næste istandsættelse.",
                 "poor": "Beboeren er orienteret om udgiften."}[condition]
        out.append(InspectionSpec(tenancy=i, inspected_on=t.moved_out_on, condition=condition, damages=damages, estimated_cost=cost, notes=notes))
    return out


INCIDENTS = [
    ("noise", "low", "Høj musik på værelset efter kl. 22 trods flere henstillinger.", "Samtale med beboeren om husordenen.", "", False),
    ("house_rules", "low", "Madlavning på værelset med kogeplade; brandfare.", "Kogepladen er fjernet; husordenen gennemgået igen.", "", False),
    ("threat", "medium", "Beboer truede en anden beboer i fælleskøkkenet.", "Samtale med begge parter med tolk. Socialforvaltningen orienteret.", "social", False),
    ("violence", "high", "Slagsmål mellem to beboere på gangen; en beboer fik en skramme.", "Politiet tilkaldt. Den ene beboer flyttet til anden lokation.", "social", True),
    ("vandalism", "medium", "Ødelagt dør til vaskeriet.", "Døren repareres; beboeren betaler skaden.", "", False),
    ("hoarding", "medium", "Værelset er fyldt med indsamlede ting; brandvejen er spærret.", "Aftale om oprydning med støtte fra Socialforvaltningen.", "social", False),
    ("other", "medium", "Beboer fundet forvirret udenfor om natten.", "Sundheds- og Omsorgsforvaltningen kontaktet; pårørende orienteret.", "health", False),
    ("house_rules", "low", "Gæst overnattede uden aftale.", "Husordenen om overnattende gæster gennemgået.", "", False),
    ("noise", "low", "Klager fra naboer over støj fra fællesrummet.", "Fællesrummet lukker nu kl. 22.", "", False),
    ("threat", "high", "Beboer truede en medarbejder i receptionen.", "Politianmeldelse. Møde med beboer og sagsbehandler.", "social", True),
    ("other", "medium", "Beboer under påvirkning af alkohol faldt på trappen.", "Akutmodtagelse; opfølgning med Sundheds- og Omsorgsforvaltningen.", "health", False),
    ("vandalism", "low", "Graffiti på pavillonens facade.", "Facaden rengjort.", "", False),
    ("house_rules", "medium", "Rygning på værelset; røgalarmen gik i gang.", "Advarsel givet skriftligt på ukrainsk og dansk.", "", False),
    ("violence", "medium", "Skub og slag mellem to værelseskammerater.", "Den ene flyttet til et andet værelse. Socialforvaltningen inddraget.", "social", False),
    ("other", "low", "Kat fra nabopavillon har ødelagt fælles bed.", "Aftale med dyrets ejer.", "", False),
]


def _incidents(rng: random.Random, occ: Occupancy, population: shape.Population) -> list[IncidentSpec]:
    named = [i for i, loc in enumerate(occ.locations) if loc.kind != "flat"]
    adults_at: dict[int, list[int]] = {li: [] for li in named}
    for room, households in occ.room_households.items():
        li = occ.rooms[room].location
        if li in adults_at:
            for r in households:
                keys = [k for (k, _), age in zip(population.households[r.index].members, r.ages) if age >= 18]
                adults_at[li] += keys
    places = [li for li in named if len(adults_at[li]) >= 2]
    out = []
    for kind, severity, description, follow_up, partner, police in INCIDENTS:
        li = rng.choice(places)
        involved = rng.sample(adults_at[li], 2 if kind in ("threat", "violence") else 1)
        occurred = datetime.combine(DEMO_DATE - timedelta(days=rng.randint(1, 180)), time(rng.randint(8, 23), rng.choice([0, 15, 30, 45])))
        out.append(IncidentSpec(location=li, occurred_at=occurred, kind=kind, severity=severity, description=description, follow_up=follow_up,
                                persons=sorted(involved), partner_social=partner == "social", partner_health=partner == "health",
                                partner_police=police, reporter=occ.locations[li].host or "vaert"))
    return out


HOUSE_RULES = """Husorden for {name}

1. Der er ro på gangene og i fællesrummene fra kl. 22 til kl. 7.
2. Rygning er kun tilladt udenfor, ved de markerede steder.
3. Madlavning foregår i {kitchen}. Kogeplader på værelserne er ikke tilladt.
4. Overnattende gæster aftales med værten på forhånd.
5. Hold værelset ryddeligt; værten kan efter varsel se værelset.
6. {pets}
7. Vold og trusler accepteres ikke og fører til politianmeldelse.
8. Fejl og skader meldes til værten hurtigst muligt.
"""


def house_rules_text(location: LocationSpec) -> str:
    return HOUSE_RULES.format(
        name=location.name,
        kitchen="fælleskøkkenet" if "k" in location.facilities or location.kind == "building" else "køkkenet",
        pets="Husdyr er tilladt, når de er registreret hos værten og holdes i snor på fællesarealerne." if location.pets_allowed
        else "Husdyr er ikke tilladt på lokationen.",
    )


# --- writing ----------------------------------------------------------------


def load(population: shape.Population, *, persons: list, households: list) -> dict[str, int]:
    """Write the plan in bulk; `persons`/`households` are the saved rows in population order."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from velkomst.accounts import roles
    from velkomst.housing.models import HouseRules, Incident, Location, MoveOutInspection, RentCap, Room, Tenancy

    housing_plan = plan(population)
    User = get_user_model()
    hosts = [User(username=u, first_name=f, last_name=l, password="!") for u, f, l in HOSTS]
    User.objects.bulk_create(hosts)
    users = {u.username: u for u in User.objects.filter(username__in=["vaert", *(u for u, _, _ in HOSTS)])}
    Group.objects.get(name=roles.HOUSING_HOST).user_set.add(*(users[u] for u, _, _ in HOSTS))

    aware = lambda d, hour=10: timezone.make_aware(datetime.combine(d, time(hour, 0)))
    locations = [Location(
        code=s.code, name=s.name, address=s.address, kind=s.kind, serves_ukrainians="ukrainian" in s.serves,
        serves_refugees="refugee" in s.serves, food_distribution=s.food_distribution, welcome_house=s.welcome_house,
        pets_allowed=s.pets_allowed, step_free=s.step_free, shared_kitchen="k" in s.facilities, shared_bath="b" in s.facilities,
        common_room="c" in s.facilities, outdoor_area="o" in s.facilities, reserved_for=s.reserved_for, status=s.status,
        closing_on=s.closing_on, host_contact=f"{HOST_NAMES[s.host]}, tlf. {HOST_PHONES[s.host]}" if s.host else "Boligkontoret, tlf. 33 66 41 00",
    ) for s in housing_plan.locations]
    Location.objects.bulk_create(locations)
    Through = Location.hosts.through
    Through.objects.bulk_create([Through(location=loc, user=users[s.host]) for loc, s in zip(locations, housing_plan.locations) if s.host])

    rooms = [Room(
        location=locations[s.location], number=s.number, floor=s.floor, beds=s.beds, accessible=s.accessible, status=s.status,
        blocked_reason=s.blocked_reason, blocked_until=s.blocked_until, has_kitchen=s.has_kitchen, has_bath=s.has_bath,
    ) for s in housing_plan.rooms]
    Room.objects.bulk_create(rooms, batch_size=2000)

    caps: dict[str, list[tuple[int, Decimal]]] = {}
    for cap in RentCap.objects.order_by("-year"):
        caps.setdefault(cap.household_type, []).append((cap.year, cap.monthly_cap))

    def rent(kind: str, on: date) -> Decimal:
        # As housing.services.rent_for (in bulk): the latest cap on or before the year, else the first year's.
        years = caps.get(kind, [])
        return next((amount for year, amount in years if year <= on.year), years[-1][1] if years else Decimal("0"))

    def tenancy(s: TenancySpec) -> Tenancy:
        return Tenancy(
            household=households[s.household], room=rooms[s.room], moved_in_on=s.moved_in_on, planned_move_out_on=s.planned_move_out_on,
            moved_out_on=s.moved_out_on, move_out_reason=s.move_out_reason, persons=s.persons, lease_signed_on=s.lease_signed_on,
            household_type=s.household_type, monthly_rent=rent(s.household_type, s.moved_in_on), start_kit_on=s.start_kit_on,
            keys_handed_out_on=s.keys_handed_out_on, keys_returned_on=s.keys_returned_on, house_rules_explained_on=s.house_rules_explained_on,
            food_distribution=s.food_distribution, transport_ticket_on=s.transport_ticket_on,
            created_by=users.get(housing_plan.locations[housing_plan.rooms[s.room].location].host), created_at=aware(s.moved_in_on),
        )

    # Tenancies that others point to (`previous`) are written first.
    tenancies: list[Tenancy | None] = [None] * len(housing_plan.tenancies)
    for wave in (lambda s: s.previous is None, lambda s: s.previous is not None):
        batch = []
        for i, s in enumerate(housing_plan.tenancies):
            if wave(s):
                tenancies[i] = tenancy(s)
                if s.previous is not None:
                    tenancies[i].previous = tenancies[s.previous]
                batch.append(tenancies[i])
        Tenancy.objects.bulk_create(batch, batch_size=2000)

    MoveOutInspection.objects.bulk_create([MoveOutInspection(
        tenancy=tenancies[s.tenancy], inspected_on=s.inspected_on, condition=s.condition, damages=s.damages,
        estimated_cost=Decimal(s.estimated_cost), notes=s.notes, inspected_by=users[housing_plan.locations[housing_plan.rooms[housing_plan.tenancies[s.tenancy].room].location].host or "vaert"],
    ) for s in housing_plan.inspections])
    HouseRules.objects.bulk_create([HouseRules(
        location=loc, version=1, valid_from=s.opened_on, text=house_rules_text(s), created_by=users.get(s.host),
    ) for loc, s in zip(locations, housing_plan.locations)])

    incidents = [Incident(
        location=locations[s.location], occurred_at=timezone.make_aware(s.occurred_at), kind=s.kind, severity=s.severity,
        description=s.description, follow_up=s.follow_up, partner_social=s.partner_social, partner_health=s.partner_health,
        partner_police=s.partner_police, reported_by=users[s.reporter], created_at=timezone.make_aware(s.occurred_at),
    ) for s in housing_plan.incidents]
    Incident.objects.bulk_create(incidents)
    Involved = Incident.persons.through
    Involved.objects.bulk_create([Involved(incident=incident, person=persons[key]) for incident, s in zip(incidents, housing_plan.incidents)
                                  for key in s.persons])
    current = [s for s in housing_plan.tenancies if s.moved_out_on is None]
    return {
        "locations": len(locations), "rooms": len(rooms), "beds": sum(r.beds for r in housing_plan.rooms if r.status == "available"),
        "residents": sum(s.persons for s in current), "tenancies": len(tenancies),
    }


def clear() -> None:
    """Delete the housing rows (before the people and users they point to)."""
    from velkomst.housing.models import HouseRules, Incident, Location, MoveOutInspection, Room, Tenancy

    Incident.objects.all().delete()
    MoveOutInspection.objects.all().delete()
    Tenancy.objects.exclude(previous=None).update(previous=None)
    Tenancy.objects.all().delete()
    HouseRules.objects.all().delete()
    Room.objects.all().delete()
    Location.objects.all().delete()
