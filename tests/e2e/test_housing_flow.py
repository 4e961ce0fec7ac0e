"""A housing host moves a resident in, to another room and out with an inspection; a caseworker sees only incidents of their cases."""
from datetime import datetime
from datetime import timezone as dt_timezone

import pytest

from tests.conftest import make_staff
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import make_case, make_household, make_person
from tests.housing.factories import house, make_location, make_room, make_single
from velkomst.accounts import roles
from velkomst.housing.models import Incident, MoveOutInspection, Tenancy
from velkomst.letters.models import Letter


@pytest.mark.django_db(transaction=True)
def test_a_host_moves_a_resident_in_between_rooms_and_out(page):
    host = make_staff("birgitte", roles.HOUSING_HOST, first_name="Birgitte", last_name="Holm")
    location = make_location(name="Sjællandsgade", food_distribution=True)
    location.hosts.add(host)
    make_room(location, number="101", beds=2)
    make_room(location, number="102", beds=2)
    olena = make_person(first_name="Olena", last_name="Kovalenko")
    household = make_household((olena, "applicant"))
    make_case(person=olena, household=household)

    log_in(page, "birgitte")
    page.get_by_role("link", name="Belægning").click()
    page.get_by_role("heading", name="Belægning", level=1).wait_for()
    assert_accessible(page, "occupancy")
    page.get_by_role("link", name="Sjællandsgade").click()
    page.get_by_role("heading", name="Sjællandsgade", level=1).wait_for()
    assert_accessible(page, "location")

    page.get_by_role("link", name="Flyt ind på værelse 101").click()
    page.get_by_label("Navn eller sagsnummer").fill("kovalenko")
    page.get_by_role("button", name="Søg").click()
    page.get_by_label("Kovalenko, Olena", exact=False).check()
    assert "kovalenko" not in page.url.lower()
    assert_accessible(page, "move in")
    page.get_by_label("Lejekontrakten er underskrevet").check()
    page.get_by_label("Nøglerne er udleveret").check()
    page.get_by_label("Husordenen er gennemgået").check()
    page.get_by_role("button", name="Flyt ind", exact=True).click()
    page.get_by_text("Husstanden er flyttet ind på værelse 101.").wait_for()
    assert page.get_by_role("link", name="Kovalenko, Olena").is_visible()
    first = Tenancy.objects.get(household=household)
    assert first.room.number == "101" and first.lease_signed_on and first.keys_handed_out_on

    page.get_by_role("link", name="Tjekliste for værelse 101", exact=True).click()
    page.get_by_role("heading", name="Tjekliste for indflytning", level=1).wait_for()
    assert_accessible(page, "checklist with the lease and house rules")
    page.get_by_label("Borgerens sprog").select_option("uk")
    with page.expect_download() as download:
        page.get_by_role("button", name="Lav lejekontrakten (PDF)").click()
    assert download.value.suggested_filename.startswith("lejekontrakt-") and "Kovalenko" not in download.value.suggested_filename
    assert Letter.objects.get(case__person=olena).kind == Letter.Kind.LEASE
    page.goto(f"/housing/locations/{location.pk}/")

    page.get_by_role("link", name="Flyt fra værelse 101", exact=True).click()
    page.get_by_role("heading", name="Flyt til et andet værelse").wait_for()
    assert_accessible(page, "move")
    page.get_by_label("Værelse 102 (2 ledige senge)").check()
    page.get_by_role("button", name="Flyt", exact=True).click()
    page.get_by_text("Husstanden er flyttet til").wait_for()
    second = Tenancy.objects.get(household=household, moved_out_on__isnull=True)
    assert second.room.number == "102" and second.previous == first

    page.get_by_role("link", name="Fraflyt fra værelse 102", exact=True).click()
    page.get_by_role("heading", name="Fraflyt").wait_for()
    assert_accessible(page, "move out")
    page.get_by_label("Årsag til fraflytning").select_option("permanent_housing")
    today = page.get_by_label("Fraflytningsdato").input_value()
    page.get_by_label("Nøgler afleveret").fill(today)
    page.get_by_label("Dato for flyttesyn").fill(today)
    page.get_by_label("Værelsets stand").select_option("good")
    page.get_by_role("button", name="Fraflyt", exact=True).click()
    page.get_by_text("Husstanden er fraflyttet værelse 102.").wait_for()
    assert page.get_by_text("Der bor ingen her nu.").is_visible()
    assert_accessible(page, "location after move-out")
    second.refresh_from_db()
    assert second.move_out_reason == "permanent_housing" and second.keys_returned_on
    assert MoveOutInspection.objects.get(tenancy=second).condition == "good"


@pytest.mark.django_db(transaction=True)
def test_a_caseworker_sees_only_incidents_involving_their_own_cases(page):
    mette = make_staff("mette", roles.CASEWORKER)
    other_caseworker = make_staff("ahmad", roles.CASEWORKER)
    host = make_staff("birgitte", roles.HOUSING_HOST)
    location = make_location(name="Lygten")
    mine = make_single(gender="F", caseworker=mette)
    theirs = make_single(gender="M", caseworker=other_caseworker)
    house(mine, make_room(location))
    house(theirs, make_room(location))
    at = datetime(2026, 11, 20, 21, 0, tzinfo=dt_timezone.utc)
    noise = Incident.objects.create(location=location, occurred_at=at, kind="noise", severity="low", description="Høj musik", reported_by=host)
    noise.persons.set([mine.members.get().person])
    threat = Incident.objects.create(location=location, occurred_at=at, kind="threat", severity="high", description="Trussel mod nabo", reported_by=host)
    threat.persons.set([theirs.members.get().person])

    log_in(page, "mette")
    page.get_by_role("link", name="Hændelser").click()
    page.get_by_role("heading", name="Hændelser", level=1).wait_for()
    assert page.get_by_role("cell", name="Støj").is_visible()
    assert page.get_by_role("cell", name="Trussel").count() == 0
    assert_accessible(page, "incidents")

    response = page.goto(f"/housing/incidents/{threat.pk}/")
    assert response.status == 404
    assert "Trussel mod nabo" not in page.content()
    response = page.goto(f"/housing/incidents/{noise.pk}/")
    assert response.status == 200 and page.get_by_text("Høj musik").is_visible()
    assert_accessible(page, "incident")
