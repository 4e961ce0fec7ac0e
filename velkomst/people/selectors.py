"""Reads of personal data: each applies the user's role scope, loads related rows up front and logs the access."""
import re

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_persons, access_log_write
from velkomst.lib import cpr as cpr_lib
from velkomst.lib.text import fold
from velkomst.people.models import (
    PROGRAMME_STATUSES,
    Case,
    CaseStatus,
    HouseholdMember,
    JournalEntry,
    Person,
)

SEARCH_LIMIT = 50
CPR_PATTERN = re.compile(r"^\s*\d{6}-?\d{4}\s*$")
CASE_NUMBER_PATTERN = re.compile(r"^\s*\d{4}-\d{1,6}\s*$")


def persons_visible_to(user) -> QuerySet[Person]:
    """The persons a member of staff may open at all (need to know, by role).

    Each scope is a condition on the person's own row (`Exists`), never a join: the queryset has no duplicates and no
    DISTINCT, so inside `person__in=` the database checks the few persons a page shows instead of first listing every
    person the role may see (a class's attendance page read 67,593 persons' cases at ten times Copenhagen: 27–44 ms).
    """
    scope = roles.PERSON_SCOPE.get(user.role, "none")
    people = Person.objects.all()
    if scope == "all":
        return people
    cases = Case.objects.filter(person=OuterRef("pk"))
    if scope == "programme":
        return people.filter(Exists(cases.filter(status__in=PROGRAMME_STATUSES)))
    if scope == "learners":
        # After a job the citizen may finish the module at the centre (DOMAIN.md, Danish education): the teacher keeps
        # seeing a citizen in a job while they are on one of the centre's classes (education's roster, by its relation).
        return people.filter(Exists(cases.filter(
            Q(status__in=PROGRAMME_STATUSES)
            | Q(status=CaseStatus.EMPLOYED, class_memberships__isnull=False, class_memberships__left_on__isnull=True))))
    if scope == "residents":
        # Residents now living (a current tenancy) at a location the host runs. People sit below housing, so the
        # condition is written out here: it is housing.models.tenancy_current (not moved out), through the relation.
        # The host's locations go in as their ids (one small query), not as a join: with the ids the database knows
        # how many rooms they hold. Through the join it guessed 21 rooms where a host's three locations have 2,847 at
        # ten times Copenhagen, and a host's name search read all 7,463 residents before the name: 60 ms, now 3 ms.
        locations = list(user.hosted_locations.values_list("pk", flat=True))
        return people.filter(Exists(HouseholdMember.objects.filter(
            person=OuterRef("pk"), household__tenancies__moved_out_on__isnull=True,
            household__tenancies__room__location_id__in=locations)))
    return people.none()


def persons_visible_through(user, path: str) -> Q:
    """The condition that the person a row reaches by ``path`` (a relation that is never empty: "person",
    "case__person") is one the user may open: `persons_visible_to` on another model's rows.

    A role that may open everyone gets no condition at all. ``IN (every person)`` changes nothing where the relation is
    never empty, but it is a subquery the ORM builds and the database plans on every case page: ~1 ms of planning for
    the meetings page's one case (issue 18). Not for a relation that may be empty: no condition keeps those rows.
    """
    if roles.PERSON_SCOPE.get(user.role, "none") == "all":
        return Q()
    return Q(**{f"{path}__in": persons_visible_to(user)})


def cases_visible_to(user) -> QuerySet[Case]:
    """The cases of the persons the user may open."""
    return Case.objects.filter(persons_visible_through(user, "person"))


def _search_filter(people: QuerySet[Person], text: str) -> tuple[QuerySet[Person], str]:
    if CPR_PATTERN.match(text):
        try:
            return people.filter(cpr=cpr_lib.format_cpr(text)), "cpr"
        except ValueError:
            return people.none(), "cpr"
    if CASE_NUMBER_PATTERN.match(text):
        return people.filter(cases__number=text.strip()), "case_number"
    for token in fold(text).split():
        people = people.filter(search_key__contains=token)
    return people, "name"


def person_search_filter(people: QuerySet[Person], text: str) -> tuple[QuerySet[Person], str]:
    """``people`` narrowed to those matching a name, a CPR number or a case number, and which kind of search it was."""
    return _search_filter(people, text)


def persons_matching(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    """The persons of ``people`` matching a name, a CPR number or a case number (as the search page reads it)."""
    return _search_filter(people, text.strip())[0]


def person_search(*, user, text: str) -> list[Person]:
    """Persons matching a name (any order, case and accents ignored, Cyrillic or Latin), a CPR number or a case number."""
    text = text.strip()
    if not text:
        return []
    people, kind = _search_filter(persons_visible_to(user), text)
    # The latest case's number and status come with each person in the one query (a subquery per row the database
    # answers from the case's person index): a prefetch would cost more Python than the page's SQL (issue 18).
    latest_case = Case.objects.filter(person=OuterRef("pk")).order_by("-referral_decision_date", "-id")
    results = list(
        people.annotate(latest_case_number=Subquery(latest_case.values("number")[:1]),
                        latest_case_status=Subquery(latest_case.values("status")[:1]))
        .order_by("last_name", "first_name", "id")[:SEARCH_LIMIT]
    )
    for person in results:
        person.latest_case_status_label = CaseStatus(person.latest_case_status).label if person.latest_case_status else ""
    access_log_write(
        user=user,
        action=AccessLog.Action.SEARCH,
        obj=None,
        criteria={"kind": kind, "text": text, "results": len(results)},
    )
    return results


def person_detail(*, user, person_id: int) -> Person:
    """One person's record with household, cases and timeline loaded; logged as a read."""
    journal = JournalEntry.objects.select_related("author").order_by("-at", "-id")
    cases = Case.objects.select_related("caseworker").prefetch_related(Prefetch("journal", queryset=journal))
    members = HouseholdMember.objects.select_related("person").order_by("relation", "person__birth_date")
    try:
        person = (
            persons_visible_to(user)
            .select_related("membership__household")
            .prefetch_related(Prefetch("cases", queryset=cases), Prefetch("membership__household__members", queryset=members), "membership__household__pets")
            .get(pk=person_id)
        )
    except Person.DoesNotExist:
        raise Http404 from None
    access_log_write(user=user, action=AccessLog.Action.READ, obj=person, person=person)
    return person


def my_cases(*, user) -> QuerySet[Case]:
    return (
        Case.objects.filter(caseworker=user)
        .exclude(status__in=["left", "closed"])
        .select_related("person")
        .order_by("status", "person__last_name", "id")
    )


def my_cases_page(*, user, page, per_page: int = 50) -> Page:
    """One page of the caseworker's open cases; the persons on it are logged as read."""
    current = Paginator(my_cases(user=user), per_page).get_page(page)
    access_log_persons(user=user, persons=[case.person_id for case in current.object_list], what="my cases")
    return current
