"""The housing truth as allocation objects: the same vocabulary as `../shared/allocation/SPEC.md`.

The pages, the move-in rules and the SPEC export all read occupancy through here,
so the allocation engine sees exactly what the hosts see. A room's occupants are the
households of its current tenancies and of its active reservations (`current_stays`):
a reserved bed is taken from the moment of the reservation, for every move and proposal.
"""
from collections import defaultdict
from datetime import date

from django.db.models import Prefetch

from velkomst.engine import model as engine
from velkomst.housing.models import Location, Reservation, Room, Tenancy
from velkomst.lib.dates import age_on
from velkomst.people.models import ACTIVE_STATUSES, Case, Household, HouseholdMember
from velkomst.rules import households as household_rules


def engine_location(location: Location) -> engine.Location:
    return engine.Location(
        id=location.code,
        serves=frozenset(location.serves),
        food_distribution=location.food_distribution,
        pets_allowed=location.pets_allowed,
        reserved_for=location.reserved_for or None,
    )


def household_population_and_category(household: Household) -> tuple[str | None, str | None]:
    """Population from the household's open cases (applicant first); category: patient before vulnerable."""
    cases = [c for c in household.cases.all() if c.status in ACTIVE_STATUSES] or list(household.cases.all())
    population = next((c.population for c in cases if c.population), None)
    categories = {c.housing_category for c in cases}
    category = "patient" if "patient" in categories else "vulnerable" if "vulnerable" in categories else None
    return population, category


def engine_household(household: Household, on: date, *, id_prefix: str = "h") -> engine.Household:
    """Needs `members__person`, `cases` and `pets` prefetched (see `households_for_allocation`)."""
    population, category = household_population_and_category(household)
    members = tuple(
        engine.Member(person=f"p{m.person_id}", gender=m.person.gender, age=age_on(m.person.birth_date, on)) for m in household.members.all()
    )
    return engine.Household(
        id=f"{id_prefix}{household.pk}",
        population=population or "refugee",
        members=members,
        pets=len(household.pets.all()),
        needs_accessible=household.needs_step_free,
        needs_food_distribution=household_rules.needs_food_distribution(household.first_benefit_payment_on, on),
        category=category,
        needs_own_room=household.needs_own_room,
    )


def households_for_allocation():
    members = HouseholdMember.objects.select_related("person").order_by("id")
    return Household.objects.prefetch_related(Prefetch("members", queryset=members), "pets", Prefetch("cases", queryset=Case.objects.order_by("id")))


def current_tenancies(rooms=None) -> list[Tenancy]:
    """The current tenancies, each household with its members, pets and cases: a few queries per thousand households.

    The households are read with `in_bulk` rather than a prefetch of the foreign key: on SQLite a prefetch of
    thousands of households fails ("Expression tree is too large"), and a `select_related("household")` would
    stop the nested prefetch, reading each household's members one household at a time.
    """
    return _with_households(Tenancy.objects.current(), rooms)


def active_reservations(rooms=None) -> list[Reservation]:
    """The active reservations, each household loaded as in `current_tenancies` (a few queries)."""
    return _with_households(Reservation.objects.active(), rooms)


def _with_households(stays, rooms) -> list:
    """``stays`` (tenancies or reservations) in ``rooms``, each with its household loaded in bulk (see above)."""
    if rooms is not None:
        stays = stays.filter(room__in=rooms)
    stays = list(stays.order_by("id"))
    households = households_for_allocation().in_bulk({stay.household_id for stay in stays})
    for stay in stays:
        stay.household = households[stay.household_id]
    return stays


def current_stays(rooms=None) -> list[Tenancy | Reservation]:
    """The one definition of who occupies a room's beds: current tenancies and active reservations. Both carry
    ``room_id``, ``household_id`` and the loaded ``household``, which is all `engine_room` reads."""
    return [*current_tenancies(rooms), *active_reservations(rooms)]


def engine_room(room: Room, tenancies: list[Tenancy], on: date) -> engine.Room:
    occupants = tuple(
        engine.Occupant(person=f"p{m.person_id}", household=f"h{t.household_id}", gender=m.person.gender, age=age_on(m.person.birth_date, on),
                        needs_own_room=t.household.needs_own_room)
        for t in tenancies
        for m in t.household.members.all()
    )
    return engine.Room(id=room.code, location=room.location.code, beds=room.beds, accessible=room.accessible, occupants=occupants)


def occupancy_instance(*, on: date, residents_as_households: bool = False, locations=None) -> tuple[dict, dict]:
    """The SPEC instance of today's housing (open locations, available rooms).

    With `residents_as_households` the rooms are emptied and the current residents
    become the households to place; the returned plan puts each in its present room.
    Returns (instance, plan); plan is empty unless residents_as_households.
    """
    locations = list((locations or Location.objects.exclude(status=Location.Status.CLOSED)).order_by("code"))
    room_rows = Room.objects.filter(location__in=[location.pk for location in locations], status=Room.Status.AVAILABLE)
    instance = {"date": on.isoformat(), "locations": [], "rooms": [], "households": []}
    for location in locations:
        spec = engine_location(location)
        instance["locations"].append(
            {"id": spec.id, "serves": sorted(spec.serves), "food_distribution": spec.food_distribution,
             "pets_allowed": spec.pets_allowed, "reserved_for": spec.reserved_for}
        )
    plan = {"assignments": [], "unplaced": []}
    rooms = room_rows.order_by("location__code", "number").values_list("pk", "number", "location__code", "beds", "accessible")
    if residents_as_households:
        by_room = defaultdict(list)
        for tenancy in current_tenancies(room_rows):
            by_room[tenancy.room_id].append(tenancy)
        for room_id, number, location_code, beds, accessible in rooms:
            code = f"{location_code}/{number}"  # Room.code
            instance["rooms"].append({"id": code, "location": location_code, "beds": beds, "accessible": accessible, "occupants": []})
            for tenancy in by_room.get(room_id, []):
                household = engine_household(tenancy.household, on)
                instance["households"].append(household_dict(household))
                plan["assignments"].append({"household": household.id, "room": code})
        return instance, plan
    occupants = occupants_by_room(room_rows, on)
    for room_id, number, location_code, beds, accessible in rooms:
        instance["rooms"].append({"id": f"{location_code}/{number}", "location": location_code, "beds": beds, "accessible": accessible,
                                  "occupants": occupants.get(room_id, [])})
    return instance, plan


def occupants_by_room(rooms, on: date) -> dict[int, list[dict]]:
    """The SPEC occupants of each of `rooms` (a queryset), as `engine_room` gives them: the members of the households
    of its current stays (`current_stays`: tenancies, then reservations; members in their order). Two flat queries.

    Why flat rows: at ten times Copenhagen a proposal read ~30,000 stays and ~60,000 members as model instances
    with nested prefetches (8 s of a 9.5 s proposal); the occupants need five columns of each."""
    columns = ("room_id", "household_id", "household__needs_own_room", "household__members__person_id",
               "household__members__person__gender", "household__members__person__birth_date")
    by_room: dict[int, list[dict]] = defaultdict(list)
    for stays in (Tenancy.objects.current(), Reservation.objects.active()):
        rows = stays.filter(room__in=rooms).order_by("id", "household__members__id").values_list(*columns)
        for room_id, household_id, own_room, person_id, gender, birth_date in rows:
            if person_id is None:  # a household without members occupies no bed
                continue
            by_room[room_id].append({"person": f"p{person_id}", "household": f"h{household_id}", "gender": gender,
                                     "age": age_on(birth_date, on)} | _own_room(own_room))
    return by_room


def household_dict(household: engine.Household) -> dict:
    return {
        "id": household.id,
        "population": household.population,
        "members": [{"person": m.person, "gender": m.gender, "age": m.age} for m in household.members],
        "pets": household.pets,
        "needs_accessible": household.needs_accessible,
        "needs_food_distribution": household.needs_food_distribution,
        "category": household.category,
    } | _own_room(household.needs_own_room)


def _own_room(needed: bool) -> dict:
    """The engine's one field beyond the SPEC, written only when set: other readers of the SPEC format see no change."""
    return {"needs_own_room": True} if needed else {}
