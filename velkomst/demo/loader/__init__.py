"""The demo loader: writes a `DemoPlan` in bulk through the models, in one transaction (the demo builds in seconds).

Rows are inserted in plan order, so a plan's positions become primary keys by looking them up in the saved lists.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from velkomst.audit.models import AccessLog, FieldChange
from velkomst.demo.loader.documents import clear_documents, load_documents
from velkomst.demo.loader.housing import clear_housing, load_housing
from velkomst.demo.loader.people import load_people, staff_create
from velkomst.demo.loader.programme import clear_programme, demo_staff, load_participation, load_support
from velkomst.demo.loader.reception import load_reception
from velkomst.demo.records import DemoPlan
from velkomst.people.models import Case, CaseStatusChange, Household, HouseholdMember, JournalEntry, Person, Pet
from velkomst.worklist.models import OpenDeadline, ReceptionStay


@transaction.atomic
def load(plan: DemoPlan) -> dict[str, int]:
    """Write the plan and the demo logins; the counts the command reports."""
    caseworkers = staff_create(plan.population.caseworkers)
    people = load_people(plan.population, caseworkers=caseworkers)
    housing = load_housing(plan.housing, persons=people.persons, households=people.households, as_of=plan.as_of)
    load_reception(plan.reception, cases=people.cases, households=people.households)
    staff = demo_staff()
    case_ids = [case.pk for case in people.cases]
    companies = load_participation(plan.participation, case_ids=case_ids, staff=staff)
    load_support(plan.support, case_ids=case_ids, person_ids=[p.pk for p in people.persons],
                 household_ids=[h.pk for h in people.households], companies=companies, staff=staff)
    documents = load_documents(plan, persons=people.persons, cases=people.cases, households=people.households)
    return {"persons": len(people.persons), "households": len(people.households), "cases": len(people.cases), "staff": len(caseworkers),
            "documents": documents, **{f"housing_{key}": value for key, value in housing.items()}}


@transaction.atomic
def clear() -> None:
    """Remove every person, case and staff member (demo rebuild only)."""
    clear_documents()  # with their files; the rows point to persons, cases and tenancies
    clear_programme()  # enrolments, jobs and placements point to cases
    clear_housing()  # tenancies point to households, incidents to persons, all of them to users
    AccessLog.objects.all().delete()
    FieldChange.objects.all().delete()
    JournalEntry.objects.all().delete()
    Pet.objects.all().delete()
    CaseStatusChange.objects.all().delete()
    Case.objects.all().delete()
    OpenDeadline.objects.all().delete()  # the worklist's read model of these cases (`load` is followed by a rebuild)
    ReceptionStay.objects.all().delete()
    HouseholdMember.objects.all().delete()
    Household.objects.all().delete()
    Person.objects.all().delete()
    get_user_model().objects.all().delete()
