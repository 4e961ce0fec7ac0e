"""The API's reads: the pages' role scopes (`persons_visible_to`, `locations_visible_to`), related rows loaded up front.

Lists are logged as one "search" with their filter criteria (ids, codes and dates only);
a read of one record is logged as "read", like the pages.
"""
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_persons, access_log_write
from velkomst.housing.models import Location, Reservation, Room, Tenancy, tenancy_current
from velkomst.housing.selectors import locations_visible_to
from velkomst.lib import cpr as cpr_lib
from velkomst.people.models import Case, Household, HouseholdMember, Person
from velkomst.people.selectors import cases_visible_to, persons_visible_through, persons_visible_to
from velkomst.reception.models import Appointment


def search_log(*, user, kind: str, criteria: dict, results: int) -> None:
    """One search row: the kind of search, and the filters under their own key (a filter named "kind" cannot overwrite it)."""
    plain = {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in criteria.items()}
    access_log_write(user=user, action=AccessLog.Action.SEARCH, criteria={"kind": kind, "filters": plain, "results": results, "via": "api"})


def persons_for_api(*, user, filters: dict) -> QuerySet[Person]:
    people = persons_visible_to(user).select_related("membership")
    if "target_group" in filters:
        people = people.filter(cases__target_group=filters["target_group"])
    if "case_status" in filters:
        people = people.filter(cases__status=filters["case_status"])
    if "household" in filters:
        people = people.filter(membership__household_id=filters["household"])
    if "caseworker" in filters:
        people = people.filter(cases__caseworker_id=filters["caseworker"])
    if {"target_group", "case_status", "caseworker"} & set(filters):
        people = people.distinct()
    return people.order_by("last_name", "first_name", "id")


def person_for_api(*, user, person_id: int) -> Person:
    """One person with household and cases; `people.selectors.person_detail` would load the journal too, which the API does not show."""
    members = HouseholdMember.objects.select_related("person").order_by("relation", "person__birth_date", "id")
    try:
        person = (
            persons_visible_to(user).select_related("membership__household")
            .prefetch_related("cases", Prefetch("membership__household__members", queryset=members), "membership__household__pets")
            .get(pk=person_id)
        )
    except Person.DoesNotExist:
        raise Http404 from None
    access_log_write(user=user, action=AccessLog.Action.READ, obj=person, person=person)
    return person


def household_for_api(*, user, household_id: int) -> Household:
    """A household the user may open (one of its members is in the role's scope), with members and pets; the read is
    logged for each member it names."""
    visible = persons_visible_to(user)
    members = HouseholdMember.objects.select_related("person").order_by("relation", "person__birth_date", "id")
    household = (Household.objects.filter(pk=household_id, members__person__in=visible).distinct()
                 .prefetch_related(Prefetch("members", queryset=members), "pets").first())
    if household is None:
        raise Http404
    access_log_persons(user=user, persons=[m.person_id for m in household.members.all()], what="household")
    return household


def person_lookup(*, user, cpr: str) -> list[Person]:
    """The person with this CPR number (DDMMYY-SSSS), if the role may see them; the search is logged with the number masked."""
    found = list(persons_visible_to(user).select_related("membership").filter(cpr=cpr_lib.format_cpr(cpr)))
    access_log_write(user=user, action=AccessLog.Action.SEARCH,
                     criteria={"kind": "cpr", "text": cpr, "results": len(found), "via": "api"})
    return found


def cases_for_api(*, user, filters: dict) -> QuerySet[Case]:
    cases = cases_visible_to(user)
    for name, lookup in (("status", "status"), ("target_group", "target_group"), ("person", "person_id"), ("household", "household_id"),
                         ("caseworker", "caseworker_id"), ("referred_from", "referral_decision_date__gte"),
                         ("referred_to", "referral_decision_date__lte")):
        if name in filters:
            cases = cases.filter(**{lookup: filters[name]})
    return cases.order_by("-referral_decision_date", "-id")


def case_for_api(*, user, case_id: int, log: bool = True) -> Case:
    try:
        case = cases_visible_to(user).select_related("person").get(pk=case_id)
    except Case.DoesNotExist:
        raise Http404 from None
    if log:
        access_log_write(user=user, action=AccessLog.Action.READ, obj=case, person=case.person)
    return case


def locations_for_api(*, user, filters: dict) -> QuerySet[Location]:
    locations = locations_visible_to(user)
    if filters.get("population") == "ukrainian":
        locations = locations.filter(serves_ukrainians=True)
    elif filters.get("population") == "refugee":
        locations = locations.filter(serves_refugees=True)
    if filters.get("reserved_for") == "none":
        locations = locations.filter(reserved_for="")
    elif filters.get("reserved_for"):
        locations = locations.filter(reserved_for=filters["reserved_for"])
    if filters.get("status"):
        locations = locations.filter(status=filters["status"])
    return locations.order_by("name", "id")


def rooms_with_occupants(location: Location) -> list[Room]:
    """The location's rooms with the number of persons occupying each now, living there or holding a reservation (three queries)."""
    rooms = list(Room.objects.filter(location=location).select_related("location").order_by("floor", "number", "id"))
    living: dict[int, int] = {}
    for stays in (Tenancy.objects.current(), Reservation.objects.active()):  # a reserved bed is occupied (`housing.spec.current_stays`)
        for room_id, persons in stays.filter(room__location=location).values_list("room_id", "persons"):
            living[room_id] = living.get(room_id, 0) + persons
    for room in rooms:
        room.occupants = living.get(room.pk, 0)
    return rooms


def tenancies_for_api(*, user, filters: dict) -> QuerySet[Tenancy]:
    tenancies = Tenancy.objects.filter(room__location__in=locations_visible_to(user)).select_related("room__location")
    for name, lookup in (("location", "room__location_id"), ("room", "room_id"), ("household", "household_id"),
                         ("moved_in_from", "moved_in_on__gte"), ("moved_in_to", "moved_in_on__lte"), ("move_out_reason", "move_out_reason")):
        if name in filters:
            tenancies = tenancies.filter(**{lookup: filters[name]})
    if filters.get("current") is True:
        tenancies = tenancies.current()
    elif filters.get("current") is False:
        tenancies = tenancies.exclude(tenancy_current())
    return tenancies.order_by("-moved_in_on", "-id")


def tenancy_for_api(*, user, tenancy_id: int) -> Tenancy:
    try:
        tenancy = (Tenancy.objects.filter(room__location__in=locations_visible_to(user)).select_related("room__location")
                   .prefetch_related("household__members__person").get(pk=tenancy_id))
    except Tenancy.DoesNotExist:
        raise Http404 from None
    members = list(tenancy.household.members.all())
    for member in members:
        access_log_write(user=user, action=AccessLog.Action.READ, obj=tenancy, person=member.person)
    if not members:
        access_log_write(user=user, action=AccessLog.Action.READ, obj=tenancy)
    return tenancy


def appointments_for_api(*, user, filters: dict) -> QuerySet[Appointment]:
    appointments = Appointment.objects.filter(persons_visible_through(user, "case__person")).select_related("case")
    for name, lookup in (("case", "case_id"), ("kind", "kind"), ("status", "status"), ("caseworker", "caseworker_id"),
                         ("starts_from", "starts_at__date__gte"), ("starts_to", "starts_at__date__lte")):
        if name in filters:
            appointments = appointments.filter(**{lookup: filters[name]})
    return appointments.order_by("starts_at", "id")
