"""Reception objects for tests, written directly (fast); the services are tested on their own."""
import itertools
from datetime import date, datetime, timedelta

from django.utils import timezone

from tests.factories import make_case
from velkomst.housing.models import Location, Room
from velkomst.reception.models import Appointment, Referral

_sequence = itertools.count(1)


def make_room(*, beds=2, accessible=False, location=None, **location_fields) -> Room:
    n = next(_sequence)
    if location is None:
        fields = {"serves_ukrainians": True, "food_distribution": True, "pets_allowed": True, "kind": Location.Kind.BUILDING, **location_fields}
        location = Location.objects.create(code=f"test-{n}", name=f"Testgården {n}", **fields)
    return Room.objects.create(location=location, number=str(100 + n), beds=beds, accessible=accessible)


def make_referral(*, case=None, **fields) -> Referral:
    case = case or make_case(status="referred")
    values = {"decision_date": case.referral_decision_date, "population": case.population or "ukrainian", **fields}
    return Referral.objects.create(household=case.household, **values)


def aware(day, hour=10, minute=0) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute))


# A booked meeting's default time: a fixed day (the factories never read the clock); pass `starts_at` when the day matters.
MEETING_DAY = date(2026, 12, 3)


def make_appointment(*, case=None, kind="welcome", status="planned", starts_at=None, minutes=60, caseworker=None, **fields) -> Appointment:
    case = case or make_case()
    if starts_at is None and status != "required":
        starts_at = aware(MEETING_DAY)
    ends_at = starts_at + timedelta(minutes=minutes) if starts_at else None
    return Appointment.objects.create(case=case, kind=kind, status=status, starts_at=starts_at, ends_at=ends_at, place=fields.pop("place", "Jobcentret, lokale 3"),
                                      caseworker=caseworker, **fields)
