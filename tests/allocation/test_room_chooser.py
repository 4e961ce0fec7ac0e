"""Overriding a proposal: the household's room is chosen from the rooms that fit beside the rest of the plan, grouped by
location and searchable, instead of typing a room code; the others are listed on request with their rule (issue 17)."""
from datetime import date

import pytest

from tests.housing.factories import house, make_family, make_location, make_room, make_single
from velkomst.allocation import services
from velkomst.allocation.models import Proposal
from velkomst.audit.models import AccessLog

ON = date(2026, 11, 30)


@pytest.fixture
def centre(db):
    vesterbro = make_location(code="vesterbro", name="Vesterbro", food_distribution=True, pets_allowed=False)
    amager = make_location(code="amager", name="Amager", food_distribution=True, pets_allowed=False)
    rooms = {"101": make_room(vesterbro, number="101", beds=3), "102": make_room(vesterbro, number="102", beds=2),
             "103": make_room(vesterbro, number="103", beds=2), "201": make_room(amager, number="201", beds=1)}
    house(make_single(gender="M", birth_date=date(1985, 1, 1)), rooms["102"])
    return rooms


def _proposal(staff, *households):
    return services.proposal_create(by=staff["reception"], households=list(households), move_in_on=ON)


@pytest.mark.django_db
def test_the_chooser_lists_the_rooms_that_fit_beside_the_plan_and_the_others_with_their_rule(client, staff, centre):
    woman, family = make_single(gender="F", birth_date=date(1990, 1, 1)), make_family(children=1)
    proposal = _proposal(staff, woman, family)
    planned = {a["household"]: a["room"] for a in proposal.plan["assignments"]}
    client.force_login(staff["reception"])
    page = client.get(f"/allocation/proposals/{proposal.pk}/room/", {"household": f"h{woman.pk}"})
    assert page.status_code == 200
    fitting = {c.value for g in page.context["page"].object_list for c in g.choices}
    # not the man's room (gender), not the family's planned room (a family's room is its own)
    assert "vesterbro/102" not in fitting and planned[f"h{family.pk}"] not in fitting
    assert fitting and fitting <= {"vesterbro/101", "vesterbro/103", "amager/201"}
    every = client.get(f"/allocation/proposals/{proposal.pk}/room/", {"household": f"h{woman.pk}", "all": "1"}).content.decode()
    assert "Et delt værelse er kun for ét køn" in every and "passer ikke:" in every
    assert 'value="vesterbro/102"' not in every
    found = client.get(f"/allocation/proposals/{proposal.pk}/room/", {"household": f"h{woman.pk}", "q": "amager"})
    assert [g.location for g in found.context["page"].object_list] == ["Amager"]


@pytest.mark.django_db
def test_choosing_a_room_overrides_through_the_service_with_a_reason_and_goes_back(client, staff, centre):
    woman = make_single(gender="F", birth_date=date(1990, 1, 1))
    proposal = _proposal(staff, woman)
    client.force_login(staff["reception"])
    url = f"/allocation/proposals/{proposal.pk}/room/"
    no_reason = client.post(url, {"household": f"h{woman.pk}", "room": "amager/201", "reason": ""})
    assert no_reason.status_code == 400 and "reason" in no_reason.context["form"].errors
    no_room = client.post(url, {"household": f"h{woman.pk}", "reason": "Ønske"})
    assert no_room.status_code == 400 and "Vælg et af de værelser, der passer." in no_room.content.decode()
    wrong = client.post(url, {"household": f"h{woman.pk}", "room": "vesterbro/102", "reason": "Ønske"})
    assert wrong.status_code == 400 and "Et delt værelse er kun for ét køn" in wrong.content.decode()
    assert not Proposal.objects.get(pk=proposal.pk).overrides.exists()
    done = client.post(url, {"household": f"h{woman.pk}", "room": "amager/201", "reason": "Tæt på skolen"})
    assert done.status_code == 302 and done["Location"] == f"/allocation/proposals/{proposal.pk}/"
    proposal.refresh_from_db()
    assert {a["household"]: a["room"] for a in proposal.plan["assignments"]}[f"h{woman.pk}"] == "amager/201"
    assert proposal.overrides.get().reason == "Tæt på skolen"


@pytest.mark.django_db
def test_the_proposal_page_links_to_the_chooser_instead_of_a_typed_room_code(client, staff, centre):
    woman = make_single(gender="F", birth_date=date(1990, 1, 1))
    proposal = _proposal(staff, woman)
    client.force_login(staff["reception"])
    html = client.get(f"/allocation/proposals/{proposal.pk}/").content.decode()
    assert f"/allocation/proposals/{proposal.pk}/room/?household=h{woman.pk}" in html and 'name="room"' not in html


@pytest.mark.django_db
def test_an_unknown_household_is_not_found_and_a_confirmed_proposal_goes_back(client, staff, centre):
    woman = make_single(gender="F", birth_date=date(1990, 1, 1))
    proposal = _proposal(staff, woman)
    client.force_login(staff["reception"])
    assert client.get(f"/allocation/proposals/{proposal.pk}/room/", {"household": "h999999"}).status_code == 404
    assert client.get(f"/allocation/proposals/{proposal.pk}/room/", {"household": "x"}).status_code == 404
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.CONFIRMED)
    response = client.get(f"/allocation/proposals/{proposal.pk}/room/", {"household": f"h{woman.pk}"})
    assert response.status_code == 302 and response["Location"] == f"/allocation/proposals/{proposal.pk}/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["caseworker", "housing_host", "teacher", "manager", "company_consultant"])
def test_other_roles_may_not_choose(client, staff, centre, role):
    woman = make_single(gender="F", birth_date=date(1990, 1, 1))
    proposal = _proposal(staff, woman)
    client.force_login(staff[role])
    url = f"/allocation/proposals/{proposal.pk}/room/"
    assert client.get(url, {"household": f"h{woman.pk}"}).status_code == 403
    assert client.post(url, {"household": f"h{woman.pk}", "room": "amager/201", "reason": "x"}).status_code == 403
    assert not Proposal.objects.get(pk=proposal.pk).overrides.exists()


@pytest.mark.django_db
def test_the_chooser_logs_the_persons_it_names(client, staff, centre):
    woman = make_single(gender="F", birth_date=date(1990, 1, 1))
    proposal = _proposal(staff, woman)
    client.force_login(staff["reception"])
    client.get(f"/allocation/proposals/{proposal.pk}/room/", {"household": f"h{woman.pk}"})
    assert AccessLog.objects.filter(user=staff["reception"], object_type="placement room chooser",
                                    person=woman.members.get().person).exists()


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_rooms(client, staff, centre, django_assert_max_num_queries):
    woman = make_single(gender="F", birth_date=date(1990, 1, 1))
    small = _proposal(staff, woman)
    client.force_login(staff["reception"])
    client.get(f"/allocation/proposals/{small.pk}/room/", {"household": f"h{woman.pk}"})
    with django_assert_max_num_queries(20) as counted:
        client.get(f"/allocation/proposals/{small.pk}/room/", {"household": f"h{woman.pk}", "all": "1"})
    for n in range(20):
        location = make_location(code=f"x{n}", name=f"Ekstra {n}", food_distribution=True)
        for number in range(5):
            make_room(location, number=f"{number}", beds=2)
    big = _proposal(staff, woman)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        page = client.get(f"/allocation/proposals/{big.pk}/room/", {"household": f"h{woman.pk}", "all": "1"})
    assert page.context["chosen"].fitting > 100
