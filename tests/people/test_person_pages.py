import re

import pytest

from tests.factories import make_case, make_household, make_person
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.people.models import Case, Person

VALID = {
    "first_name": "Oksana", "last_name": "Bondarenko", "cpr": "", "birth_date": "03.04.1985", "gender": "F",
    "nationality": "Ukraine", "languages": "ukrainsk", "interpreter_language": "", "phone": "", "email": "",
    "target_group": "displaced_ukrainian", "referral_decision_date": "02.11.2026", "pets": "0", "caseworker": "",
}


@pytest.mark.django_db
def test_opening_a_record_is_logged_as_a_read(client, caseworker):
    case = make_case()
    client.force_login(caseworker)
    response = client.get(f"/people/{case.person_id}/")
    assert response.status_code == 200
    entry = AccessLog.objects.get(action="read")
    assert (entry.user, entry.person_id, entry.purpose) == (caseworker, case.person_id, "casework")


@pytest.mark.django_db
def test_the_record_shows_household_and_timeline(client, caseworker):
    mother = make_person(first_name="Iryna", last_name="Savchenko")
    child = make_person(first_name="Maksym", last_name="Savchenko", gender="M")
    household = make_household((mother, "applicant"), (child, "child"))
    case = make_case(person=mother, household=household)
    case.journal.create(kind="note", text="Talked with the asylum centre.")
    client.force_login(caseworker)
    html = client.get(f"/people/{mother.pk}/").content.decode()
    assert "Maksym Savchenko" in html
    assert "Talked with the asylum centre." in html


@pytest.mark.django_db
def test_restricted_flags_are_shown_to_caseworkers_but_not_to_reception(client, staff):
    case = make_case(addiction=True)
    client.force_login(staff["caseworker"])
    assert "velkomst-restricted" in client.get(f"/people/{case.person_id}/").content.decode()
    client.force_login(staff["reception"])
    html = client.get(f"/people/{case.person_id}/").content.decode()
    assert "velkomst-restricted" not in html


@pytest.mark.django_db
def test_registering_a_person_creates_household_and_case_with_the_takeover_date(client, caseworker):
    client.force_login(caseworker)
    response = client.post("/people/new/", VALID)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.person.full_name == "Oksana Bondarenko"
    assert case.household.members.get().relation == "applicant"
    assert str(case.takeover_date) == "2026-11-23"  # 15 working days after Monday 2 November
    assert AccessLog.objects.filter(action="create", person=case.person).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, value, message",
    [
        ("cpr", "12345", "10 digits"),
        ("cpr", "320190-1234", "valid date"),
        ("cpr", "010130-4002", "future"),
        ("birth_date", "31.02.1990", "Enter a valid date"),
        ("first_name", "", "This field is required"),
        ("referral_decision_date", "", "This field is required"),
        ("email", "not-an-email", "valid email"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(client, caseworker, field, value, message):
    client.force_login(caseworker)
    with_language = {**VALID, field: value}
    client.cookies.load({"django_language": "en"})
    response = client.post("/people/new/", with_language)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert Person.objects.count() == 0 and Case.objects.count() == 0


@pytest.mark.django_db
def test_a_cpr_that_contradicts_the_gender_is_refused_on_the_gender_field(client, caseworker):
    client.force_login(caseworker)
    client.cookies.load({"django_language": "en"})
    response = client.post("/people/new/", {**VALID, "cpr": "030485-1233", "birth_date": "", "gender": "F"})
    assert "gender" in response.context["form"].errors
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_the_cpr_fills_birth_date_and_gender(client, caseworker):
    client.force_login(caseworker)
    client.post("/people/new/", {**VALID, "cpr": "0304851233", "birth_date": "", "gender": ""})
    person = Person.objects.get()
    assert (person.cpr, str(person.birth_date), person.gender) == ("030485-1233", "1985-04-03", "M")


@pytest.mark.django_db
def test_danish_error_messages_by_default(client, caseworker):
    client.force_login(caseworker)
    response = client.post("/people/new/", {**VALID, "cpr": "12345"})
    assert "10 cifre" in " ".join(response.context["form"].errors["cpr"])


@pytest.mark.django_db
def test_changing_a_person_records_each_field_change(client, caseworker):
    case = make_case(person=make_person(first_name="Olena", last_name="Kovalenko"))
    client.force_login(caseworker)
    data = {"first_name": "Olena", "last_name": "Kovalenko-Hansen", "cpr": "", "birth_date": "17.05.1990", "gender": "F",
            "nationality": "", "languages": "", "interpreter_language": "", "phone": "12345678", "email": ""}
    assert client.post(f"/people/{case.person_id}/edit/", data).status_code == 302
    changes = {(c.field, c.old_value, c.new_value) for c in FieldChange.objects.filter(person=case.person)}
    assert changes == {("last_name", "Kovalenko", "Kovalenko-Hansen"), ("phone", "", "12345678")}
    assert all(c.user == caseworker for c in FieldChange.objects.all())
    assert AccessLog.objects.filter(action="change", person=case.person).exists()


@pytest.mark.django_db
def test_changing_a_case_status_keeps_the_history_and_writes_the_journal(client, caseworker):
    case = make_case(status="arrived")
    client.force_login(caseworker)
    response = client.post(f"/cases/{case.pk}/status/", {"status": "in_programme", "on": "23.11.2026", "reason": "", "left_reason": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "in_programme"
    assert list(case.status_changes.values_list("status", flat=True)) == ["referred", "arrived", "in_programme"]
    assert case.journal.filter(kind="event").exists()
    assert FieldChange.objects.filter(field="status", old_value="arrived", new_value="in_programme").exists()


@pytest.mark.django_db
def test_leaving_requires_a_reason(client, caseworker):
    case = make_case(status="arrived")
    client.force_login(caseworker)
    response = client.post(f"/cases/{case.pk}/status/", {"status": "left", "on": "23.11.2026", "reason": "", "left_reason": ""})
    assert response.status_code == 400
    assert "left_reason" in response.context["status_form"].errors
    case.refresh_from_db()
    assert case.status == "arrived"


@pytest.mark.django_db
def test_a_note_is_added_to_the_timeline(client, caseworker):
    case = make_case()
    client.force_login(caseworker)
    client.post(f"/cases/{case.pk}/notes/", {"text": "Ringede til asylcentret."})
    assert case.journal.get(kind="note").text == "Ringede til asylcentret."


@pytest.mark.django_db
def test_the_integration_period_ends_five_years_after_the_takeover():
    from datetime import date

    assert Case(takeover_date=date(2024, 2, 29)).integration_period_end == date(2029, 2, 28)
    assert Case(takeover_date=date(2026, 11, 23)).integration_period_end == date(2031, 11, 23)


CPR_IN_TEXT = re.compile(r"\d{6}-?\d{4}")


@pytest.mark.django_db
def test_no_cpr_number_in_any_link_or_log_line(client, caseworker, caplog):
    person = make_person(first_name="Anna", last_name="Berg", cpr="170590-1234")
    case = make_case(person=person)
    client.force_login(caseworker)
    caplog.set_level("DEBUG")
    pages = [
        client.post("/people/search/", {"q": "170590-1234"}),
        client.get(f"/people/{person.pk}/"),
        client.get(f"/cases/{case.pk}/edit/"),
        client.get("/my-cases/"),
        client.post("/people/new/", {**VALID, "cpr": "170590-1234"}),  # a duplicate: refused with a message
    ]
    for response in pages:
        hrefs = re.findall(r'(?:href|action|hx-post|hx-get)="([^"]*)"', response.content.decode())
        assert not [h for h in hrefs if CPR_IN_TEXT.search(h) or "Berg" in h]
    assert not CPR_IN_TEXT.search(caplog.text)
    assert "1705901234" not in caplog.text and "170590-1234" not in caplog.text


@pytest.mark.django_db
def test_a_household_member_is_added_with_the_relation_and_a_journal_event(client, caseworker):
    case = make_case()
    client.force_login(caseworker)
    data = {"first_name": "Maksym", "last_name": "Kovalenko", "cpr": "", "birth_date": "01.06.2018", "gender": "M",
            "nationality": "", "languages": "", "interpreter_language": "", "phone": "", "email": "", "relation": "child"}
    assert client.post(f"/people/{case.person_id}/members/new/", data).status_code == 302
    member = case.household.members.get(relation="child")
    assert member.person.full_name == "Maksym Kovalenko"
    assert case.journal.filter(kind="event", text__contains="Maksym").exists()
