"""A class's day registered by someone else between reading and writing: the later one is told, nothing half-saved."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.programme.factories import make_class, make_participant, on_roster
from tests.reception.factories import aware
from velkomst.education.services import class_attendance_register as attendance_register
from velkomst.programme.models import Attendance

MONDAY = date(2026, 11, 23)


@pytest.mark.django_db
def test_a_clash_with_a_registration_made_a_moment_ago_is_named(staff, monkeypatch):
    teaching_class = make_class()
    first, second = make_participant(), make_participant()
    for case in (first, second):
        on_roster(teaching_class, case)
    original = Attendance.objects.bulk_create

    def other_teacher_first(rows, *args, **kwargs):
        Attendance.objects.create(case=first, on=MONDAY, kind="danish_education", teaching_class=teaching_class, status="present", hours=3)
        return original(rows, *args, **kwargs)

    monkeypatch.setattr(Attendance.objects, "bulk_create", other_teacher_first)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        attendance_register(by=staff["teacher"], teaching_class=teaching_class, on=MONDAY, statuses={first.pk: "absent", second.pk: "present"},
                            now=aware(MONDAY, 15))
    assert "a moment ago" in error.value.message_dict["on"][0]
    assert not Attendance.objects.exists()  # the whole registration rolled back, the simulated one with it
