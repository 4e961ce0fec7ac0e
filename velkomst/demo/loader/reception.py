"""Writes the planned referrals in preparation and the first meetings of recent arrivals."""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from velkomst.demo.loader.bulk import BATCH
from velkomst.demo.planner.reception import WELCOME_CHECKLIST
from velkomst.demo.records import ReceptionPlan
from velkomst.reception.models import Appointment, Referral


def load_reception(plan: ReceptionPlan, *, cases: list, households: list) -> dict[str, int]:
    """`cases` and `households` are the saved rows in plan order."""
    Referral.objects.bulk_create([Referral(
        household=households[r.household], decision_date=r.decision_date, population=r.population, asylum_centre=r.asylum_centre,
        special_considerations=r.special_considerations, source=Referral.Source.IMPORT, asylum_centre_contacted_on=r.asylum_centre_contacted_on,
        considerations_recorded_on=r.considerations_recorded_on, considerations_health=r.considerations_health,
        considerations_disability=r.considerations_disability, considerations_pets=r.considerations_pets, cpr_activated_on=r.cpr_activated_on,
        expected_arrival_on=r.expected_arrival_on,
    ) for r in plan.referrals], batch_size=BATCH)
    appointments = []
    for a in plan.appointments:
        case = cases[a.case]
        starts_at = timezone.make_aware(a.starts_at) if a.starts_at else None
        appointments.append(Appointment(
            case=case, caseworker_id=case.caseworker_id, interpreter_language=case.person.interpreter_language, kind=a.kind, status=a.status,
            starts_at=starts_at, ends_at=starts_at + timedelta(minutes=a.minutes) if starts_at else None, place=a.place,
            **{item: item in a.checklist for item in WELCOME_CHECKLIST},
        ))
    Appointment.objects.bulk_create(appointments, batch_size=BATCH)
    return {"referrals": len(plan.referrals), "appointments": len(appointments)}
