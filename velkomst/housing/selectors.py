"""Reads of temporary housing, scoped by role, with a fixed number of queries per page.

Occupancy is counted by the database (one aggregate query over rooms, current tenancies, active reservations
and the members of the households living there), so the overview costs the same two queries and about the same
time at 21 locations as at 2,100, whatever the number of residents. A location's page shows its rooms a page at
a time (a large location has hundreds of rooms, at ten times Copenhagen over a thousand).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from velkomst.accounts import roles
from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_persons, access_log_write
from velkomst.housing import choosing, refusals
from velkomst.housing.models import (
    HouseholdType,
    HouseRules,
    Incident,
    IncidentAction,
    Location,
    RentCap,
    Reservation,
    Room,
    RoomOccupancy,
    Tenancy,
    tenancy_current,
)
from velkomst.housing.refusals import RoomFit
from velkomst.lib.dates import latest_birth_date_for_age
from velkomst.lib.text import fold
from velkomst.people.models import ACTIVE_STATUSES, Case, Household, HouseholdMember, Person
from velkomst.people.selectors import CASE_NUMBER_PATTERN
from velkomst.rules import households as household_rules

MOVE_IN_SEARCH_LIMIT = 20
ROOM_PICKER_LIMIT = 40


# -- scope -------------------------------------------------------------------------------------------------------

def locations_visible_to(user) -> QuerySet[Location]:
    """Housing hosts see the locations they run; every other role with `view_housing` sees all; others none."""
    if not user.is_authenticated or not user.has_perm("accounts.view_housing"):
        return Location.objects.none()
    if user.role == roles.HOUSING_HOST:
        return Location.objects.filter(hosts=user)
    return Location.objects.all()


def location_for(user, location_id: int) -> Location:
    """One location the user may see, or 404 (a host's foreign location does not exist for them)."""
    try:
        return locations_visible_to(user).get(pk=location_id)
    except Location.DoesNotExist:
        raise Http404 from None


def room_for(user, room_id: int) -> Room:
    try:
        return Room.objects.select_related("location").get(pk=room_id, location__in=locations_visible_to(user))
    except Room.DoesNotExist:
        raise Http404 from None


def room_by_code(user, code: str) -> Room:
    """A room named by its code ("location/number") at a location the user may see, or 404."""
    location_code, _slash, number = code.partition("/")
    try:
        return Room.objects.select_related("location").get(location__code=location_code, number=number,
                                                            location__in=locations_visible_to(user))
    except Room.DoesNotExist:
        raise Http404 from None


def tenancy_for(user, tenancy_id: int) -> Tenancy:
    """A tenancy at a location the user may see; the members come along for the page."""
    members = HouseholdMember.objects.select_related("person").order_by("relation", "person__birth_date")
    try:
        tenancy = (
            Tenancy.objects.select_related("room__location", "household")
            .prefetch_related(Prefetch("household__members", queryset=members))
            .get(pk=tenancy_id, room__location__in=locations_visible_to(user))
        )
    except Tenancy.DoesNotExist:
        raise Http404 from None
    access_log_persons(user=user, persons=[m.person_id for m in tenancy.household.members.all()], what="tenancy")
    return tenancy


# -- occupancy ---------------------------------------------------------------------------------------------------

@dataclass
class OccupancyRow:
    location: Location | None  # None for the totals row
    beds: int = 0
    occupied: int = 0
    free: int = 0
    blocked: int = 0
    women: int = 0
    men: int = 0
    families: int = 0
    pets: int = 0
    empty_rooms: int = 0
    free_shared_women: int = 0
    free_shared_men: int = 0

    @property
    def usable(self) -> int:
        return self.beds - self.blocked

    @property
    def percent_full(self) -> float:
        """Occupied beds of the beds that can be used (blocked rooms left out)."""
        return round(100 * self.occupied / self.usable, 1) if self.usable else 0.0


COUNTS = ("beds", "occupied", "free", "blocked", "women", "men", "families", "pets", "empty_rooms", "free_shared_women", "free_shared_men")


@dataclass(frozen=True)
class OccupancyFilters:
    population: str = ""  # "ukrainian" | "refugee"
    reserved: str = ""  # "none" | a Category code
    food_distribution: bool = False
    pets_allowed: bool = False
    step_free: bool = False

    def apply(self, locations: QuerySet[Location]) -> QuerySet[Location]:
        if self.population == "ukrainian":
            locations = locations.filter(serves_ukrainians=True)
        elif self.population == "refugee":
            locations = locations.filter(serves_refugees=True)
        if self.reserved == "none":
            locations = locations.filter(reserved_for="")
        elif self.reserved:
            locations = locations.filter(reserved_for=self.reserved)
        if self.food_distribution:
            locations = locations.filter(food_distribution=True)
        if self.pets_allowed:
            locations = locations.filter(pets_allowed=True)
        if self.step_free:
            locations = locations.filter(step_free=True)
        return locations

    def as_criteria(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if value}


def stays_by_room(rooms) -> dict[int, list[int]]:
    """The households occupying each room: current tenancies and active reservations (the one definition of an occupied
    bed, as `spec.current_stays`), as flat rows: two queries."""
    by_room: dict[int, list[int]] = defaultdict(list)
    for room_id, household_id in Tenancy.objects.current().filter(room__in=rooms).values_list("room_id", "household_id"):
        by_room[room_id].append(household_id)
    for room_id, household_id in Reservation.objects.active().filter(room__in=rooms).values_list("room_id", "household_id"):
        by_room[room_id].append(household_id)
    return by_room


# Why in the database, and from a read model: at ten times Copenhagen the overview reads ~2,000 locations, ~14,000
# rooms and the ~60,000 persons living in them. Counting them in Python took 0.8-1.3 s on PostgreSQL; counting the
# ~30,000 stays through their households in one statement still took 0.1-0.2 s. Each room's stays are now counted
# when they change (`RoomOccupancy`, kept by `services.room_occupancy_refresh`), and this statement sums the rooms'
# rows per location (two GROUP BYs: per room, per location). What depends on the day is counted on the day: a household
# of one is a family while its member is a minor (`rules.households.is_family`); those lone minors are few, and found
# through an index on the households of one by birth date.
_OCCUPANCY_SQL = """
WITH lone_minors AS (
    SELECT stay.room_id, COUNT(*) AS households FROM (
        SELECT t.room_id FROM {tenancy} t JOIN {household} h ON h.id = t.household_id
         WHERE t.moved_out_on IS NULL AND h.member_count = 1 AND h.youngest_birth_date > %s
        UNION ALL
        SELECT s.room_id FROM {reservation} s JOIN {household} h ON h.id = s.household_id
         WHERE s.status = %s AND h.member_count = 1 AND h.youngest_birth_date > %s
    ) stay GROUP BY stay.room_id
), rooms AS (
    SELECT r.location_id, r.beds, r.status = %s AS blocked, COALESCE(o.households, 0) > 0 AS living,
           COALESCE(o.persons, 0) AS persons, COALESCE(o.women, 0) AS women, COALESCE(o.men, 0) AS men,
           COALESCE(o.larger_households, 0) + COALESCE(lm.households, 0) AS families, COALESCE(o.pets, 0) AS pets,
           CASE WHEN r.beds > COALESCE(o.persons, 0) THEN r.beds - COALESCE(o.persons, 0) ELSE 0 END AS free
      FROM {room} r LEFT JOIN {occupancy} o ON o.room_id = r.id LEFT JOIN lone_minors lm ON lm.room_id = r.id
     WHERE r.status <> %s AND r.location_id IN ({locations})
)
SELECT location_id, SUM(beds), SUM(persons), SUM(CASE WHEN blocked THEN 0 ELSE free END), SUM(CASE WHEN blocked THEN beds ELSE 0 END),
       SUM(women), SUM(men), SUM(families), SUM(pets),
       SUM(CASE WHEN NOT blocked AND NOT living THEN 1 ELSE 0 END),
       SUM(CASE WHEN NOT blocked AND persons > 0 AND families = 0 AND women = persons THEN free ELSE 0 END),
       SUM(CASE WHEN NOT blocked AND persons > 0 AND families = 0 AND men = persons THEN free ELSE 0 END)
  FROM rooms GROUP BY location_id
"""


def occupancy_rows(*, user, filters: OccupancyFilters = OccupancyFilters(), on: date) -> tuple[list[OccupancyRow], OccupancyRow]:
    """One row per open location the user may see, and the totals row. Two queries, whatever the data: the locations,
    and the counts of every location at once (see `_OCCUPANCY_SQL` for why in the database).

    Counting rules: occupied beds are those of current tenancies and active reservations (`stays_by_room`);
    beds, occupied and free leave out closed rooms; blocked = the beds of blocked rooms;
    free = free beds of available rooms; empty rooms = available rooms where no one lives; free shared beds
    by gender = free beds of available rooms whose occupants are all single adults of that gender
    (a family: two or more members, or a lone minor — `rules.households.is_family`).
    """
    locations_qs = _occupancy_locations(user, filters)
    counts = _occupancy_counts(locations_qs, on)
    return _rows_of(counts, list(locations_qs.order_by("name", "pk"))), _totals(counts.values())


def occupancy_page(*, user, filters: OccupancyFilters = OccupancyFilters(), on: date, page, per_page: int) -> tuple[Page, OccupancyRow]:
    """The page's rows of `occupancy_rows` (same counts, same order) and the totals of every location of the filter.
    Only the page's locations are read as models: at ten times Copenhagen making all 2,000 cost 40-50 ms, as much as
    counting them (three queries, whatever the data)."""
    locations_qs = _occupancy_locations(user, filters)
    counts = _occupancy_counts(locations_qs, on)
    current = Paginator(list(locations_qs.order_by("name", "pk").values_list("pk", flat=True)), per_page).get_page(page)
    locations = Location.objects.in_bulk(current.object_list)
    current.object_list = _rows_of(counts, [locations[pk] for pk in current.object_list])
    return current, _totals(counts.values())


def _occupancy_locations(user, filters: OccupancyFilters) -> QuerySet[Location]:
    return filters.apply(locations_visible_to(user).exclude(status=Location.Status.CLOSED))


def _rows_of(counts: dict[int, OccupancyRow], locations: list[Location]) -> list[OccupancyRow]:
    """The locations' rows of counts, in the locations' order, each with its location."""
    rows = []
    for location in locations:
        row = counts[location.pk]
        row.location = location
        rows.append(row)
    return rows


def _totals(rows) -> OccupancyRow:
    rows = list(rows)
    return OccupancyRow(location=None, **{name: sum(getattr(row, name) for row in rows) for name in COUNTS})


def _occupancy_counts(locations_qs: QuerySet[Location], on: date) -> dict[int, OccupancyRow]:
    """The counts of each location of the queryset, by its id (rows without their location): one query."""
    counts: dict[int, OccupancyRow] = defaultdict(lambda: OccupancyRow(location=None))
    # The locations as a subquery (the filters' own SQL), not a list of ids: 2,000 parameters cost more than the counting.
    try:
        ids, id_params = locations_qs.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # none that the user may see (a host without locations)
        return counts
    sql = _OCCUPANCY_SQL.format(
        tenancy=Tenancy._meta.db_table, reservation=Reservation._meta.db_table, room=Room._meta.db_table,
        household=Household._meta.db_table, occupancy=RoomOccupancy._meta.db_table, locations=ids)
    minors_born_after = latest_birth_date_for_age(household_rules.ADULT_AGE, on)
    params = [minors_born_after, Reservation.Status.ACTIVE, minors_born_after, Room.Status.BLOCKED, Room.Status.CLOSED, *id_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for location_id, *values in cursor.fetchall():
            counts[location_id] = OccupancyRow(location=None, **{name: int(value or 0) for name, value in zip(COUNTS, values, strict=True)})
    return counts


# -- one location ------------------------------------------------------------------------------------------------

@dataclass
class RoomView:
    room: Room
    tenancies: list[Tenancy]
    reservations: list[Reservation] = field(default_factory=list)
    persons: int = field(init=False)

    def __post_init__(self):
        # A reserved bed is occupied (see `spec.current_stays`).
        self.persons = sum(len(t.household.listed_members) for t in self.tenancies) + sum(r.persons for r in self.reservations)

    @property
    def free(self) -> int:
        if self.room.status != Room.Status.AVAILABLE:
            return 0
        return max(0, self.room.beds - self.persons)

    @property
    def state(self) -> str:
        """For the grid's colour and its text label: free, partly, full, blocked, closed."""
        if self.room.status != Room.Status.AVAILABLE:
            return self.room.status
        if not self.tenancies and not self.reservations:
            return "empty"
        return "full" if self.free == 0 else "partly"


LOCATION_ROOMS_PAGE_SIZE = 50


@dataclass
class LocationDetail:
    location: Location
    rooms: list[RoomView]
    house_rules: HouseRules | None
    hosts: list = field(default_factory=list)
    page: Page | None = None  # the page of rooms shown (rooms, residents and reservations are those of this page)
    blocked: list[Room] = field(default_factory=list)  # every blocked room of the location, whichever page

    @property
    def tenancies(self) -> list[Tenancy]:
        return sorted((t for r in self.rooms for t in r.tenancies), key=lambda t: (t.room.floor, t.room.number, t.pk))

    @property
    def blocked_rooms(self) -> list[Room]:
        return self.blocked

    @property
    def reservations(self) -> list[Reservation]:
        return [reservation for r in self.rooms for reservation in r.reservations]


def _listed_members() -> Prefetch:
    """A household's members with their names, in the page's order, as the list `household.listed_members`.

    A list, not the `members` manager: Django gives every household a manager and a query of its own when it fills
    one, which cost the location page (70 households) more than its queries did. The number of pets is the household's
    own count (`Household.pet_count`), not a prefetch."""
    members = HouseholdMember.objects.select_related("person").order_by("relation", "person__birth_date", "id")
    return Prefetch("household__members", queryset=members, to_attr="listed_members")


def _current_tenancies_with_members() -> QuerySet[Tenancy]:
    return Tenancy.objects.current().select_related("household").prefetch_related(_listed_members())


def _active_reservations_with_members() -> QuerySet[Reservation]:
    # The household's referral (reception's row, by its relation: housing does not import reception) tells the page
    # whether the arrival is still to be registered.
    return Reservation.objects.active().select_related("household", "household__referral").prefetch_related(
        _listed_members())


def house_rules_on(location: Location, day: date) -> HouseRules | None:
    """The version of the location's house rules valid on the day: the latest version valid from that day or before."""
    return HouseRules.objects.filter(location=location, valid_from__lte=day).order_by("-version").first()


def location_detail(*, user, location_id: int, on: date, page: int | str | None = 1) -> LocationDetail:
    """The location's rooms a page at a time with who lives there, its blocked rooms, its hosts and the house rules
    valid on the day: ten queries whatever the size of the location (eleven when the page has reservations), and the
    access log's insert.

    Why paged, and not a snapshot: the page is a working list (who lives in which room, move in, move out), not a
    figure. The largest location has 140 rooms at demo scale and 1,400 at ten times; rendering every room with its
    residents took 1.8 s on PostgreSQL. Fifty rooms (in floor and number order) are what a host works through at a
    time; the blocked rooms are listed whole, they are few and each needs action.
    """
    location = location_for(user, location_id)
    paginator = Paginator(Room.objects.filter(location=location).order_by("floor", "number", "id").values_list("id", flat=True),
                          LOCATION_ROOMS_PAGE_SIZE)
    current = paginator.get_page(page)
    rooms = list(
        Room.objects.filter(pk__in=list(current.object_list))
        .select_related("location")
        .prefetch_related(Prefetch("tenancies", queryset=_current_tenancies_with_members(), to_attr="current"),
                          Prefetch("reservations", queryset=_active_reservations_with_members(), to_attr="reserved"))
        .order_by("floor", "number", "id")
    )
    detail = LocationDetail(location=location, rooms=[RoomView(room=r, tenancies=r.current, reservations=r.reserved) for r in rooms],
                            house_rules=house_rules_on(location, on), hosts=list(location.hosts.order_by("first_name", "last_name", "username")),
                            page=current, blocked=list(Room.objects.filter(location=location, status=Room.Status.BLOCKED).order_by("floor", "number", "id")))
    if user.has_perm("accounts.view_person"):  # the page names the residents only for roles that open persons
        access_log_persons(user=user, persons=[m.person_id for t in [*detail.tenancies, *detail.reservations] for m in t.household.listed_members],
                           what="location residents")
    return detail


# -- set-up --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Occupants:
    """Who holds the rooms on a day, counted apart: the residents who still live there, and the households holding an
    active reservation who have not arrived yet (a closing location must move the first and re-reserve the second)."""

    households: int
    persons: int
    reserved_households: int
    reserved_persons: int

    @property
    def all_households(self) -> int:
        return self.households + self.reserved_households

    @property
    def all_persons(self) -> int:
        return self.persons + self.reserved_persons


def occupants_on(*, rooms, on: date) -> Occupants:
    """The households and persons whose tenancy in the rooms still runs on the day or later (not moved out by then; a
    future move-in counts), and, apart, those holding an active reservation of them. Three queries."""
    living = Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=on)
    households = Tenancy.objects.filter(room__in=rooms).filter(living).values("household_id")
    reserved = Reservation.objects.active().filter(room__in=rooms)
    persons = HouseholdMember.objects.filter(household_id__in=households).count()
    reservations = list(reserved.exclude(household_id__in=households).values_list("persons", flat=True))
    return Occupants(households=households.distinct().count(), persons=persons, reserved_households=len(reservations),
                     reserved_persons=sum(reservations))


def residents_on(*, rooms, on: date) -> tuple[int, int]:
    """(households, persons) who hold the rooms on the day: residents and reservations together (the beds they need)."""
    occupants = occupants_on(rooms=rooms, on=on)
    return occupants.all_households, occupants.all_persons


@dataclass
class SetupRow:
    location: Location
    rooms: int
    beds: int
    hosts: list


def locations_for_setup() -> list[SetupRow]:
    """Every location, closed ones too, with its rooms, beds and hosts: three queries whatever the number of locations."""
    locations = list(
        Location.objects.annotate(room_count=Count("rooms", distinct=True), bed_count=Sum("rooms__beds"))
        .prefetch_related(Prefetch("hosts", queryset=User.objects.order_by("first_name", "last_name", "username")))
        .order_by("name")
    )
    return [SetupRow(location=loc, rooms=loc.room_count, beds=loc.bed_count or 0, hosts=list(loc.hosts.all())) for loc in locations]


def location_rooms(location: Location, on: date) -> list[tuple[Room, int]]:
    """The location's rooms with the persons living in each (from the day on): two queries."""
    living = Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=on)
    households = Tenancy.objects.filter(room__location=location).filter(living).values_list("room_id", "household_id")
    by_household: dict[int, int] = defaultdict(int)
    room_of = dict((household_id, room_id) for room_id, household_id in households)
    for household_id in HouseholdMember.objects.filter(household_id__in=room_of).values_list("household_id", flat=True):
        by_household[room_of[household_id]] += 1
    return [(room, by_household.get(room.pk, 0)) for room in Room.objects.filter(location=location).order_by("floor", "number")]


def rent_caps_by_year() -> dict[int, dict[str, RentCap]]:
    """Every year's caps by household type, the latest year first: one query."""
    years: dict[int, dict[str, RentCap]] = {}
    for cap in RentCap.objects.order_by("-year", "household_type"):
        years.setdefault(cap.year, {})[cap.household_type] = cap
    return years


def rent_cap_years_missing(years: dict[int, dict], *, today: date) -> list[int]:
    """This year and next, when any household type has no cap: move-ins in such a year are refused."""
    return [year for year in (today.year, today.year + 1) if len(years.get(year, {})) < len(HouseholdType.values)]


def current_residents(*, user, location: Location) -> list[Person]:
    """The persons living at the location now (for naming those involved in an incident); the listing is logged."""
    residents = list(
        Person.objects.filter(
            tenancy_current("membership__household__tenancies__"), membership__household__tenancies__room__location=location
        ).order_by("last_name", "first_name", "id")
    )
    access_log_persons(user=user, persons=residents, what="location residents")
    return residents


# -- moving in: finding the household and the rooms it fits ------------------------------------------------------

def households_to_house(*, user, text: str) -> list[Household]:
    """Households with an open case and no current tenancy, matching a name or case number; the search is logged.

    A host needs to find a newcomer before the newcomer is a resident, so this is not `person_search`
    (whose host scope is the residents already living at the host's locations).
    """
    text = text.strip()
    if not text:
        return []
    persons = Person.objects.filter(cases__status__in=ACTIVE_STATUSES)
    if CASE_NUMBER_PATTERN.match(text):
        persons, kind = persons.filter(cases__number=text), "case_number"
    else:
        for token in fold(text).split():
            persons = persons.filter(search_key__contains=token)
        kind = "name"
    housed = Tenancy.objects.current().values("household_id")
    household_ids = (
        HouseholdMember.objects.filter(person__in=persons).exclude(household_id__in=housed).values("household_id")
    )
    members = HouseholdMember.objects.select_related("person").order_by("relation", "person__birth_date", "id")
    households = list(
        Household.objects.filter(pk__in=household_ids)
        .prefetch_related(Prefetch("members", queryset=members), Prefetch("cases", queryset=Case.objects.order_by("id")), "pets")
        .order_by("id")[:MOVE_IN_SEARCH_LIMIT]
    )
    access_log_write(user=user, action=AccessLog.Action.SEARCH, obj=None,
                     criteria={"kind": kind, "text": text, "results": len(households), "purpose": "move_in"})
    access_log_persons(user=user, persons=[m.person_id for h in households for m in h.members.all()], what="move-in search",
                       action=AccessLog.Action.SEARCH)
    return households


def household_to_house(household_id) -> Household | None:
    """A household that may be chosen for a move-in: it exists, has an open case and lives nowhere now."""
    members = HouseholdMember.objects.select_related("person").order_by("relation", "person__birth_date", "id")
    return (
        Household.objects.filter(pk=household_id, cases__status__in=ACTIVE_STATUSES)
        .exclude(pk__in=Tenancy.objects.current().values("household_id"))
        .prefetch_related(Prefetch("members", queryset=members), Prefetch("cases", queryset=Case.objects.order_by("id")), "pets")
        .distinct()
        .first()
    )


def rooms_where_household_fits(*, location: Location, household: Household, on: date, moving_from: Tenancy | None = None) -> list[RoomFit]:
    """Available rooms at the location where the household may move in, best first (fewest beds left over).

    Rooms without enough beds are dropped before the rules run; the rules (`refusals.rooms_fit`) then run in Python on
    one batch of tenancies, so the picker costs a fixed number of queries.
    """
    if location.status == Location.Status.CLOSED:
        return []
    size = HouseholdMember.objects.filter(household=household).count()
    if not size:
        return []
    rooms = Room.objects.filter(location=location, status=Room.Status.AVAILABLE, beds__gte=size).select_related("location")
    if moving_from is not None:
        rooms = rooms.exclude(pk=moving_from.room_id)
    fits = [fit for fit in refusals.rooms_fit(rooms=rooms, household=household, on=on, moving_from=moving_from) if fit.fits]
    fits.sort(key=lambda f: (f.free - size, f.room.floor, f.room.number))
    return fits[:ROOM_PICKER_LIMIT]


def room_choices(*, household: Household, on: date) -> list[choosing.Choice]:
    """Every room at a location that is not closed, with the reasons the household may not move in on the date (the room
    chooser's rows), by location name, floor and number. A fixed number of queries, however many rooms."""
    rooms = (Room.objects.exclude(location__status=Location.Status.CLOSED).select_related("location")
             .order_by("location__name", "location_id", "floor", "number"))
    return [
        choosing.Choice(value=str(fit.room.pk), location=fit.room.location.name, number=fit.room.number, beds=fit.room.beds,
                        free=fit.free, accessible=fit.room.accessible, reasons=tuple(r.message for r in fit.refusals))
        for fit in refusals.rooms_fit(rooms=rooms, household=household, on=on)
    ]


# -- reservations ------------------------------------------------------------------------------------------------

def household_reservation(household: Household) -> Reservation | None:
    """The household's active reservation, with its room and location."""
    return Reservation.objects.active().select_related("room__location").filter(household=household).first()


def household_tenancy(household: Household) -> Tenancy | None:
    """The household's current tenancy, with its room and location."""
    return Tenancy.objects.current().select_related("room__location").filter(household=household).first()


def reservation_for(user, reservation_id: int) -> Reservation:
    """An active reservation of a room at a location the user may see (a host: their own), or 404; the persons it names are
    logged as read."""
    members = HouseholdMember.objects.select_related("person").order_by("relation", "person__birth_date", "id")
    try:
        reservation = (Reservation.objects.active().select_related("room__location", "household", "created_by")
                       .prefetch_related(Prefetch("household__members", queryset=members), "household__pets")
                       .get(pk=reservation_id, room__location__in=locations_visible_to(user)))
    except Reservation.DoesNotExist:
        raise Http404 from None
    access_log_persons(user=user, persons=[m.person_id for m in reservation.household.members.all()], what="reservation")
    return reservation


# -- incidents ---------------------------------------------------------------------------------------------------

def incidents_visible_to(user) -> QuerySet[Incident]:
    """Hosts: incidents at their locations; caseworkers: incidents involving a person whose case they own;
    managers and admin: all; everyone else: none. Nothing else shows that an incident exists."""
    incidents = Incident.objects.all()
    if not user.is_authenticated or not user.has_perm("accounts.view_incidents"):
        return incidents.none()
    role = user.role
    if role in (roles.MANAGER, roles.ADMIN):
        return incidents
    if role == roles.HOUSING_HOST:
        return incidents.filter(location__hosts=user)
    if role == roles.CASEWORKER:
        return incidents.filter(pk__in=Incident.objects.filter(persons__cases__caseworker=user).values("pk"))
    return incidents.none()


def incident_list(*, user) -> QuerySet[Incident]:
    # Newest first, said outright: a GROUP BY query must not depend on Meta.ordering.
    return (incidents_visible_to(user).select_related("location", "reported_by").annotate(involved=Count("persons", distinct=True))
            .order_by("-occurred_at", "-id"))


def incident_detail(*, user, incident_id: int) -> Incident:
    """One incident; reading it is logged for each person involved."""
    try:
        incident = (
            incidents_visible_to(user).select_related("location", "reported_by", "closed_by")
            .prefetch_related(Prefetch("persons", queryset=Person.objects.order_by("last_name", "first_name", "id")),
                              Prefetch("actions", queryset=IncidentAction.objects.select_related("recorded_by")))
            .get(pk=incident_id)
        )
    except Incident.DoesNotExist:
        raise Http404 from None
    for person in incident.persons.all():
        access_log_write(user=user, action=AccessLog.Action.READ, obj=incident, person=person)
    return incident


def incident_for_follow_up(*, user, incident_id: int) -> Incident:
    """An incident the user may see, to follow up (the write logs the change; nothing is read out here)."""
    try:
        return incidents_visible_to(user).get(pk=incident_id)
    except Incident.DoesNotExist:
        raise Http404 from None


def active_hosts() -> QuerySet[User]:
    """The active housing hosts, to choose a location's hosts from."""
    return User.objects.filter(is_active=True, groups__name=roles.HOUSING_HOST).order_by("first_name", "last_name", "username")


def house_rules_versions(location: Location) -> list[HouseRules]:
    """Every version of the location's house rules, the latest first: one query."""
    return list(HouseRules.objects.filter(location=location).select_related("created_by").order_by("-version"))
