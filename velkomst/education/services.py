"""Writes of Danish education: placement in a track, module tests, classes and rosters, exams."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write, changes_record, creations_record, snapshot
from velkomst.education.models import ClassSession, ExamRegistration, LearnerPlacement, ModuleResult, RosterEntry, TeachingClass
from velkomst.formats import date_text
from velkomst.people.models import PROGRAMME_STATUSES, Case
from velkomst.people.services import journal_event_add
from velkomst.programme import services as programme
from velkomst.programme.models import Activity, Attendance, Employment, PlanItem
from velkomst.programme.services import PlanItemData, attendance_save, end_plan_items
from velkomst.rules import danish as rules

# The exam code stored for each final exam of `placement.FINAL_EXAMS`.
EXAM_CODES = {"PD1": "PD1", "PD2": "PD2", "PD3": "PD3", rules.STUDIEPROEVEN: "SP"}
# Final exams are held twice a year: in May–June and in November–December.
EXAM_MONTHS = (5, 6, 11, 12)


@dataclass(frozen=True)
class Schooling:
    years_of_schooling: int | None
    literate_in_own_language: bool
    knows_latin_alphabet: bool
    has_medium_or_long_education: bool


def suggestion(schooling: Schooling) -> tuple[str, str]:
    try:
        return rules.suggest_track(**schooling.__dict__)
    except ValueError as error:
        raise ValidationError({"years_of_schooling": _("Years of schooling cannot be negative.")}) from error


@transaction.atomic
def learner_place(*, by: User, case: Case, schooling: Schooling, track: str, reason: str, started_on: date,
                  with_optional_module: bool = False) -> LearnerPlacement:
    """The language school's decision: the track with its reason, beside the rule's suggestion."""
    suggested, _reason = suggestion(schooling)
    errors = {}
    if track not in rules.TRACKS:
        errors["track"] = _("Choose DU1, DU2 or DU3.")
    if not reason.strip():
        errors["reason"] = _("Write the language school's reason for the track.")
    if with_optional_module and track != rules.DU3:
        errors["with_optional_module"] = _("Only DU3 has the optional 6th module.")
    if errors:
        raise ValidationError(errors)
    placement, created = LearnerPlacement.objects.update_or_create(case=case, defaults=dict(
        suggested_track=suggested, track=track, decision_reason=reason.strip(), started_on=started_on,
        with_optional_module=with_optional_module, decided_by=by, **schooling.__dict__))
    journal_event_add(case=case, author=by, text=_("Placed in Danish education %(track)s from %(date)s.") % {"track": track, "date": date_text(started_on)})
    access_log_write(user=by, action=AccessLog.Action.CREATE if created else AccessLog.Action.CHANGE, obj=placement, person=case.person)
    return placement


def modules_passed(placement: LearnerPlacement) -> int:
    return len({m.module for m in placement.modules.all() if m.passed})


@transaction.atomic
def module_result_record(*, by: User, placement: LearnerPlacement, module: int, test_on: date, passed: bool) -> ModuleResult:
    placement = LearnerPlacement.objects.select_for_update().select_related("case__person").get(pk=placement.pk)
    if not 1 <= module <= placement.module_count:
        raise ValidationError({"module": _("%(track)s has modules 1 to %(count)s.") % {"track": placement.track, "count": placement.module_count}})
    if module > modules_passed(placement) + 1:
        raise ValidationError({"module": _("Module %(module)s comes after module %(previous)s is passed.") % {"module": module, "previous": module - 1}})
    result = ModuleResult.objects.create(placement=placement, module=module, test_on=test_on, passed=passed, registered_by=by)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=result, person=placement.case.person)
    return result


@transaction.atomic
def learner_move_to_private_school(*, by: User, placement: LearnerPlacement, school: str, from_on: date) -> LearnerPlacement:
    """After getting a job the citizen may finish the module and continue at a private language school."""
    placement = LearnerPlacement.objects.select_for_update().select_related("case__person").get(pk=placement.pk)
    if not school.strip():
        raise ValidationError({"school": _("Give the name of the private language school.")})
    if not Employment.objects.filter(case=placement.case, started_on__lte=from_on).exists():
        raise ValidationError({"from_on": _("Moving to a private language school comes after getting a job; record the job first.")})
    placement.private_school, placement.private_school_from = school.strip(), from_on
    placement.save(update_fields=["private_school", "private_school_from"])
    # The module finished at the centre, the centre's Danish classes end the day before (their lessons leave the plan).
    for entry in RosterEntry.objects.filter(case=placement.case, left_on__isnull=True, teaching_class__kind=TeachingClass.Kind.DANISH):
        roster_remove(by=by, entry=entry, left_on=max(entry.joined_on, from_on - timedelta(days=1)))
    journal_event_add(case=placement.case, author=by, text=_("Continues Danish at %(school)s from %(date)s.") % {"school": placement.private_school, "date": date_text(from_on)})
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=placement, person=placement.case.person)
    return placement


@transaction.atomic
def exam_register(*, by: User, case: Case, exam: str, sitting_on: date) -> ExamRegistration:
    placement = LearnerPlacement.objects.filter(case=case).first()
    if placement is None:
        raise ValidationError({"exam": _("Place the learner in DU1, DU2 or DU3 first.")})
    allowed = {EXAM_CODES[name] for name in rules.FINAL_EXAMS[placement.track]}
    if exam not in allowed:
        raise ValidationError({"exam": _("%(track)s ends with %(exams)s.") % {
            "track": placement.track, "exams": " / ".join(rules.FINAL_EXAMS[placement.track])}})
    if sitting_on.month not in EXAM_MONTHS:
        raise ValidationError({"sitting_on": _("The final exams are held twice a year, in May–June and November–December.")})
    if ExamRegistration.objects.filter(case=case, exam=exam, sitting_on=sitting_on).exists():
        raise ValidationError({"sitting_on": _("The learner is already registered for this exam on that date.")})
    registration = ExamRegistration.objects.create(case=case, exam=exam, sitting_on=sitting_on, registered_by=by)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=registration, person=case.person)
    return registration


EXAM_RESULT_FIELDS = ["result", "grade", "result_by"]


@transaction.atomic
def exam_result_record(*, by: User, case: Case, exam: str, sitting_on: date, result: str, grade: str, today: date) -> ExamRegistration:
    """The result of a final exam the learner sat: passed, not passed or did not attend, with the grade (7-point scale) when
    there is one. It lands on the registration for that sitting, or makes one when the learner was registered elsewhere.

    Checks (DOMAIN: the track ends with its exam; Studieprøven comes after DU3's optional 6th module; the exams are held
    in May–June and November–December): the exam belongs to the learner's track, the sitting is in the past, the grade
    agrees with the result."""
    placement = LearnerPlacement.objects.filter(case=case).first()
    if placement is None:
        raise ValidationError({"exam": _("Place the learner in DU1, DU2 or DU3 first.")})
    errors = {}
    allowed = {EXAM_CODES[name] for name in rules.FINAL_EXAMS[placement.track]}
    if exam not in allowed:
        errors["exam"] = _("%(track)s ends with %(exams)s.") % {"track": placement.track, "exams": " / ".join(rules.FINAL_EXAMS[placement.track])}
    elif exam == EXAM_CODES[rules.STUDIEPROEVEN] and not placement.with_optional_module:
        errors["exam"] = _("Studieprøven comes after DU3's optional 6th module; the learner is not on it.")
    if sitting_on > today:
        errors["sitting_on"] = _("A result is recorded after the exam; the exam date cannot be in the future.")
    elif sitting_on.month not in EXAM_MONTHS:
        errors["sitting_on"] = _("The final exams are held twice a year, in May–June and November–December.")
    results = {ExamRegistration.Result.PASSED, ExamRegistration.Result.FAILED, ExamRegistration.Result.ABSENT}
    if result not in results:
        errors["result"] = _("Choose passed, not passed or did not attend.")
    elif result == ExamRegistration.Result.ABSENT and grade:
        errors["grade"] = _("A learner who did not attend has no grade; leave the grade empty.")
    elif grade and grade not in ExamRegistration.Grade.values:
        errors["grade"] = _("Choose a grade on the 7-point scale.")
    elif grade and (result == ExamRegistration.Result.PASSED) != (grade in ExamRegistration.PASSING_GRADES):
        errors["grade"] = _("Passed takes 02 or more; not passed takes 00 or -3.")
    if errors:
        raise ValidationError(errors)
    registration = ExamRegistration.objects.select_for_update().filter(case=case, exam=exam, sitting_on=sitting_on).first()
    if registration is None:
        registration = ExamRegistration.objects.create(case=case, exam=exam, sitting_on=sitting_on, registered_by=by, result=result,
                                                       grade=grade, result_by=by)
        creations_record(user=by, instances=[registration], fields=["exam", "sitting_on", *EXAM_RESULT_FIELDS], person=case.person)
        access_log_write(user=by, action=AccessLog.Action.CREATE, obj=registration, person=case.person)
    else:
        before = snapshot(registration, EXAM_RESULT_FIELDS)
        registration.result, registration.grade, registration.result_by = result, grade, by
        registration.save(update_fields=EXAM_RESULT_FIELDS)
        changes_record(user=by, instance=registration, before=before, person=case.person)
        access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=registration, person=case.person)
    outcome = registration.get_result_display() + (f", {_('grade')} {grade}" if grade else "")
    journal_event_add(case=case, author=by, text=_("%(exam)s on %(date)s: %(outcome)s.") % {
        "exam": registration.get_exam_display(), "date": date_text(sitting_on), "outcome": outcome})
    return registration


@transaction.atomic
def class_create(*, by: User, name: str, kind: str, starts_on: date, sessions: list[tuple[int, time, time]], ends_on: date | None = None,
                 sector: int | None = None, track: str = "", module: int | None = None, teacher=None, place: str = "",
                 with_interpreter: bool = False) -> TeachingClass:
    errors = {}
    if kind == TeachingClass.Kind.SECTOR and not sector:
        errors["sector"] = _("Choose the sector of the sector class.")
    if kind == TeachingClass.Kind.DANISH and not track:
        errors["track"] = _("Choose the track of the Danish class.")
    if ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The class must end on or after the day it starts.")
    if not sessions:
        errors["weekdays"] = _("Choose at least one weekday.")
    elif any(end <= start for _, start, end in sessions):
        errors["end"] = _("The lesson must end after it starts.")
    if errors:
        raise ValidationError(errors)
    teaching_class = TeachingClass.objects.create(name=name, kind=kind, sector=sector if kind == TeachingClass.Kind.SECTOR else None,
                                                  track=track, module=module, teacher=teacher, place=place,
                                                  with_interpreter=with_interpreter, starts_on=starts_on, ends_on=ends_on)
    ClassSession.objects.bulk_create([ClassSession(teaching_class=teaching_class, weekday=w, start=s, end=e) for w, s, e in sessions])
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=teaching_class)
    return teaching_class


@transaction.atomic
def roster_add(*, by: User, teaching_class: TeachingClass, case: Case, joined_on: date) -> RosterEntry:
    """Put a programme participant on the class's roster; the class's lessons join the weekly plan."""
    if case.status not in PROGRAMME_STATUSES or programme.open_enrolment(case) is None:
        raise ValidationError({"case": _("Only citizens in the programme can join a class.")})
    if RosterEntry.objects.filter(teaching_class=teaching_class, case=case, left_on__isnull=True).exists():
        raise ValidationError({"case": _("The citizen is already on the roster.")})
    if teaching_class.ends_on and joined_on > teaching_class.ends_on:
        raise ValidationError({"joined_on": _("The class has ended.")})
    entry = RosterEntry.objects.create(teaching_class=teaching_class, case=case, joined_on=joined_on)
    for session in teaching_class.sessions.all():
        programme.plan_item_add(by=by, case=case, teaching_class=teaching_class, data=PlanItemData(
            kind=CLASS_ACTIVITY[teaching_class.kind], weekdays=(session.weekday,), start=session.start, end=session.end,
            valid_from=max(joined_on, teaching_class.starts_on), valid_to=teaching_class.ends_on, sector=teaching_class.sector,
            with_interpreter=teaching_class.with_interpreter))
    journal_event_add(case=case, author=by, text=_("Joined the class %(name)s from %(date)s.") % {"name": teaching_class.name, "date": date_text(joined_on)})
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=entry, person=case.person)
    return entry


@transaction.atomic
def roster_remove(*, by: User, entry: RosterEntry, left_on: date) -> RosterEntry:
    entry = RosterEntry.objects.select_for_update().select_related("case__person", "teaching_class").get(pk=entry.pk)
    if entry.left_on:
        raise ValidationError({"left_on": _("The citizen has already left the class.")})
    if left_on < entry.joined_on:
        raise ValidationError({"left_on": _("The citizen cannot leave before joining (%(date)s).") % {"date": date_text(entry.joined_on)}})
    entry.left_on = left_on
    entry.save(update_fields=["left_on"])
    end_plan_items(items=PlanItem.objects.filter(case=entry.case, teaching_class=entry.teaching_class), last_day=left_on)
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=entry, person=entry.case.person)
    return entry


# --- attendance --------------------------------------------------------------------------------

CLASS_ACTIVITY = {
    TeachingClass.Kind.WELCOME: Activity.WELCOME_CLASS,
    TeachingClass.Kind.SECTOR: Activity.SECTOR_CLASS,
    TeachingClass.Kind.DANISH: Activity.DANISH_EDUCATION,
}


@transaction.atomic
def class_attendance_register(*, by: User, teaching_class: TeachingClass, on: date, statuses: dict[int, str], now: datetime) -> int:
    """Register a class's attendance on one day in one go: ``statuses`` maps case id to present/absent/excused.
    Registering again corrects the earlier registration; ``now`` is the moment of the registration, kept on each row.
    Returns the number of citizens registered."""
    sessions = [s for s in teaching_class.sessions.all() if s.weekday == on.weekday()]
    if not sessions:
        raise ValidationError({"on": _("The class has no lesson on that weekday; choose a day from its schedule.")})
    if on < teaching_class.starts_on or (teaching_class.ends_on and on > teaching_class.ends_on):
        raise ValidationError({"on": _("The class does not run on that date.")})
    roster = {
        entry.case_id: entry
        for entry in teaching_class.roster.select_related("case__person").filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gte=on))
    }
    unknown = set(statuses) - set(roster)
    if unknown:
        raise ValidationError({"on": _("Some citizens are not on the class's roster that day.")})
    if on > timezone.localdate(now):
        raise ValidationError({"on": _("Attendance can only be registered for days that have come; %(date)s has not come yet.") % {
            "date": date_text(on)}})
    missing = [case_id for case_id, status in statuses.items() if status not in Attendance.Status.values]
    if missing:
        names = ", ".join(sorted(roster[case_id].case.person.full_name for case_id in missing))
        raise ValidationError({"on": _("Choose present, absent or absent with a valid reason for %(names)s.") % {"names": names}})
    hours = Decimal(str(round(sum(s.hours for s in sessions), 2)))
    existing = {a.case_id: a for a in Attendance.objects.filter(teaching_class=teaching_class, on=on, case_id__in=statuses)}
    new, changed = [], []
    for case_id, status in statuses.items():
        attended = hours if status == Attendance.Status.PRESENT else Decimal("0")
        if case_id in existing:
            row = existing[case_id]
            row.status, row.hours, row.registered_by, row.registered_at = status, attended, by, now
            changed.append(row)
        else:
            new.append(Attendance(case_id=case_id, on=on, kind=CLASS_ACTIVITY[teaching_class.kind], teaching_class=teaching_class,
                                  status=status, hours=attended, registered_by=by, registered_at=now))
    attendance_save(new=new, changed=changed, field="on")
    AccessLog.objects.bulk_create([
        AccessLog(user=by, action=AccessLog.Action.CHANGE if case_id in existing else AccessLog.Action.CREATE, object_type="attendance",
                  object_id=f"{teaching_class.pk}:{on.isoformat()}", person_id=roster[case_id].case.person_id,
                  purpose=AccessLog.Purpose.PROGRAMME)
        for case_id in statuses
    ])
    return len(statuses)
