from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.programme.factories import make_class, make_employment, make_participant
from velkomst.education.models import LearnerPlacement
from velkomst.education.services import (
    Schooling,
    exam_register,
    learner_move_to_private_school,
    learner_place,
    module_result_record,
    roster_add,
    suggestion,
)
from velkomst.programme.models import PlanItem


@pytest.mark.parametrize(("schooling", "track"), [
    (Schooling(0, False, False, False), "DU1"),
    (Schooling(8, True, True, False), "DU2"),
    (Schooling(9, True, False, False), "DU2"),
    (Schooling(17, True, False, True), "DU3"),  # the Latin alphabet alone never makes DU1
])
def test_the_suggestion_for_clear_cases(schooling, track):
    assert suggestion(schooling)[0] == track


def place(case, by, track="DU2", reason="Screenet af sprogcentret.", **kw):
    return learner_place(by=by, case=case, schooling=Schooling(8, True, True, False), track=track, reason=reason, started_on=date(2026, 9, 1), **kw)


@pytest.mark.django_db
def test_the_school_decides_the_track_with_its_reason_beside_the_suggestion(staff):
    placement = place(make_participant(), staff["teacher"], track="DU3", reason="Har læst på universitetet i Kharkiv.")
    assert (placement.suggested_track, placement.track) == ("DU2", "DU3")
    assert placement.decision_reason == "Har læst på universitetet i Kharkiv."


@pytest.mark.django_db
def test_a_track_without_a_reason_is_refused_naming_the_field(staff):
    with pytest.raises(ValidationError) as error:
        place(make_participant(), staff["teacher"], reason=" ")
    assert "reason" in error.value.message_dict


@pytest.mark.django_db
def test_modules_are_passed_in_order_and_du3_has_five_or_six(staff):
    teacher = staff["teacher"]
    placement = place(make_participant(), teacher, track="DU3", reason="x")
    with pytest.raises(ValidationError, match="kommer efter"):
        module_result_record(by=teacher, placement=placement, module=2, test_on=date(2026, 10, 1), passed=True)
    for module in range(1, 6):
        module_result_record(by=teacher, placement=placement, module=module, test_on=date(2026, 10, module), passed=True)
    with pytest.raises(ValidationError, match="modul 1 til 5"):
        module_result_record(by=teacher, placement=placement, module=6, test_on=date(2026, 11, 1), passed=True)
    LearnerPlacement.objects.filter(pk=placement.pk).update(with_optional_module=True)
    placement.refresh_from_db()
    module_result_record(by=teacher, placement=placement, module=6, test_on=date(2026, 11, 1), passed=True)


@pytest.mark.django_db
def test_exams_match_the_track_and_are_held_twice_a_year(staff):
    case = make_participant()
    place(case, staff["teacher"])
    with pytest.raises(ValidationError, match="PD2"):
        exam_register(by=staff["teacher"], case=case, exam="PD3", sitting_on=date(2026, 12, 3))
    with pytest.raises(ValidationError) as error:
        exam_register(by=staff["teacher"], case=case, exam="PD2", sitting_on=date(2026, 9, 3))
    assert "sitting_on" in error.value.message_dict
    assert exam_register(by=staff["teacher"], case=case, exam="PD2", sitting_on=date(2026, 12, 3)).result == "registered"


@pytest.mark.django_db
def test_moving_to_a_private_school_needs_a_job_first(staff):
    case = make_participant()
    placement = place(case, staff["teacher"])
    with pytest.raises(ValidationError) as error:
        learner_move_to_private_school(by=staff["teacher"], placement=placement, school="Studieskolen", from_on=date(2026, 12, 1))
    assert "from_on" in error.value.message_dict
    make_employment(case=case, started_on=date(2026, 11, 1))
    assert learner_move_to_private_school(by=staff["teacher"], placement=placement, school="Studieskolen", from_on=date(2026, 12, 1)).private_school


@pytest.mark.django_db
def test_joining_a_class_puts_its_lessons_in_the_weekly_plan(staff):
    case = make_participant()
    teaching_class = make_class(kind="sector", weekdays=(0, 2))
    roster_add(by=staff["teacher"], teaching_class=teaching_class, case=case, joined_on=date(2026, 11, 30))
    items = PlanItem.objects.filter(case=case, teaching_class=teaching_class)
    assert sorted(i.weekday for i in items) == [0, 2] and {i.kind for i in items} == {"sector_class"} and items[0].sector == 1


@pytest.mark.django_db
def test_only_programme_participants_join_a_class(staff):
    from tests.factories import make_case

    with pytest.raises(ValidationError):
        roster_add(by=staff["teacher"], teaching_class=make_class(), case=make_case(status="arrived"), joined_on=date(2026, 11, 30))
