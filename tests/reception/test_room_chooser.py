"""Reception chooses the planned room from the rooms that fit the household, grouped by location and searchable (no
JavaScript); the rooms that do not fit are listed on request with the rule that excludes each (issue 17)."""
from datetime import date

import pytest

from tests.factories import make_case, make_household, make_person
from tests.housing.factories import house, make_location, make_room, make_single
from tests.reception.factories import aware, make_referral
from velkomst.audit.models import AccessLog
from velkomst.housing import refusals
from velkomst.housing.models import Room
from velkomst.reception.models import Referral

TODAY = date(2026, 11, 26)
pytestmark = pytest.mark.time_machine(aware(TODAY, 9, 30))


@pytest.fixture
def centre(db):
    """Two Ukrainian locations (one without pets) and a refugee-only one; a man already lives in a shared room."""
    vesterbro = make_location(code="vesterbro", name="Vesterbro", food_distribution=True, pets_allowed=True)
    amager = make_location(code="amager", name="Amager Strand", food_distribution=True, pets_allowed=False)
    refugees = make_location(code="nord", name="Nordhavn", serves_ukrainians=False, serves_refugees=True, food_distribution=True)
    rooms = {
        "v1": make_room(vesterbro, number="101", beds=2),
        "v2": make_room(vesterbro, number="102", beds=2),
        "v3": make_room(vesterbro, number="103", beds=1),
        "a1": make_room(amager, number="201", beds=3, accessible=True),
        "a2": make_room(amager, number="202", beds=2, status=Room.Status.BLOCKED, blocked_reason="Vandskade"),
        "n1": make_room(refugees, number="301", beds=4),
    }
    house(make_single(gender="M"), rooms["v2"])
    return rooms


def _woman_referral():
    woman = make_person(first_name="Olena", last_name="Kovalenko", gender="F", birth_date=date(1990, 4, 4))
    household = make_household((woman, "applicant"), first_benefit_payment_on=date(2026, 1, 1))
    return make_referral(case=make_case(person=woman, household=household, status="referred"))


@pytest.mark.django_db
def test_rooms_fit_gives_every_room_its_reasons_in_one_batch(centre):
    referral = _woman_referral()
    fits = {fit.room.number: fit for fit in refusals.rooms_fit(rooms=Room.objects.select_related("location"), household=referral.household, on=TODAY)}
    assert {number for number, fit in fits.items() if fit.fits} == {"101", "103", "201"}
    assert [r.code for r in fits["102"].refusals] == ["mixed_gender"]  # a man lives there
    assert [r.code for r in fits["202"].refusals] == ["room_not_available"]
    assert [r.code for r in fits["301"].refusals] == ["population_not_served"]
    assert (fits["101"].free, fits["102"].free) == (2, 1)
    # the move-in check is the same check, one room at a time
    assert refusals.refusals(room=centre["v2"], household=referral.household, on=TODAY) == list(fits["102"].refusals)


@pytest.mark.django_db
def test_the_chooser_lists_the_fitting_rooms_by_location_and_the_others_with_the_rule_on_request(client, staff, centre):
    referral = _woman_referral()
    client.force_login(staff["reception"])
    html = client.get(f"/reception/referrals/{referral.pk}/room/").content.decode()
    assert "3 værelser passer til husstanden" in html and "3 værelser passer ikke" in html
    assert "Amager Strand" in html and "Vesterbro" in html and "Nordhavn" not in html  # only locations with a fitting room
    assert f'value="{centre["v1"].pk}"' in html and f'value="{centre["v2"].pk}"' not in html
    assert "Værelse 201: 3 ledige senge af 3" in html and "Værelse 103: 1 ledig seng af 1" in html
    every = client.get(f"/reception/referrals/{referral.pk}/room/?all=1").content.decode()
    assert "Nordhavn" in every and "Lokationen modtager ikke denne målgruppe." in every
    assert "Værelset er spærret eller lukket." in every
    assert f'value="{centre["v2"].pk}"' not in every  # listed with its reason, never choosable


@pytest.mark.django_db
def test_the_search_finds_a_location_or_a_room_number_without_javascript(client, staff, centre):
    referral = _woman_referral()
    client.force_login(staff["reception"])
    page = client.get(f"/reception/referrals/{referral.pk}/room/", {"q": "amager"})
    assert [g.location for g in page.context["page"].object_list] == ["Amager Strand"]
    page = client.get(f"/reception/referrals/{referral.pk}/room/", {"q": "103"})
    assert [c.number for g in page.context["page"].object_list for c in g.choices] == ["103"]
    page = client.get(f"/reception/referrals/{referral.pk}/room/", {"q": "nowhere"})
    assert "Intet værelse passer til søgningen" in page.content.decode()


@pytest.mark.django_db
def test_choosing_a_room_sets_the_planned_room_through_the_service_and_goes_back(client, staff, centre):
    referral = _woman_referral()
    client.force_login(staff["reception"])
    response = client.post(f"/reception/referrals/{referral.pk}/room/", {"room": centre["a1"].pk})
    assert response.status_code == 302 and response["Location"] == f"/reception/referrals/{referral.pk}/"
    assert Referral.objects.get(pk=referral.pk).planned_room == centre["a1"]
    assert "Planlagt værelse: Amager Strand 201." in client.get(response["Location"]).content.decode()
    # The planned room can be taken away again (the household may be placed by a proposal instead).
    assert "Fjern det planlagte værelse" in client.get(f"/reception/referrals/{referral.pk}/room/").content.decode()
    assert client.post(f"/reception/referrals/{referral.pk}/room/", {"clear": "1"}).status_code == 302
    assert Referral.objects.get(pk=referral.pk).planned_room is None


@pytest.mark.django_db
@pytest.mark.parametrize("room", ["v2", "missing", "text", "superscript", "huge"])
def test_a_room_that_does_not_fit_is_refused_with_the_rule_and_nothing_is_saved(client, staff, centre, room):
    referral = _woman_referral()
    client.force_login(staff["reception"])
    value = {"v2": lambda: centre["v2"].pk, "missing": lambda: 999999, "text": lambda: "abc", "superscript": lambda: "²",
             "huge": lambda: "9" * 30}[room]()
    response = client.post(f"/reception/referrals/{referral.pk}/room/", {"room": value})
    assert response.status_code == 400
    expected = "Et delt værelse er kun for ét køn" if room == "v2" else "Vælg et af de værelser, der passer."
    assert expected in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).planned_room is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["caseworker", "housing_host", "teacher", "manager", "company_consultant"])
def test_other_roles_may_not_choose_the_room(client, staff, centre, role):
    referral = _woman_referral()
    client.force_login(staff[role])
    assert client.get(f"/reception/referrals/{referral.pk}/room/").status_code == 403
    assert client.post(f"/reception/referrals/{referral.pk}/room/", {"room": centre["v1"].pk}).status_code == 403
    assert Referral.objects.get(pk=referral.pk).planned_room is None


@pytest.mark.django_db
def test_the_chooser_names_the_applicant_so_its_read_is_logged(client, staff, centre):
    referral = _woman_referral()
    client.force_login(staff["reception"])
    client.get(f"/reception/referrals/{referral.pk}/room/")
    assert AccessLog.objects.filter(user=staff["reception"], object_type="referral", person__first_name="Olena").exists()


def _more_rooms(count):
    for n in range(count):
        location = make_location(code=f"extra-{count}-{n}", name=f"Ekstra {n}", food_distribution=True, pets_allowed=n % 2 == 0)
        for number in range(4):
            room = make_room(location, number=f"{n}{number}", beds=2 + number % 2)
            if number == 0:
                house(make_single(gender="M" if n % 2 else "F"), room)


@pytest.mark.django_db
@pytest.mark.parametrize("show_all", ["", "1"])
def test_the_query_count_does_not_grow_with_the_rooms(client, staff, centre, django_assert_max_num_queries, show_all):
    referral = _woman_referral()
    client.force_login(staff["reception"])
    client.get(f"/reception/referrals/{referral.pk}/room/")  # session and translations warmed
    with django_assert_max_num_queries(30) as small:
        client.get(f"/reception/referrals/{referral.pk}/room/", {"all": show_all})
    _more_rooms(25)  # 100 more rooms, 25 of them lived in
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(f"/reception/referrals/{referral.pk}/room/", {"all": show_all})
    assert page.context["chosen"].fitting > 20
