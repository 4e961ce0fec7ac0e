"""Preparation, arrival, booking and the contract meeting's outcome, through the services."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_case, make_household, make_person
from tests.reception.factories import aware, make_appointment, make_referral, make_room
from velkomst.housing.models import Tenancy
from velkomst.housing.services import MoveInChecklist
from velkomst.people.models import Case
from velkomst.reception import services
from velkomst.reception.models import Appointment, Referral
from velkomst.rules.deadlines import programme_start

TODAY = date(2026, 11, 26)  # a Thursday; the services are given the day, so every test runs on it


def referred_family():
    mother = make_person(first_name="Iryna", last_name="Savchenko", birth_date=date(1988, 3, 1))
    son = make_person(first_name="Maksym", last_name="Savchenko", gender="M", birth_date=date(2016, 6, 1))
    household = make_household((mother, "applicant"), (son, "child"))
    decision = TODAY - timedelta(days=20)
    mother_case = make_case(person=mother, household=household, status="referred", referral_decision_date=decision,
                            takeover_date=decision + timedelta(days=21))
    make_case(person=son, household=household, status="referred", referral_decision_date=decision)
    return make_referral(case=mother_case), mother_case


@pytest.mark.django_db
def test_registering_the_arrival_moves_the_household_in_and_marks_the_cases_arrived(staff):
    referral, mother_case = referred_family()
    room = make_room(beds=3)
    today = TODAY
    services.arrival_register(by=staff["reception"], referral=referral, room=room, arrived_on=today,
                              checklist=MoveInChecklist(start_kit_on=today, keys_handed_out_on=today, food_distribution=True), today=TODAY)
    tenancy = Tenancy.objects.get(household=referral.household)
    assert (tenancy.room, tenancy.persons, tenancy.start_kit_on, tenancy.food_distribution) == (room, 2, today, True)
    assert set(Case.objects.values_list("status", flat=True)) == {"arrived"}
    assert Case.objects.get(pk=mother_case.pk).arrival_date == today
    assert Referral.objects.get(pk=referral.pk).status == "arrived"
    # The adult's first meetings are waiting to be booked; the child has none.
    assert set(Appointment.objects.values_list("case_id", "kind", "status")) == {
        (mother_case.pk, "welcome", "required"), (mother_case.pk, "contract", "required")}


@pytest.mark.django_db
def test_an_arrival_the_housing_rules_refuse_names_the_room_and_changes_nothing(staff):
    referral, _ = referred_family()
    single_bed = make_room(beds=1)
    with pytest.raises(ValidationError) as refused:
        services.arrival_register(by=staff["reception"], referral=referral, room=single_bed, arrived_on=TODAY, today=TODAY)
    assert "room" in refused.value.message_dict
    assert "1 seng" in refused.value.message_dict["room"][0]  # Danish, the default language
    assert not Tenancy.objects.exists() and set(Case.objects.values_list("status", flat=True)) == {"referred"}


@pytest.mark.django_db
def test_choosing_a_room_while_preparing_checks_the_housing_rules(staff):
    referral, _ = referred_family()
    with pytest.raises(ValidationError) as refused:
        services.referral_prepare(by=staff["reception"], referral=referral, changes={"planned_room": make_room(beds=1)}, today=TODAY)
    assert "planned_room" in refused.value.message_dict
    room = make_room(beds=2)
    services.referral_prepare(by=staff["reception"], referral=referral, changes={"planned_room": room, "asylum_centre_contacted_on": date(2026, 11, 20)},
                              today=TODAY)
    referral.refresh_from_db()
    assert referral.planned_room == room and referral.steps_done == 2


@pytest.mark.django_db
def test_a_booking_that_clashes_with_the_caseworker_s_other_meeting_is_refused_on_the_time(staff):
    caseworker = staff["caseworker"]
    day = TODAY + timedelta(days=2)
    make_appointment(caseworker=caseworker, starts_at=aware(day, 10), minutes=60)
    case = make_case(caseworker=caseworker)
    with pytest.raises(ValidationError) as refused:
        services.appointment_book(by=caseworker, case=case, kind="welcome", starts_at=aware(day, 10, 30), minutes=60, place="Jobcentret",
                                  caseworker=caseworker, today=TODAY)
    assert list(refused.value.message_dict) == ["starts_at"]
    assert "sagsbehandleren" in refused.value.message_dict["starts_at"][0]  # whose meeting it clashes with (Danish by default)
    booked = services.appointment_book(by=caseworker, case=case, kind="welcome", starts_at=aware(day, 11), minutes=60, place="Jobcentret",
                                       caseworker=caseworker, today=TODAY)
    assert booked.status == "planned" and booked.ends_at == aware(day, 12)


@pytest.mark.django_db
def test_booking_fills_the_meeting_that_was_waiting_to_be_booked(staff):
    waiting = make_appointment(kind="welcome", status="required")
    day = TODAY + timedelta(days=3)
    booked = services.appointment_book(by=staff["reception"], case=waiting.case, kind="welcome", starts_at=aware(day, 9), minutes=45,
                                       place="Borgercenter", caseworker=None, today=TODAY)
    assert booked.pk == waiting.pk and booked.status == "planned"
    assert waiting.case.journal.filter(text__contains=day.strftime("%d.%m.%Y")).exists()


@pytest.mark.django_db
def test_a_booking_in_the_past_is_refused_on_the_time(staff):
    with pytest.raises(ValidationError) as refused:
        services.appointment_book(by=staff["reception"], case=make_case(), kind="welcome", minutes=60, place="Jobcentret",
                                  starts_at=aware(TODAY - timedelta(days=1), 23, 30), today=TODAY)
    assert "starts_at" in refused.value.message_dict
    # Earlier the same day is still today (the check is by day, in Copenhagen time).
    booked = services.appointment_book(by=staff["reception"], case=make_case(), kind="welcome", minutes=60, place="Jobcentret",
                                       starts_at=aware(TODAY, 0, 30), today=TODAY)
    assert booked.status == "planned"


@pytest.mark.django_db
def test_a_meeting_is_completed_or_missed_only_once_it_has_started(staff):
    meeting = make_appointment(kind="welcome", starts_at=aware(TODAY, 10))
    with pytest.raises(ValidationError) as refused:
        services.appointment_status_set(by=staff["caseworker"], appointment=meeting, status="missed", now=aware(TODAY, 9, 59))
    assert "status" in refused.value.message_dict
    services.appointment_status_set(by=staff["caseworker"], appointment=meeting, status="missed", now=aware(TODAY, 10))
    meeting.refresh_from_db()
    assert meeting.status == "missed"


@pytest.mark.django_db
def test_the_contract_outcome_sets_readiness_and_starts_the_programme_the_next_week(staff):
    case = make_case(status="arrived")
    meeting_day = TODAY - timedelta(days=1)
    meeting = make_appointment(case=case, kind="contract", starts_at=aware(meeting_day, 13))
    with pytest.raises(ValidationError) as refused:  # signed tomorrow: not yet
        services.contract_outcome_record(by=staff["caseworker"], appointment=meeting, readiness="job_ready", contract_signed_on=TODAY + timedelta(days=1),
                                         today=TODAY)
    assert list(refused.value.message_dict) == ["contract_signed_on"]
    services.contract_outcome_record(by=staff["caseworker"], appointment=meeting, readiness="job_ready", contract_signed_on=meeting_day,
                                     today=TODAY)
    meeting.refresh_from_db()
    case.refresh_from_db()
    expected = programme_start(meeting_day)
    assert expected.weekday() == 0 or expected > meeting_day + timedelta(days=7 - meeting_day.weekday())  # a Monday unless a holiday
    assert (meeting.status, meeting.readiness, meeting.programme_start_on) == ("completed", "job_ready", expected)
    assert (case.readiness, case.status) == ("job_ready", "in_programme")
    assert case.status_changes.filter(status="in_programme", on=expected).exists()


def test_the_programme_starts_on_the_first_working_day_of_the_following_week():
    assert programme_start(date(2026, 11, 26)) == date(2026, 11, 30)  # Thursday -> Monday
    assert programme_start(date(2026, 3, 31)) == date(2026, 4, 7)  # Easter Monday 6 April is a holiday


@pytest.mark.django_db
def test_a_contract_outcome_without_readiness_names_the_field(staff):
    meeting = make_appointment(kind="contract", starts_at=aware(TODAY - timedelta(days=1)))
    with pytest.raises(ValidationError) as refused:
        services.contract_outcome_record(by=staff["caseworker"], appointment=meeting, readiness="", contract_signed_on=TODAY, today=TODAY)
    assert "readiness" in refused.value.message_dict
