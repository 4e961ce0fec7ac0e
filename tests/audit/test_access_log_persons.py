"""A page that names several persons writes one access-log row per person, in one statement whatever their number."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import make_person
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_persons

MOMENT = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.mark.django_db
@time_machine.travel(MOMENT, tick=False)
def test_one_row_per_person_named_with_who_what_why_and_when(staff):
    persons = [make_person() for _ in range(3)]
    named = [persons[2], persons[0].pk, persons[2].pk, None, persons[1]]  # objects or ids, repeated, an empty slot
    assert access_log_persons(user=staff["reception"], persons=named, what="worklist") == 3
    rows = list(AccessLog.objects.order_by("person_id").values("at", "user_id", "action", "object_type", "object_id", "person_id",
                                                                "purpose", "criteria"))
    assert rows == [{"at": MOMENT, "user_id": staff["reception"].pk, "action": "read", "object_type": "worklist", "object_id": "",
                     "person_id": person.pk, "purpose": "reception", "criteria": None} for person in sorted(persons, key=lambda p: p.pk)]


@pytest.mark.django_db
def test_the_action_and_purpose_given_are_kept_and_the_page_s_name_is_cut_to_its_column(staff):
    person = make_person()
    access_log_persons(user=staff["caseworker"], persons=[person], what="x" * 60, action=AccessLog.Action.EXPORT,
                       purpose=AccessLog.Purpose.CITIZEN_REQUEST)
    row = AccessLog.objects.get()
    assert (row.action, row.purpose, row.object_type) == ("export", "citizen_request", "x" * 40)


@pytest.mark.django_db
def test_many_persons_are_one_statement_and_none_is_no_statement(staff, django_assert_num_queries):
    ids = [make_person().pk for _ in range(120)]
    assert staff["manager"].role  # the role (the purpose) is read once per request, before the page's writes
    with django_assert_num_queries(1):
        assert access_log_persons(user=staff["manager"], persons=ids, what="export") == 120
    with django_assert_num_queries(0):
        assert access_log_persons(user=staff["manager"], persons=[None], what="export") == 0
    assert AccessLog.objects.filter(object_type="export").count() == 120
