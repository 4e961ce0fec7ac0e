"""Writes the demo staff and the planned persons, households, pets and cases with their status history and journal."""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from faker import Faker

from velkomst.accounts import roles
from velkomst.demo import tables
from velkomst.demo.loader.bulk import BATCH, aware
from velkomst.demo.records import Population
from velkomst.demo.users import DEMO_CASEWORKER, DEMO_PASSWORD, DEMO_USERS
from velkomst.people.models import Case, CaseStatusChange, Household, HouseholdMember, JournalEntry, Person, Pet
from velkomst.people.services import search_keys


@dataclass
class PeopleRows:
    """The saved rows, in plan order (a plan's position is an index into these)."""

    persons: list[Person]
    households: list[Household]
    cases: list[Case]


def staff_create(caseworker_count: int) -> list:
    """The demo logins, and the caseworkers who share the caseload (the demo caseworker first, as the plan counts them):
    `caseworker_count` of them, the demo caseworker included."""
    User = get_user_model()
    groups = {group.name: group for group in Group.objects.all()}
    caseworkers = []
    for username, role, first, last in DEMO_USERS:
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD, first_name=first, last_name=last)
        user.groups.add(groups[role])
        if username == DEMO_CASEWORKER:
            caseworkers.append(user)
    fake = Faker("da_DK")
    fake.seed_instance(7)
    others = [User(username=f"sb{i:02d}", first_name=fake.first_name(), last_name=fake.last_name(), password="!")
              for i in range(1, caseworker_count)]
    User.objects.bulk_create(others)
    # In the order they were made (sb100 sorts before sb11 by name): the plan's index of a caseworker is this order.
    by_username = {user.username: user for user in User.objects.filter(username__in=[u.username for u in others])}
    others = [by_username[user.username] for user in others]
    groups[roles.CASEWORKER].user_set.add(*others)
    return caseworkers + others


def load_people(population: Population, *, caseworkers: list) -> PeopleRows:
    persons = _persons(population)
    households = _households(population, persons)
    cases = _cases(population, persons, households, caseworkers)
    _history(population, cases)
    return PeopleRows(persons, households, cases)


def _persons(population: Population) -> list[Person]:
    persons = []
    for p in population.persons:
        search_key, name_key = search_keys(p.first_name, p.last_name)
        persons.append(Person(
            first_name=p.first_name, last_name=p.last_name, cpr=p.cpr, birth_date=p.birth_date, gender=p.gender, nationality=p.nationality,
            languages=p.languages, interpreter_language=p.interpreter_language, phone=p.phone, search_key=search_key, name_key=name_key,
        ))
    return Person.objects.bulk_create(persons, batch_size=BATCH)


def _member_counts(members: list[Person], pet_kind: str) -> dict:
    """The household's member and pet counts, as `people.models.recount_members` keeps them (bulk_create calls no
    service)."""
    return {"member_count": len(members), "women": sum(p.gender == "F" for p in members), "men": sum(p.gender == "M" for p in members),
            "youngest_birth_date": max((p.birth_date for p in members), default=None), "pet_count": 1 if pet_kind else 0}


def _households(population: Population, persons: list[Person]) -> list[Household]:
    """Households with their members and pets."""
    households = Household.objects.bulk_create([
        Household(needs_step_free=h.needs_step_free, needs_own_room=h.needs_own_room, first_benefit_payment_on=h.first_benefit_payment_on,
                  **_member_counts([persons[key] for key, _relation in h.members], h.pet_kind))
        for h in population.households
    ], batch_size=BATCH)
    Pet.objects.bulk_create([Pet(household=household, kind=h.pet_kind)
                             for household, h in zip(households, population.households) if h.pet_kind], batch_size=BATCH)
    HouseholdMember.objects.bulk_create([
        HouseholdMember(household=household, person=persons[key], relation=relation)
        for household, h in zip(households, population.households) for key, relation in h.members
    ], batch_size=BATCH)
    return households


def _cases(population: Population, persons: list[Person], households: list[Household], caseworkers: list) -> list[Case]:
    """Cases numbered per year of the referral decision, in the plan's order."""
    cases, sequence = [], {}
    for c in population.cases:
        year = c.referral_decision_date.year
        sequence[year] = sequence.get(year, 0) + 1
        cases.append(Case(
            number=f"{year}-{sequence[year]:05d}", person=persons[c.person],
            household=households[c.household] if c.household is not None else None, target_group=c.target_group, readiness=c.readiness,
            referral_decision_date=c.referral_decision_date, takeover_date=c.takeover_date, arrival_date=c.arrival_date, status=c.status,
            left_reason=c.left_reason, caseworker=caseworkers[c.caseworker] if c.caseworker is not None else None,
            permit_type=tables.PERMIT_TYPES.get(c.target_group, ""), **c.flags,
        ))
    return Case.objects.bulk_create(cases, batch_size=BATCH)


def _history(population: Population, cases: list[Case]) -> None:
    """Each status change, and a journal entry saying it."""
    changes, journal = [], []
    for c, case in zip(population.cases, cases):
        history = [CaseStatusChange(case=case, status=status, on=on, reason=reason, at=aware(on)) for status, on, reason in c.history]
        # `until`, as `link_periods` sets it (bulk_create skips save()): the next change's day, by day then as recorded.
        in_effect = sorted(range(len(history)), key=lambda i: history[i].on)
        for this, following in zip(in_effect, in_effect[1:]):
            history[this].until = history[following].on
        changes += history
        for status, on, reason in c.history:
            text = tables.STATUS_TEXT[status] + (f": {reason}" if reason else "")
            journal.append(JournalEntry(case=case, kind=JournalEntry.Kind.EVENT, text=text, at=aware(on)))
    CaseStatusChange.objects.bulk_create(changes, batch_size=BATCH)
    JournalEntry.objects.bulk_create(journal, batch_size=BATCH)
