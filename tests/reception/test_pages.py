"""The reception pages: forms name the bad field, the flow works without JavaScript, wrong roles are refused."""
from datetime import date, timedelta

import pytest

from tests.factories import make_case, make_household, make_person
from tests.reception.factories import aware, make_appointment, make_referral, make_room
from velkomst.housing.models import Tenancy
from velkomst.reception.models import Appointment, Referral

TODAY = date(2026, 11, 26)
# The pages read the clock: every test here runs on this Thursday morning.
pytestmark = pytest.mark.time_machine(aware(TODAY, 9, 30))

REFERRAL = {
    "first_name": "Oksana", "last_name": "Bondarenko", "cpr": "", "birth_date": "03.04.1985", "gender": "F", "nationality": "Ukraine",
    "languages": "ukrainsk", "interpreter_language": "ukrainsk", "phone": "", "email": "", "target_group": "displaced_ukrainian",
    "decision_date": "02.11.2026", "asylum_centre": "Center Sandholm", "special_considerations": "Diabetes", "pets": "0", "caseworker": "",
}


@pytest.mark.django_db
def test_registering_a_referral_by_form_opens_its_preparation_page(client, staff):
    client.force_login(staff["reception"])
    response = client.post("/reception/referrals/new/", REFERRAL)
    referral = Referral.objects.get()
    assert response["Location"] == f"/reception/referrals/{referral.pk}/"
    assert (referral.asylum_centre, referral.population, referral.special_considerations) == ("Center Sandholm", "ukrainian", "Diabetes")
    html = client.get(response["Location"]).content.decode()
    assert "Oksana Bondarenko" in html and "Diabetes" in html


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [("decision_date", "31.02.2026"), ("first_name", ""), ("cpr", "12345")])
def test_a_bad_referral_names_the_field_and_saves_nothing(client, staff, field, value):
    client.force_login(staff["reception"])
    response = client.post("/reception/referrals/new/", {**REFERRAL, field: value})
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_preparing_and_registering_the_arrival_through_the_pages(client, staff):
    mother = make_person(first_name="Iryna", last_name="Savchenko")
    household = make_household((mother, "applicant"))
    referral = make_referral(case=make_case(person=mother, household=household, status="referred"))
    room = make_room(beds=2)
    client.force_login(staff["reception"])
    today = TODAY.strftime("%d.%m.%Y")
    response = client.post(f"/reception/referrals/{referral.pk}/", {
        "asylum_centre_contacted_on": today, "considerations_health": "Astma", "considerations_recorded_on": today,
        "cpr_activated_on": today, "expected_arrival_on": today, "caseworker": staff["caseworker"].pk})
    assert response.status_code == 302
    assert client.post(f"/reception/referrals/{referral.pk}/room/", {"room": room.pk}).status_code == 302  # the room chooser
    referral.refresh_from_db()
    assert referral.steps_done == 5 and referral.household.cases.get().caseworker == staff["caseworker"]
    response = client.post(f"/reception/referrals/{referral.pk}/arrival/", {"room": room.pk, "arrived_on": today, "start_kit": "on", "keys": "on"})
    assert response.status_code == 302
    tenancy = Tenancy.objects.get()
    assert tenancy.room == room and tenancy.keys_handed_out_on == TODAY and tenancy.lease_signed_on is None


@pytest.mark.django_db
def test_an_arrival_without_a_room_names_the_field(client, staff):
    referral = make_referral()
    client.force_login(staff["reception"])
    response = client.post(f"/reception/referrals/{referral.pk}/arrival/", {"arrived_on": TODAY.strftime("%d.%m.%Y")})
    assert response.status_code == 400 and "room" in response.context["form"].errors


@pytest.mark.django_db
def test_a_clashing_booking_on_the_page_is_shown_on_the_time_field(client, caseworker):
    day = TODAY + timedelta(days=2)
    make_appointment(caseworker=caseworker, starts_at=aware(day, 10))
    case = make_case(caseworker=caseworker)
    client.force_login(caseworker)
    response = client.post(f"/reception/cases/{case.pk}/meetings/", {
        "kind": "welcome", "day": day.strftime("%d.%m.%Y"), "start_time": "10:30", "minutes": "60", "place": "Jobcentret", "caseworker": caseworker.pk})
    assert response.status_code == 400 and "start_time" in response.context["form"].errors
    response = client.post(f"/reception/cases/{case.pk}/meetings/", {
        "kind": "welcome", "day": day.strftime("%d.%m.%Y"), "start_time": "11:00", "minutes": "60", "place": "Jobcentret", "caseworker": caseworker.pk})
    appointment = Appointment.objects.get(case=case)
    assert response["Location"] == f"/reception/meetings/{appointment.pk}/"


@pytest.mark.django_db
def test_the_welcome_meeting_s_checklist_is_kept_when_it_is_held(client, caseworker):
    meeting = make_appointment(kind="welcome", starts_at=aware(TODAY - timedelta(days=1)), caseworker=caseworker)
    client.force_login(caseworker)
    response = client.post(f"/reception/meetings/{meeting.pk}/", {"status": "completed", "residence_card": "on", "mitid": "on", "notes": "Godt møde"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.residence_card, meeting.mitid, meeting.bank_account) == ("completed", True, True, False)


@pytest.mark.django_db
def test_the_recorded_result_and_notes_are_shown_for_editing(client, caseworker):
    meeting = make_appointment(kind="welcome", starts_at=aware(TODAY - timedelta(days=1)), caseworker=caseworker)
    client.force_login(caseworker)
    client.post(f"/reception/meetings/{meeting.pk}/", {"status": "missed", "notes": "Kom ikke; ringet op"})
    form = client.get(f"/reception/meetings/{meeting.pk}/").context["result_form"]
    assert (form["status"].value(), form["notes"].value()) == ("missed", "Kom ikke; ringet op")


@pytest.mark.django_db
def test_the_contract_outcome_is_recorded_on_the_page(client, caseworker):
    case = make_case(status="arrived", caseworker=caseworker)
    meeting = make_appointment(case=case, kind="contract", starts_at=aware(TODAY - timedelta(days=1)), caseworker=caseworker)
    client.force_login(caseworker)
    response = client.post(f"/reception/meetings/{meeting.pk}/", {"readiness": "activity_ready",
                                                                   "contract_signed_on": meeting.day.strftime("%d.%m.%Y")})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.readiness, case.status) == ("activity_ready", "in_programme")


@pytest.mark.django_db
@pytest.mark.parametrize("role, path", [("housing_host", "/reception/worklist/"), ("teacher", "/reception/"), ("caseworker", "/reception/import/"),
                                        ("manager", "/reception/worklist/")])
def test_roles_without_the_capability_are_refused(client, staff, role, path):
    client.force_login(staff[role])
    assert client.get(path).status_code == 403


@pytest.mark.django_db
def test_one_uploader_cannot_open_another_s_referral_list(client, staff):
    from velkomst.reception.models import ReferralImport

    batch = ReferralImport.objects.create(file_name="x.csv", uploaded_by=staff["admin"])
    client.force_login(staff["reception"])
    assert client.get(f"/reception/import/{batch.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_referral_form_records_an_own_room_need_with_its_reason_and_pets_by_kind(client, staff):
    from velkomst.people.services import household_pet_counts

    client.force_login(staff["reception"])
    response = client.post("/reception/referrals/new/", {**REFERRAL, "needs_own_room": "on", "pets_dog": "1", "pets_cat": "1"})
    assert 'href="#id_own_room_reason"' in response.content.decode() and not Referral.objects.exists()
    client.post("/reception/referrals/new/", {**REFERRAL, "needs_own_room": "on", "own_room_reason": "Lægeerklæring",
                                              "pets_dog": "1", "pets_cat": "1"})
    household = Referral.objects.get().household
    assert (household.needs_own_room, household.own_room_reason) == (True, "Lægeerklæring")
    assert household_pet_counts(household) == {"dog": 1, "cat": 1, "other": 0}


@pytest.mark.django_db
def test_the_housing_step_stays_done_after_the_arrival_into_the_reserved_room(client, staff):
    """Issue 15: the reservation becomes the tenancy at the arrival; "temporary housing chosen" must not fall back to undone."""
    from velkomst.housing.services import reservation_make
    from velkomst.reception import selectors

    mother = make_person(first_name="Iryna", last_name="Savchenko")
    household = make_household((mother, "applicant"))
    referral = make_referral(case=make_case(person=mother, household=household, status="referred"))
    room = make_room(beds=2)
    reservation_make(by=staff["reception"], household=household, room=room, expected_arrival_on=TODAY)
    client.force_login(staff["reception"])
    response = client.post(f"/reception/referrals/{referral.pk}/arrival/", {"room": room.pk, "arrived_on": TODAY.strftime("%d.%m.%Y")})
    assert response.status_code == 302 and household.reservations.get().status == "converted"
    fresh = Referral.objects.get(pk=referral.pk)
    assert dict(fresh.checklist)["Midlertidig indkvartering valgt"] is True
    assert dict(selectors.referral_detail(user=staff["reception"], referral_id=referral.pk).checklist)["Midlertidig indkvartering valgt"] is True
    response = client.get(f"/reception/referrals/{referral.pk}/")
    assert "Udført: Midlertidig indkvartering valgt" in response.content.decode()


@pytest.mark.django_db
def test_the_contract_meeting_links_to_the_person_and_the_programme(client, staff):
    """Issue 15: after the contract meeting the next step is the programme, one click away, and the person's record is too."""
    meeting = make_appointment(kind="contract", status="completed", caseworker=staff["caseworker"])
    client.force_login(staff["caseworker"])
    html = client.get(f"/reception/meetings/{meeting.pk}/").content.decode()
    assert f'href="/people/{meeting.case.person_id}/"' in html and f'href="/programme/cases/{meeting.case_id}/"' in html
    client.force_login(staff["reception"])  # reception books meetings but does not see the programme
    html = client.get(f"/reception/meetings/{meeting.pk}/").content.decode()
    assert f'href="/people/{meeting.case.person_id}/"' in html and f'href="/programme/cases/{meeting.case_id}/"' not in html


@pytest.mark.django_db
def test_the_person_page_links_reception_to_the_household_s_referral(client, staff, django_assert_max_num_queries):
    """Issue 15: from the person back to the referral in one click (reception's page; a caseworker does not manage referrals)."""
    mother = make_person(first_name="Iryna", last_name="Savchenko")
    household = make_household((mother, "applicant"))
    referral = make_referral(case=make_case(person=mother, household=household, status="referred"))
    client.force_login(staff["reception"])
    assert f'href="/reception/referrals/{referral.pk}/"' in client.get(f"/people/{mother.pk}/").content.decode()
    client.force_login(staff["caseworker"])
    assert f'href="/reception/referrals/{referral.pk}/"' not in client.get(f"/people/{mother.pk}/").content.decode()
    alone = make_person(first_name="Petro", last_name="Bondar")
    make_household((alone, "applicant"))
    client.force_login(staff["reception"])
    response = client.get(f"/people/{alone.pk}/")  # a household without a referral: no link, no error
    assert response.status_code == 200 and "/reception/referrals/" not in response.content.decode()
