"""Deletion deadlines: what is due, the archive package handed over before deletion, and the deletion itself.

The deadlines are settings (`RETENTION`, read from the environment; docs/security.md, "Retention and deletion"):

- `case_closed_years` (5): a person whose every case was closed or left (status *closed* or *left*) more than
  N years ago is deleted with their cases and everything hanging from them (journal, status history,
  appointments, letters, programme rows, ...), their change history, and their household once nobody of it
  remains (with its tenancies, pets and referral). The access log keeps its rows until they are due
  themselves; their link to the person is cleared (anonymised).
- `access_log_years` (5): access-log rows older than N years are archived and deleted.
- `unconfirmed_import_days` (30): an uploaded referral list never confirmed (it holds names and CPR numbers).
- `finished_job_days` (30): background jobs finished that long ago, and the worker's task rows (no personal data:
  ids and dates; not archived). A job a kept relocation plan names stays with the plan (`jobs.services.jobs_prune`).

Everything deleted is first written to an archive package: a zip of JSON files (Django's serialisation,
one file per person and per household) with a manifest of SHA-256 checksums, in `RETENTION_ARCHIVE_DIR`.
Each deletion is written to the access log (action "delete") by the system user "retention".

Which rows belong to a person is found from the models' relations, not from a list kept by hand: every
row that points at the person, a case or the household with CASCADE or PROTECT is part of the record,
so a model added later is archived and deleted with it.

Documents handed in (`velkomst.documents`) are rows of the record like any other (on the person, a case, a tenancy of
the household); their files go into the package beside the record's JSON (`persons/person-1/documents/...`, each with
its checksum in the manifest) and are deleted from the storage once the deletion is committed. Documents on an incident
stay with the incident, which is the location's record and not deleted here.
"""
import hashlib
import io
import json
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import models, transaction
from django.db.models import Max, ProtectedError, RestrictedError
from django.utils import timezone

from velkomst.audit.models import AccessLog, FieldChange
from velkomst.documents import selectors as documents
from velkomst.documents import services as documents_services
from velkomst.documents.models import Document
from velkomst.lib.dates import add_years
from velkomst.people.models import Case, CaseStatus, CaseStatusChange, Household, HouseholdMember, Person, recount_members
from velkomst.reception.models import ReferralImport

SYSTEM_USERNAME = "retention"
CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.LEFT)
DEFAULTS = {"case_closed_years": 5, "access_log_years": 5, "unconfirmed_import_days": 30, "finished_job_days": 30}


def deadlines() -> dict[str, int]:
    return DEFAULTS | getattr(settings, "RETENTION", {})


@dataclass
class Due:
    """What the deadlines make due on a day."""

    as_of: date
    persons: list[Person] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)  # the cases of those persons, with `closed_on`
    households: list[Household] = field(default_factory=list)
    access_log: int = 0
    access_log_before: datetime | None = None
    imports: list = field(default_factory=list)
    kept_cases: list[Case] = field(default_factory=list)  # closed long ago, but the person has a case that is not due
    documents: int = 0  # documents of the records due (their files go into the package, then from the storage)

    @property
    def empty(self) -> bool:
        return not (self.persons or self.households or self.access_log or self.imports)


def _closing_dates() -> dict[int, date]:
    """Case id -> the day of its last change to closed/left, for cases whose current status is closed or left."""
    rows = (CaseStatusChange.objects.filter(case__status__in=CLOSED_STATUSES, status__in=CLOSED_STATUSES)
            .values("case_id").annotate(closed_on=Max("on")))
    return {row["case_id"]: row["closed_on"] for row in rows}


def due(*, as_of: date) -> Due:
    limits = deadlines()
    result = Due(as_of=as_of)
    case_limit = add_years(as_of, -limits["case_closed_years"])
    closed_on = _closing_dates()
    old = {case_id for case_id, day in closed_on.items() if day < case_limit}
    candidates = Case.objects.filter(pk__in=old).values_list("person_id", flat=True).distinct()
    cases_by_person = defaultdict(list)
    for case in Case.objects.filter(person_id__in=list(candidates)).order_by("pk"):
        case.closed_on = closed_on.get(case.pk)
        cases_by_person[case.person_id].append(case)
    due_person_ids = []
    for person_id, cases in cases_by_person.items():
        if all(case.pk in old for case in cases):
            due_person_ids.append(person_id)
            result.cases.extend(cases)
        else:
            result.kept_cases.extend(case for case in cases if case.pk in old)

    # A household goes when none of its cases and none of its members with a case remain; members without a case
    # of their own (children) are part of the family's record and go with it.
    gone = set(due_person_ids)
    gone_cases = {case.pk for case in result.cases}
    household_ids = set(HouseholdMember.objects.filter(person_id__in=gone).values_list("household_id", flat=True))
    household_ids |= {case.household_id for case in result.cases if case.household_id}
    caseless = []
    for household in Household.objects.filter(pk__in=household_ids).order_by("pk"):
        members = set(HouseholdMember.objects.filter(household=household).values_list("person_id", flat=True))
        with_case = set(Case.objects.filter(person_id__in=members).values_list("person_id", flat=True))
        cases = set(Case.objects.filter(household=household).values_list("pk", flat=True))
        if with_case <= gone and cases <= gone_cases:
            result.households.append(household)
            caseless += members - with_case
    result.persons = list(Person.objects.filter(pk__in=[*due_person_ids, *caseless]).order_by("pk"))
    result.documents = Document.objects.filter(
        models.Q(person__in=result.persons) | models.Q(case__in=result.cases) | models.Q(tenancy__household__in=result.households)
    ).count()

    result.access_log_before = _start_of(add_years(as_of, -limits["access_log_years"]))
    result.access_log = AccessLog.objects.filter(at__lt=result.access_log_before).count()


    import_limit = _start_of(as_of - timedelta(days=limits["unconfirmed_import_days"]))
    result.imports = list(ReferralImport.objects.exclude(status=ReferralImport.Status.IMPORTED).filter(uploaded_at__lt=import_limit))
    return result


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- what belongs to a record ----------------------------------------------------------------------

OWNING = (models.CASCADE, models.PROTECT, models.RESTRICT)


def record_of(roots: list[models.Model], *, exclude: set[tuple[str, object]] = frozenset()) -> list[models.Model]:
    """The roots and every row that hangs from them by CASCADE/PROTECT/RESTRICT, breadth first (parents before children)."""
    seen: set[tuple[str, object]] = set(exclude)
    order: list[models.Model] = []
    frontier = [obj for obj in roots if (obj._meta.label, obj.pk) not in seen]
    while frontier:
        by_model = defaultdict(list)
        for obj in frontier:
            key = (obj._meta.label, obj.pk)
            if key in seen:
                continue
            seen.add(key)
            order.append(obj)
            by_model[type(obj)].append(obj.pk)
        frontier = []
        for model, pks in by_model.items():
            for relation in model._meta.related_objects:
                if relation.many_to_many or relation.on_delete not in OWNING:
                    continue
                related = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": pks})
                frontier.extend(related)
    return order


def _serialise(objects: list[models.Model]) -> bytes:
    return serializers.serialize("json", objects, indent=1, ensure_ascii=False).encode()


def _document_files(files: dict[str, bytes], record: list[models.Model], folder: str, stored: list[str], missing: list[int]) -> None:
    """The files of the record's documents, into the package beside the record's JSON."""
    for obj in record:
        if not isinstance(obj, Document):
            continue
        try:
            files[f"{folder}/documents/{obj.pk}-{obj.download_name}"] = documents.read_file(obj)
        except FileNotFoundError:
            missing.append(obj.pk)  # named in the summary; the row is archived and deleted all the same
            continue
        stored.append(obj.stored_as)


def _delete_all(objects: list[models.Model]) -> None:
    """Delete children before parents; a row still protected by another row of the record waits for the next pass."""
    pending = list(reversed(objects))
    while pending:
        waiting = []
        for obj in pending:
            if not type(obj)._base_manager.filter(pk=obj.pk).exists():
                continue  # already gone with a parent (CASCADE)
            try:
                obj.delete()
            except (ProtectedError, RestrictedError):
                waiting.append(obj)
        if len(waiting) == len(pending):
            raise ProtectedError("rows outside the record protect it", set(waiting))
        pending = waiting


# --- the archive package ---------------------------------------------------------------------------


def archive_write(*, files: dict[str, bytes], as_of: date, summary: dict, now: datetime, folder: Path | None = None) -> Path:
    """A zip of the files plus manifest.json (SHA-256 and size of each file), stamped with ``now``.
    Written next to its final name, then renamed."""
    folder = Path(folder or settings.RETENTION_ARCHIVE_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    path = folder / f"velkomst-archive-{as_of.isoformat()}-{stamp}.zip"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"velkomst-archive-{as_of.isoformat()}-{stamp}-{n}.zip"
    manifest = {
        "format": "velkomst-archive/1",
        "created_at": now.isoformat(),
        "as_of": as_of.isoformat(),
        "deadlines": deadlines(),
        "summary": summary,
        "files": [{"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in files.items()],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False))
    partial = path.with_suffix(".zip.partial")
    partial.write_bytes(buffer.getvalue())
    partial.rename(path)
    return path


def archive_verify(path: Path) -> dict:
    """Read a package back and check every checksum; returns the manifest (raises ValueError when a file does not match)."""
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        for entry in manifest["files"]:
            if hashlib.sha256(archive.read(entry["name"])).hexdigest() != entry["sha256"]:
                raise ValueError(f"{entry['name']}: checksum does not match")
    return manifest


# --- applying --------------------------------------------------------------------------------------


def system_user():
    user, created = get_user_model().objects.get_or_create(username=SYSTEM_USERNAME, defaults={"first_name": "Sletning", "is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@dataclass
class Outcome:
    archive: Path | None
    persons: int
    cases: int
    households: int
    rows: int  # every row deleted with the records
    access_log: int
    imports: int
    documents: int = 0  # documents whose files went into the package and then from the storage


def _log_delete(by, obj, reason: str, archive: str) -> AccessLog:
    return AccessLog(user=by, action=AccessLog.Action.DELETE, object_type=obj._meta.model_name, object_id=str(obj.pk),
                     purpose=AccessLog.Purpose.SUPERVISION, criteria={"retention": reason, "archive": archive})


def retention_apply(*, as_of: date, now: datetime, folder: Path | None = None) -> Outcome:
    """Archive, then delete, everything due on `as_of`, in one transaction; the package (made at ``now``) is written
    before anything is deleted."""
    with transaction.atomic():
        plan = due(as_of=as_of)
        if plan.empty:
            return Outcome(None, 0, 0, 0, 0, 0, 0)
        by = system_user()
        files: dict[str, bytes] = {}
        records: list[list[models.Model]] = []
        taken: set[tuple[str, object]] = set()
        stored: list[str] = []  # the documents' files, deleted from the storage after the commit
        missing: list[int] = []
        for person in plan.persons:
            record = record_of([person])
            record += list(FieldChange.objects.filter(person=person))  # the record's change history goes with it
            taken |= {(o._meta.label, o.pk) for o in record}
            records.append(record)
            files[f"persons/person-{person.pk}.json"] = _serialise(record)
            _document_files(files, record, f"persons/person-{person.pk}", stored, missing)
        for household in plan.households:
            record = record_of([household], exclude=taken)
            taken |= {(o._meta.label, o.pk) for o in record}
            records.append(record)
            files[f"households/household-{household.pk}.json"] = _serialise(record)
            _document_files(files, record, f"households/household-{household.pk}", stored, missing)
        old_log = list(AccessLog.objects.filter(at__lt=plan.access_log_before).order_by("at", "pk"))
        if old_log:
            files["access_log.json"] = _serialise(old_log)
        if plan.imports:
            files["referral_imports.json"] = _serialise(plan.imports)
        summary = {
            "persons": len(plan.persons), "cases": [c.number for c in plan.cases], "households": len(plan.households),
            "rows": sum(len(r) for r in records), "access_log": len(old_log), "unconfirmed_imports": len(plan.imports),
            "documents": len(stored), "documents_missing_files": missing,
        }
        path = archive_write(files=files, as_of=as_of, summary=summary, now=now, folder=folder)
        archive_verify(path)

        log = [_log_delete(by, case, "case_closed_years", path.name) for case in plan.cases]
        log += [_log_delete(by, person, "case_closed_years", path.name) for person in plan.persons]
        log += [_log_delete(by, household, "case_closed_years", path.name) for household in plan.households]
        log += [_log_delete(by, obj, "case_closed_years", path.name) for record in records for obj in record if isinstance(obj, Document)]
        # Younger access-log rows about these persons stay until due; their link to the person is cleared.
        AccessLog.objects.filter(person__in=plan.persons).update(person=None)
        touched = set(HouseholdMember.objects.filter(person__in=plan.persons).values_list("household_id", flat=True))
        for record in records:
            _delete_all(record)
        recount_members(touched)  # a household that keeps members counts only those left
        AccessLog.objects.filter(pk__in=[row.pk for row in old_log]).delete()
        for batch in plan.imports:
            log.append(_log_delete(by, batch, "unconfirmed_import_days", path.name))
            batch.delete()
        if old_log:
            log.append(AccessLog(user=by, action=AccessLog.Action.DELETE, object_type="accesslog", purpose=AccessLog.Purpose.SUPERVISION,
                                 criteria={"retention": "access_log_years", "archive": path.name, "rows": len(old_log)}))
        AccessLog.objects.bulk_create(log)
        # The files go once the rows are gone for good; a rollback keeps both.
        transaction.on_commit(lambda: documents_services.stored_files_delete(stored))
        return Outcome(path, len(plan.persons), len(plan.cases), len(plan.households), summary["rows"], len(old_log), len(plan.imports),
                       documents=len(stored))
