"""Reads of documents: scoped by role (`roles.DOCUMENT_TARGETS` within each role's scope of persons, locations and
incidents), restricted kinds only for `view_sensitive`, a fixed number of queries per list, and every read logged."""
from django.core.files.storage import storages
from django.db.models import Q, QuerySet
from django.http import Http404

from velkomst.accounts import roles
from velkomst.accounts.permissions import can
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.documents.models import CASE, INCIDENT, KINDS_FOR_TARGET, PERSON, RESTRICTED_KINDS, TENANCY, Document, Kind
from velkomst.housing.models import Incident, Tenancy
from velkomst.housing.selectors import incidents_visible_to, locations_visible_to
from velkomst.people.models import Case, HouseholdMember, Person
from velkomst.people.selectors import cases_visible_to, persons_visible_to
from velkomst.statements import Statement

LIST_LIMIT = 200


def storage():
    """The "documents" storage (`STORAGES`): a private folder by default, an S3-compatible bucket when configured."""
    return storages["documents"]


def targets_of(user) -> frozenset[str]:
    """What the user's role may see documents on (person, case, tenancy, incident); nothing without `view_documents`."""
    if not can(user, "view_documents"):
        return frozenset()
    return roles.DOCUMENT_TARGETS.get(user.role, frozenset())


def documents_visible_to(user) -> QuerySet[Document]:
    """Every document the user may know exists."""
    targets = targets_of(user)
    if not targets:
        return Document.objects.none()
    every_person = roles.PERSON_SCOPE.get(user.role) == "all"
    every_location = user.role != roles.HOUSING_HOST and can(user, "view_housing")  # the scope of `locations_visible_to`
    where = Q(pk__in=[])
    if PERSON in targets:
        where |= Q(person__isnull=False) if every_person else Q(person__in=persons_visible_to(user))
    if CASE in targets:
        where |= Q(case__isnull=False) if every_person else Q(case__person__in=persons_visible_to(user))
    if TENANCY in targets:
        where |= Q(tenancy__isnull=False) if every_location else Q(tenancy__room__location__in=locations_visible_to(user))
    if INCIDENT in targets:
        where |= Q(incident__in=incidents_visible_to(user))
    documents = Document.objects.filter(where)
    if not can(user, "view_sensitive"):
        documents = documents.exclude(kind__in=RESTRICTED_KINDS)
    return documents


def kinds_for(user, target: str) -> list[tuple[str, str]]:
    """The document types the user may attach to this kind of target (restricted ones only with `view_sensitive`)."""
    allowed = KINDS_FOR_TARGET[target]
    return [(kind.value, kind.label) for kind in Kind if kind in allowed and (kind not in RESTRICTED_KINDS or can(user, "view_sensitive"))]


# --- what a document is attached to --------------------------------------------------------------------------------

def target_for(user, target: str, target_id: int):
    """The person, case, tenancy or incident the user may attach documents to, or 404 (out of scope does not exist)."""
    if target not in targets_of(user):
        raise Http404
    if target == PERSON:
        found = persons_visible_to(user).filter(pk=target_id).first()
    elif target == CASE:
        found = cases_visible_to(user).select_related("person").filter(pk=target_id).first()
    elif target == TENANCY:
        found = (Tenancy.objects.select_related("room__location", "household")
                 .filter(pk=target_id, room__location__in=locations_visible_to(user)).first())
    else:
        found = incidents_visible_to(user).select_related("location").filter(pk=target_id).first()
    if found is None:
        raise Http404
    return found


def target_read_log(*, user, target: str, obj) -> None:
    """The upload page names what the documents go to (a person, a case's person, a household, an incident): a read."""
    if target == PERSON:
        persons = [obj]
    elif target == CASE:
        persons = [obj.person]
    elif target == TENANCY:
        persons = [m.person for m in HouseholdMember.objects.filter(household_id=obj.household_id).select_related("person").order_by("id")]
    else:
        persons = list(obj.persons.order_by("id"))
    _log(user=user, action=AccessLog.Action.READ, obj=obj, persons=persons)


def persons_concerned(document: Document) -> list[Person]:
    """Whom the document is about, for the access log: the person, the case's person, the household of the tenancy,
    the persons involved in the incident."""
    if document.person_id:
        return [document.person]
    if document.case_id:
        return [document.case.person]
    if document.tenancy_id:
        return [m.person for m in HouseholdMember.objects.filter(household_id=document.tenancy.household_id).select_related("person")
                .order_by("id")]
    return list(document.incident.persons.order_by("id"))


def _log(*, user, action: str, obj, persons: list[Person], criteria: dict | None = None) -> None:
    for person in persons or [None]:
        access_log_write(user=user, action=action, obj=obj, person=person, criteria=criteria)


# --- lists ---------------------------------------------------------------------------------------------------------

def _listed(documents: QuerySet[Document]) -> list[Document]:
    return list(documents.select_related("case", "tenancy__room__location", "incident", "uploaded_by")
                .order_by("-dated_on", "-id")[:LIST_LIMIT])


def _of_record(person_id: int) -> Q:
    """A person's record: the documents on the person, their cases, their household's tenancies and the incidents they
    were involved in. Each is a subquery on the document's own column, not a join, so the database plans it quickly."""
    households = HouseholdMember.objects.filter(person=person_id).values("household_id")
    return (Q(person=person_id) | Q(case__in=Case.objects.filter(person=person_id).values("pk"))
            | Q(tenancy__in=Tenancy.objects.filter(household__in=households).values("pk"))
            | Q(incident__in=Incident.objects.filter(persons=person_id).values("pk")))


# The ids of a record's documents, compiled once per process (velkomst.statements): the four subqueries cost the ORM
# ~2.5 ms to compile on every person page, where the database answers in a fraction of a millisecond.
RECORD_DOCUMENT_IDS = Statement(lambda person_id: Document.objects.filter(_of_record(person_id)).values_list("pk", flat=True))


def of_person(*, user, person: Person) -> list[Document]:
    """The documents of a person's record the user may see. Shown on the person page, whose own read of the person is
    the log. Most records have none: the record's document ids come first, in a query the database plans in a fraction
    of the scoped list's time, and the scoped list is read only when there is something to show (the person page is a
    quarter of the staff's requests; issue 18). Nothing of the first query is shown."""
    ids = RECORD_DOCUMENT_IDS.ids(person.pk)
    return _listed(documents_visible_to(user).filter(pk__in=ids)) if ids else []


def of_record(person: Person) -> list[Document]:
    """Every document of a person's record, whoever may see it: for the citizen's own data extract (its export is logged
    by the extract). The same reach as `of_person`."""
    return list(Document.objects.filter(_of_record(person.pk)).select_related("case", "tenancy__room__location", "incident__location")
                .order_by("dated_on", "id"))


def of_tenancy(*, user, tenancy: Tenancy) -> list[Document]:
    """The tenancy's documents (the checklist page); listing them is logged for each member of the household."""
    documents = _listed(documents_visible_to(user).filter(tenancy=tenancy))
    if documents:
        members = [m.person for m in tenancy.household.members.all()]
        _log(user=user, action=AccessLog.Action.READ, obj=tenancy, persons=members, criteria={"documents": len(documents)})
    return documents


def of_incident(*, user, incident: Incident) -> list[Document]:
    """The incident's documents (its page already logs the read for each person involved)."""
    return _listed(documents_visible_to(user).filter(incident=incident))


def for_api(*, user, filters: dict) -> QuerySet[Document]:
    """The documents the user may see, filtered by what they are attached to and their type (ids and codes only)."""
    documents = documents_visible_to(user)
    for name in ("person", "case", "tenancy", "incident", "kind"):
        if filters.get(name) is not None:
            documents = documents.filter(**{name: filters[name]})
    return documents.select_related("uploaded_by").order_by("-dated_on", "-id")


# --- one document --------------------------------------------------------------------------------------------------

def document_for_download(*, user, document_id: int) -> Document:
    """One document the user may see, or 404 (a restricted one does not exist for a role without `view_sensitive`).
    Handing out the file is logged as an export for each person it concerns."""
    document = (documents_visible_to(user).select_related("person", "case__person", "tenancy", "incident")
                .filter(pk=document_id).first())
    if document is None:
        raise Http404
    _log(user=user, action=AccessLog.Action.EXPORT, obj=document, persons=persons_concerned(document))
    return document


def open_file(document: Document):
    """The stored file, opened for reading (the caller closes it, or hands it to a response that does)."""
    return storage().open(document.stored_as, "rb")


def read_file(document: Document) -> bytes:
    """The stored bytes, for the archive and the extract (their own export or deletion is logged by the caller)."""
    with open_file(document) as handle:
        return handle.read()
