"""An incident is followed up after it is reported: actions (what, by whom, when, done or planned), the partners
involved and the closing with its outcome; each with its history, on the incident page as a timeline."""
from datetime import date, datetime
from datetime import timezone as dt_timezone

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_staff
from tests.housing.factories import house, make_location, make_room, make_single
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.housing import services
from velkomst.housing.models import Incident, IncidentAction

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(datetime(2026, 11, 26, 9, tzinfo=dt_timezone.utc))]
TODAY = date(2026, 11, 26)


@pytest.fixture
def world(staff):
    host = make_staff("host_a", roles.HOUSING_HOST)
    other_host = make_staff("host_b", roles.HOUSING_HOST)
    location = make_location(name="A")
    location.hosts.add(host)
    make_location(name="B").hosts.add(other_host)
    household = make_single(gender="F", caseworker=staff["caseworker"])
    house(household, make_room(location))
    anna = household.members.get().person
    incident = Incident.objects.create(location=location, occurred_at=datetime(2026, 11, 20, 22, tzinfo=dt_timezone.utc),
                                       kind="threat", severity="high", description="Trussel mod nabo", reported_by=host)
    incident.persons.set([anna])
    return {"host": host, "other_host": other_host, "anna": anna, "incident": incident}


def url(incident, tail=""):
    return f"/housing/incidents/{incident.pk}/{tail}"


def test_the_host_adds_a_done_action_and_the_page_shows_it_in_the_timeline(client, world):
    client.force_login(world["host"])
    response = client.post(url(world["incident"], "actions/"), {"taken_on": "23.11.2026", "text": "Samtale med beboeren",
                                                                 "done_by": "Værten", "done": "on"})
    assert response.status_code == 302
    action = IncidentAction.objects.get()
    assert (action.taken_on, action.text, action.done_by, action.done, action.recorded_by) == (
        date(2026, 11, 23), "Samtale med beboeren", "Værten", True, world["host"])
    html = client.get(url(world["incident"])).content.decode()
    assert "Samtale med beboeren" in html and "23.11.2026" in html
    assert FieldChange.objects.filter(object_type="incidentaction", object_id=str(action.pk), field="text").exists()
    assert AccessLog.objects.filter(action="change", object_type="incident", person=world["anna"], user=world["host"]).exists()


def test_a_planned_action_may_lie_ahead_and_is_marked_done_on_the_day(client, world):
    client.force_login(world["host"])
    client.post(url(world["incident"], "actions/"), {"taken_on": "01.12.2026", "text": "Møde med SSP", "done_by": "SSP"})
    action = IncidentAction.objects.get()
    assert not action.done
    assert "Markér som udført" in client.get(url(world["incident"])).content.decode()
    client.post(url(world["incident"], f"actions/{action.pk}/done/"))
    action.refresh_from_db()
    assert action.done and action.taken_on == TODAY
    assert FieldChange.objects.filter(object_type="incidentaction", object_id=str(action.pk), field="done", old_value="False",
                                      new_value="True").exists()


def test_a_done_action_in_the_future_is_refused_naming_the_field_and_nothing_is_saved(client, world):
    client.force_login(world["host"])
    response = client.post(url(world["incident"], "actions/"), {"taken_on": "01.12.2026", "text": "Samtale", "done_by": "Værten",
                                                                 "done": "on"})
    assert response.status_code == 400
    assert "kan ikke ligge i fremtiden" in response.content.decode()
    assert not IncidentAction.objects.exists()


def test_an_action_before_the_incident_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.incident_action_add(by=world["host"], incident=world["incident"], taken_on=date(2026, 11, 19), text="x", done_by="y",
                                     done=True, today=TODAY)
    assert "taken_on" in error.value.message_dict


def test_the_partners_are_chosen_from_the_list_with_others_in_free_text(client, world):
    client.force_login(world["host"])
    response = client.post(url(world["incident"], "partners/"), {"partners": ["partner_police", "partner_ssp"], "partner_other": "Psykiatrien"})
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (incident.partner_police, incident.partner_ssp, incident.partner_social, incident.partner_other) == (True, True, False, "Psykiatrien")
    assert set(FieldChange.objects.filter(object_type="incident").values_list("field", flat=True)) == {
        "partner_police", "partner_ssp", "partner_other"}
    html = client.get(url(world["incident"])).content.decode()
    assert "Politiet." in html and "Psykiatrien." in html


def test_closing_records_the_day_the_outcome_and_who_and_then_the_follow_up_is_locked(client, world, caseworker):
    client.force_login(caseworker)  # the caseworker of the person involved
    response = client.post(url(world["incident"], "close/"), {"closed_on": "25.11.2026", "outcome": "Beboeren er flyttet"})
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert (incident.closed_on, incident.outcome, incident.closed_by) == (date(2026, 11, 25), "Beboeren er flyttet", caseworker)
    html = client.get(url(incident)).content.decode()
    assert "Lukket 25.11.2026" in html and "Beboeren er flyttet" in html
    assert "Tilføj handlingen" not in html  # no forms once closed
    with pytest.raises(ValidationError):
        services.incident_action_add(by=caseworker, incident=incident, taken_on=TODAY, text="x", done_by="y", done=True, today=TODAY)
    response = client.post(url(incident, "partners/"), {"partners": ["partner_health"]})
    assert response.status_code == 400 and not Incident.objects.get().partner_health


@pytest.mark.parametrize("data, field", [
    ({"closed_on": "27.11.2026", "outcome": "Løst"}, "closed_on"),  # the future
    ({"closed_on": "19.11.2026", "outcome": "Løst"}, "closed_on"),  # before it happened
    ({"closed_on": "25.11.2026", "outcome": "  "}, "outcome"),
])
def test_a_bad_closing_is_refused_with_the_field_named(client, world, data, field):
    client.force_login(world["host"])
    response = client.post(url(world["incident"], "close/"), data)
    assert response.status_code == 400
    assert f'id="id_{field}-error"' in response.content.decode()
    assert Incident.objects.get().closed_on is None


@pytest.mark.parametrize("who, status", [
    ("manager", 403),  # sees incidents as risks, does not follow them up
    ("reception", 403),
    ("teacher", 403),
    ("company_consultant", 403),
    ("colleague", 404),  # a caseworker whose case is not involved
    ("other_host", 404),  # the host of another location
])
def test_the_wrong_role_or_scope_is_refused_every_follow_up_write(client, world, staff, who, status):
    client.force_login(world.get(who) or staff[who])
    action = IncidentAction.objects.create(incident=world["incident"], taken_on=TODAY, text="Planlagt", done_by="Værten",
                                           recorded_by=world["host"])
    for tail, data in [("actions/", {"taken_on": "26.11.2026", "text": "x", "done_by": "y", "done": "on"}),
                       (f"actions/{action.pk}/done/", {}),
                       ("partners/", {"partners": ["partner_police"]}),
                       ("close/", {"closed_on": "26.11.2026", "outcome": "Løst"})]:
        assert client.post(url(world["incident"], tail), data).status_code == status, tail
    assert IncidentAction.objects.count() == 1 and not IncidentAction.objects.get().done
    incident = Incident.objects.get()
    assert not incident.partner_police and incident.closed_on is None


def test_a_manager_sees_no_follow_up_forms_and_no_actions(client, world, staff):
    IncidentAction.objects.create(incident=world["incident"], taken_on=TODAY, text="Hemmelig handling", done_by="Værten",
                                  recorded_by=world["host"])
    client.force_login(staff["manager"])
    html = client.get(url(world["incident"])).content.decode()
    assert "Hemmelig handling" not in html and "Tilføj handlingen" not in html
