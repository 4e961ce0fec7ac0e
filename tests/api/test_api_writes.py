"""Writes through the API call the same services as the pages; bad input names the field."""
from datetime import date

import pytest

from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.housing.models import Tenancy
from velkomst.people.models import Case, Person


@pytest.mark.django_db
def test_registering_a_person_opens_a_case_and_logs_the_creation(api_as, staff):
    client = api_as(staff[roles.RECEPTION])
    response = client.post("/api/persons/", {
        "first_name": "Iryna", "last_name": "Bondarenko", "cpr": "0203851234", "target_group": "displaced_ukrainian",
        "referral_decision_date": "2026-11-02",
    }, format="json")
    assert response.status_code == 201, response.json()
    case = Case.objects.get(pk=response.json()["id"])
    assert case.person.birth_date == date(1985, 3, 2) and case.person.gender == "F"
    assert case.takeover_date is not None
    assert AccessLog.objects.filter(user=staff[roles.RECEPTION], action="create", person=case.person).exists()


@pytest.mark.django_db
def test_a_bad_cpr_number_is_refused_naming_the_field(api_as, staff):
    response = api_as(staff[roles.RECEPTION]).post("/api/persons/", {
        "first_name": "Iryna", "last_name": "Bondarenko", "cpr": "12345", "target_group": "displaced_ukrainian",
        "referral_decision_date": "2026-11-02",
    }, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cpr"]
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_missing_fields_are_each_named(api_as, staff):
    response = api_as(staff[roles.RECEPTION]).post("/api/persons/", {"first_name": "Iryna"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"last_name", "target_group", "referral_decision_date"}


@pytest.mark.django_db
def test_a_referral_with_members_makes_one_household_and_a_case_each(api_as, staff):
    response = api_as(staff[roles.RECEPTION]).post("/api/referrals/", {
        "applicant": {"first_name": "Oksana", "last_name": "Melnyk", "birth_date": "1987-04-12", "gender": "F"},
        "members": [{"first_name": "Taras", "last_name": "Melnyk", "birth_date": "2016-09-01", "gender": "M", "relation": "child"}],
        "target_group": "displaced_ukrainian", "decision_date": "2026-11-16",
    }, format="json")
    assert response.status_code == 201, response.json()
    assert len(response.json()["cases"]) == 2


@pytest.mark.django_db
def test_a_bad_member_names_the_member_and_the_field_and_nothing_is_kept(api_as, staff):
    response = api_as(staff[roles.RECEPTION]).post("/api/referrals/", {
        "applicant": {"first_name": "Oksana", "last_name": "Melnyk", "birth_date": "1987-04-12", "gender": "F"},
        "members": [{"first_name": "Taras", "last_name": "Melnyk", "gender": "M", "relation": "child"}],
        "target_group": "displaced_ukrainian", "decision_date": "2026-11-16",
    }, format="json")
    assert response.status_code == 400
    assert "members.0.birth_date" in response.json()["errors"]
    assert not Person.objects.exists()


CSV = ("household;relation;first_name;last_name;birth_date;gender;referral_decision_date;population\n"
       "1;applicant;Oksana;Melnyk;12.04.1987;F;16.11.2026;ukrainian\n"
       "1;child;Taras;Melnyk;01.09.2016;M;16.11.2026;ukrainian\n")


def _upload(content: str, name="liste.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


@pytest.mark.django_db
def test_a_referral_list_dry_run_reports_and_writes_nothing(api_as, staff):
    response = api_as(staff[roles.RECEPTION]).post("/api/referrals/import/", {"file": _upload(CSV), "dry_run": "true"}, format="multipart")
    assert response.status_code == 200, response.json()
    assert response.json()["persons"] == 2 and response.json()["dry_run"] is True
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_referral_list_is_imported_whole(api_as, staff):
    response = api_as(staff[roles.RECEPTION]).post("/api/referrals/import/", {"file": _upload(CSV)}, format="multipart")
    assert response.status_code == 201, response.json()
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_a_referral_list_with_a_bad_row_imports_nothing_and_lists_every_bad_row(api_as, staff):
    bad = CSV + "2;applicant;Petro;Koval;31.02.1980;M;16.11.2026;ukrainian\n3;applicant;Ivan;;01.01.1970;M;16.11.2026;ukrainian\n"
    response = api_as(staff[roles.RECEPTION]).post("/api/referrals/import/", {"file": _upload(bad)}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert "file" in body["errors"]
    assert {row["line"] for row in body["rows"]} == {4, 5}
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_a_host_moves_a_household_in_and_a_refused_move_names_the_room(api_as, staff):
    from tests.housing.factories import make_family, make_location, make_room, make_single

    location = make_location()
    location.hosts.add(staff[roles.HOUSING_HOST])
    room = make_room(location, beds=2)
    single = make_single()
    client = api_as(staff[roles.HOUSING_HOST])
    response = client.post("/api/tenancies/", {"household": single.pk, "room": room.pk, "moved_in_on": "2026-11-20"}, format="json")
    assert response.status_code == 201, response.json()
    assert Tenancy.objects.filter(household=single, moved_out_on=None).exists()
    family = make_family(children=1)
    refused = client.post("/api/tenancies/", {"household": family.pk, "room": room.pk, "moved_in_on": "2026-11-20"}, format="json")
    assert refused.status_code == 400
    assert "room" in refused.json()["errors"]


@pytest.mark.django_db
def test_a_case_change_goes_to_the_history_and_restricted_flags_need_the_capability(api_as, staff, api_objects):
    case = api_objects["case"]
    response = api_as(staff[roles.CASEWORKER]).patch(f"/api/cases/{case.pk}/", {"permit_type": "Særlov §1"}, format="json")
    assert response.status_code == 200 and response.json()["permit_type"] == "Særlov §1"
    status = api_as(staff[roles.CASEWORKER]).post(f"/api/cases/{case.pk}/status/", {"status": "left", "on": "2026-11-20"}, format="json")
    assert status.status_code == 400 and "left_reason" in status.json()["errors"]


@pytest.mark.django_db
def test_a_control_character_in_a_name_is_refused_naming_the_field(api_as, staff):
    response = api_as(staff[roles.RECEPTION]).post("/api/referrals/", {
        "applicant": {"first_name": "Ok\x0bsana", "last_name": "Melnyk", "birth_date": "1987-04-12", "gender": "F"},
        "target_group": "displaced_ukrainian", "decision_date": "2026-11-16",
    }, format="json")
    assert response.status_code == 400
    assert "applicant" in response.json()["errors"] or "applicant.first_name" in response.json()["errors"]
    assert not Person.objects.exists()
