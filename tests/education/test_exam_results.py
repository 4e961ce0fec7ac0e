"""The results of the final Danish exams (PD1–3, Studieprøven) are recorded on the education case by teachers and
caseworkers: the day, passed or not (or absent), the grade; with history, on the learner's page and the person's timeline."""
from datetime import date, datetime
from datetime import timezone as dt_timezone

import pytest
from django.core.exceptions import ValidationError

from tests.programme.factories import make_participant
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.education.models import ExamRegistration
from velkomst.education.services import Schooling, exam_register, exam_result_record, learner_place
from velkomst.people.models import JournalEntry

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(datetime(2026, 12, 15, 9, tzinfo=dt_timezone.utc))]
TODAY = date(2026, 12, 15)


def learner(by, track="DU2", **kw):
    case = make_participant(started_on=date(2026, 1, 5))
    learner_place(by=by, case=case, schooling=Schooling(8, True, True, False), track=track, reason="Screenet.",
                  started_on=date(2026, 1, 5), **kw)
    return case


def url(case):
    return f"/education/cases/{case.pk}/results/"


@pytest.mark.parametrize("who", ["teacher", "caseworker"])
def test_a_teacher_or_caseworker_records_a_passed_pd2_with_its_grade(client, staff, who):
    case = learner(staff["teacher"])
    client.force_login(staff[who])
    assert client.get(url(case)).status_code == 200
    response = client.post(url(case), {"exam": "PD2", "sitting_on": "10.12.2026", "result": "passed", "grade": "7"})
    assert response.status_code == 302
    exam = ExamRegistration.objects.get(case=case)
    assert (exam.exam, exam.sitting_on, exam.result, exam.grade, exam.result_by) == ("PD2", date(2026, 12, 10), "passed", "7", staff[who])
    assert "Prøve i Dansk 2, 10.12.2026: Bestået (karakter 7)" in client.get(f"/education/cases/{case.pk}/").content.decode()
    assert JournalEntry.objects.filter(case=case, text="Prøve i Dansk 2 den 10.12.2026: Bestået, karakter 7.").exists()
    assert AccessLog.objects.filter(action="create", object_type="examregistration", person=case.person, user=staff[who]).exists()


def test_the_result_lands_on_the_registration_for_that_sitting_with_its_history(staff):
    case = learner(staff["teacher"])
    registration = exam_register(by=staff["teacher"], case=case, exam="PD2", sitting_on=date(2026, 12, 1))
    exam_result_record(by=staff["caseworker"], case=case, exam="PD2", sitting_on=date(2026, 12, 1), result="failed", grade="00", today=TODAY)
    registration.refresh_from_db()
    assert (registration.result, registration.grade) == ("failed", "00")
    assert ExamRegistration.objects.count() == 1
    changes = dict(FieldChange.objects.filter(object_type="examregistration", object_id=str(registration.pk)).values_list("field", "new_value"))
    assert changes == {"result": "failed", "grade": "00", "result_by": str(staff["caseworker"].pk)}
    # Corrected later: the history keeps both.
    exam_result_record(by=staff["teacher"], case=case, exam="PD2", sitting_on=date(2026, 12, 1), result="passed", grade="02", today=TODAY)
    assert FieldChange.objects.filter(object_type="examregistration", field="result").count() == 2


@pytest.mark.parametrize("data, field", [
    ({"exam": "PD2", "sitting_on": "16.12.2026", "result": "passed"}, "sitting_on"),  # tomorrow: the form's date rule
    ({"exam": "PD2", "sitting_on": "10.03.2026", "result": "passed"}, "sitting_on"),  # no exams in March
    ({"exam": "PD3", "sitting_on": "10.12.2026", "result": "passed"}, "exam"),  # DU2 ends with PD2
    ({"exam": "PD2", "sitting_on": "10.12.2026", "result": ""}, "result"),  # no default result
    ({"exam": "PD2", "sitting_on": "10.12.2026", "result": "passed", "grade": "00"}, "grade"),
    ({"exam": "PD2", "sitting_on": "10.12.2026", "result": "failed", "grade": "4"}, "grade"),
    ({"exam": "PD2", "sitting_on": "10.12.2026", "result": "absent", "grade": "-3"}, "grade"),
])
def test_a_bad_result_is_refused_naming_the_field_and_nothing_is_saved(client, staff, data, field):
    case = learner(staff["teacher"])
    client.force_login(staff["teacher"])
    response = client.post(url(case), data)
    assert response.status_code == 400
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not ExamRegistration.objects.exists()
    assert not JournalEntry.objects.filter(case=case, text__contains="Prøve i Dansk").exists()


def test_studieproeven_needs_du3_with_the_optional_sixth_module(staff):
    case = learner(staff["teacher"], track="DU3")
    with pytest.raises(ValidationError) as error:
        exam_result_record(by=staff["teacher"], case=case, exam="SP", sitting_on=date(2026, 12, 1), result="passed", grade="", today=TODAY)
    assert "6. modul" in error.value.message_dict["exam"][0]
    exam_result_record(by=staff["teacher"], case=case, exam="PD3", sitting_on=date(2026, 12, 1), result="passed", grade="10", today=TODAY)
    optional = learner(staff["teacher"], track="DU3", with_optional_module=True)
    assert exam_result_record(by=staff["teacher"], case=optional, exam="SP", sitting_on=date(2026, 12, 1), result="passed", grade="",
                              today=TODAY).result == "passed"


def test_the_service_refuses_a_future_exam_date_whatever_the_caller(staff):
    case = learner(staff["teacher"])
    with pytest.raises(ValidationError) as error:
        exam_result_record(by=staff["teacher"], case=case, exam="PD2", sitting_on=date(2026, 12, 16), result="passed", grade="", today=TODAY)
    assert "fremtiden" in error.value.message_dict["sitting_on"][0]


@pytest.mark.parametrize("who", ["company_consultant", "reception", "housing_host", "manager"])
def test_other_roles_are_refused(client, staff, who):
    case = learner(staff["teacher"])
    client.force_login(staff[who])
    assert client.get(url(case)).status_code == 403
    assert client.post(url(case), {"exam": "PD2", "sitting_on": "10.12.2026", "result": "passed"}).status_code == 403
    assert not ExamRegistration.objects.exists()
