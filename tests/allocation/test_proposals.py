"""Reception proposes placements for a batch, overrides one within the rules, and confirms — or is refused when occupancy changed."""
from datetime import date

import pytest

from tests.housing.factories import house, make_family, make_location, make_room, make_single
from tests.reception.factories import aware
from velkomst.allocation import services
from velkomst.allocation.models import Proposal
from velkomst.housing.models import Location, Reservation, Room, Tenancy

ON = date(2026, 11, 30)
NOW = aware(date(2026, 11, 27), 14)  # reception confirms the Friday before the move-in


@pytest.fixture
def small_centre(db):
    """One location with a family room, two shared women's beds and a spare empty room; a refugee-only location."""
    ukr = make_location(code="vesterbro", name="Vesterbro", food_distribution=True, pets_allowed=False)
    rooms = {
        "family": make_room(ukr, number="101", beds=3),
        "shared": make_room(ukr, number="102", beds=2),
        "spare": make_room(ukr, number="103", beds=2),
    }
    house(make_single(gender="F", birth_date=date(1985, 1, 1)), rooms["shared"])
    return rooms


@pytest.mark.django_db
def test_a_batch_is_placed_optimally_and_every_placement_keeps_the_rules(small_centre, staff):
    family, woman = make_family(children=2), make_single(gender="F", birth_date=date(1988, 5, 5))
    proposal = services.proposal_create(by=staff["reception"], households=[family, woman], move_in_on=ON)
    assignment = {a["household"]: a["room"] for a in proposal.plan["assignments"]}
    assert assignment == {f"h{family.pk}": "vesterbro/101", f"h{woman.pk}": "vesterbro/102"}
    assert proposal.plan["status"] == "optimal" and proposal.plan["objective"] == proposal.plan["bound"]


@pytest.mark.django_db
def test_an_unplaced_household_gets_a_reason_in_the_user_s_language(small_centre, staff, client):
    from django.utils import translation

    with_pet = make_family(children=4)  # five persons: no room is large enough
    proposal = services.proposal_create(by=staff["reception"], households=[with_pet], move_in_on=ON)
    assert [u["household"] for u in proposal.plan["unplaced"]] == [f"h{with_pet.pk}"]
    client.force_login(staff["reception"])
    html = client.get(f"/allocation/proposals/{proposal.pk}/").content.decode()
    assert "Der er intet ledigt værelse for sig selv til 5 personer" in html
    with translation.override("en"):
        from velkomst.allocation.reasons import reason_text

        unplaced = proposal.plan["unplaced"][0]
        assert reason_text(unplaced["code"], unplaced["params"]).startswith("There is no")


@pytest.mark.django_db
def test_an_override_that_breaks_a_rule_is_refused_with_the_rule(small_centre, staff):
    man = make_single(gender="M")
    proposal = services.proposal_create(by=staff["reception"], households=[man], move_in_on=ON)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.proposal_override(by=staff["reception"], proposal=proposal, household=f"h{man.pk}", room="vesterbro/102", reason="Ønske")
    assert "room" in error.value.message_dict


@pytest.mark.django_db
def test_an_override_needs_a_reason_and_shows_the_new_score(small_centre, staff):
    woman = make_single(gender="F", birth_date=date(1986, 1, 1))
    proposal = services.proposal_create(by=staff["reception"], households=[woman], move_in_on=ON)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.proposal_override(by=staff["reception"], proposal=proposal, household=f"h{woman.pk}", room="vesterbro/103", reason="")
    assert "reason" in error.value.message_dict
    before = proposal.plan["objective"]
    proposal = services.proposal_override(by=staff["reception"], proposal=proposal, household=f"h{woman.pk}", room="vesterbro/103",
                                          reason="Ønsker eget værelse")
    assert proposal.plan["objective"] > before  # an empty room opened: the score says what it cost
    assert proposal.overrides.get().objective_after == proposal.plan["objective"]


@pytest.mark.django_db
def test_confirming_reserves_every_room_at_once_and_moves_no_one_in(small_centre, staff):
    family, woman = make_family(children=1), make_single(gender="F", birth_date=date(1990, 2, 2))
    proposal = services.proposal_create(by=staff["reception"], households=[family, woman], move_in_on=ON)
    tenancies_before = Tenancy.objects.count()
    reservations = services.proposal_confirm(by=staff["reception"], proposal=proposal, now=NOW)
    assert {r.household_id for r in reservations} == {family.pk, woman.pk}
    assert {(r.status, r.expected_arrival_on, r.persons) for r in reservations} == {("active", ON, 2), ("active", ON, 1)}
    assert Tenancy.objects.count() == tenancies_before
    confirmed = Proposal.objects.get(pk=proposal.pk)
    assert (confirmed.status, confirmed.confirmed_at) == ("confirmed", NOW)


@pytest.mark.django_db
def test_a_stale_proposal_is_refused_without_partial_writes(small_centre, staff):
    family, woman = make_family(children=1), make_single(gender="F", birth_date=date(1990, 2, 2))
    proposal = services.proposal_create(by=staff["reception"], households=[family, woman], move_in_on=ON)
    house(make_single(gender="F"), small_centre["spare"])  # someone moved in meanwhile
    before = Tenancy.objects.count()
    with pytest.raises(services.StaleProposal):
        services.proposal_confirm(by=staff["reception"], proposal=proposal, now=NOW)
    assert Tenancy.objects.count() == before and not Reservation.objects.exists()


@pytest.mark.django_db
def test_the_pages_propose_override_and_confirm(small_centre, staff, client):
    family = make_family(children=1, status="referred")
    client.force_login(staff["reception"])
    page = client.get("/allocation/")
    assert family.pk in [row.household_id for row in page.context["rows"]]
    response = client.post("/allocation/", {"households": [family.pk], "move_in_on": "30.11.2026"})
    proposal = Proposal.objects.get()
    assert client.get(response["Location"])["Location"] == f"/allocation/proposals/{proposal.pk}/"  # by the job's page
    bad = client.post(f"/allocation/proposals/{proposal.pk}/override/", {"household": f"h{family.pk}", "room": "vesterbro/102", "reason": "x"})
    assert bad.status_code == 400 and "room" in bad.context["override_form"].errors
    planned_room = proposal.plan["assignments"][0]["room"]
    step = client.get(f"/allocation/proposals/{proposal.pk}/confirm/")  # the confirmation step writes nothing
    assert step.status_code == 200 and not Reservation.objects.exists()
    assert "1 husstand får et reserveret værelse til ankomsten 30.11.2026" in step.content.decode()
    client.post(f"/allocation/proposals/{proposal.pk}/confirm/")
    assert Reservation.objects.get(household=family).room.code == planned_room == "vesterbro/103"  # two persons: the two-bed room
    assert not Tenancy.objects.filter(household=family).exists()
    assert family.pk not in [row.household_id for row in client.get("/allocation/").context["rows"]]  # no longer waiting for housing


@pytest.mark.django_db
def test_the_stale_page_flow_says_so_and_saves_nothing(small_centre, staff, client):
    family = make_family(children=1, status="referred")
    client.force_login(staff["reception"])
    client.post("/allocation/", {"households": [family.pk], "move_in_on": "30.11.2026"})
    proposal = Proposal.objects.get()
    house(make_single(gender="F"), small_centre["spare"])
    response = client.post(f"/allocation/proposals/{proposal.pk}/confirm/", follow=True)
    assert not Tenancy.objects.filter(household=family).exists() and not Reservation.objects.exists()
    assert Proposal.objects.get().status == "stale"
    assert any("new proposal" in str(m) or "nyt forslag" in str(m) for m in response.context["messages"])


@pytest.mark.django_db
def test_emptying_a_location_gives_a_move_list_that_keeps_every_rule(staff):
    closing = make_location(code="closing", name="Lukker")
    target = make_location(code="target", name="Modtager")
    make_room(target, number="1", beds=3)
    make_room(target, number="2", beds=1)
    family, man = make_family(children=1), make_single(gender="M")
    house(family, make_room(closing, number="A", beds=3))
    house(man, make_room(closing, number="B", beds=1))
    instance, tenancies = services.relocation_instance_empty_location(location=closing, on=ON, within=Location.objects.all())
    result = services.relocation_plan(by=staff["reception"], instance=instance, tenancies=tenancies)
    moves = {m["tenancy"].household_id: m["to_room"] for m in result["moves"]}
    assert moves == {family.pk: "target/1", man.pk: "target/2"}
    for move in result["moves"]:
        services.relocation_move_apply(by=staff["housing_host"], tenancy=move["tenancy"], to_room=Room.objects.get(location__code=move["to_room"].split("/")[0], number=move["to_room"].split("/")[1]), on=ON)
    assert not Tenancy.objects.filter(room__location=closing, moved_out_on__isnull=True).exists()


@pytest.mark.django_db
def test_moving_a_category_to_its_reserved_location_keeps_the_present_room_open(staff):
    general = make_location(code="general", name="Almindelig")
    reserved = make_location(code="herberg", name="Herberg", reserved_for="vulnerable")
    make_room(reserved, number="1", beds=1)
    vulnerable = make_single(gender="M", addiction=True)
    house(vulnerable, make_room(general, number="7", beds=1))
    instance, tenancies = services.relocation_instance_category(category="vulnerable", on=ON, within=Location.objects.all())
    result = services.relocation_plan(by=staff["reception"], instance=instance, tenancies=tenancies)
    assert [(m["tenancy"].household_id, m["to_room"]) for m in result["moves"]] == [(vulnerable.pk, "herberg/1")]


@pytest.mark.django_db
def test_a_documented_need_for_a_room_of_one_s_own_is_proposed_and_confirmed(small_centre, staff):
    woman = make_single(gender="F", birth_date=date(1986, 1, 1))
    woman.needs_own_room = True
    woman.save(update_fields=["needs_own_room"])
    proposal = services.proposal_create(by=staff["reception"], households=[woman], move_in_on=ON)
    # The shared women's bed would be cheaper; the need sends her to the spare room, alone.
    assert {a["household"]: a["room"] for a in proposal.plan["assignments"]} == {f"h{woman.pk}": "vesterbro/103"}
    services.proposal_confirm(by=staff["reception"], proposal=proposal, now=NOW)
    assert Reservation.objects.active().get(household=woman).room == small_centre["spare"]


@pytest.mark.django_db
def test_no_one_is_proposed_into_a_room_held_for_a_health_need(small_centre, staff):
    occupant = Tenancy.objects.get(room=small_centre["shared"]).household
    occupant.needs_own_room = True
    occupant.save(update_fields=["needs_own_room"])
    woman = make_single(gender="F", birth_date=date(1986, 1, 1))
    proposal = services.proposal_create(by=staff["reception"], households=[woman], move_in_on=ON)
    [placed] = proposal.plan["assignments"]
    assert placed["household"] == f"h{woman.pk}" and placed["room"] != "vesterbro/102"



@pytest.mark.django_db
def test_a_host_cannot_move_a_household_between_locations_that_are_not_theirs(staff, client):
    host = staff["housing_host"]
    own, others, third = make_location(code="own"), make_location(code="others"), make_location(code="third")
    own.hosts.add(host)
    foreign = house(make_single(gender="M"), make_room(others, number="1", beds=1))
    target = make_room(third, number="9", beds=2)
    mine = house(make_single(gender="F"), make_room(own, number="2", beds=1))
    client.force_login(host)
    for tenancy, room in ((foreign, "third/9"), (mine, "third/9"), (foreign, "own/2")):
        response = client.post("/allocation/relocations/apply/", {"tenancy": tenancy.pk, "to_room": room})
        assert response.status_code == 404
    assert Tenancy.objects.get(pk=foreign.pk).moved_out_on is None and not target.tenancies.exists()


@pytest.mark.django_db
def test_a_hosts_relocation_planner_offers_and_reads_only_their_locations(staff, client):
    from velkomst.audit.models import AccessLog

    host = staff["housing_host"]
    own, others = make_location(code="own", name="Egen"), make_location(code="others", name="Andens")
    own.hosts.add(host)
    make_room(own, number="1", beds=1)
    stranger = make_single(gender="M", addiction=True)
    house(stranger, make_room(others, number="7", beds=1))
    client.force_login(host)
    page = client.get("/allocation/relocations/").content.decode()
    assert "Egen" in page and "Andens" not in page
    client.post("/allocation/relocations/", {"mode": "category", "category": "vulnerable", "by_date": ON.strftime("%d.%m.%Y")})
    client.post("/allocation/relocations/", {"mode": "empty_location", "location": others.pk, "by_date": ON.strftime("%d.%m.%Y")})
    read = set(AccessLog.objects.filter(user=host, action="read").values_list("person_id", flat=True))
    assert not read & set(stranger.members.values_list("person_id", flat=True))


@pytest.mark.django_db
def test_the_waiting_list_uses_the_design_system_s_checkboxes_and_ticks_nothing(small_centre, staff, client):
    import re

    first, second = make_family(children=1, status="referred"), make_single(gender="F", status="referred")
    client.force_login(staff["reception"])
    html = client.get("/allocation/").content.decode()
    for household in (first, second):
        box = re.search(r'<div class="form-group-checkbox"><input class="form-checkbox" type="checkbox" name="households" '
                        rf'value="{household.pk}" id="household-{household.pk}"(?P<checked> checked)?><label class="form-label" '
                        rf'for="household-{household.pk}">', html)
        assert box and not box.group("checked")
    assert " checked" not in html
    # A POST without a household proposes nothing and says which field to fill in.
    response = client.post("/allocation/", {"move_in_on": "30.11.2026"})
    assert response.status_code == 200 and "households" in response.context["form"].errors and not Proposal.objects.exists()


@pytest.mark.django_db
def test_the_confirmation_step_is_refused_to_roles_without_placements(small_centre, staff, client):
    family = make_family(children=1, status="referred")
    proposal = services.proposal_create(by=staff["reception"], households=[family], move_in_on=ON)
    for role in ("housing_host", "caseworker", "teacher", "company_consultant", "manager"):
        client.force_login(staff[role])
        assert client.get(f"/allocation/proposals/{proposal.pk}/confirm/").status_code == 403
        assert client.post(f"/allocation/proposals/{proposal.pk}/confirm/").status_code == 403
    assert not Reservation.objects.exists()


@pytest.mark.django_db
def test_confirming_gives_an_unprepared_referral_the_arrival_day_and_keeps_a_prepared_one(small_centre, staff):
    from tests.reception.factories import make_referral

    family, woman = make_family(children=1, status="referred"), make_single(gender="F", birth_date=date(1990, 2, 2), status="referred")
    unprepared = make_referral(case=family.cases.get())
    prepared = make_referral(case=woman.cases.get(), expected_arrival_on=date(2026, 12, 2))
    proposal = services.proposal_create(by=staff["reception"], households=[family, woman], move_in_on=ON)
    services.proposal_confirm(by=staff["reception"], proposal=proposal, now=NOW)
    unprepared.refresh_from_db()
    prepared.refresh_from_db()
    assert (unprepared.expected_arrival_on, prepared.expected_arrival_on) == (ON, date(2026, 12, 2))


@pytest.mark.django_db
def test_a_long_waiting_list_is_paged_and_a_household_of_another_page_may_be_proposed(small_centre, staff, client, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from velkomst.allocation import selectors
    from velkomst.audit.models import AccessLog

    monkeypatch.setattr(selectors, "AWAITING_PAGE_SIZE", 2)
    waiting = [make_single(gender="F", status="referred") for _ in range(3)]
    client.force_login(staff["reception"])
    client.cookies.load({"django_language": "en"})
    one = client.get("/allocation/")
    assert [row.household_id for row in one.context["rows"]] == [h.pk for h in waiting[:2]]  # the oldest first
    assert "Showing 1–2 of 3." in one.content.decode() and "?page=2" in one.content.decode()
    logged = set(AccessLog.objects.filter(object_type="waiting list").values_list("person_id", flat=True))
    assert waiting[2].members.get().person_id not in logged  # only the persons shown are read
    two = client.get("/allocation/", {"page": 2})
    assert [row.household_id for row in two.context["rows"]] == [waiting[2].pk]
    assert client.get("/allocation/", {"page": "x"}).status_code == 200
    # The queries of a page do not grow with the list.
    with CaptureQueriesContext(connection) as before:
        client.get("/allocation/")
    for _ in range(4):
        make_family(children=1, status="referred")
    with CaptureQueriesContext(connection) as after:
        client.get("/allocation/")
    assert len(before) == len(after)
    # A household on page 2 may be chosen from the page-2 form.
    response = client.post("/allocation/?page=2", {"households": [waiting[2].pk], "move_in_on": "30.11.2026"})
    assert response.status_code == 302 and Proposal.objects.count() == 1
