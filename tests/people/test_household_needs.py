"""The household's first benefit payment and its housing needs: one service each, used by the page, the imports and the
API; proposals read them as they are on the day; the own-room reason is restricted."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_case
from tests.housing.factories import make_location, make_room, make_single
from tests.reception.factories import aware
from velkomst.allocation import services as allocation
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.housing.spec import households_for_allocation
from velkomst.people import services
from velkomst.people.models import Household, JournalEntry

TODAY = date(2026, 11, 26)
pytestmark = pytest.mark.time_machine(aware(TODAY, 9))


def fresh(household) -> Household:
    """The household as the proposal page reads it at the moment of the proposal."""
    return households_for_allocation().get(pk=household.pk)


def household_of(case) -> Household:
    return Household.objects.get(pk=case.household_id)


# --- the first benefit payment ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_first_benefit_payment_is_recorded_with_history_timeline_and_access_log(caseworker):
    case = make_case(referral_decision_date=date(2026, 10, 1))
    services.household_benefit_payment_set(by=caseworker, household=case.household, paid_on=date(2026, 11, 20), today=TODAY)
    assert household_of(case).first_benefit_payment_on == date(2026, 11, 20)
    change = FieldChange.objects.get(object_type="household", field="first_benefit_payment_on")
    assert (change.old_value, change.person_id, change.user) == ("", case.person_id, caseworker)
    assert JournalEntry.objects.filter(case=case, text__contains="20.11.2026").exists()
    assert AccessLog.objects.filter(user=caseworker, action="change", person=case.person).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("paid_on", [TODAY + timedelta(days=1), date(2026, 9, 30)])
def test_a_payment_in_the_future_or_before_the_referral_decision_is_refused_on_its_field(caseworker, paid_on):
    case = make_case(referral_decision_date=date(2026, 10, 1))
    with pytest.raises(ValidationError) as refused:
        services.household_benefit_payment_set(by=caseworker, household=case.household, paid_on=paid_on, today=TODAY)
    assert list(refused.value.message_dict) == ["first_benefit_payment_on"]
    assert household_of(case).first_benefit_payment_on is None


@pytest.mark.django_db
def test_a_household_paid_yesterday_is_proposed_into_a_location_without_food_distribution(staff):
    make_location(code="modtagelse", food_distribution=True)  # full: no free room
    plain = make_location(code="almindelig", food_distribution=False)
    make_room(plain, number="2", beds=2)
    household = make_single(first_benefit_payment_on=None, referral_decision_date=date(2026, 10, 1))
    first = allocation.proposal_create(by=staff["reception"], households=[household], move_in_on=TODAY)
    assert first.plan["assignments"] == []  # still needs food distribution: only the (full) reception location would do
    services.household_benefit_payment_set(by=staff["reception"], household=household, paid_on=TODAY - timedelta(days=1), today=TODAY)
    second = allocation.proposal_create(by=staff["reception"], households=[fresh(household)], move_in_on=TODAY)
    assert [a["room"] for a in second.plan["assignments"]] == ["almindelig/2"]


# --- needs ---------------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_needs_change_with_pets_by_kind_and_a_restricted_event_for_the_own_room(caseworker):
    case = make_case()
    services.household_needs_change(by=caseworker, household=case.household, needs_step_free=True, needs_own_room=True,
                                    own_room_reason="Lægeerklæring 12.11.2026", pets={"dog": 1, "cat": 2})
    household = household_of(case)
    assert (household.needs_step_free, household.needs_own_room, household.own_room_reason) == (True, True, "Lægeerklæring 12.11.2026")
    assert services.household_pet_counts(household) == {"dog": 1, "cat": 2, "other": 0}
    events = {(e.text, e.restricted) for e in JournalEntry.objects.filter(case=case, kind="event")}
    assert any(restricted and "eget værelse" in text.lower() for text, restricted in events) or any(restricted for _t, restricted in events)
    assert all("Lægeerklæring" not in text for text, _r in events)
    assert {c.field for c in FieldChange.objects.filter(object_type="household")} >= {"needs_step_free", "needs_own_room", "own_room_reason", "pets_dog", "pets_cat"}
    services.household_needs_change(by=caseworker, household=household, needs_step_free=True, needs_own_room=True,
                                    own_room_reason="Lægeerklæring 12.11.2026", pets={"dog": 0, "cat": 1})
    assert services.household_pet_counts(household_of(case)) == {"dog": 0, "cat": 1, "other": 0}


@pytest.mark.django_db
def test_a_room_of_their_own_without_a_reason_is_refused_and_nothing_is_saved(caseworker):
    case = make_case()
    with pytest.raises(ValidationError) as refused:
        services.household_needs_change(by=caseworker, household=case.household, needs_step_free=True, needs_own_room=True,
                                        own_room_reason="", pets={"dog": 1})
    assert list(refused.value.message_dict) == ["own_room_reason"]
    household = household_of(case)
    assert (household.needs_step_free, household.pets.count()) == (False, 0)


@pytest.mark.django_db
def test_more_than_twenty_pets_are_refused_on_pets(caseworker):
    case = make_case()
    with pytest.raises(ValidationError) as refused:
        services.household_needs_change(by=caseworker, household=case.household, needs_step_free=False, needs_own_room=False,
                                        own_room_reason="", pets={"dog": 15, "cat": 6})
    assert list(refused.value.message_dict) == ["pets"]


@pytest.mark.django_db
def test_a_need_changed_after_registration_changes_the_proposal_s_instance(staff):
    location = make_location(code="vest")
    make_room(location, number="1", beds=2)
    household = make_single()
    before = allocation.proposal_create(by=staff["reception"], households=[household], move_in_on=TODAY)
    [entry] = [h for h in before.instance["households"] if h["id"] == f"h{household.pk}"]
    assert not entry.get("needs_accessible") and not entry.get("needs_own_room") and entry["pets"] == 0
    services.household_needs_change(by=staff["reception"], household=household, needs_step_free=True, needs_own_room=True,
                                    own_room_reason="Dokumenteret", pets={"dog": 1})
    after = allocation.proposal_create(by=staff["reception"], households=[fresh(household)], move_in_on=TODAY)
    [entry] = [h for h in after.instance["households"] if h["id"] == f"h{household.pk}"]
    assert (entry["needs_accessible"], entry.get("needs_own_room"), entry["pets"]) == (True, True, 1)


# --- the page ------------------------------------------------------------------------------------------------------

def page(case):
    return f"/people/{case.person_id}/household/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["reception", "caseworker"])
def test_reception_and_caseworkers_change_needs_and_the_payment_from_the_person_page(client, staff, role):
    case = make_case(referral_decision_date=date(2026, 10, 1))
    client.force_login(staff[role])
    assert f'href="{page(case)}"' in client.get(f"/people/{case.person_id}/").content.decode()
    assert client.get(page(case)).status_code == 200
    response = client.post(page(case), {"form": "needs", "needs_step_free": "on", "pets_dog": "1", "pets_cat": "", "pets_other": "0"})
    assert response.status_code == 302
    response = client.post(page(case), {"form": "benefit", "first_benefit_payment_on": "20.11.2026"})
    assert response.status_code == 302
    household = household_of(case)
    assert (household.needs_step_free, household.first_benefit_payment_on, household.pets.get().kind) == (True, date(2026, 11, 20), "dog")
    assert AccessLog.objects.filter(user=staff[role], action="read", person=case.person).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["housing_host", "teacher", "company_consultant", "manager"])
def test_other_roles_are_refused_the_household_page(client, staff, role):
    case = make_case()
    client.force_login(staff[role])
    assert client.get(page(case)).status_code == 403
    assert client.post(page(case), {"form": "benefit", "first_benefit_payment_on": "20.11.2026"}).status_code == 403
    assert household_of(case).first_benefit_payment_on is None


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client):
    case = make_case()
    assert client.get(page(case))["Location"].startswith("/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("value, message", [("27.11.2026", "Skriv en dato fra"), ("30.09.2026", "før visitationen"), ("31.02.2026", "")])
def test_a_bad_payment_date_is_named_on_its_field_and_nothing_is_saved(client, caseworker, value, message):
    case = make_case(referral_decision_date=date(2026, 10, 1))
    client.force_login(caseworker)
    response = client.post(page(case), {"form": "benefit", "first_benefit_payment_on": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_first_benefit_payment_on"' in html and message in html
    assert household_of(case).first_benefit_payment_on is None


@pytest.mark.django_db
def test_an_own_room_without_reason_and_too_many_pets_are_named_on_their_fields(client, caseworker):
    case = make_case()
    client.force_login(caseworker)
    html = client.post(page(case), {"form": "needs", "needs_own_room": "on", "pets_dog": "30"}).content.decode()
    assert 'href="#id_pets_dog"' in html
    html = client.post(page(case), {"form": "needs", "needs_own_room": "on", "pets_dog": "1"}).content.decode()
    assert 'href="#id_own_room_reason"' in html
    assert household_of(case).needs_own_room is False


@pytest.mark.django_db
def test_the_own_room_reason_is_shown_only_to_roles_that_see_restricted_information_and_kept_when_reception_saves(client, staff):
    case = make_case()
    services.household_needs_change(by=staff["caseworker"], household=case.household, needs_step_free=False, needs_own_room=True,
                                    own_room_reason="Lægeerklæring om PTSD", pets=0)
    client.force_login(staff["caseworker"])
    assert "Lægeerklæring om PTSD" in client.get(f"/people/{case.person_id}/").content.decode()
    assert "Lægeerklæring om PTSD" in client.get(page(case)).content.decode()
    client.force_login(staff["reception"])
    assert "Lægeerklæring om PTSD" not in client.get(f"/people/{case.person_id}/").content.decode()
    assert "Lægeerklæring om PTSD" not in client.get(page(case)).content.decode()
    assert client.post(page(case), {"form": "needs", "needs_own_room": "on", "needs_step_free": "on"}).status_code == 302
    household = household_of(case)
    assert (household.needs_step_free, household.own_room_reason) == (True, "Lægeerklæring om PTSD")
