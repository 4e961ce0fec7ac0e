"""Who sees each sensitive field: one matrix, field by field, over every page, export and API answer that shows it.

`MATRIX` is data: one row per (field, surface) naming the principals that may see the field there. The
principals are the seven roles of `velkomst.accounts.roles`, plus a caseworker who does not own the case
(`colleague`) and a housing host of another location (`other_host`), because incidents are scoped by case
and location. Every subject lives at the first host's location, is in the programme and has the
`caseworker` as its caseworker, so each role's person scope includes it: what is left to decide is the field.

For every row and every principal the matrix guarantees:

* a principal that is not allowed does not get the field: the sentinel (a unique text, or for a yes/no the
  rendered label, ticked box or JSON value) is not in the answer. A refusal (403, 404, redirect) counts as
  not shown;
* a principal that is allowed does get it, and does not get it for a control subject whose field is empty
  or off, so the probe reads the field and not some fixed text on the page. Every row allows someone, so no
  row is vacuous.

`NEVER_SHOWN` rows are answers that carry the record but must not carry the field, for anyone; each is checked
to be served to someone. `test_every_sensitive_field_has_a_row` fails when a field classified sensitive
(`SENSITIVE`, with every flag of `Case.SENSITIVE_FIELDS`) has no row, or when a record that is restricted as a
whole (patient track, vulnerable-resident action, incident) gains a field nobody has classified.

Read and found to hold none of these fields (counts, ids or names only), so not in the matrix: search results,
my cases, the worklists, the occupancy page and its exports, the location page, the figures dashboard and its
exports, the citizen's access-log extract (dates, actions, purposes) and the full access log.
"""
import io
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from html import unescape

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext, ngettext
from fpdf import FPDF
from pypdf import PdfReader

from tests.conftest import make_staff
from tests.factories import make_case, make_household, make_person
from tests.housing.factories import house, make_location, make_room
from tests.reception.factories import make_appointment, make_referral
from velkomst.accounts import roles
from velkomst.allocation import services as allocation
from velkomst.documents import services as documents
from velkomst.housing.models import Incident
from velkomst.people import services as people
from velkomst.people.models import Case, HouseholdMember, recount_members
from velkomst.programme import services as programme
from velkomst.programme.messages import finding_text
from velkomst.programme.models import Enrolment, PatientTrack, VulnerabilityAction
from velkomst.rules import programme as programme_rules

# --- who asks ----------------------------------------------------------------------------------------------------

COLLEAGUE = "colleague"  # a caseworker who does not own the subject's case (the `staff` fixture's colleague)
OTHER_HOST = "other_host"  # a housing host of another location
PRINCIPALS = (*roles.ROLES, COLLEAGUE, OTHER_HOST)
ROLE_OF = {**{role: role for role in roles.ROLES}, COLLEAGUE: roles.CASEWORKER, OTHER_HOST: roles.HOUSING_HOST}


def holders(*capabilities: str, owner_only: bool = False, everywhere: bool = False) -> frozenset[str]:
    """The principals whose role has every one of the capabilities.

    The other location's host never has the subject in scope (it lives elsewhere) unless `everywhere`;
    `owner_only` leaves out the colleague where only the case's own caseworker may look (incidents).
    """
    found = {p for p in PRINCIPALS if all(ROLE_OF[p] in roles.roles_with(c) for c in capabilities)}
    if not everywhere:
        found.discard(OTHER_HOST)
    if owner_only:
        found.discard(COLLEAGUE)
    return frozenset(found)


NOBODY = frozenset()
RESTRICTED = holders("view_person", "view_sensitive")
# A household's health need for a room of its own: those who see restricted case information, and those who move households in.
HOUSING_HEALTH_NEED = frozenset().union(*(holders("view_person", c) for c in roles.HOUSING_HEALTH_NEED))
EXTRACT = holders("export_person_data")
FIGURES = holders("view_figures", "view_person", "view_sensitive")  # managers get the sensitive figures as a count only
PATIENT_TRACK = holders("view_patient_track")
VULNERABLE = holders("manage_vulnerable")
# Managers see incidents as risks (kind, place, time, severity); the details are for those who may open persons.
INCIDENT_DETAILS = holders("view_incidents", "view_person", owner_only=True)

# --- what is sensitive ---------------------------------------------------------------------------------------------

# GDPR art. 9 health and vulnerability data, and incidents, by model.
SENSITIVE = {
    "people.Case": Case.SENSITIVE_FIELDS,
    "people.Household": ("needs_own_room", "own_room_reason"),
    "reception.Referral": ("special_considerations", "considerations_health", "considerations_disability"),
    "reception.Appointment": ("health", "notes"),
    "programme.PatientTrack": ("care_needs", "hospital", "relatives", "partner_health_care", "partner_social",
                               "partner_capital_region", "partner_hospital"),
    "programme.VulnerabilityAction": ("text", "partner"),
    "housing.Incident": ("description", "follow_up", "persons", "partner_social", "partner_health", "partner_police", "partner_ssp",
                         "partner_other", "outcome"),
    "housing.IncidentAction": ("text", "done_by"),
    # A document's type: medical documentation (health data) is restricted, the row and its file with it.
    "documents.Document": ("kind",),
}
# Records restricted as a whole: each of their fields is either sensitive above or bookkeeping here.
BOOKKEEPING = {
    "programme.PatientTrack": {"id", "case", "updated_by", "updated_at"},
    "programme.VulnerabilityAction": {"id", "case", "kind", "due_on", "done_on", "by", "at"},
    "housing.Incident": {"id", "location", "occurred_at", "kind", "severity", "reported_by", "created_at", "closed_on", "closed_by"},
    "housing.IncidentAction": {"id", "incident", "taken_on", "done", "recorded_by", "recorded_at"},
}
FLAG_LABELS = {  # how the person page and the vulnerable-resident page list the case's flags
    "patient": "Patient",
    "elderly_illness": "Elderly with age-related illness",
    "addiction": "Addiction",
    "psychologically_vulnerable": "Psychologically vulnerable",
    "socially_challenged": "Socially challenged",
    "patient_track": "Patient track",
    "work_obligation": "Under the work obligation (37 hours)",
}
VULNERABILITY_FLAGS = ("patient", "elderly_illness", "addiction", "psychologically_vulnerable", "socially_challenged")
FIGURE_OF_FLAG = {**dict.fromkeys(VULNERABILITY_FLAGS, "vulnerable_residents"),
                  "patient_track": "patients_remaining", "work_obligation": "work_obligation"}


def sentinel(field: str) -> str:
    return f"SENTINEL-{field.replace('_', '-')}-7Q"


def da(msgid: str) -> str:
    """The interface text as the pages show it (Danish)."""
    with translation.override("da"):
        return gettext(msgid)


# --- the subjects --------------------------------------------------------------------------------------------------

@dataclass
class World:
    users: dict  # principal -> user
    location: object  # run by the housing host; every subject lives here


@dataclass
class Subject:
    """The citizen whose field is looked for, and the record the surface opens when that is not the case."""

    case: Case
    record: object = None


_subjects = itertools.count(1)
AS_OF = date(2026, 11, 26)  # the pages read the clock: every test here runs on this day (pytestmark below)
PAID = {"first_benefit_payment_on": date(2026, 1, 1)}  # past the food distribution: any location will do
LAST_WEEK = datetime(2026, 11, 20, 22, tzinfo=dt_timezone.utc)
pytestmark = pytest.mark.time_machine(datetime(2026, 11, 26, 9, tzinfo=dt_timezone.utc))


def resident(world: World, *, household_fields: dict | None = None, status: str = "in_programme", **case_fields) -> Case:
    """A citizen in the programme, living at the world's location, whose case the caseworker owns: in every role's scope."""
    person = make_person(first_name="Sentinel", last_name=f"Subjectq{next(_subjects)}")
    household = make_household((person, "applicant"), **{**PAID, **(household_fields or {})})
    case = make_case(person=person, household=household, status=status, caseworker=world.users[roles.CASEWORKER], **case_fields)
    house(household, make_room(world.location, beds=2))
    return case


# Each arranger makes a subject with the field set (on) or empty/off (the control).

def flagged(flag: str) -> Callable:
    """The flag set through the case service, so the timeline holds the event the service writes."""
    def arrange(world, on):
        case = resident(world)
        if on:
            people.case_update(by=world.users[roles.CASEWORKER], case=case, changes={flag: True}, today=AS_OF)
        return Subject(case)
    return arrange


def enrolled_with_the_norm(world, on):
    """Enrolled with the norm the work obligation gives (37 hours) or not (30), and nothing planned this week."""
    case = resident(world, work_obligation=on)
    Enrolment.objects.create(case=case, started_on=AS_OF - timedelta(days=30), norm_hours=programme.norm_for(case))
    return Subject(case)


def enrolled_by_the_service(world, on):
    case = resident(world, status="arrived", work_obligation=on)
    programme.enrolment_start(by=world.users[roles.CASEWORKER], case=case, started_on=AS_OF, with_welcome_class=False)
    return Subject(case)


def assessed_by_the_service(world, on):
    """A quota refugee on benefits with no residence recorded is under the obligation; a displaced Ukrainian never is."""
    case = resident(world, target_group="municipal_quota" if on else "displaced_ukrainian")
    programme.work_obligation_assess(by=world.users[roles.CASEWORKER], case=case, as_of=AS_OF)
    return Subject(case)


def waiting_for_a_placement(world, on):
    """A referred patient household the engine must place outside the patients' location, which has no room free."""
    make_location(name="Patientgården", reserved_for="patient")
    make_room(world.location, beds=2)
    person = make_person(first_name="Sentinel", last_name=f"Subjectq{next(_subjects)}")
    household = make_household((person, "applicant"), **PAID)
    case = make_case(person=person, household=household, status="referred", patient=on, caseworker=world.users[roles.CASEWORKER])
    proposal = allocation.proposal_create(by=world.users[roles.ADMIN], households=[household], move_in_on=AS_OF, time_limit=2)
    return Subject(case, proposal)


def living_outside_the_patients_location(world, on):
    make_room(make_location(name="Patientgården", reserved_for="patient"), beds=2)
    return Subject(resident(world, patient=on))


# Need to know (issue 14, item 20): what a teacher's or consultant's work does not need, they do not see.
FULL_CPR = "170590-1236"


def person_with(field: str) -> Callable:
    """A resident whose person has the field (a CPR number, a phone number) or not."""
    def arrange(world, on):
        case = resident(world)
        value = {"cpr": FULL_CPR, "phone": "+45 12 34 56 78"}[field]
        if on:
            type(case.person).objects.filter(pk=case.person_id).update(**{field: value})
        return Subject(case)
    return arrange


def with_a_child(world, on):
    case = resident(world)
    if on:
        HouseholdMember.objects.create(household=case.household, relation="child",
                                       person=make_person(first_name="Barnq", last_name=f"Childq{case.pk}", birth_date=date(2016, 1, 1)))
        recount_members([case.household_id])
    return Subject(case)


def household_needing_own_room(world, on):
    return Subject(resident(world, household_fields={"needs_own_room": on}))


def household_with_own_room_reason(world, on):
    return Subject(resident(world, household_fields={"needs_own_room": True, "own_room_reason": sentinel("own_room_reason") if on else ""}))


def referral_with(field: str) -> Callable:
    def arrange(world, on):
        case = resident(world)
        return Subject(case, make_referral(case=case, **{field: sentinel(field) if on else ""}))
    return arrange


def welcome_meeting_with(field: str) -> Callable:
    def arrange(world, on):
        case = resident(world)
        value = (sentinel(field) if on else "") if field == "notes" else on
        return Subject(case, make_appointment(case=case, kind="welcome", status="planned", **{field: value}))
    return arrange


def patient_track_with(field: str) -> Callable:
    def arrange(world, on):
        case = resident(world, patient_track=True)
        is_text = PatientTrack._meta.get_field(field).get_internal_type() in ("CharField", "TextField")
        values = {"care_needs": "Daglig hjælp", field: (sentinel(field) if on else "") if is_text else on}
        return Subject(case, PatientTrack.objects.create(case=case, **values))
    return arrange


def vulnerability_action_with(field: str) -> Callable:
    def arrange(world, on):
        case = resident(world, psychologically_vulnerable=True)
        values = {"text": "Samtale holdt", "partner": ""}
        if on:
            values[field] = sentinel(field) if field == "text" else VulnerabilityAction.Partner.HEALTH
        action = VulnerabilityAction.objects.create(case=case, kind="coordination", by=world.users[roles.CASEWORKER], **values)
        return Subject(case, action)
    return arrange


def incident_with(field: str) -> Callable:
    """An incident at the world's location involving the subject (for `persons`: only when on)."""
    def arrange(world, on):
        case = resident(world)
        values = {"description": "Høj musik om natten", "follow_up": "", "partner_other": "", "outcome": ""}
        if field == "outcome":  # the outcome is shown once the incident is closed
            values |= {"closed_on": AS_OF - timedelta(days=1), "closed_by": world.users[roles.HOUSING_HOST]}
        if on and field in values:
            values[field] = sentinel(field)
        elif field.startswith("partner_"):
            values[field] = on
        incident = Incident.objects.create(location=world.location, occurred_at=LAST_WEEK,
                                           kind="threat", severity="high", reported_by=world.users[roles.HOUSING_HOST], **values)
        if on or field != "persons":
            incident.persons.add(case.person)
        return Subject(case, incident)
    return arrange


def incident_action_with(field: str) -> Callable:
    """An action of the follow-up of an incident involving the subject, its text or by whom carrying the sentinel when on."""
    def arrange(world, on):
        subject = incident_with("description")(world, False)
        values = {"text": "Samtale med beboeren", "done_by": "Værten"}
        if on:
            values[field] = sentinel(field)
        subject.record.actions.create(taken_on=AS_OF, done=True, recorded_by=world.users[roles.HOUSING_HOST], **values)
        return subject
    return arrange


def document_of_kind(world, on):
    """Medical documentation (on) or a course certificate (off) uploaded through the service to the subject: the file's
    name, its note and its content carry the sentinel only when it is medical."""
    case = resident(world)
    mark = sentinel("kind") if on else "Kursusbevis"
    outcome = documents.documents_upload(
        by=world.users[roles.CASEWORKER], target="person", obj=case.person, kind="medical" if on else "certificate", dated_on=AS_OF,
        note=mark, files=[documents.Upload(f"{mark}.pdf", document_pdf(mark))], today=AS_OF)
    return Subject(case, outcome.documents[0])


def medical_document_added(s) -> str:
    """The event the upload service writes on the timeline."""
    with translation.override("da"):
        return ngettext("Document added: %(kind)s, dated %(date)s.", "%(count)d documents added: %(kind)s, dated %(date)s.", 1) % {
            "count": 1, "kind": gettext("Medical documentation (restricted)"), "date": AS_OF.strftime("%d.%m.%Y")}


def document_pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.set_compression(False)  # the text stays readable in the bytes
    pdf.cell(text=text)
    return bytes(pdf.output())


# --- the surfaces: how each is asked for and read ------------------------------------------------------------------

def read_text(response) -> str | None:
    """The answer as text (HTML entities resolved), or None when it was refused."""
    return unescape(response.content.decode("utf-8-sig")) if response.status_code == 200 else None


def read_pdf(response) -> str | None:
    if response.status_code != 200:
        return None
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@dataclass(frozen=True)
class Surface:
    name: str
    request: Callable  # (client, subject) -> response
    read: Callable = read_text


def get(name: str, path: Callable[[Subject], str], read=read_text) -> Surface:
    return Surface(name, lambda client, s: client.get(path(s)), read)


def person_page(s): return f"/people/{s.case.person_id}/"


PERSON_PAGE = get("person page", person_page)
TIMELINE = get("person page timeline", person_page)
TIMELINE_PROGRAMME_START = get("person page timeline: programme start", person_page)
TIMELINE_ASSESSMENT = get("person page timeline: work obligation assessment", person_page)
CASE_EDIT = get("case edit page", lambda s: f"/cases/{s.case.pk}/edit/")
PROGRAMME_PAGE = get("programme page", lambda s: f"/programme/cases/{s.case.pk}/")
PLAN_FINDINGS = get("programme page: the week's findings", lambda s: f"/programme/cases/{s.case.pk}/")
WORK_OBLIGATION_PAGE = get("work obligation page", lambda s: f"/programme/cases/{s.case.pk}/work-obligation/")
PATIENT_TRACK_PAGE = get("patient track page", lambda s: f"/programme/cases/{s.case.pk}/patient-track/")
VULNERABLE_PAGE = get("vulnerable resident page", lambda s: f"/programme/cases/{s.case.pk}/vulnerable/")
REFERRAL_PAGE = get("referral page", lambda s: f"/reception/referrals/{s.record.pk}/")
MEETING_PAGE = get("meeting page", lambda s: f"/reception/meetings/{s.record.pk}/")
INCIDENT_PAGE = get("incident page", lambda s: f"/housing/incidents/{s.record.pk}/")
INCIDENT_LIST = get("incident list", lambda s: "/housing/incidents/")
PROPOSAL_PAGE = get("placement proposal page", lambda s: f"/allocation/proposals/{s.record.pk}/")


def relocation_move_list(client, s):
    """The planner runs as a background job (at once under test): the move list is the finished job's result page."""
    from velkomst.jobs.models import Job

    response = client.post("/allocation/relocations/", {"mode": "category", "category": "patient", "by_date": AS_OF.strftime("%d.%m.%Y")})
    if response.status_code != 302 or not response["Location"].startswith("/jobs/"):
        return response
    job = Job.objects.get(pk=response["Location"].split("/")[2])
    return client.get(job.result_url or response["Location"])


RELOCATION_LIST = Surface("relocation move list", relocation_move_list)
EXTRACT_JSON = get("data extract (JSON)", lambda s: f"/people/{s.case.person_id}/extract/json/")
EXTRACT_PDF = get("data extract (PDF)", lambda s: f"/people/{s.case.person_id}/extract/pdf/", read=read_pdf)
API_CASE = get("API case", lambda s: f"/api/cases/{s.case.pk}/")
API_CASE_LIST = get("API case list", lambda s: f"/api/cases/?person={s.case.person_id}")
API_PERSON = get("API person", lambda s: f"/api/persons/{s.case.person_id}/")
API_REFERRAL = get("API referral", lambda s: f"/api/referrals/{s.record.pk}/")
API_MEETING = get("API appointment", lambda s: f"/api/appointments/{s.record.pk}/")


def read_file(response) -> str | None:
    """A download's bytes as text (the sample PDFs are uncompressed), or None when it was refused."""
    return b"".join(response.streaming_content).decode("latin-1") if response.status_code == 200 else None


DOCUMENT_DOWNLOAD = get("document download", lambda s: f"/documents/{s.record.pk}/file/", read=read_file)
API_DOCUMENT_LIST = get("API document list", lambda s: f"/api/documents/?person={s.case.person_id}")
API_DOCUMENT_FILE = get("API document download", lambda s: f"/api/documents/{s.record.pk}/file/", read=read_file)


def figure_page(key: str) -> Surface:
    return get(f"figure drill-down {key}", lambda s: f"/reports/figure/?figure={key}&as_of={AS_OF.isoformat()}")


def figure_csv(key: str) -> Surface:
    return get(f"figure export {key} (CSV)", lambda s: f"/reports/figure/export.csv?figure={key}&as_of={AS_OF.isoformat()}")


# --- the probes: does the answer show the subject's field? ---------------------------------------------------------

def has_text(snippet: Callable[[Subject], str]) -> Callable:
    return lambda body, s: snippet(s) in body


def has_sentinel(field: str) -> Callable:
    return lambda body, s: sentinel(field) in body


def has_ticked_box(name: str) -> Callable:
    return lambda body, s: re.search(rf'<input type="checkbox"[^>]* name="{name}"[^>]* checked', body) is not None


def has_name(body: str, s: Subject) -> bool:
    return s.case.person.last_name in body


def has_household(body: str, s: Subject) -> bool:
    """The household as the move list names it ("Husstand 12", not "Husstand 123")."""
    return re.search(re.escape(da("Household %(id)s") % {"id": s.case.household_id}) + r"\b", body) is not None


def in_json(records: Callable[[dict], list], name: str, value: Callable[[], object] = lambda: True) -> Callable:
    """Whether one of the JSON records picked by `records` has the field with the value."""
    return lambda body, s: any(record.get(name) == value() for record in records(json.loads(body)))


def true_anywhere(name: str) -> Callable:
    """The key with a true value anywhere in a JSON answer."""
    def walk(node):
        if isinstance(node, dict):
            return node.get(name) is True or any(walk(v) for v in node.values())
        return isinstance(node, list) and any(walk(v) for v in node)
    return lambda body, s: walk(json.loads(body))


# Where the JSON answers keep each record.
def api_case(data): return [data.get("sensitive") or {}]
def api_case_list(data): return [r.get("sensitive") or {} for r in data["results"]]
def api_household(data): return [data.get("household") or {}]
def extract_cases(data): return data["cases"]
def extract_household(data): return [data["household"] or {}]
def extract_meetings(data): return [m for case in data["cases"] for m in case.get("appointments", [])]
def extract_patient_tracks(data): return [r for case in data["cases"] for r in case.get("patient_track_record", [])]
def extract_actions(data): return [r for case in data["cases"] for r in case.get("vulnerability_actions", [])]
def extract_incidents(data): return data["person_related"].get("incidents", [])


def case_changed(flag: str) -> Callable:
    """The event the case service writes when the flag changes."""
    def snippet(s):
        with translation.override("da"):
            return gettext("Case changed: %(fields)s.") % {"fields": str(Case._meta.get_field(flag).verbose_name)}
    return has_text(snippet)


def norm_finding(norm: float) -> Callable:
    """The finding of a week with nothing planned, which names the norm."""
    def snippet(s):
        with translation.override("da"):
            return finding_text(programme_rules.check_week([], norm_hours=norm)[0])
    return has_text(snippet)


def listed(label: str) -> Callable:
    return has_text(lambda s: f"<li>{da(label)}</li>")


# --- the matrix --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    field: str  # "app.Model.field"
    surface: Surface
    allowed: frozenset[str]
    arrange: Callable  # (world, on) -> Subject
    shows: Callable  # (answer text, subject) -> bool

    def __str__(self):
        return f"{self.field} @ {self.surface.name}"


def rows(field: str, arrange: Callable, *places: tuple[Surface, frozenset, Callable]) -> list[Row]:
    """One row per (surface, who may see it there, probe) for a field whose subjects are all arranged the same way."""
    return [Row(field, surface, allowed, arrange, shows) for surface, allowed, shows in places]


def text_rows(field: str, arrange: Callable, *places: tuple[Surface, frozenset]) -> list[Row]:
    """A free-text field, found by its sentinel on the pages given and in the data extract (JSON and PDF)."""
    probe = has_sentinel(field.rsplit(".", 1)[1])
    return rows(field, arrange, *[(surface, allowed, probe) for surface, allowed in
                                  [*places, (EXTRACT_JSON, EXTRACT), (EXTRACT_PDF, EXTRACT)]])


def case_flag_rows(flag: str) -> list[Row]:
    label, figure = FLAG_LABELS.get(flag, flag), FIGURE_OF_FLAG.get(flag, "")
    vulnerable_page = [(VULNERABLE_PAGE, holders("manage_vulnerable", "view_sensitive"), listed(label))]
    return rows(
        f"people.Case.{flag}", flagged(flag),
        (PERSON_PAGE, RESTRICTED, listed(label)),
        (TIMELINE, RESTRICTED, case_changed(flag)),
        (CASE_EDIT, holders("change_case", "view_sensitive"), has_ticked_box(flag)),
        (API_CASE, RESTRICTED, in_json(api_case, flag)),
        (API_CASE_LIST, RESTRICTED, in_json(api_case_list, flag)),
        (EXTRACT_JSON, EXTRACT, in_json(extract_cases, flag)),
        (figure_page(figure), FIGURES, has_name),
        (figure_csv(figure), FIGURES, has_name),
        *(vulnerable_page if flag in VULNERABILITY_FLAGS else []),
    )


def health_administration():
    return da("Health and care administration")


IN_PROGRAMME_RESTRICTED = holders("view_programme", "view_sensitive")

CONTACT_AND_HOUSEHOLD = holders("view_person", "view_contact_and_household")

MATRIX: list[Row] = [
    # Need to know: the full CPR number, contact details and the household only for the roles whose work needs them.
    *rows("people.Person.cpr", person_with("cpr"),
          (PERSON_PAGE, holders("view_person", "view_cpr"), has_text(lambda s: FULL_CPR)),
          (API_PERSON, holders("view_person", "view_cpr"), has_text(lambda s: FULL_CPR))),
    *rows("people.Person.phone", person_with("phone"),
          (PERSON_PAGE, CONTACT_AND_HOUSEHOLD, has_text(lambda s: "+45 12 34 56 78")),
          (API_PERSON, CONTACT_AND_HOUSEHOLD, has_text(lambda s: "+45 12 34 56 78"))),
    *rows("people.HouseholdMember.person", with_a_child,
          (PERSON_PAGE, CONTACT_AND_HOUSEHOLD, has_text(lambda s: f"Childq{s.case.pk}")),
          (API_PERSON, CONTACT_AND_HOUSEHOLD, has_text(lambda s: f"Childq{s.case.pk}"))),
    *(row for flag in Case.SENSITIVE_FIELDS for row in case_flag_rows(flag)),
    # The work obligation also shows as the 37-hour norm, and in the events of the programme start and of the assessment.
    *rows("people.Case.work_obligation", enrolled_with_the_norm,
          (PROGRAMME_PAGE, IN_PROGRAMME_RESTRICTED, has_text(lambda s: f"{da('under the work obligation')}</dd>")),
          (PLAN_FINDINGS, IN_PROGRAMME_RESTRICTED, norm_finding(37))),
    *rows("people.Case.work_obligation", flagged("work_obligation"),
          (WORK_OBLIGATION_PAGE, holders("manage_programme", "view_sensitive"),
           has_text(lambda s: f"<dd>{da('Under the work obligation')}</dd>"))),
    *rows("people.Case.work_obligation", enrolled_by_the_service,
          (TIMELINE_PROGRAMME_START, RESTRICTED, has_text(lambda s: da(
              "Started the introduction programme on %(date)s; the norm is %(hours)s.") % {
              "date": AS_OF.strftime("%d.%m.%Y"), "hours": "37 timer om ugen"}))),
    *rows("people.Case.work_obligation", assessed_by_the_service,
          (TIMELINE_ASSESSMENT, RESTRICTED, has_text(lambda s: da("applies (37 hours)")))),
    # The housing category (patient before vulnerable) the flags give, where households are placed and moved.
    *rows("people.Case.patient", waiting_for_a_placement,
          (PROPOSAL_PAGE, holders("propose_placements"),
           has_text(lambda s: f"<li>{da('vulnerable residents or patients outside their locations')}: 1</li>"))),
    *rows("people.Case.patient", living_outside_the_patients_location,
          (RELOCATION_LIST, holders("plan_relocations"), has_household)),  # a host plans for their own locations only
    # A household's documented health need for a room of its own.
    *rows("people.Household.needs_own_room", household_needing_own_room,
          (PERSON_PAGE, HOUSING_HEALTH_NEED, has_text(lambda s: da("Room of their own (health)"))),
          (API_PERSON, HOUSING_HEALTH_NEED, in_json(api_household, "needs_own_room")),
          (EXTRACT_JSON, EXTRACT, in_json(extract_household, "needs_own_room"))),
    # Its documented reason: only for those who see restricted information (reception may record it, not read it back).
    *text_rows("people.Household.own_room_reason", household_with_own_room_reason,
               (PERSON_PAGE, RESTRICTED), (API_PERSON, holders("view_person", "view_contact_and_household", "view_sensitive"))),
    # Reception: the referral's special considerations, and the health and disability noted in the preparation.
    *(row for name in SENSITIVE["reception.Referral"]
      for row in text_rows(f"reception.Referral.{name}", referral_with(name), (REFERRAL_PAGE, holders("manage_referrals")))),
    # The welcome meeting: whether health was talked about, and the notes.
    *rows("reception.Appointment.health", welcome_meeting_with("health"),
          (MEETING_PAGE, holders("book_meetings"), has_ticked_box("health")),
          (EXTRACT_JSON, EXTRACT, in_json(extract_meetings, "health"))),
    *text_rows("reception.Appointment.notes", welcome_meeting_with("notes"), (MEETING_PAGE, holders("book_meetings"))),
    # The patient track.
    *(row for name in ("care_needs", "hospital", "relatives")
      for row in text_rows(f"programme.PatientTrack.{name}", patient_track_with(name), (PATIENT_TRACK_PAGE, PATIENT_TRACK))),
    *(row for name in ("partner_health_care", "partner_social", "partner_capital_region", "partner_hospital")
      for row in rows(f"programme.PatientTrack.{name}", patient_track_with(name),
                      (PATIENT_TRACK_PAGE, PATIENT_TRACK, has_ticked_box(name)),
                      (EXTRACT_JSON, EXTRACT, in_json(extract_patient_tracks, name)))),
    # Vulnerable residents: coordination, agreed actions and reviews.
    *text_rows("programme.VulnerabilityAction.text", vulnerability_action_with("text"), (VULNERABLE_PAGE, VULNERABLE)),
    *rows("programme.VulnerabilityAction.partner", vulnerability_action_with("partner"),
          (VULNERABLE_PAGE, VULNERABLE, has_text(lambda s: f"<td>{health_administration()}</td>")),
          (EXTRACT_JSON, EXTRACT, in_json(extract_actions, "partner", health_administration))),
    # Incidents: the location's hosts, the case's own caseworker and admin; managers get kind, place, time and severity only.
    *text_rows("housing.Incident.description", incident_with("description"), (INCIDENT_PAGE, INCIDENT_DETAILS)),
    *text_rows("housing.Incident.follow_up", incident_with("follow_up"), (INCIDENT_PAGE, INCIDENT_DETAILS)),
    *rows("housing.Incident.persons", incident_with("persons"),
          (INCIDENT_PAGE, INCIDENT_DETAILS, has_text(lambda s: f'href="/people/{s.case.person_id}/"')),
          (EXTRACT_JSON, EXTRACT, lambda body, s: bool(extract_incidents(json.loads(body))))),
    *text_rows("housing.Incident.partner_other", incident_with("partner_other"), (INCIDENT_PAGE, INCIDENT_DETAILS)),
    *text_rows("housing.Incident.outcome", incident_with("outcome"), (INCIDENT_PAGE, INCIDENT_DETAILS)),
    *(row for name in ("text", "done_by")
      for row in text_rows(f"housing.IncidentAction.{name}", incident_action_with(name), (INCIDENT_PAGE, INCIDENT_DETAILS))),
    *(row for name, label in [("partner_social", "Social administration"), ("partner_health", "Health administration"),
                              ("partner_police", "Police"), ("partner_ssp", "SSP (schools, social services and police)")]
      for row in rows(f"housing.Incident.{name}", incident_with(name),
                      (INCIDENT_PAGE, INCIDENT_DETAILS, has_text(lambda s, label=label: f"{da(label)}.")),
                      (EXTRACT_JSON, EXTRACT, in_json(extract_incidents, name)))),
]

MATRIX += [
    # Medical documentation: that it exists at all (its row, file name, note, file and timeline event) only for restricted access.
    *rows("documents.Document.kind", document_of_kind,
          (PERSON_PAGE, holders("view_person", "view_documents", "view_sensitive"), has_sentinel("kind")),
          (TIMELINE, RESTRICTED, has_text(medical_document_added)),
          (DOCUMENT_DOWNLOAD, holders("view_documents", "view_sensitive"), has_sentinel("kind")),
          (API_DOCUMENT_LIST, holders("view_documents", "view_sensitive"), has_sentinel("kind")),
          (API_DOCUMENT_FILE, holders("view_documents", "view_sensitive"), has_sentinel("kind")),
          (EXTRACT_JSON, EXTRACT, has_sentinel("kind")),
          (EXTRACT_PDF, EXTRACT, has_sentinel("kind"))),
]

# Answers that carry the record but must never carry the field.
NEVER_SHOWN: list[Row] = [
    *(Row(f"people.Case.{flag}", API_PERSON, NOBODY, flagged(flag), true_anywhere(flag)) for flag in Case.SENSITIVE_FIELDS),
    *(Row(f"reception.Referral.{name}", API_REFERRAL, NOBODY, referral_with(name), has_sentinel(name))
      for name in SENSITIVE["reception.Referral"]),
    Row("reception.Appointment.health", API_MEETING, NOBODY, welcome_meeting_with("health"), true_anywhere("health")),
    Row("reception.Appointment.notes", API_MEETING, NOBODY, welcome_meeting_with("notes"), has_sentinel("notes")),
    Row("housing.Incident.description", INCIDENT_LIST, NOBODY, incident_with("description"), has_sentinel("description")),
    Row("housing.Incident.persons", INCIDENT_LIST, NOBODY, incident_with("persons"), has_name),
    Row("housing.Incident.outcome", INCIDENT_LIST, NOBODY, incident_with("outcome"), has_sentinel("outcome")),
    Row("housing.IncidentAction.text", INCIDENT_LIST, NOBODY, incident_action_with("text"), has_sentinel("text")),
]


# --- the tests ---------------------------------------------------------------------------------------------------

@pytest.fixture
def world(staff):
    users = {**staff, OTHER_HOST: make_staff(OTHER_HOST, roles.HOUSING_HOST)}
    location = make_location(name="Sentinelgården")
    location.hosts.add(users[roles.HOUSING_HOST])
    make_location(name="Andetsteds").hosts.add(users[OTHER_HOST])
    return World(users=users, location=location)


def shown(client, row: Row, subject: Subject) -> bool:
    body = row.surface.read(row.surface.request(client, subject))
    return body is not None and row.shows(body, subject)


@pytest.mark.django_db
@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("row", MATRIX, ids=str)
def test_a_sensitive_field_is_shown_exactly_to_the_principals_the_matrix_allows(client, world, row, principal):
    subject = row.arrange(world, True)
    client.force_login(world.users[principal])
    if principal in row.allowed:
        control = row.arrange(world, False)
        assert shown(client, row, subject), f"{principal} should see {row}"
        assert not shown(client, row, control), f"the probe for {row} finds the field on a control subject without it"
    else:
        assert not shown(client, row, subject), f"{principal} must not see {row}"


@pytest.mark.django_db
@pytest.mark.parametrize("row", NEVER_SHOWN, ids=str)
def test_some_answers_never_carry_the_field(client, world, row):
    subject = row.arrange(world, True)
    served = []
    for principal in PRINCIPALS:
        client.force_login(world.users[principal])
        body = row.surface.read(row.surface.request(client, subject))
        if body is not None:
            served.append(principal)
            assert not row.shows(body, subject), f"{principal} gets {row}"
    assert served, f"no principal is served the {row.surface.name}: the row looks at nothing"


def _model_fields(label: str) -> set[str]:
    return {f.name for f in apps.get_model(label)._meta.get_fields() if f.concrete or f.many_to_many}


def test_every_sensitive_field_has_a_row():
    fields_with_rows = {row.field for row in MATRIX}
    classified = {f"{model}.{name}" for model, names in SENSITIVE.items() for name in names}
    assert classified - fields_with_rows == set(), "add rows for these fields to MATRIX"
    assert set(Case.SENSITIVE_FIELDS) <= set(FLAG_LABELS) & set(FIGURE_OF_FLAG), "say how pages and figures show the new flag"
    for model, bookkeeping in BOOKKEEPING.items():
        unclassified = _model_fields(model) - set(SENSITIVE[model]) - bookkeeping
        assert unclassified == set(), f"classify these fields of {model}: sensitive (and give them rows) or bookkeeping"


def test_every_row_names_a_real_field_and_allows_someone():
    for row in [*MATRIX, *NEVER_SHOWN]:
        model, name = row.field.rsplit(".", 1)
        assert name in _model_fields(model), row
    assert [str(row) for row in MATRIX if not row.allowed] == []
    assert all(row.allowed <= set(PRINCIPALS) for row in MATRIX)
    assert len({str(row) for row in MATRIX}) == len(MATRIX), "two rows look at the same field on the same surface"
