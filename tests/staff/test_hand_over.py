"""Handing a caseworker's open cases over to a colleague in one action: all or some, a confirmation that says how many,
one change-history row and one access-log row per case, closed cases left where they are, nothing moved on bad input."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_staff
from tests.factories import make_case
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.people.models import Case, JournalEntry
from velkomst.staff import services

TODAY = date(2026, 11, 26)


@pytest.fixture
def cases(caseworker):
    return [make_case(caseworker=caseworker) for _ in range(3)] + [make_case(caseworker=caseworker, status="closed")]


def test_all_open_cases_are_handed_over_with_a_history_row_and_an_access_log_row_each(admin_user, caseworker, staff, cases):
    colleague = staff["colleague"]
    moved = services.cases_hand_over(by=admin_user, from_user=caseworker, to_user=colleague, case_ids=[c.pk for c in cases[:3]], today=TODAY)
    assert moved == 3
    assert set(Case.objects.filter(caseworker=colleague)) == set(cases[:3])
    assert Case.objects.get(pk=cases[3].pk).caseworker == caseworker  # a closed case stays
    for case in cases[:3]:
        change = FieldChange.objects.get(object_type="case", object_id=str(case.pk), field="caseworker")
        assert (change.old_value, change.new_value, change.user, change.person) == (str(caseworker.pk), str(colleague.pk), admin_user, case.person)
        assert AccessLog.objects.filter(user=admin_user, action="change", object_type="case", object_id=str(case.pk)).count() == 1
        assert JournalEntry.objects.filter(case=case, author=admin_user).exists()


def test_a_case_no_longer_open_with_the_caseworker_stops_the_whole_hand_over(admin_user, caseworker, staff, cases):
    with pytest.raises(ValidationError) as error:
        services.cases_hand_over(by=admin_user, from_user=caseworker, to_user=staff["colleague"], case_ids=[cases[0].pk, cases[3].pk], today=TODAY)
    assert "cases" in error.value.message_dict
    assert not Case.objects.filter(caseworker=staff["colleague"]).exists() and not FieldChange.objects.exists()


def test_the_receiving_caseworker_must_be_an_active_caseworker_and_another_one(admin_user, caseworker, staff, cases):
    ids = [cases[0].pk]
    for to_user in (caseworker, staff[roles.RECEPTION], make_staff("gone", roles.CASEWORKER, is_active=False)):
        with pytest.raises(ValidationError) as error:
            services.cases_hand_over(by=admin_user, from_user=caseworker, to_user=to_user, case_ids=ids, today=TODAY)
        assert "to_user" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.cases_hand_over(by=admin_user, from_user=caseworker, to_user=staff["colleague"], case_ids=[], today=TODAY)


def test_the_page_lists_the_open_cases_asks_for_confirmation_with_the_count_and_hands_them_over(client, admin_user, caseworker, staff, cases):
    colleague = staff["colleague"]
    client.force_login(admin_user)
    listing = client.get(f"/staff/hand-over/?from_user={caseworker.pk}")
    assert {case.pk for case in listing.context["cases"]} == {case.pk for case in cases[:3]}
    assert AccessLog.objects.filter(user=admin_user, action="read", criteria__list="open_cases_to_hand_over").count() == 1
    review = client.post("/staff/hand-over/", {"from_user": caseworker.pk, "to_user": colleague.pk, "all_cases": "on", "action": "review"})
    assert review.status_code == 200 and review.context["confirm"]["count"] == 3
    assert not Case.objects.filter(caseworker=colleague).exists()  # nothing moved before the confirmation
    some = client.post("/staff/hand-over/", {"from_user": caseworker.pk, "to_user": colleague.pk, "cases": [cases[0].pk], "action": "review"})
    assert some.context["confirm"]["count"] == 1
    ticked = client.post("/staff/hand-over/", {"from_user": caseworker.pk, "to_user": colleague.pk, "all_cases": "on", "cases": [cases[0].pk],
                                               "action": "review"})
    assert ticked.context["confirm"]["case_ids"] == [cases[0].pk]  # cases ticked one by one win over "all"
    done = client.post("/staff/hand-over/", {"from_user": caseworker.pk, "to_user": colleague.pk, "cases": [cases[0].pk, cases[1].pk],
                                             "action": "confirm"})
    assert done.status_code == 302
    assert set(Case.objects.filter(caseworker=colleague)) == {cases[0], cases[1]}


def test_bad_hand_over_input_is_named_and_moves_nothing(client, admin_user, caseworker, staff, cases):
    client.force_login(admin_user)
    same = client.post("/staff/hand-over/", {"from_user": caseworker.pk, "to_user": caseworker.pk, "all_cases": "on", "action": "confirm"})
    assert same.status_code == 400 and "to_user" in same.context["form"].errors
    nothing = client.post("/staff/hand-over/", {"from_user": caseworker.pk, "to_user": staff["colleague"].pk, "action": "confirm"})
    assert nothing.status_code == 400 and "cases" in nothing.context["form"].errors
    closed = client.post("/staff/hand-over/", {"from_user": caseworker.pk, "to_user": staff["colleague"].pk, "cases": [cases[3].pk],
                                               "action": "confirm"})
    assert closed.status_code == 400 and "cases" in closed.context["form"].errors
    assert client.post("/staff/hand-over/", {"from_user": "999999"}).status_code == 200  # no such caseworker: a message, no form
    assert not Case.objects.filter(caseworker=staff["colleague"]).exists()


def test_the_cases_of_a_colleague_who_left_can_still_be_handed_over(admin_user, caseworker, staff, cases):
    services.staff_active_set(by=admin_user, user=caseworker, active=False)
    assert services.cases_hand_over(by=admin_user, from_user=caseworker, to_user=staff["colleague"], case_ids=[cases[0].pk], today=TODAY) == 1


@pytest.mark.parametrize("role", [roles.CASEWORKER, roles.RECEPTION, roles.MANAGER, roles.TEACHER])
def test_only_the_administrator_hands_cases_over(client, staff, caseworker, cases, role):
    client.force_login(staff[role])
    assert client.get(f"/staff/hand-over/?from_user={caseworker.pk}").status_code == 403
    response = client.post("/staff/hand-over/", {"from_user": caseworker.pk, "to_user": staff["colleague"].pk, "all_cases": "on",
                                                 "action": "confirm"})
    assert response.status_code == 403 and not Case.objects.filter(caseworker=staff["colleague"]).exists()
