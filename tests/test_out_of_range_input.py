"""The outside test's odd inputs (issue 14, items 12 and 13): each is refused with a message or a 400 naming the field
or the parameter — never a server error, never saved."""
from datetime import date

import pytest

from tests.factories import make_case
from tests.programme.factories import make_class, make_participant
from velkomst.accounts import roles
from velkomst.people.models import Case, Person

pytestmark = pytest.mark.time_machine("2026-11-26 12:00 +01:00", tick=False)


def person_fields(**changes):
    return {"first_name": "Olena", "last_name": "Koval", "birth_date": "17.05.1990", "gender": "F", "target_group": "displaced_ukrainian",
            "decision_date": "16.11.2026", "pets": "0", **changes}


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [
    ("decision_date", "31.12.2999"), ("decision_date", "01.01.1900"), ("birth_date", "01.01.0001"), ("birth_date", "01.01.2999"),
    ("first_name", "O" * 101), ("first_name", "Ole\x00na"), ("first_name", "Ole\x0bna"),
])
def test_a_referral_with_an_impossible_value_names_the_field_and_saves_nothing(client_as, staff, field, value):
    response = client_as(staff[roles.RECEPTION]).post("/reception/referrals/new/", person_fields(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Person.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["01.01.1900", "31.12.2999"])
def test_a_proposal_move_in_day_far_from_today_is_named(client_as, staff, value):
    response = client_as(staff[roles.RECEPTION]).post("/allocation/", {"households": [], "move_in_on": value})
    assert response.status_code in (200, 400)
    assert "move_in_on" in response.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize("week", ["2026-02-30", "9999-12-31", "0001-01-01", "x", "\x00"])
def test_a_bad_week_in_the_query_is_a_400_naming_it(client_as, staff, week):
    case = make_participant()
    response = client_as(staff[roles.CASEWORKER]).get(f"/programme/cases/{case.pk}/", {"week": week})
    assert response.status_code == 400 and b"week" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("on", ["2026-02-30", "9999-12-31"])
def test_a_bad_day_for_attendance_is_a_400_naming_it(client_as, staff, on):
    teaching_class = make_class()
    response = client_as(staff[roles.TEACHER]).get(f"/education/classes/{teaching_class.pk}/attendance/", {"on": on})
    assert response.status_code == 400 and b"on" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("path, params", [
    ("/reports/forecast/", {"arrivals": "nan"}), ("/reports/forecast/", {"arrivals": "1e309"}),
    ("/reports/", {"as_of": "2026-02-30"}), ("/reports/", {"as_of": "9999-12-31"}),
])
def test_odd_query_values_are_answered_without_a_server_error(client_as, staff, path, params):
    assert client_as(staff[roles.ADMIN]).get(path, params, follow=True).status_code in (200, 400)  # the forecast: through its job


@pytest.mark.django_db
@pytest.mark.parametrize("cell", ["²", "9" * 200])
def test_an_odd_pets_cell_is_a_bad_row(cell):
    from velkomst.reception import importing

    content = ("first_name;last_name;birth_date;gender;referral_decision_date;population;pets\n"
               f"Olena;Koval;17.05.1990;F;16.11.2026;ukrainian;{cell}\n").encode()
    parsed = importing.parse("list.csv", content, today=date(2026, 11, 26))
    assert [(e.line, e.column) for e in parsed.errors] == [(2, "pets")]


@pytest.mark.django_db
def test_an_import_cell_of_a_huge_text_is_a_bad_row():
    from velkomst.reception import importing

    content = ("first_name;last_name;birth_date;gender;referral_decision_date;population\n"
               f"{'O' * 140_000};Koval;17.05.1990;F;16.11.2026;ukrainian\n").encode()
    parsed = importing.parse("list.csv", content, today=date(2026, 11, 26))
    assert [e.line for e in parsed.errors] == [2] and "131072" in str(parsed.errors[0].message)
    long_enough_for_csv = ("first_name;last_name;birth_date;gender;referral_decision_date;population\n"
                           f"{'O' * 5000};Koval;17.05.1990;F;16.11.2026;ukrainian\n").encode()
    assert [(e.line, e.column) for e in importing.parse("list.csv", long_enough_for_csv, today=date(2026, 11, 26)).errors] == [
        (2, "first_name")]


@pytest.mark.django_db
@pytest.mark.parametrize("field, value", [("started_on", "31.12.2999"), ("started_on", "01.01.1900")])
def test_a_job_starting_at_an_absurd_date_is_refused(client_as, staff, field, value):
    case = make_participant()
    response = client_as(staff[roles.CASEWORKER]).post(f"/programme/cases/{case.pk}/employment/", {
        "employer": "Netto", "started_on": "01.12.2026", "hours_per_week": "37", "monthly_income": "20000", field: value})
    assert response.status_code == 400  # the form again, the date named
    assert "started_on" in response.context["form"].errors
    assert not case.employments.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("until", ["01.01.1900", "31.12.2999"])
def test_a_room_blocked_until_an_absurd_date_is_refused(client_as, staff, until):
    from tests.housing.factories import make_location, make_room

    room = make_room(make_location())
    client_as(staff[roles.ADMIN]).post(f"/housing/rooms/{room.pk}/block/", {"blocked_reason": "Vandskade", "blocked_until": until})
    room.refresh_from_db()
    assert room.status == "available"


@pytest.mark.django_db
def test_a_case_decided_in_1900_is_refused(client_as, staff):
    case = make_case(caseworker=staff[roles.CASEWORKER])
    client_as(staff[roles.CASEWORKER]).post(f"/cases/{case.pk}/edit/", {"target_group": case.target_group, "referral_decision_date": "01.01.1900"})
    assert Case.objects.get(pk=case.pk).referral_decision_date != date(1900, 1, 1)
