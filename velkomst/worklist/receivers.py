"""The read model follows every write of the records it is made from, in the write's own transaction.

Why receivers and not a call in each service: the worklist sits above the apps that write these records (cases and
persons, meetings, Danish education, placements, jobs; tenancies, households, rooms, locations), and the layers
forbid them to call up; a receiver also follows a write that no service of today makes. What a row holds is worked
out in one place, `services.case_deadlines_refresh` and `services.reception_stays_refresh`; a receiver only says
which cases or tenancies changed.

Bulk writes send no signals: the one that makes these records in bulk, the demo loader, builds the read model again
when it is done. Deletions are not followed: no service deletes a meeting, an education, a placement, a job or a
tenancy (they are cancelled, end or move out), and a case is deleted only by retention, closed long before (its rows
went when it closed). A receiver of deletions would also make Django delete row by row. Rows left by a deletion are
never read: the lists join the case, and a case's rows are replaced at the next write of its records.
"""
from django.db.models.signals import post_save

from velkomst.companies.models import Placement
from velkomst.education.models import LearnerPlacement
from velkomst.housing.models import Location, Room, Tenancy
from velkomst.people.models import Case, Household, Person
from velkomst.programme.models import Employment
from velkomst.reception.models import Appointment
from velkomst.worklist.services import case_deadlines_refresh, reception_stays_refresh


def _cases_of_person(person) -> list[int]:
    return list(person.cases.values_list("pk", flat=True))


def _current_tenancies(**where) -> list[int]:
    return list(Tenancy.objects.current().filter(**where).values_list("pk", flat=True))


# Per model: the fields the read model is made from (a save that changes none of them, by `update_fields`, is passed
# by), the cases whose deadlines and the tenancies whose stays it may change.
FOLLOWED = {
    Case: ({"status", "takeover_date", "arrival_date", "caseworker", "person"}, lambda case: [case.pk], None),
    Person: ({"birth_date"}, _cases_of_person, None),
    Appointment: ({"case", "kind", "status", "starts_at", "contract_signed_on", "programme_start_on"}, lambda a: [a.case_id], None),
    LearnerPlacement: ({"case", "started_on"}, lambda placement: [placement.case_id], None),
    Placement: ({"case", "starts_on"}, lambda placement: [placement.case_id], None),
    Employment: ({"case", "started_on"}, lambda employment: [employment.case_id], None),
    # A tenancy that moves out is no longer current: its own pk, not only the current ones.
    Tenancy: ({"household", "room", "moved_out_on"}, None, lambda tenancy: [tenancy.pk]),
    Household: ({"first_benefit_payment_on"}, None, lambda household: _current_tenancies(household=household)),
    Room: ({"location"}, None, lambda room: _current_tenancies(room=room)),
    Location: ({"food_distribution"}, None, lambda location: _current_tenancies(room__location=location)),
}


# A new one of these has nothing of the read model's yet (no case, no tenancy): its creation is passed by.
OWNERS = (Person, Household, Room, Location)


def _saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    fields, cases, tenancies = FOLLOWED[sender]
    if raw or (update_fields is not None and not fields & set(update_fields)) or (created and sender in OWNERS):
        return
    if cases:
        case_deadlines_refresh(cases(instance))
    if tenancies:
        reception_stays_refresh(tenancies(instance))


def connect() -> None:
    for model in FOLLOWED:
        post_save.connect(_saved, sender=model, dispatch_uid=f"worklist-read-model-{model._meta.label}-saved")
