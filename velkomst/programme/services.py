"""Writes of the introduction programme. Views, the companies and education apps and the demo call these."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write, changes_record, creations_record, snapshot
from velkomst.config import FOLLOW_UP_MONTHS, hours_rules, work_obligation_rules
from velkomst.formats import date_text, number_text, plural_number
from velkomst.housing.models import MoveOutReason, Tenancy
from velkomst.housing.services import tenancy_end
from velkomst.people.models import PROGRAMME_STATUSES, Case, CaseStatus, Household, Person
from velkomst.people.services import case_status_change, case_update, journal_event_add
from velkomst.programme.models import (
    Activity,
    Attendance,
    ChildStatus,
    Employment,
    Enrolment,
    FollowUp,
    HousingIncomeThreshold,
    HousingReferral,
    PatientTrack,
    PlanItem,
    ResidencePeriod,
    VulnerabilityAction,
    WorkPeriod,
)
from velkomst.rules import permanent_housing
from velkomst.rules import programme as rules
from velkomst.rules.deadlines import add_months
from velkomst.rules.households import is_adult

CAN_ENROL = (CaseStatus.ARRIVED, CaseStatus.PAUSED, CaseStatus.IN_PROGRAMME, CaseStatus.IN_PLACEMENT)
WELCOME_CLASS_DAY = (time(9, 0), time(15, 0))  # 6 hours a day, 30 a week


def hours_a_week(hours) -> str:
    """"37 timer om ugen", "1 time om ugen", "7,5 timer om ugen": the number the Danish way, the plural by the number."""
    return ngettext("%(hours)s hour a week", "%(hours)s hours a week", plural_number(hours)) % {"hours": number_text(hours)}


def open_enrolment(case: Case) -> Enrolment | None:
    return Enrolment.objects.filter(case=case, ended_on__isnull=True).first()


def current_employment(case: Case) -> Employment | None:
    return Employment.objects.filter(case=case, ended_on__isnull=True).order_by("-started_on").first()


# --- enrolment and the norm ------------------------------------------------------------


def norm_for(case: Case) -> Decimal:
    return Decimal(str(rules.norm_hours_for(case.population, case.work_obligation, rules=hours_rules())))


@transaction.atomic
def enrolment_start(*, by: User, case: Case, started_on: date, with_welcome_class: bool = True) -> Enrolment:
    """Enrol in the introduction programme; the first two weeks are the welcome class (with an interpreter when needed)."""
    case = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    if case.status not in CAN_ENROL:
        raise ValidationError({"started_on": _("Only a citizen who has arrived can start the programme (the case is “%(status)s”).") % {
            "status": case.get_status_display()}})
    if open_enrolment(case):
        raise ValidationError({"started_on": _("The citizen is already in the programme.")})
    enrolment = Enrolment.objects.create(case=case, started_on=started_on, norm_hours=norm_for(case), created_by=by)
    if with_welcome_class:
        first, last = rules.welcome_class_period(started_on, rules=hours_rules())
        PlanItem.objects.bulk_create([
            PlanItem(case=case, kind=Activity.WELCOME_CLASS, weekday=weekday, start=WELCOME_CLASS_DAY[0], end=WELCOME_CLASS_DAY[1],
                     valid_from=first, valid_to=last, with_interpreter=bool(case.person.interpreter_language), created_by=by)
            for weekday in range(5)
        ])
    if case.status not in PROGRAMME_STATUSES:
        case_status_change(by=by, case=case, status=CaseStatus.IN_PROGRAMME, on=started_on, reason=_("Programme started."))
    # The norm gives the work obligation away (37 hours), so the event is restricted like the norm on the programme page.
    text = _("Started the introduction programme on %(date)s; the norm is %(hours)s.") % {
        "date": date_text(started_on), "hours": hours_a_week(enrolment.norm_hours)}
    journal_event_add(case=case, author=by, text=text, restricted=True)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=enrolment, person=case.person)
    return enrolment


# --- weekly plan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanItemData:
    kind: str
    weekdays: tuple[int, ...]
    start: time
    end: time
    valid_from: date
    valid_to: date | None = None
    with_interpreter: bool = False
    sector: int | None = None
    specially_arranged: bool = False
    note: str = ""


def _check_plan_item(data: PlanItemData) -> None:
    errors = {}
    if data.kind not in Activity.values:
        errors["kind"] = _("Choose an activity.")
    if not data.weekdays:
        errors["weekdays"] = _("Choose at least one weekday.")
    if data.end <= data.start:
        errors["end"] = _("The activity must end after it starts.")
    if data.valid_to and data.valid_to < data.valid_from:
        errors["valid_to"] = _("The last day must be on or after the first day.")
    if data.kind == Activity.SECTOR_CLASS and not data.sector:
        errors["sector"] = _("Choose the sector of the sector class.")
    if data.specially_arranged and data.kind != Activity.UTILITY_WORK:
        errors["specially_arranged"] = _("Only utility work can be specially arranged.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_item_add(*, by: User, case: Case, data: PlanItemData, teaching_class=None, placement=None) -> list[PlanItem]:
    """Add an activity on one or more weekdays. Overlaps and hours are checked on the plan page, not refused here:
    a caseworker may plan an overlap on purpose (transport inside a long day)."""
    _check_plan_item(data)
    if open_enrolment(case) is None:
        raise ValidationError({"kind": _("Enrol the citizen in the programme before planning activities.")})
    items = PlanItem.objects.bulk_create([
        PlanItem(case=case, kind=data.kind, weekday=weekday, start=data.start, end=data.end, valid_from=data.valid_from,
                 valid_to=data.valid_to, with_interpreter=data.with_interpreter, sector=data.sector,
                 specially_arranged=data.specially_arranged, note=data.note, teaching_class=teaching_class,
                 placement=placement, created_by=by)
        for weekday in sorted(set(data.weekdays))
    ])
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=case, person=case.person)
    return items


@transaction.atomic
def plan_item_end(*, by: User, item: PlanItem, last_day: date) -> PlanItem:
    item = PlanItem.objects.select_for_update().select_related("case__person").get(pk=item.pk)
    if last_day < item.valid_from:
        raise ValidationError({"last_day": _("The last day cannot be before the activity started (%(date)s).") % {"date": date_text(item.valid_from)}})
    if item.valid_to and item.valid_to <= last_day:
        raise ValidationError({"last_day": _("The activity already ends on %(date)s.") % {"date": date_text(item.valid_to)}})
    item.valid_to = last_day
    item.save(update_fields=["valid_to"])
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=item.case, person=item.case.person)
    return item


def end_plan_items(*, items, last_day: date) -> int:
    """End the given items after ``last_day`` (used when a class or a placement ends)."""
    count = 0
    for item in items:
        if item.valid_to is not None and item.valid_to <= last_day:
            continue
        item.valid_to = max(last_day, item.valid_from - timedelta(days=1))
        item.save(update_fields=["valid_to"])
        count += 1
    return count


# --- the work obligation ---------------------------------------------------------------------


@transaction.atomic
def residence_period_add(*, by: User, person: Person, started_on: date, ended_on: date | None) -> ResidencePeriod:
    if ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": _("The period must end on or after the day it starts.")})
    period = ResidencePeriod.objects.create(person=person, started_on=started_on, ended_on=ended_on)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=period, person=person)
    return period


@transaction.atomic
def work_period_add(*, by: User, person: Person, started_on: date, ended_on: date | None, hours_per_week: Decimal, employer: str = "") -> WorkPeriod:
    if ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": _("The period must end on or after the day it starts.")})
    if not Decimal("0") < hours_per_week <= Decimal("80"):
        raise ValidationError({"hours_per_week": _("Give the hours a week, between 1 and 80.")})
    period = WorkPeriod.objects.create(person=person, started_on=started_on, ended_on=ended_on, hours_per_week=hours_per_week, employer=employer)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=period, person=person)
    return period


@dataclass(frozen=True)
class WorkObligationAssessment:
    applies: bool
    on_benefits: bool
    population: str | None
    residence_years: float
    work_hours: float


def work_obligation_inputs(case: Case, as_of: date) -> WorkObligationAssessment:
    residence = rules.residence_years_last_10(ResidencePeriod.objects.filter(person=case.person_id).values_list("started_on", "ended_on"), as_of)
    work = rules.fulltime_work_hours_last_10(
        [(s, e, float(h)) for s, e, h in WorkPeriod.objects.filter(person=case.person_id).values_list("started_on", "ended_on", "hours_per_week")],
        as_of,
    )
    on_benefits = not Employment.objects.filter(case=case, started_on__lte=as_of).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_of)).exists()
    applies = bool(case.population) and on_benefits and rules.work_obligation_applies(
        case.population, residence, work, rules=work_obligation_rules())
    return WorkObligationAssessment(applies=applies, on_benefits=on_benefits, population=case.population, residence_years=residence, work_hours=work)


@transaction.atomic
def work_obligation_assess(*, by: User, case: Case, as_of: date) -> WorkObligationAssessment:
    """Set the case's work-obligation flag from the recorded residence and work, and the open enrolment's norm with it.
    The obligation is only applied to citizens on benefits (not in a job)."""
    assessment = work_obligation_inputs(case, as_of)
    if case.work_obligation != assessment.applies:
        case = case_update(by=by, case=case, changes={"work_obligation": assessment.applies}, today=as_of)
    enrolment = open_enrolment(case)
    if enrolment and enrolment.norm_hours != norm_for(case):
        before = snapshot(enrolment, ["norm_hours"])
        enrolment.norm_hours = norm_for(case)
        enrolment.save(update_fields=["norm_hours"])
        changes_record(user=by, instance=enrolment, before=before, person=case.person)
    journal_event_add(case=case, author=by, restricted=True, text=_("Work obligation assessed on %(date)s: %(result)s.") % {
        "date": date_text(as_of), "result": _("applies (37 hours)") if assessment.applies else _("does not apply")})
    return assessment


# --- employment and job loss ---------------------------------------------------------------


def _follow_up_dates(case: Case, started_on: date) -> list[date]:
    end = case.integration_period_end or add_months(started_on, 60)
    dates, n = [], 1
    while (due := add_months(started_on, FOLLOW_UP_MONTHS * n)) <= end:
        dates.append(due)
        n += 1
    return dates


EMPLOYMENT_FIELDS = ["kind", "company", "employer", "employer_cvr", "hours_per_week", "monthly_income", "started_on", "ended_on"]


def _check_employment(*, employer: str, hours_per_week: Decimal, monthly_income: Decimal, kind: str) -> dict:
    errors = {}
    if not employer.strip():
        errors["employer"] = _("Give the employer's name, or choose the company from the register.")
    if not Decimal("0") < hours_per_week <= Decimal("80"):
        errors["hours_per_week"] = _("Give the hours a week, between 1 and 80.")
    if monthly_income < 0:
        errors["monthly_income"] = _("The income cannot be negative.")
    if kind not in Employment.Kind.values:
        errors["kind"] = _("Choose an ordinary job or a wage subsidy job.")
    return errors


def _suspend_plan(*, case: Case, employment: Employment, from_day: date, keep_danish: bool, until: date | None = None) -> int:
    """Suspend the plan's activities from the job's first day (kept, not deleted); with ``until`` (a job that ended)
    only those begun by its last day. With ``keep_danish`` the Danish education goes on: the citizen may finish the
    module at the centre (DOMAIN.md, Danish education)."""
    items = PlanItem.objects.filter(case=case, suspended_for__isnull=True).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=from_day))
    if until is not None:
        items = items.filter(valid_from__lte=until, resumed_from__isnull=True)
    if keep_danish:
        items = items.exclude(kind=Activity.DANISH_EDUCATION)
    suspended = 0
    for item in items:
        item.valid_to_before_suspension = item.valid_to
        item.valid_to = max(from_day, item.valid_from) - timedelta(days=1)
        item.suspended_for = employment
        item.save(update_fields=["valid_to", "valid_to_before_suspension", "suspended_for"])
        suspended += 1
    return suspended


@transaction.atomic
def employment_start(*, by: User, case: Case, employer: str, hours_per_week: Decimal, monthly_income: Decimal, started_on: date,
                     today: date, employer_cvr: str = "", company=None, kind: str = Employment.Kind.ORDINARY,
                     keep_danish: bool = False) -> Employment:
    """A job: the plan's activities are suspended from its first day (not deleted), follow-ups are scheduled twice a year
    through the integration period, and the case becomes employed on the job's first day: at once when that day has
    come, else by ``employments_starting_apply`` on the day. ``company`` (from the register) gives the employer's name
    and CVR number."""
    case = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    if company is not None:
        employer, employer_cvr = company.name, company.cvr
    errors = _check_employment(employer=employer, hours_per_week=hours_per_week, monthly_income=monthly_income, kind=kind)
    if current_employment(case):
        errors["started_on"] = _("The citizen already has a job on record; end it first.")
    if case.status in (CaseStatus.LEFT, CaseStatus.CLOSED, CaseStatus.REFERRED):
        errors["started_on"] = _("A job can only be recorded for a citizen living here (the case is “%(status)s”).") % {
            "status": case.get_status_display()}
    if errors:
        raise ValidationError(errors)
    employment = Employment.objects.create(case=case, kind=kind, company=company, employer=employer.strip(), employer_cvr=employer_cvr,
                                           hours_per_week=hours_per_week, monthly_income=monthly_income, started_on=started_on,
                                           created_by=by)
    suspended = _suspend_plan(case=case, employment=employment, from_day=started_on, keep_danish=keep_danish)
    if not FollowUp.objects.filter(case=case, done_on__isnull=True, due_on__gt=started_on).exists():
        FollowUp.objects.bulk_create([FollowUp(case=case, due_on=due, employment=employment) for due in _follow_up_dates(case, started_on)])
    if started_on <= today:
        _employed(by=by, case=case, employment=employment)
    journal_event_add(case=case, author=by, text=_("Job at %(employer)s from %(date)s, %(hours)s; %(suspended)s.") % {
        "employer": employment.employer, "date": date_text(started_on), "hours": hours_a_week(hours_per_week),
        "suspended": ngettext("%(count)s planned activity suspended", "%(count)s planned activities suspended", suspended) % {"count": suspended}})
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=employment, person=case.person)
    return employment


def _employed(*, by: User, case: Case, employment: Employment) -> None:
    if case.status != CaseStatus.EMPLOYED:
        case_status_change(by=by, case=case, status=CaseStatus.EMPLOYED, on=employment.started_on,
                           reason=_("Job at %(employer)s.") % {"employer": employment.employer})


# Statuses a job's first day turns into "employed": a citizen who left or whose case closed keeps that status.
BECOMES_EMPLOYED = (CaseStatus.ARRIVED, CaseStatus.PAUSED, CaseStatus.IN_PROGRAMME, CaseStatus.IN_PLACEMENT)


@transaction.atomic
def employments_starting_apply(*, today: date, by: User | None = None) -> int:
    """The daily step: every case whose job has begun by ``today`` (and not ended) becomes employed, dated the job's
    first day. A job recorded before it starts leaves the case as it is until then, so the status never runs ahead of
    the job. Run by ``velkomst programme_daily`` (each morning, from cron) and by ``velkomst run`` at start; idempotent.
    The change is recorded in the name of whoever recorded the job (it is their entry taking effect), else ``by``, else
    the case's caseworker. Returns the number of cases changed."""
    jobs = (Employment.objects.filter(started_on__lte=today, case__status__in=BECOMES_EMPLOYED)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .select_related("case__person", "case__caseworker", "created_by").order_by("case_id", "-started_on"))
    changed = set()
    for job in jobs:
        actor = job.created_by or by or job.case.caseworker
        if job.case_id not in changed and actor is not None:
            _employed(by=actor, case=job.case, employment=job)
            changed.add(job.case_id)
    return len(changed)


@transaction.atomic
def employment_update(*, by: User, employment: Employment, employer: str, hours_per_week: Decimal, monthly_income: Decimal,
                      started_on: date, today: date, ended_on: date | None = None, employer_cvr: str = "", company=None,
                      kind: str = Employment.Kind.ORDINARY) -> Employment:
    """Correct a job entered wrong, with its history kept (change log): dates, employer (from the register or typed),
    hours, income, ordinary or wage subsidy. Its follow-ups not yet held move with its first day (rescheduled every 6
    months from it), the plan's suspension follows the new first day, and the case's status follows the job's dates:
    employed from the first day (not before); a job corrected to start later than today leaves the case in the
    programme until then. Ending a job that runs is ``employment_end`` (it asks why); here only an end already
    recorded is corrected."""
    employment = Employment.objects.select_for_update().select_related("case__person").get(pk=employment.pk)
    case = Case.objects.select_for_update().select_related("person").get(pk=employment.case_id)
    if company is not None:
        employer, employer_cvr = company.name, company.cvr
    errors = _check_employment(employer=employer, hours_per_week=hours_per_week, monthly_income=monthly_income, kind=kind)
    if ended_on is not None and ended_on < started_on:
        errors["ended_on"] = _("The job cannot end before it starts (%(date)s); correct the first or the last day.") % {
            "date": date_text(started_on)}
    elif ended_on is not None and employment.ended_on is None:
        errors["ended_on"] = _("The job has not ended; use “The job ends” to end it, so the programme resumes.")
    elif ended_on is None and employment.ended_on is not None:
        errors["ended_on"] = _("Give the last day of work; the job ended on %(date)s.") % {"date": date_text(employment.ended_on)}
    other = Employment.objects.filter(case=case).exclude(pk=employment.pk).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=started_on))
    if ended_on is not None:
        other = other.filter(started_on__lte=ended_on)
    if other.exists():
        errors["started_on"] = _("The dates overlap another job of the citizen.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(employment, EMPLOYMENT_FIELDS)
    old_start = employment.started_on
    employment.kind, employment.company, employment.employer, employment.employer_cvr = kind, company, employer.strip(), employer_cvr
    employment.hours_per_week, employment.monthly_income = hours_per_week, monthly_income
    employment.started_on, employment.ended_on = started_on, ended_on
    employment.save()
    if started_on != old_start:
        _move_suspension(case=case, employment=employment)
        try:
            with transaction.atomic():
                _move_follow_ups(case=case, employment=employment)
        except IntegrityError:
            raise ValidationError({"started_on": _("A follow-up of another job falls on one of the new dates; "
                                                   "record or move that follow-up first.")}) from None
    if ended_on is None:
        if started_on <= today:
            _employed(by=by, case=case, employment=employment)
        elif case.status == CaseStatus.EMPLOYED:
            # Corrected to start later: the case was employed too early; back to the programme until the first day.
            case_status_change(by=by, case=case, status=CaseStatus.IN_PROGRAMME, on=today,
                               reason=_("The job's first day is corrected to %(date)s.") % {"date": date_text(started_on)})
    changes_record(user=by, instance=employment, before=before, person=case.person)
    journal_event_add(case=case, author=by, text=_("The job at %(employer)s is corrected: %(start)s–%(end)s, %(hours)s.") % {
        "employer": employment.employer, "start": date_text(started_on), "end": date_text(ended_on) if ended_on else "",
        "hours": hours_a_week(hours_per_week)})
    return employment


def _move_suspension(*, case: Case, employment: Employment) -> None:
    """The activities this job suspended are suspended from its new first day instead: each gets its own end back, then
    the suspension is made again up to the job's last day (an activity that now ends before the job is no longer
    suspended; one resumed after the job keeps its resumed copy). Danish education kept running stays running."""
    suspended = list(employment.suspended_items.all())
    keep_danish = not any(item.kind == Activity.DANISH_EDUCATION for item in suspended)
    for item in suspended:
        item.valid_to, item.valid_to_before_suspension, item.suspended_for = item.valid_to_before_suspension, None, None
        item.save(update_fields=["valid_to", "valid_to_before_suspension", "suspended_for"])
    _suspend_plan(case=case, employment=employment, from_day=employment.started_on, keep_danish=keep_danish, until=employment.ended_on)


def _move_follow_ups(*, case: Case, employment: Employment) -> None:
    """The job's follow-ups not yet held get the dates counted from its new first day; those held keep theirs."""
    held = employment.follow_ups.filter(done_on__isnull=False).count()
    pending = list(employment.follow_ups.filter(done_on__isnull=True).order_by("due_on"))
    dates = _follow_up_dates(case, employment.started_on)[held:]
    moved = list(zip(pending, dates))
    # Two follow-ups of a case never share a day: move in the direction of travel so no step meets the next one.
    if moved and moved[0][1] > moved[0][0].due_on:
        moved.reverse()
    for follow_up, due in moved:
        follow_up.due_on = due
        follow_up.save(update_fields=["due_on"])
    FollowUp.objects.filter(pk__in=[f.pk for f in pending[len(dates):]]).delete()  # beyond the integration period now
    FollowUp.objects.bulk_create([FollowUp(case=case, due_on=due, employment=employment) for due in dates[len(pending):]])


@transaction.atomic
def employment_end(*, by: User, employment: Employment, ended_on: date, reason: str) -> Employment:
    """The job ends: the programme resumes. The case goes back to "in programme" and the suspended activities come
    back as new plan rows from the next day; the employment, the old rows and the follow-ups are all kept."""
    employment = Employment.objects.select_for_update().select_related("case__person").get(pk=employment.pk)
    case = employment.case
    if employment.ended_on:
        raise ValidationError({"ended_on": _("The job already ended on %(date)s.") % {"date": date_text(employment.ended_on)}})
    if ended_on < employment.started_on:
        raise ValidationError({"ended_on": _("The job cannot end before it started (%(date)s).") % {"date": date_text(employment.started_on)}})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the job ended.")})
    employment.ended_on, employment.end_reason = ended_on, reason.strip()
    employment.save(update_fields=["ended_on", "end_reason"])
    resume_from = ended_on + timedelta(days=1)
    resumed = []
    for item in employment.suspended_items.filter(resumed_as__isnull=True):
        valid_from = max(resume_from, item.valid_from)
        if item.valid_to_before_suspension and item.valid_to_before_suspension < valid_from:
            continue  # its period passed while the citizen was in the job (e.g. the welcome class)
        resumed.append(PlanItem(
            case=case, kind=item.kind, weekday=item.weekday, start=item.start, end=item.end, valid_from=valid_from,
            valid_to=item.valid_to_before_suspension, with_interpreter=item.with_interpreter, sector=item.sector,
            teaching_class=item.teaching_class, specially_arranged=item.specially_arranged, note=item.note,
            resumed_from=item, created_by=by,
        ))
    PlanItem.objects.bulk_create(resumed)
    if open_enrolment(case) is None:
        Enrolment.objects.create(case=case, started_on=resume_from, norm_hours=norm_for(case), created_by=by)
    if case.status == CaseStatus.EMPLOYED:
        case_status_change(by=by, case=case, status=CaseStatus.IN_PROGRAMME, on=resume_from, reason=_("The job ended; the programme resumes."))
    journal_event_add(case=case, author=by, text=_("The job at %(employer)s ended on %(date)s (%(reason)s); the programme resumes with %(count)s planned activities.") % {
        "employer": employment.employer, "date": date_text(ended_on), "reason": employment.end_reason, "count": len(resumed)})
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=employment, person=case.person)
    return employment


@transaction.atomic
def follow_up_record(*, by: User, follow_up: FollowUp, done_on: date, still_employed: bool, hours_per_week: Decimal | None,
                     monthly_income: Decimal | None, danish: str = "", note: str = "") -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().select_related("case__person").get(pk=follow_up.pk)
    if still_employed and monthly_income is None:
        raise ValidationError({"monthly_income": _("Give the monthly income; it decides the referral to permanent housing.")})
    if monthly_income is not None and monthly_income < 0:
        raise ValidationError({"monthly_income": _("The income cannot be negative.")})
    before = snapshot(follow_up, ["done_on", "still_employed", "hours_per_week", "monthly_income", "danish"])
    follow_up.done_on, follow_up.still_employed = done_on, still_employed
    follow_up.hours_per_week, follow_up.monthly_income = hours_per_week, monthly_income
    follow_up.danish, follow_up.note, follow_up.held_by = danish, note, by
    follow_up.save()
    employment = current_employment(follow_up.case)
    if employment and still_employed and monthly_income is not None and monthly_income != employment.monthly_income:
        employment_before = snapshot(employment, ["monthly_income", "hours_per_week"])
        employment.monthly_income, employment.hours_per_week = monthly_income, hours_per_week or employment.hours_per_week
        employment.save(update_fields=["monthly_income", "hours_per_week"])
        changes_record(user=by, instance=employment, before=employment_before, person=follow_up.case.person)
    changes_record(user=by, instance=follow_up, before=before, person=follow_up.case.person)
    journal_event_add(case=follow_up.case, author=by, text=_("Follow-up held on %(date)s.") % {"date": date_text(done_on)})
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=follow_up, person=follow_up.case.person)
    return follow_up


# --- referral to permanent housing --------------------------------------------------------

NEXT_REFERRAL_STATUSES = {
    HousingReferral.Status.REFERRED: (HousingReferral.Status.OFFERED, HousingReferral.Status.DECLINED),
    HousingReferral.Status.OFFERED: (HousingReferral.Status.ACCEPTED, HousingReferral.Status.DECLINED),
    HousingReferral.Status.ACCEPTED: (HousingReferral.Status.MOVED_OUT,),
}


@transaction.atomic
def housing_referral_create(*, by: User, household: Household, monthly_income: Decimal, referred_on: date) -> HousingReferral:
    Household.objects.select_for_update().filter(pk=household.pk).first()
    case = household.cases.select_related("person").filter(person__membership__relation="applicant").first() or household.cases.first()
    if case is None:
        raise ValidationError({"household": _("The household has no case.")})
    if HousingReferral.objects.filter(household=household, status__in=NEXT_REFERRAL_STATUSES).exists():
        raise ValidationError({"household": _("The household is already referred to permanent housing.")})
    referral = HousingReferral.objects.create(household=household, case=case, monthly_income=monthly_income, referred_on=referred_on,
                                              status_on=referred_on, by=by)
    journal_event_add(case=case, author=by, text=_("Referred to permanent housing (boligindstilling) on %(date)s.") % {"date": date_text(referred_on)})
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=referral, person=case.person)
    return referral


@transaction.atomic
def housing_referral_update(*, by: User, referral: HousingReferral, status: str, on: date, today: date, address: str = "") -> HousingReferral:
    """Record the outcome. "Moved out" also ends the household's temporary tenancy (reason: permanent housing)."""
    referral = HousingReferral.objects.select_for_update().select_related("case__person", "household").get(pk=referral.pk)
    allowed = NEXT_REFERRAL_STATUSES.get(referral.status, ())
    if status not in allowed:
        raise ValidationError({"status": _("From “%(current)s” the referral can only go to: %(allowed)s.") % {
            "current": referral.get_status_display(),
            "allowed": ", ".join(str(HousingReferral.Status(s).label) for s in allowed) or "—"}})
    if on > today:
        raise ValidationError({"on": _("Record the outcome on or after the day it happened; %(date)s has not come yet.") % {"date": date_text(on)}})
    if on < referral.status_on:
        raise ValidationError({"on": _("The date cannot be before the last change (%(date)s).") % {"date": date_text(referral.status_on)}})
    if status == HousingReferral.Status.OFFERED and not address.strip():
        raise ValidationError({"address": _("Give the address of the home offered.")})
    if status == HousingReferral.Status.MOVED_OUT:
        tenancy = Tenancy.objects.current().filter(household=referral.household).first()
        if tenancy:
            # The move-out to permanent housing closes the accepted referral itself, with its history and journal.
            tenancy_end(by=by, tenancy=tenancy, moved_out_on=on, reason=MoveOutReason.PERMANENT_HOUSING, today=today)
            referral.refresh_from_db()
            if referral.status == status:
                return referral
    before = snapshot(referral, ["status", "status_on", "address"])
    referral.status, referral.status_on = status, on
    if address.strip():
        referral.address = address.strip()
    referral.save()
    changes_record(user=by, instance=referral, before=before, person=referral.case.person)
    journal_event_add(case=referral.case, author=by, text=_("Permanent housing: %(status)s on %(date)s.") % {
        "status": referral.get_status_display(), "date": date_text(on)})
    return referral


@transaction.atomic
def housing_income_thresholds_set(*, by: User, valid_from: date, amounts: dict[int, Decimal]) -> list[HousingIncomeThreshold]:
    """A set of monthly income thresholds by household size (every size of ``rules.permanent_housing.SIZES``), valid
    from the day: the list of households ready for permanent housing reads it from then on. A set for the same day is
    changed in place; each change goes to the history."""
    errors = {}
    for size in permanent_housing.SIZES:
        amount = amounts.get(size)
        if amount is None or not (Decimal("1") <= amount <= Decimal("999999.99")):
            errors[f"size_{size}"] = _("Give the monthly income in kroner, e.g. 15000.")
    for size in permanent_housing.SIZES[1:]:
        if not errors and amounts[size] < amounts[size - 1]:
            errors[f"size_{size}"] = _("A bigger household cannot need less income than a smaller one; check the amounts.")
    if errors:
        raise ValidationError(errors)
    amounts = {size: amounts[size].quantize(Decimal("0.01")) for size in permanent_housing.SIZES}
    existing = {t.household_size: t for t in HousingIncomeThreshold.objects.select_for_update().filter(valid_from=valid_from)}
    saved, created = [], []
    for size in permanent_housing.SIZES:
        threshold = existing.get(size)
        if threshold is None:
            threshold = HousingIncomeThreshold.objects.create(valid_from=valid_from, household_size=size, monthly_income=amounts[size])
            created.append(threshold)
            access_log_write(user=by, action=AccessLog.Action.CREATE, obj=threshold, criteria={"valid_from": valid_from.isoformat()})
        elif threshold.monthly_income != amounts[size]:
            before = snapshot(threshold, ["monthly_income"])
            threshold.monthly_income = amounts[size]
            threshold.save(update_fields=["monthly_income"])
            changes_record(user=by, instance=threshold, before=before, person=None)
            access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=threshold, criteria={"valid_from": valid_from.isoformat()})
        saved.append(threshold)
    creations_record(user=by, instances=created, fields=["valid_from", "household_size", "monthly_income"])
    return saved


# --- patient track, vulnerable residents, children ----------------------------------------

PATIENT_TRACK_FIELDS = ["care_needs", "hospital", "partner_health_care", "partner_social", "partner_capital_region", "partner_hospital", "relatives"]


@transaction.atomic
def patient_track_save(*, by: User, case: Case, today: date, **fields) -> PatientTrack:
    if not (fields.get("care_needs") or "").strip():
        raise ValidationError({"care_needs": _("Describe the care needs.")})
    record, created = PatientTrack.objects.select_for_update().get_or_create(case=case, defaults={"care_needs": fields["care_needs"]})
    before = snapshot(record, PATIENT_TRACK_FIELDS)
    for name in PATIENT_TRACK_FIELDS:
        setattr(record, name, fields.get(name, getattr(record, name)))
    record.updated_by = by
    record.save()
    if not case.patient_track:
        case_update(by=by, case=case, changes={"patient_track": True}, today=today)
    changes_record(user=by, instance=record, before=before, person=case.person)
    access_log_write(user=by, action=AccessLog.Action.CREATE if created else AccessLog.Action.CHANGE, obj=record, person=case.person)
    return record


@transaction.atomic
def vulnerability_action_add(*, by: User, case: Case, kind: str, partner: str, text: str, due_on: date | None) -> VulnerabilityAction:
    if not text.strip():
        raise ValidationError({"text": _("Write what was agreed or found.")})
    if kind == VulnerabilityAction.Kind.REVIEW and due_on is None:
        raise ValidationError({"due_on": _("Give the date of the review.")})
    action = VulnerabilityAction.objects.create(case=case, kind=kind, partner=partner, text=text.strip(), due_on=due_on, by=by)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=action, person=case.person)
    return action


@transaction.atomic
def vulnerability_action_done(*, by: User, action: VulnerabilityAction, done_on: date) -> VulnerabilityAction:
    if action.done_on:
        raise ValidationError({"done_on": _("This is already marked as done.")})
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=action, person=action.case.person)
    return action


@transaction.atomic
def child_status_record(*, by: User, child: Person, status: str, institution: str, since: date, note: str = "") -> ChildStatus:
    if is_adult(child.age_on(since)):
        raise ValidationError({"child": _("Only children under 18 have a school or daycare status.")})
    if status in (ChildStatus.Status.DAYCARE, ChildStatus.Status.SCHOOL, ChildStatus.Status.RECEPTION_CLASS) and not institution.strip():
        raise ValidationError({"institution": _("Give the name of the school or daycare.")})
    record = ChildStatus.objects.create(person=child, status=status, institution=institution.strip(), since=since, note=note, by=by)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=record, person=child)
    return record


# --- attendance --------------------------------------------------------------------------------

@transaction.atomic
def attendance_save(*, new: list[Attendance], changed: list[Attendance], field: str) -> None:
    """Write a registration. Two people registering the same new day at the same moment meet the unique constraint:
    the later one is told so on ``field`` (and its transaction rolls back), rather than getting a server error."""
    try:
        Attendance.objects.bulk_create(new)
    except IntegrityError:
        raise ValidationError({field: _("Someone else registered the same day a moment ago. Show the page again to see it, "
                                        "then save your changes.")}) from None
    # One UPDATE per set of values (a class's day has at most three: present, absent, excused), not bulk_update's one
    # statement with a CASE per row and field, which cost a class's registration ~15 ms of Python to build (issue 18).
    groups = defaultdict(list)
    for row in changed:
        groups[(row.status, row.hours, row.registered_by_id, row.registered_at)].append(row.pk)
    for (status, hours, registered_by_id, registered_at), ids in groups.items():
        Attendance.objects.filter(pk__in=ids).update(status=status, hours=hours, registered_by_id=registered_by_id, registered_at=registered_at)
