"""Incidents are seen by the hosts of the location, the caseworkers of the persons involved, managers and admin — no one else."""
from datetime import datetime
from datetime import timezone as dt_timezone

import pytest

from tests.conftest import make_staff
from tests.housing.factories import house, make_location, make_room, make_single
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog
from velkomst.housing.models import Incident
from velkomst.housing.selectors import incidents_visible_to


@pytest.fixture
def world(staff):
    """Location A (host_a) with resident Anna, caseworker of Anna = staff caseworker; location B (host_b) with Boris,
    whose caseworker is the colleague. One incident at each location."""
    host_a = make_staff("host_a", roles.HOUSING_HOST)
    host_b = make_staff("host_b", roles.HOUSING_HOST)
    a, b = make_location(name="A"), make_location(name="B")
    a.hosts.add(host_a)
    b.hosts.add(host_b)
    anna_household = make_single(gender="F", caseworker=staff["caseworker"])
    boris_household = make_single(gender="M", caseworker=staff["colleague"])
    house(anna_household, make_room(a))
    house(boris_household, make_room(b))
    anna = anna_household.members.get().person
    boris = boris_household.members.get().person
    at = datetime(2026, 11, 20, 22, 0, tzinfo=dt_timezone.utc)
    incident_a = Incident.objects.create(location=a, occurred_at=at, kind="noise", severity="low", description="Musik", reported_by=host_a)
    incident_a.persons.set([anna])
    incident_b = Incident.objects.create(location=b, occurred_at=at, kind="threat", severity="high", description="Trussel", reported_by=host_b)
    incident_b.persons.set([boris])
    return {"host_a": host_a, "host_b": host_b, "a": a, "b": b, "anna": anna, "boris": boris, "incident_a": incident_a, "incident_b": incident_b}


@pytest.mark.parametrize("who, sees", [
    ("host_a", {"incident_a"}),
    ("host_b", {"incident_b"}),
    ("caseworker", {"incident_a"}),
    ("colleague", {"incident_b"}),
    ("manager", {"incident_a", "incident_b"}),
    ("admin", {"incident_a", "incident_b"}),
    ("teacher", set()),
    ("reception", set()),
    ("company_consultant", set()),
])
def test_who_sees_which_incident(world, staff, who, sees):
    user = world.get(who) or staff[who]
    visible = set(incidents_visible_to(user))
    assert visible == {world[name] for name in sees}


def test_a_caseworker_neither_lists_nor_opens_an_incident_of_someone_else_s_case(client, world, caseworker):
    client.force_login(caseworker)
    listed = list(client.get("/housing/incidents/").context["incidents"])
    assert listed == [world["incident_a"]]
    assert client.get(f"/housing/incidents/{world['incident_b'].pk}/").status_code == 404
    assert client.get(f"/housing/incidents/{world['incident_a'].pk}/").status_code == 200


def test_an_incident_involving_two_caseloads_is_seen_by_both_caseworkers(world, staff):
    world["incident_a"].persons.add(world["boris"])
    assert world["incident_a"] in incidents_visible_to(staff["colleague"])
    assert world["incident_a"] in incidents_visible_to(staff["caseworker"])
    assert len(incidents_visible_to(staff["colleague"])) == 2  # no duplicates


def test_opening_an_incident_is_logged_for_each_person_involved(client, world):
    client.force_login(world["host_a"])
    client.get(f"/housing/incidents/{world['incident_a'].pk}/")
    assert AccessLog.objects.filter(action="read", object_type="incident", person=world["anna"], user=world["host_a"]).exists()


def test_a_manager_sees_how_many_were_involved_but_not_who(client, world, staff):
    client.force_login(staff["manager"])
    html = client.get(f"/housing/incidents/{world['incident_b'].pk}/").content.decode()
    assert "Trussel" in html and world["boris"].last_name not in html


def test_a_host_reports_an_incident_naming_residents_of_the_location(client, world):
    client.force_login(world["host_a"])
    response = client.post(f"/housing/locations/{world['a'].pk}/incidents/new/", {
        "occurred_on": "25.11.2026", "occurred_time": "21:30", "kind": "violence", "severity": "high",
        "description": "Slagsmål i køkkenet", "persons": [world["anna"].pk], "partner_police": "on"})
    assert response.status_code == 302
    incident = Incident.objects.get(description="Slagsmål i køkkenet")
    assert list(incident.persons.all()) == [world["anna"]] and incident.partner_police and incident.reported_by == world["host_a"]


@pytest.mark.parametrize("changes, field", [
    ({"description": ""}, "description"),
    ({"kind": ""}, "kind"),
    ({"occurred_time": "25:99"}, "occurred_time"),
    ({"occurred_on": "32.11.2026"}, "occurred_on"),
])
def test_bad_incident_input_names_the_field(client, world, changes, field):
    client.force_login(world["host_a"])
    client.cookies.load({"django_language": "en"})
    data = {"occurred_on": "25.11.2026", "occurred_time": "21:30", "kind": "noise", "severity": "low", "description": "Larm", **changes}
    response = client.post(f"/housing/locations/{world['a'].pk}/incidents/new/", data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert Incident.objects.count() == 2


def test_a_resident_of_another_location_cannot_be_named(client, world):
    client.force_login(world["host_a"])
    response = client.post(f"/housing/locations/{world['a'].pk}/incidents/new/", {
        "occurred_on": "25.11.2026", "occurred_time": "21:30", "kind": "noise", "severity": "low", "description": "Larm",
        "persons": [world["boris"].pk]})
    assert response.status_code == 200 and "persons" in response.context["form"].errors


def test_a_host_cannot_report_at_another_host_s_location(client, world):
    client.force_login(world["host_a"])
    assert client.get(f"/housing/locations/{world['b'].pk}/incidents/new/").status_code == 404


@pytest.mark.django_db
def test_the_incident_list_is_in_date_order_newest_first(client, world, staff):
    older = Incident.objects.create(location=world["a"], occurred_at=datetime(2026, 10, 1, 8, 0, tzinfo=dt_timezone.utc), kind="noise",
                                    severity="low", description="Tidligere", reported_by=world["host_a"])
    newest = Incident.objects.create(location=world["b"], occurred_at=datetime(2026, 11, 25, 8, 0, tzinfo=dt_timezone.utc), kind="noise",
                                     severity="low", description="Senest", reported_by=world["host_b"])
    client.force_login(staff["manager"])
    listed = list(client.get("/housing/incidents/").context["incidents"])
    assert listed[0] == newest and listed[-1] == older
    assert [i.occurred_at for i in listed] == sorted((i.occurred_at for i in listed), reverse=True)
