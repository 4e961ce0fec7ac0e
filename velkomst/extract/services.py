"""A person's data extract for a subject access request (GDPR art. 15): everything Velkomst holds about one person.

Built generically from the models, so a table another part of the system adds later
(programme, education, housing) comes along without a change here: the person's own
rows, their household's, and every row hanging off each of their cases. Staff are never
named but for the caseworker of a case; the access log comes from `audit.selectors.citizen_extract`
(dates, actions, purposes). The extract itself is logged as an export.

Documents the citizen handed in (`velkomst.documents`) are one section of their own, wherever they are attached (the
person, a case, the household's tenancies, an incident the person was involved in): the JSON and the PDF list them,
and the ZIP holds the JSON, the PDF and every document's file under the name the list gives (`file`).
"""
import io
import json
import zipfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.selectors import citizen_extract
from velkomst.audit.services import access_log_write
from velkomst.documents import selectors as documents
from velkomst.documents.models import Document
from velkomst.people.models import Person

# Relations shown in their own section (or not at all: the PDF of a letter is in the case file, not in the extract).
# `stored_as` is a document's random name in the storage: the ZIP names each file itself.
SKIPPED_FIELDS = {"search_key", "name_key", "pdf", "content", "valid_to_before_suspension", "stored_as"}
OWN_SECTIONS = {"cases", "membership", "documents"}
# Rows one level further that belong to the person's record with the row they hang off: an incident's follow-up actions.
NESTED = {"incidents": ("actions",)}


def _plain(value):
    """A value as JSON holds it: every field type a model has here (a weekly plan's times included)."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, (Decimal, timedelta, UUID)):
        return str(value)
    return value


def record(obj: models.Model, *, keep_user_fields: tuple[str, ...] = ()) -> dict:
    """The concrete fields of one row: choice codes as their labels, relations by name, staff left out."""
    User = get_user_model()
    row = {"id": obj.pk}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in SKIPPED_FIELDS or isinstance(field, models.BinaryField):
            continue
        if field.is_relation:
            if field.related_model is User:
                if field.name in keep_user_fields:
                    user = getattr(obj, field.name)
                    row[field.name] = user.get_full_name() if user else None
                continue
            target = getattr(obj, field.name)
            row[field.name] = str(target) if target is not None else None
            continue
        value = getattr(obj, f"get_{field.name}_display")() if field.choices else getattr(obj, field.attname)
        row[field.name] = _plain(str(value) if field.choices else value)
    return row


def _related(obj: models.Model, *, skip: set[str] = frozenset()) -> dict[str, list[dict]]:
    """Every row of another table that points to `obj` (one level), by the table's plural name."""
    sections: dict[str, list[dict]] = {}
    for relation in obj._meta.related_objects:
        accessor = relation.get_accessor_name()
        if accessor in skip or accessor in OWN_SECTIONS:
            continue
        if relation.one_to_one:
            try:
                rows = [getattr(obj, accessor)]
            except relation.related_model.DoesNotExist:
                continue
        elif relation.one_to_many or relation.many_to_many:
            rows = list(getattr(obj, accessor).all())
        else:
            continue
        if rows:
            sections[accessor] = [{**record(row), **{name: [record(item) for item in getattr(row, name).all()] for name in NESTED.get(accessor, ())}}
                                  for row in rows]
    return sections


def person_extract(*, person: Person, now: datetime) -> dict:
    """The extract as a JSON-ready dict (sections of rows), generated at ``now``."""
    membership = getattr(person, "membership", None) if hasattr(person, "membership") else None
    household = membership.household if membership else None
    data = {
        "generated_at": _plain(now),
        "person": record(person),
        "person_related": _related(person),
        "household": None,
        "cases": [],
        "access_log": [
            {"date": row.on.isoformat(), "action": str(row.action), "purpose": str(row.purpose)} for row in citizen_extract(person=person)
        ],
    }
    if household:
        tenancies = []
        for tenancy in household.tenancies.select_related("room__location").order_by("moved_in_on", "id"):
            tenancies.append({**record(tenancy), "location": tenancy.room.location.name, "address": tenancy.room.location.address,
                              **_related(tenancy, skip={"next"})})
        data["household"] = {
            **record(household),
            "members": [{"first_name": m.person.first_name, "last_name": m.person.last_name, "birth_date": _plain(m.person.birth_date),
                         "relation": m.get_relation_display()} for m in household.members.select_related("person").order_by("id")],
            "housing_history": tenancies,
            **_related(household, skip={"members", "tenancies", "cases"}),
        }
    for case in person.cases.select_related("caseworker").order_by("referral_decision_date", "id"):
        data["cases"].append({**record(case, keep_user_fields=("caseworker",)), **_related(case)})
    data["documents"] = [{**record(document), "attached_to": document.target, "file": document_file_name(document)}
                         for document in documents.of_record(person)]
    return data


def document_file_name(document: Document) -> str:
    """Where the document's file is in the ZIP (the list's `file`)."""
    return f"documents/{document.download_name}"


def extract_zip(*, data: dict, pdf: bytes, person: Person) -> bytes:
    """The extract as a ZIP: extract.json, extract.pdf and the file of every document the JSON lists."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("extract.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("extract.pdf", pdf)
        for document in documents.of_record(person):
            archive.writestr(document_file_name(document), documents.read_file(document))
    return out.getvalue()


def person_extract_log(*, by: User, person: Person, form: str) -> None:
    access_log_write(user=by, action=AccessLog.Action.EXPORT, obj=person, person=person, purpose=AccessLog.Purpose.CITIZEN_REQUEST,
                     criteria={"kind": "data extract", "format": form})
