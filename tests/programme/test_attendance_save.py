"""Registering a class's day again corrects every row: its status, its hours, who registered it and when."""
from datetime import date

import pytest

from tests.programme.factories import make_class, make_participant, on_roster
from tests.reception.factories import aware
from velkomst.education.services import class_attendance_register
from velkomst.programme.models import Attendance

MONDAY = date(2026, 11, 23)


@pytest.mark.django_db
def test_a_second_registration_corrects_each_row_as_chosen(staff):
    teaching_class = make_class(weekdays=range(7), starts_on=date(2026, 1, 5))
    cases = [make_participant() for _ in range(4)]
    for case in cases:
        on_roster(teaching_class, case)
    first = dict(zip((c.pk for c in cases), ["present", "absent", "excused", "present"]))
    class_attendance_register(by=staff["teacher"], teaching_class=teaching_class, on=MONDAY, statuses=first, now=aware(MONDAY, 12))
    second = dict(zip((c.pk for c in cases), ["absent", "present", "excused", "present"]))
    class_attendance_register(by=staff["colleague"], teaching_class=teaching_class, on=MONDAY, statuses=second, now=aware(MONDAY, 15))
    rows = {a.case_id: a for a in Attendance.objects.filter(on=MONDAY)}
    assert len(rows) == 4
    assert {pk: rows[pk].status for pk in rows} == second
    full = rows[cases[1].pk].hours
    assert full > 0 and rows[cases[0].pk].hours == 0 and rows[cases[2].pk].hours == 0 and rows[cases[3].pk].hours == full
    assert {a.registered_by_id for a in rows.values()} == {staff["colleague"].pk}
    assert {a.registered_at for a in rows.values()} == {aware(MONDAY, 15)}
