"""Writes the planned programme: enrolments, companies and offers, classes with rosters, Danish education,
placements, weekly plans and attendance; then jobs with follow-ups, referrals to permanent housing, the
patient track, actions for vulnerable residents, residence periods and children's school.

The plan points to cases, persons and households by key; `case_ids` (and `person_ids`, `household_ids`)
turn a key into a primary key: lists in plan order for the demo, the identity for existing cases.
"""
from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date

from django.contrib.auth import get_user_model

from velkomst.companies.models import Company, Contact, Placement, PlacementOffer
from velkomst.demo import tables
from velkomst.demo.loader.bulk import BATCH, aware, insert_rows
from velkomst.demo.planner.programme import plan_participation
from velkomst.demo.records import (
    IN_PLACEMENT,
    IN_PROGRAMME,
    ParticipationPlan,
    PlannedPlanItem,
    ProgrammeCase,
    SupportPlan,
)
from velkomst.demo.users import DEMO_CASEWORKER, DEMO_COMPANY_CONSULTANT, DEMO_TEACHER
from velkomst.education.models import (
    ClassSession,
    ExamRegistration,
    LearnerPlacement,
    ModuleResult,
    RosterEntry,
    TeachingClass,
)
from velkomst.people.models import PROGRAMME_STATUSES, Case, CaseStatusChange
from velkomst.programme.models import (
    Attendance,
    ChildStatus,
    Employment,
    Enrolment,
    FollowUp,
    HousingReferral,
    PatientTrack,
    PlanItem,
    ResidencePeriod,
    VulnerabilityAction,
    WorkPeriod,
)
from velkomst.rules.populations import population_of
from velkomst.rules.programme import DEFAULT_HOURS_RULES, HoursRules

Ids = Sequence[int] | Mapping[int, int]


def demo_staff() -> dict:
    """The demo users the programme rows name (absent ones are None: the benchmark has only the caseworker)."""
    usernames = (DEMO_TEACHER, DEMO_COMPANY_CONSULTANT, DEMO_CASEWORKER)
    found = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    return {username: found.get(username) for username in usernames}


def load_participation(plan: ParticipationPlan, *, case_ids: Ids, staff: dict) -> list[Company]:
    """Write the participation plan; returns the companies (the jobs of the support plan are at them)."""
    consultant = staff[DEMO_COMPANY_CONSULTANT]
    Enrolment.objects.bulk_create([Enrolment(case_id=case_ids[case], started_on=started, norm_hours=norm)
                                   for case, started, norm in plan.enrolments], batch_size=BATCH)
    companies = Company.objects.bulk_create([Company(cvr=c.cvr, name=c.name, sector=c.sector, ownership=c.ownership, address=c.address,
                                                     phone=c.phone) for c in plan.companies], batch_size=BATCH)
    offers = PlacementOffer.objects.bulk_create([PlacementOffer(
        company=companies[o.company], kind=o.kind, title=o.title, hours_per_week=o.hours_per_week, days_per_week=o.days_per_week,
        starts_on=o.starts_on, weeks=o.weeks, places=o.places, danish_needed=o.danish_needed, status="open", created_by=consultant,
    ) for o in plan.offers], batch_size=BATCH)
    classes = _classes(plan, case_ids=case_ids, teacher=staff[DEMO_TEACHER])
    placements = Placement.objects.bulk_create([Placement(
        offer=offers[p.offer], case_id=case_ids[p.case], starts_on=p.starts_on, ends_on=p.ends_on, created_by=consultant,
    ) for p in plan.placements], batch_size=BATCH)
    insert_rows(PlanItem, [_plan_item(item, case_ids=case_ids, classes=classes, placements=placements) for item in plan.plan_items])
    insert_rows(Attendance, [{
        "case_id": case_ids[a.case], "on": a.on, "kind": a.kind, "teaching_class_id": classes[a.teaching_class].pk if a.teaching_class is not None else None,
        "status": "absent" if a.absent else "present", "hours": a.hours, "registered_by_id": _pk(staff[a.registered_by]),
        "registered_at": aware(a.on, 16),
    } for a in plan.attendance])
    return companies


def _classes(plan: ParticipationPlan, *, case_ids: Ids, teacher) -> list[TeachingClass]:
    """Classes with their five weekly sessions and rosters; the language school's placement of each learner, and the modules passed."""
    classes = TeachingClass.objects.bulk_create([TeachingClass(
        name=c.name, kind=c.kind, starts_on=c.starts_on, ends_on=c.ends_on, sector=c.sector, track=c.track, module=c.module,
        teacher=teacher if c.by_demo_teacher else None, place=c.place,
    ) for c in plan.classes], batch_size=BATCH)
    ClassSession.objects.bulk_create([ClassSession(teaching_class=teaching_class, weekday=w, start=c.day[0], end=c.day[1])
                                      for teaching_class, c in zip(classes, plan.classes) for w in range(5)], batch_size=BATCH)
    RosterEntry.objects.bulk_create([RosterEntry(teaching_class=classes[class_index], case_id=case_ids[case], joined_on=joined)
                                     for class_index, case, joined in plan.roster], batch_size=BATCH)
    learners = LearnerPlacement.objects.bulk_create([LearnerPlacement(
        case_id=case_ids[lp.case], years_of_schooling=lp.years_of_schooling, literate_in_own_language=lp.track != "DU1",
        knows_latin_alphabet=lp.knows_latin_alphabet, has_medium_or_long_education=lp.track == "DU3", suggested_track=lp.track,
        track=lp.track, decision_reason=tables.TRACK_DECISION, started_on=lp.started_on,
    ) for lp in plan.learners], batch_size=BATCH)
    ModuleResult.objects.bulk_create([ModuleResult(placement=learner, module=module, test_on=test_on, passed=True)
                                      for learner, lp in zip(learners, plan.learners)
                                      for module, test_on in enumerate(lp.modules_passed, start=1)], batch_size=BATCH)
    return classes


def _plan_item(item: PlannedPlanItem, *, case_ids: Ids, classes: list, placements: list) -> dict:
    return {
        "case_id": case_ids[item.case], "kind": item.kind, "weekday": item.weekday, "start": item.day[0], "end": item.day[1],
        "valid_from": item.valid_from, "valid_to": item.valid_to, "with_interpreter": False, "sector": item.sector,
        "teaching_class_id": classes[item.teaching_class].pk if item.teaching_class is not None else None, "specially_arranged": False,
        "note": item.note, "placement_id": placements[item.placement].pk if item.placement is not None else None,
        "valid_to_before_suspension": None, "suspended_for_id": None, "resumed_from_id": None, "created_by_id": None,
        "created_at": aware(item.valid_from, 9),
    }


def _pk(user) -> int | None:
    return user.pk if user else None


def load_support(plan: SupportPlan, *, case_ids: Ids, person_ids: Ids, household_ids: Ids, companies: list[Company], staff: dict) -> None:
    caseworker = staff[DEMO_CASEWORKER]
    _employments(plan, case_ids=case_ids, companies=companies, caseworker=caseworker)
    HousingReferral.objects.bulk_create([HousingReferral(
        household_id=household_ids[r.household], case_id=case_ids[r.case], monthly_income=r.monthly_income, status=r.status,
        referred_on=r.referred_on, status_on=r.status_on, address=r.address, by=caseworker,
    ) for r in plan.housing_referrals], batch_size=BATCH)
    PatientTrack.objects.bulk_create([PatientTrack(
        case_id=case_ids[p.case], care_needs=p.care_needs, hospital=p.hospital, partner_health_care=True, partner_social=p.partner_social,
        partner_capital_region=True, partner_hospital=True, relatives=p.relatives,
    ) for p in plan.patient_tracks], batch_size=BATCH)
    VulnerabilityAction.objects.bulk_create([VulnerabilityAction(
        case_id=case_ids[v.case], kind=v.kind, partner=v.partner, text=v.text, due_on=v.due_on, by=caseworker,
    ) for v in plan.vulnerability_actions], batch_size=BATCH)
    ResidencePeriod.objects.bulk_create([ResidencePeriod(person_id=person_ids[person], started_on=started)
                                         for person, started in plan.residence_periods], batch_size=BATCH)
    ChildStatus.objects.bulk_create([ChildStatus(
        person_id=person_ids[c.person], status=c.status, institution=c.institution, since=c.since, by=caseworker,
    ) for c in plan.child_statuses], batch_size=BATCH)


def _employments(plan: SupportPlan, *, case_ids: Ids, companies: list[Company], caseworker) -> None:
    """Jobs, and their follow-ups (those held: still employed, the same income and hours, Danish at a private school)."""
    employments = Employment.objects.bulk_create([Employment(
        case_id=case_ids[e.case], employer=companies[e.company].name, employer_cvr=companies[e.company].cvr, hours_per_week=e.hours_per_week,
        monthly_income=e.monthly_income, started_on=e.started_on,
    ) for e in plan.employments], batch_size=BATCH)
    insert_rows(FollowUp, [{
        "case_id": employment.case_id, "due_on": due, "employment_id": employment.pk, "done_on": due if held else None,
        "still_employed": True if held else None, "monthly_income": employment.monthly_income if held else None,
        "hours_per_week": employment.hours_per_week if held else None, "danish": tables.FOLLOW_UP_DANISH if held else "",
        "note": "", "held_by_id": _pk(caseworker) if held else None,
    } for employment, planned in zip(employments, plan.employments) for due, held in planned.follow_ups])


def load_programme_for_existing_participants(*, as_of: date, seed: int = 2026, hours_rules: HoursRules = DEFAULT_HOURS_RULES) -> int:
    """Plan and write the programme of the cases already in programme or placement (the benchmark writes its own cases).
    Returns the number of attendance rows."""
    # The latest entry into each status (a case that left the programme and came back started again).
    since = {(case_id, status): on for case_id, status, on in CaseStatusChange.objects.filter(status__in=PROGRAMME_STATUSES)
             .order_by("on", "id").values_list("case_id", "status", "on")}
    participants = [
        ProgrammeCase(key=pk, status=status, population=population_of(target_group), work_obligation=work_obligation,
                      in_programme_since=since.get((pk, IN_PROGRAMME)), in_placement_since=since.get((pk, IN_PLACEMENT)))
        for pk, status, target_group, work_obligation in Case.objects.filter(status__in=PROGRAMME_STATUSES).order_by("id")
        .values_list("pk", "status", "target_group", "work_obligation")
    ]
    plan = plan_participation(random.Random(seed), participants, as_of=as_of, hours_rules=hours_rules)
    load_participation(plan, case_ids={c.key: c.key for c in participants}, staff=demo_staff())
    return len(plan.attendance)


def clear_programme() -> None:
    """Remove the programme's demo data (before people and cases are deleted; several point to cases with PROTECT)."""
    for model in (ExamRegistration, WorkPeriod, Attendance, FollowUp, HousingReferral, PlanItem, Employment, Enrolment, Placement,
                  PlacementOffer, Contact, Company, ModuleResult, LearnerPlacement, RosterEntry, ClassSession, TeachingClass, PatientTrack,
                  VulnerabilityAction, ChildStatus, ResidencePeriod):
        model.objects.all().delete()
