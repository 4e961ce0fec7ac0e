"""What the planner decides and the loader writes: plain dataclasses, one per row to be.

Rows point to each other by position: a person by its `key` (its index in `Population.persons`),
a household or case by its index in its list, a room by its index in `HousingPlan.rooms`, and so
on. The loader turns positions into primary keys as it inserts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

# Case statuses (people.models.CaseStatus; tests/demo/test_planner.py checks they agree).
REFERRED, ARRIVED, IN_PROGRAMME, IN_PLACEMENT, EMPLOYED, PAUSED, LEFT, CLOSED = (
    "referred", "arrived", "in_programme", "in_placement", "employed", "paused", "left", "closed")
LIVING_HERE_STATUSES = (ARRIVED, IN_PROGRAMME, IN_PLACEMENT, EMPLOYED, PAUSED)
PROGRAMME_STATUSES = (IN_PROGRAMME, IN_PLACEMENT)
VULNERABILITY_FLAGS = ("patient", "elderly_illness", "addiction", "psychologically_vulnerable", "socially_challenged")


# --- persons, households, cases ------------------------------------------------------------------


@dataclass(slots=True)
class PlannedPerson:
    key: int
    first_name: str
    last_name: str
    birth_date: date
    gender: str
    nationality: str
    languages: str
    interpreter_language: str
    phone: str = ""
    cpr: str | None = None


@dataclass(slots=True)
class PlannedCase:
    person: int
    target_group: str
    referral_decision_date: date
    takeover_date: date | None
    arrival_date: date | None
    status: str
    history: list[tuple[str, date, str]]  # (status, on, reason)
    readiness: str = ""
    left_reason: str = ""
    caseworker: int | None = None  # index into the caseworkers (`Population.caseworkers`, `users.caseworkers_at`)
    flags: dict = field(default_factory=dict)
    household: int | None = None

    def since(self, status: str) -> date | None:
        """The day the case last entered the status (None if it never did)."""
        return next((on for s, on, _ in reversed(self.history) if s == status), None)


@dataclass(slots=True)
class PlannedHousehold:
    members: list[tuple[int, str]]  # (person key, relation)
    pet_kind: str = ""  # "", "dog", "cat" or "other"
    first_benefit_payment_on: date | None = None
    needs_step_free: bool = False
    needs_own_room: bool = False


@dataclass
class Population:
    persons: list[PlannedPerson]
    households: list[PlannedHousehold]
    cases: list[PlannedCase]  # in the order the case numbers are given (referral decision, then person)
    caseworkers: int  # the caseworkers who share the caseload (`PlannedCase.caseworker` is an index below this)


# --- temporary housing ----------------------------------------------------------------------------


@dataclass(slots=True)
class PlannedLocation:
    code: str
    name: str
    address: str
    kind: str
    serves: tuple[str, ...]
    food_distribution: bool
    welcome_house: bool
    pets_allowed: bool
    step_free: bool
    reserved_for: str
    facilities: str
    opened_on: date
    status: str = "open"
    closing_on: date | None = None
    host: str = ""
    beds: int = 0  # beds in rooms that can be used
    cap: int = 0  # beds the demo fills at most
    rooms: list[int] = field(default_factory=list)


@dataclass(slots=True)
class PlannedRoom:
    location: int
    number: str
    floor: int
    beds: int
    accessible: bool
    has_kitchen: bool
    has_bath: bool
    status: str = "available"
    blocked_reason: str = ""
    blocked_until: date | None = None


@dataclass(slots=True)
class PlannedTenancy:
    household: int
    room: int
    moved_in_on: date
    persons: int
    household_type: str
    moved_out_on: date | None = None
    move_out_reason: str = ""
    previous: int | None = None
    planned_move_out_on: date | None = None
    lease_signed_on: date | None = None
    start_kit_on: date | None = None
    keys_handed_out_on: date | None = None
    keys_returned_on: date | None = None
    house_rules_explained_on: date | None = None
    food_distribution: bool = False
    transport_ticket_on: date | None = None


@dataclass(slots=True)
class PlannedInspection:
    tenancy: int
    inspected_on: date
    condition: str
    damages: str
    estimated_cost: int
    notes: str


@dataclass(slots=True)
class PlannedIncident:
    location: int
    occurred_at: datetime  # naive, local time
    kind: str
    severity: str
    description: str
    follow_up: str
    persons: list[int]  # person keys
    partner_social: bool
    partner_health: bool
    partner_police: bool
    reporter: str  # username


@dataclass
class HousingPlan:
    locations: list[PlannedLocation]
    rooms: list[PlannedRoom]
    tenancies: list[PlannedTenancy]
    inspections: list[PlannedInspection]
    incidents: list[PlannedIncident]


# --- reception ----------------------------------------------------------------------------------


@dataclass(slots=True)
class PlannedReferral:
    household: int
    decision_date: date
    population: str
    asylum_centre: str
    special_considerations: str
    asylum_centre_contacted_on: date | None = None
    considerations_recorded_on: date | None = None
    considerations_health: str = ""
    considerations_disability: str = ""
    considerations_pets: str = ""
    cpr_activated_on: date | None = None
    expected_arrival_on: date | None = None


@dataclass(slots=True)
class PlannedAppointment:
    case: int
    kind: str  # welcome or contract
    status: str  # required, planned or completed
    starts_at: datetime | None = None  # naive, local time
    minutes: int = 0
    place: str = ""
    checklist: tuple[str, ...] = ()  # the welcome meeting's items done: residence_card, mitid, ...


@dataclass
class ReceptionPlan:
    referrals: list[PlannedReferral]
    appointments: list[PlannedAppointment]


# --- programme ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProgrammeCase:
    """A case as the programme planner needs it: from the plan (`key` = case index) or from the database (`key` = pk)."""

    key: int
    status: str
    population: str | None
    work_obligation: bool
    in_programme_since: date | None
    in_placement_since: date | None


@dataclass(slots=True)
class PlannedCompany:
    cvr: str
    name: str
    sector: int
    ownership: str
    address: str
    phone: str


@dataclass(slots=True)
class PlannedOffer:
    company: int
    kind: str
    title: str
    hours_per_week: Decimal
    days_per_week: int
    starts_on: date
    weeks: int
    places: int = 1
    danish_needed: int = 0


@dataclass(slots=True)
class PlannedClass:
    name: str
    kind: str  # sector or danish
    starts_on: date
    ends_on: date
    day: tuple[time, time]
    place: str
    by_demo_teacher: bool
    sector: int | None = None
    track: str = ""
    module: int | None = None


@dataclass(slots=True)
class PlannedPlanItem:
    case: int
    kind: str
    weekday: int
    day: tuple[time, time]
    valid_from: date
    valid_to: date | None
    sector: int | None = None
    teaching_class: int | None = None
    placement: int | None = None
    note: str = ""


@dataclass(slots=True)
class PlannedLearner:
    case: int
    years_of_schooling: int
    knows_latin_alphabet: bool
    track: str
    started_on: date
    modules_passed: list[date] = field(default_factory=list)  # test days of modules 1, 2, ...


@dataclass(slots=True)
class PlannedPlacement:
    offer: int
    case: int
    starts_on: date
    ends_on: date


@dataclass(slots=True)
class PlannedAttendance:
    case: int
    on: date
    kind: str
    teaching_class: int | None
    absent: bool
    hours: Decimal
    registered_by: str  # username


@dataclass(slots=True)
class PlannedEmployment:
    case: int
    company: int
    hours_per_week: Decimal
    monthly_income: Decimal
    started_on: date
    follow_ups: list[tuple[date, bool]] = field(default_factory=list)  # (due, held)


@dataclass(slots=True)
class PlannedHousingReferral:
    household: int
    case: int
    monthly_income: Decimal
    status: str
    referred_on: date
    status_on: date
    address: str


@dataclass(slots=True)
class PlannedPatientTrack:
    case: int
    care_needs: str
    hospital: str
    partner_social: bool
    relatives: str


@dataclass(slots=True)
class PlannedVulnerabilityAction:
    case: int
    kind: str
    partner: str
    text: str
    due_on: date | None


@dataclass(slots=True)
class PlannedChildStatus:
    person: int
    status: str
    institution: str
    since: date


@dataclass
class ParticipationPlan:
    """Enrolments, companies and offers, classes, plans, Danish education, placements, attendance."""

    enrolments: list[tuple[int, date, Decimal]]  # (case, started on, norm hours)
    companies: list[PlannedCompany]
    offers: list[PlannedOffer]
    classes: list[PlannedClass]
    roster: list[tuple[int, int, date]]  # (class, case, joined on)
    learners: list[PlannedLearner]
    placements: list[PlannedPlacement]
    plan_items: list[PlannedPlanItem]
    attendance: list[PlannedAttendance]


@dataclass
class SupportPlan:
    """After the programme and beside it: jobs and follow-ups, permanent housing, patients, the vulnerable, children."""

    employments: list[PlannedEmployment]
    housing_referrals: list[PlannedHousingReferral]
    patient_tracks: list[PlannedPatientTrack]
    vulnerability_actions: list[PlannedVulnerabilityAction]
    residence_periods: list[tuple[int, date]]  # (person, started on)
    child_statuses: list[PlannedChildStatus]


# --- documents handed in ------------------------------------------------------------------------


@dataclass(slots=True)
class PlannedDocument:
    target: str  # "person" (a person key), "case" (a case index) or "tenancy" (a tenancy index)
    index: int
    kind: str  # documents.models.Kind
    dated_on: date
    form: str  # "pdf" (a generated scan) or "png" (a phone photo)
    title: str  # the text on the synthetic page
    original_name: str
    note: str = ""
    by: str = ""  # the uploader's username


@dataclass
class DemoPlan:
    as_of: date
    population: Population
    housing: HousingPlan
    reception: ReceptionPlan
    participation: ParticipationPlan
    support: SupportPlan
    documents: list[PlannedDocument] = field(default_factory=list)
