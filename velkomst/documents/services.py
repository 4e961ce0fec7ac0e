"""Writes of documents: the upload (all files of one upload or none), the steps a signed document closes, and the
removal of stored files when their rows are deleted (retention, the demo rebuild).

An upload reads every file's type from its content (`documents.content`), refuses what is not accepted with a
message naming the file, strips image metadata, then, in one transaction: closes the move-in checklist step (signed
lease, signed house rules: `housing.services.tenancy_checklist_update`) or the contract meeting (signed programme
contract: `reception.services.contract_outcome_record`) where the document is the proof, stores the files, writes
the rows, a timeline event on the case and an access-log row for each person the document concerns.
"""
import dataclasses
import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from velkomst.accounts.models import User
from velkomst.accounts.permissions import can
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.documents import content as content_rules
from velkomst.documents.messages import refusal_text, too_large_text
from velkomst.documents.models import CASE, KINDS_FOR_TARGET, PERSON, RESTRICTED_KINDS, TENANCY, Document, Kind
from velkomst.documents.selectors import persons_concerned, storage
from velkomst.formats import date_text
from velkomst.forms import date_window_message
from velkomst.housing import services as housing
from velkomst.housing.models import Tenancy
from velkomst.letters.services import household_case
from velkomst.people.models import Case, HouseholdMember
from velkomst.people.services import journal_event_add
from velkomst.reception import services as reception
from velkomst.reception.models import Appointment
from velkomst.rules import date_windows

log = logging.getLogger(__name__)

MAX_FILES = 10
MAX_NOTE = 1000
MAX_NAME = 200


@dataclass(frozen=True)
class Upload:
    """One file as received: the name the browser gave it (shown, never trusted) and its bytes."""

    name: str
    content: bytes


@dataclass
class Outcome:
    documents: list[Document]
    closed: list[str] = field(default_factory=list)  # the steps the upload closed, in words
    left_open: list[str] = field(default_factory=list)  # why a step the document would close stayed open


def clean_name(name: str) -> str:
    """The uploaded name as it may be shown: its last path part, without control characters, at most 200 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name or "—")[:MAX_NAME]


def files_check(files: list[Upload]) -> list[content_rules.Inspected]:
    """Every file's type read from its content and its metadata stripped; one error naming each file refused.
    Nothing is stored here."""
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("Upload at most %(max)d files at a time.") % {"max": MAX_FILES}})
    checked, errors = [], []
    for upload in files:
        if len(upload.content) > settings.DOCUMENT_MAX_BYTES:
            errors.append(too_large_text(clean_name(upload.name)))
            continue
        try:
            checked.append(content_rules.inspect(upload.content))
        except content_rules.Refused as refused:
            errors.append(refusal_text(clean_name(upload.name), refused))
    if errors:
        raise ValidationError({"files": errors})
    return checked


def _check_choices(*, by: User, target: str, kind: str, dated_on: date, note: str, today: date) -> None:
    errors = {}
    if kind not in Kind.values or kind not in KINDS_FOR_TARGET[target]:
        errors["kind"] = _("Choose one of the document types offered.")
    elif kind in RESTRICTED_KINDS and not can(by, "view_sensitive"):
        errors["kind"] = _("Your role may not add medical documentation.")
    if dated_on > today:
        errors["dated_on"] = _("The date is in the future; give the day the document was signed, issued or taken.")
    elif not date_windows.in_window(date_windows.EVENT, dated_on, today):
        errors["dated_on"] = date_window_message(date_windows.EVENT, today)
    if len(note) > MAX_NOTE:
        errors["note"] = _("Write at most %(max)d characters.") % {"max": MAX_NOTE}
    if errors:
        raise ValidationError(errors)


def _journal_case(target: str, obj) -> Case | None:
    """The case whose timeline notes the document: the case itself, the person's latest case, the applicant's case."""
    if target == CASE:
        return obj
    if target == PERSON:
        return obj.cases.order_by("-referral_decision_date", "-id").first()
    if target == TENANCY:
        return household_case(obj)
    return None


@transaction.atomic
def documents_upload(*, by: User, target: str, obj, kind: str, dated_on: date, note: str = "", files: list[Upload],
                     today: date) -> Outcome:
    """Upload one or more files of one type to a person, case, tenancy or incident (`obj`, already scoped by the caller's
    selector). All or nothing: a refused file stores none. A signed lease, house rules or programme contract closes
    its step (see the module's doc); the outcome says what was closed and what stayed open and why."""
    if target not in KINDS_FOR_TARGET:
        raise ValueError(target)
    note = note.strip()
    _check_choices(by=by, target=target, kind=kind, dated_on=dated_on, note=note, today=today)
    checked = files_check(files)
    outcome = Outcome(documents=[])
    _close_steps(by=by, target=target, obj=obj, kind=kind, dated_on=dated_on, today=today, outcome=outcome)

    stored: list[str] = []
    try:
        for upload, inspected in zip(files, checked):
            name = storage().save(_storage_name(inspected.extension), ContentFile(inspected.content))
            stored.append(name)
            outcome.documents.append(Document.objects.create(
                kind=kind, dated_on=dated_on, note=note, original_name=clean_name(upload.name), content_type=inspected.content_type,
                size=len(inspected.content), sha256=hashlib.sha256(inspected.content).hexdigest(),
                metadata_stripped=inspected.metadata_stripped, stored_as=name, uploaded_by=by, **{target: obj},
            ))
        for document in outcome.documents:
            for person in persons_concerned(document) or [None]:
                access_log_write(user=by, action=AccessLog.Action.CREATE, obj=document, person=person)
        case = _journal_case(target, obj)
        if case is not None:
            journal_event_add(case=case, author=by, restricted=kind in RESTRICTED_KINDS, text=ngettext(
                "Document added: %(kind)s, dated %(date)s.", "%(count)d documents added: %(kind)s, dated %(date)s.", len(files),
            ) % {"count": len(files), "kind": Kind(kind).label, "date": date_text(dated_on)})
    except BaseException:
        # The rows roll back with the transaction; the files written so far must not stay behind.
        stored_files_delete(stored)
        raise
    return outcome


def _storage_name(extension: str) -> str:
    """A random name with no person, date or type of document in it; two characters of fan-out."""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}.{extension}"


def stored_files_delete(names: list[str]) -> list[str]:
    """Delete stored files (after their rows are gone); returns the names that could not be deleted (logged, by name
    only: the names hold no personal data)."""
    failed = []
    for name in names:
        try:
            storage().delete(name)
        except Exception:  # a storage that is down must not undo the deletion of the rows
            log.exception("documents: could not delete the stored file %s", name)
            failed.append(name)
    return failed


# --- the steps a signed document closes ----------------------------------------------------------------------------

CHECKLIST_STEP = {Kind.SIGNED_LEASE: "lease_signed_on", Kind.SIGNED_HOUSE_RULES: "house_rules_explained_on"}


def _close_steps(*, by: User, target: str, obj, kind: str, dated_on: date, today: date, outcome: Outcome) -> None:
    if kind in CHECKLIST_STEP:
        _close_checklist_step(by=by, tenancy=_tenancy_of(target, obj), step=CHECKLIST_STEP[kind], dated_on=dated_on, outcome=outcome)
    elif kind == Kind.SIGNED_CONTRACT and target in (PERSON, CASE):
        _close_contract_meeting(by=by, case=obj if target == CASE else None, person=obj if target == PERSON else None,
                                dated_on=dated_on, today=today, outcome=outcome)


def _tenancy_of(target: str, obj) -> Tenancy | None:
    """The tenancy itself, or the current tenancy of the household of the person or the case's person."""
    if target == TENANCY:
        return obj
    person_id = obj.pk if target == PERSON else obj.person_id if target == CASE else None
    if person_id is None:
        return None
    household = HouseholdMember.objects.filter(person_id=person_id).values("household_id")
    return Tenancy.objects.filter(household__in=household, moved_out_on__isnull=True).first()


def _close_checklist_step(*, by: User, tenancy: Tenancy | None, step: str, dated_on: date, outcome: Outcome) -> None:
    label = capfirst(str(Tenancy._meta.get_field(step).verbose_name))
    if tenancy is None:
        outcome.left_open.append(_("The household has no current tenancy, so no move-in checklist was changed."))
        return
    tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
    if getattr(tenancy, step) is not None:
        return  # already ticked: the document is the proof of a step closed before
    checklist = housing.MoveInChecklist(**{name: getattr(tenancy, name) for name in housing.CHECKLIST_FIELDS})
    housing.tenancy_checklist_update(by=by, tenancy=tenancy, checklist=dataclasses.replace(checklist, **{step: dated_on}))
    outcome.closed.append(_("Move-in checklist: “%(step)s” ticked as of %(date)s.") % {"step": label, "date": date_text(dated_on)})


def _close_contract_meeting(*, by: User, case: Case | None, person, dated_on: date, today: date, outcome: Outcome) -> None:
    meetings = Appointment.objects.filter(kind=Appointment.Kind.CONTRACT, contract_signed_on__isnull=True,
                                          status__in=(Appointment.Status.PLANNED, Appointment.Status.COMPLETED))
    meetings = meetings.filter(case=case) if case is not None else meetings.filter(case__person=person)
    meeting = meetings.select_related("case").order_by("-starts_at", "-id").first()
    if meeting is None:
        outcome.left_open.append(_("No booked contract meeting waits for its outcome, so no meeting was closed."))
        return
    readiness = meeting.readiness or meeting.case.readiness
    if not readiness:
        outcome.left_open.append(_("The contract meeting needs its readiness assessment: record its outcome on the meeting's page."))
        return
    try:
        with transaction.atomic():  # a refused outcome leaves nothing half-written, and the document is still kept
            reception.contract_outcome_record(by=by, appointment=meeting, readiness=readiness, contract_signed_on=dated_on,
                                              programme_start_on=meeting.programme_start_on, today=today)
    except ValidationError as error:
        outcome.left_open.append(_("The contract meeting was not closed: %(reason)s") % {"reason": " ".join(error.messages)})
        return
    outcome.closed.append(_("Contract meeting: contract signed on %(date)s.") % {"date": date_text(dated_on)})
