"""Writes the demo population and staff in bulk (the demo builds in seconds, not minutes)."""
from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from velkomst.accounts import roles
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.demo import housing as demo_housing
from velkomst.demo import population as shape
from velkomst.demo import reception as demo_reception
from velkomst.demo.programme import clear_programme, load_programme
from velkomst.demo.users import DEMO_PASSWORD, DEMO_USERS, OTHER_CASEWORKERS
from velkomst.people.models import Case, CaseStatusChange, Household, HouseholdMember, JournalEntry, Person, Pet
from velkomst.people.services import search_keys

BATCH = 2000
STATUS_TEXT = {
    "referred": "Visiteret",
    "arrived": "Ankommet og flyttet ind",
    "in_programme": "Startet i introduktionsprogrammet",
    "in_placement": "Startet i virksomhedspraktik",
    "employed": "I ordinært job",
    "paused": "Forløbet sat på pause",
    "left": "Fraflyttet kommunen",
}


def staff_create() -> list:
    """The demo logins and the caseworkers who share the caseload (index 0 is the demo caseworker)."""
    User = get_user_model()
    groups = {group.name: group for group in Group.objects.all()}
    caseworkers = []
    for username, role, first, last in DEMO_USERS:
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD, first_name=first, last_name=last)
        user.groups.add(groups[role])
        if role == roles.CASEWORKER and username == "sagsbehandler":
            caseworkers.append(user)
    fake = shape.Faker("da_DK")
    fake.seed_instance(7)
    others = [
        User(username=f"sb{i:02d}", first_name=fake.first_name(), last_name=fake.last_name(), password="!")
        for i in range(1, OTHER_CASEWORKERS + 2)
    ]
    User.objects.bulk_create(others)
    others = list(User.objects.filter(username__in=[u.username for u in others]).order_by("username"))
    groups[roles.CASEWORKER].user_set.add(*others)
    return caseworkers + others


def _aware(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@transaction.atomic
def load(population: shape.Population) -> dict[str, int]:
    caseworkers = staff_create()
    persons = []
    for record in population.persons:
        search_key, name_key = search_keys(record.first_name, record.last_name)
        persons.append(Person(
            first_name=record.first_name, last_name=record.last_name, cpr=record.cpr, birth_date=record.birth_date,
            gender=record.gender, nationality=record.nationality, languages=record.languages,
            interpreter_language=record.interpreter_language, phone=record.phone, search_key=search_key, name_key=name_key,
        ))
    Person.objects.bulk_create(persons, batch_size=BATCH)

    households = [
        Household(needs_step_free=h.needs_step_free, needs_own_room=h.needs_own_room, first_benefit_payment_on=h.first_benefit_payment_on)
        for h in population.households
    ]
    Household.objects.bulk_create(households, batch_size=BATCH)
    Pet.objects.bulk_create(
        [Pet(household=household, kind=record.pet_kind) for household, record in zip(households, population.households) if record.pet_kind],
        batch_size=BATCH,
    )
    household_of = {}
    members = []
    for household, record in zip(households, population.households):
        for key, relation in record.members:
            household_of[key] = household
            members.append(HouseholdMember(household=household, person=persons[key], relation=relation))
    HouseholdMember.objects.bulk_create(members, batch_size=BATCH)

    cases = []
    sequence: dict[int, int] = {}
    for record in sorted(population.cases, key=lambda c: (c.referral_decision_date, c.person)):
        year = record.referral_decision_date.year
        sequence[year] = sequence.get(year, 0) + 1
        cases.append((record, Case(
            number=f"{year}-{sequence[year]:05d}", person=persons[record.person], household=household_of.get(record.person),
            target_group=record.target_group, readiness=record.readiness, referral_decision_date=record.referral_decision_date,
            takeover_date=record.takeover_date, arrival_date=record.arrival_date, status=record.status,
            left_reason=record.left_reason, caseworker=caseworkers[record.caseworker] if record.caseworker is not None else None,
            permit_type="§ 2, særloven" if record.target_group == "displaced_ukrainian" else ("§ 8, kvoteflygtning" if "quota" in record.target_group else ""),
            **record.flags,
        )))
    Case.objects.bulk_create([case for _, case in cases], batch_size=BATCH)

    changes, journal = [], []
    for record, case in cases:
        for status, on, reason in record.history:
            changes.append(CaseStatusChange(case=case, status=status, on=on, reason=reason, at=_aware(on)))
            journal.append(JournalEntry(case=case, kind=JournalEntry.Kind.EVENT, text=STATUS_TEXT[status] + (f": {reason}" if reason else ""), at=_aware(on)))
    CaseStatusChange.objects.bulk_create(changes, batch_size=BATCH)
    JournalEntry.objects.bulk_create(journal, batch_size=BATCH)
    housing = demo_housing.load(population, persons=persons, households=households)
    demo_reception.load(today=shape.DEMO_DATE)
    load_programme(as_of=shape.DEMO_DATE)
    return {"persons": len(persons), "households": len(households), "cases": len(cases), "staff": len(caseworkers),
            **{f"housing_{key}": value for key, value in housing.items()}}


@transaction.atomic
def clear() -> None:
    """Remove every person, case and staff member (demo rebuild only)."""
    clear_programme()  # enrolments, jobs and placements point to cases
    demo_housing.clear()  # tenancies point to households, incidents to persons, all of them to users
    AccessLog.objects.all().delete()
    FieldChange.objects.all().delete()
    JournalEntry.objects.all().delete()
    Pet.objects.all().delete()
    CaseStatusChange.objects.all().delete()
    Case.objects.all().delete()
    HouseholdMember.objects.all().delete()
    Household.objects.all().delete()
    Person.objects.all().delete()
    get_user_model().objects.all().delete()
