"""Writes the planned temporary housing: hosts, locations, rooms, tenancies with their rent, inspections,
house rules and incidents."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from velkomst.accounts import roles
from velkomst.demo import tables
from velkomst.demo.loader.bulk import BATCH, aware
from velkomst.demo.planner.housing_events import house_rules_text, house_rules_translations, rent_caps
from velkomst.demo.records import HousingPlan, PlannedTenancy
from velkomst.housing.models import HouseRules, Incident, Location, MoveOutInspection, RentCap, Room, Tenancy


def load_housing(plan: HousingPlan, *, persons: list, households: list, as_of: date) -> dict[str, int]:
    """Write the plan; `persons` and `households` are the saved rows in plan order."""
    _rent_caps_enter(plan, as_of=as_of)
    users = _hosts_create()
    locations = _locations(plan, users)
    rooms = Room.objects.bulk_create([Room(
        location=locations[r.location], number=r.number, floor=r.floor, beds=r.beds, accessible=r.accessible, status=r.status,
        blocked_reason=r.blocked_reason, blocked_until=r.blocked_until, has_kitchen=r.has_kitchen, has_bath=r.has_bath,
    ) for r in plan.rooms], batch_size=BATCH)
    hosts = [users.get(plan.locations[plan.rooms[t.room].location].host) for t in plan.tenancies]
    tenancies = _tenancies(plan.tenancies, rooms=rooms, households=households, hosts=hosts)
    MoveOutInspection.objects.bulk_create([MoveOutInspection(
        tenancy=tenancies[s.tenancy], inspected_on=s.inspected_on, condition=s.condition, damages=s.damages,
        estimated_cost=Decimal(s.estimated_cost), notes=s.notes, inspected_by=hosts[s.tenancy] or users[tables.DEMO_HOST],
    ) for s in plan.inspections])
    _incidents(plan, locations=locations, persons=persons, users=users)
    current = [t for t in plan.tenancies if t.moved_out_on is None]
    return {
        "locations": len(locations), "rooms": len(rooms), "beds": sum(r.beds for r in plan.rooms if r.status == "available"),
        "residents": sum(t.persons for t in current), "tenancies": len(tenancies),
    }


def _hosts_create() -> dict:
    """The housing hosts without a login, beside the demo host; every host by username."""
    User = get_user_model()
    User.objects.bulk_create([User(username=u, first_name=f, last_name=l, password="!") for u, f, l in tables.HOSTS])
    users = {u.username: u for u in User.objects.filter(username__in=[tables.DEMO_HOST, *(u for u, _, _ in tables.HOSTS)])}
    Group.objects.get(name=roles.HOUSING_HOST).user_set.add(*(users[u] for u, _, _ in tables.HOSTS))
    return users


def _locations(plan: HousingPlan, users: dict) -> list[Location]:
    """Locations with their hosts and house rules (version 1, from the opening day)."""
    locations = Location.objects.bulk_create([Location(
        code=s.code, name=s.name, address=s.address, kind=s.kind, serves_ukrainians="ukrainian" in s.serves,
        serves_refugees="refugee" in s.serves, food_distribution=s.food_distribution, welcome_house=s.welcome_house,
        pets_allowed=s.pets_allowed, step_free=s.step_free, shared_kitchen="k" in s.facilities, shared_bath="b" in s.facilities,
        common_room="c" in s.facilities, outdoor_area="o" in s.facilities, reserved_for=s.reserved_for, status=s.status,
        closing_on=s.closing_on,
        host_contact=f"{tables.HOST_NAMES[s.host]}, tlf. {tables.HOST_PHONES[s.host]}" if s.host else tables.HOUSING_OFFICE_CONTACT,
    ) for s in plan.locations])
    Through = Location.hosts.through
    Through.objects.bulk_create([Through(location=loc, user=users[s.host]) for loc, s in zip(locations, plan.locations) if s.host])
    HouseRules.objects.bulk_create([HouseRules(
        location=loc, version=1, valid_from=s.opened_on, text=house_rules_text(s), created_by=users.get(s.host), **house_rules_translations(s),
    ) for loc, s in zip(locations, plan.locations)])
    return locations


def _rent_caps_enter(plan: HousingPlan, *, as_of: date) -> None:
    """The caps of every year from the first tenancy's start to the day the demo is seen on (a lease uses the caps of its
    start year, and a year without caps refuses a move-in). A year already entered (2023 by the migration) is kept."""
    first = min([t.moved_in_on.year for t in plan.tenancies], default=as_of.year)
    caps = rent_caps(range(min(first, as_of.year), as_of.year + 1))
    RentCap.objects.bulk_create([RentCap(year=year, household_type=kind, monthly_cap=Decimal(amount)) for (year, kind), amount in caps.items()],
                                ignore_conflicts=True)


def _rent_of() -> Callable[[str, date], Decimal]:
    """As housing.services.rent_for, in bulk: the cap of the lease's start year (every such year was entered above)."""
    caps = {(cap.year, cap.household_type): cap.monthly_cap for cap in RentCap.objects.all()}

    def rent(kind: str, on: date) -> Decimal:
        return caps[(on.year, kind)]

    return rent


def _tenancies(planned: list[PlannedTenancy], *, rooms: list, households: list, hosts: list) -> list[Tenancy]:
    """Tenancies that others point to (`previous`) are written first."""
    rent = _rent_of()
    tenancies: list[Tenancy | None] = [None] * len(planned)
    for first_wave in (True, False):
        batch = []
        for i, t in enumerate(planned):
            if (t.previous is None) != first_wave:
                continue
            tenancies[i] = Tenancy(
                household=households[t.household], room=rooms[t.room], moved_in_on=t.moved_in_on, planned_move_out_on=t.planned_move_out_on,
                moved_out_on=t.moved_out_on, move_out_reason=t.move_out_reason, persons=t.persons, lease_signed_on=t.lease_signed_on,
                household_type=t.household_type, monthly_rent=rent(t.household_type, t.moved_in_on), start_kit_on=t.start_kit_on,
                keys_handed_out_on=t.keys_handed_out_on, keys_returned_on=t.keys_returned_on, house_rules_explained_on=t.house_rules_explained_on,
                food_distribution=t.food_distribution, transport_ticket_on=t.transport_ticket_on,
                previous=tenancies[t.previous] if t.previous is not None else None, created_by=hosts[i], created_at=aware(t.moved_in_on),
            )
            batch.append(tenancies[i])
        Tenancy.objects.bulk_create(batch, batch_size=BATCH)
    return tenancies


def _incidents(plan: HousingPlan, *, locations: list, persons: list, users: dict) -> None:
    incidents = Incident.objects.bulk_create([Incident(
        location=locations[s.location], occurred_at=timezone.make_aware(s.occurred_at), kind=s.kind, severity=s.severity,
        description=s.description, follow_up=s.follow_up, partner_social=s.partner_social, partner_health=s.partner_health,
        partner_police=s.partner_police, reported_by=users[s.reporter], created_at=timezone.make_aware(s.occurred_at),
    ) for s in plan.incidents])
    Involved = Incident.persons.through
    Involved.objects.bulk_create([Involved(incident=incident, person=persons[key])
                                  for incident, s in zip(incidents, plan.incidents) for key in s.persons])


def clear_housing() -> None:
    """Delete the housing rows (before the people and users they point to)."""
    Incident.objects.all().delete()
    MoveOutInspection.objects.all().delete()
    Tenancy.objects.exclude(previous=None).update(previous=None)
    Tenancy.objects.all().delete()
    HouseRules.objects.all().delete()
    Room.objects.all().delete()
    Location.objects.all().delete()
