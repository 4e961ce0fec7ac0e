"""A housing host receives a household at their location, on a desktop (1366×900) and on a phone (390×844): the reserved
room on the location page leads to the arrival, which the host registers; the household lives there afterwards.
Screenshots in test-artifacts/host-arrival/."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import make_staff
from tests.e2e.conftest import ARTIFACTS, assert_accessible, fits_its_width, log_in
from tests.factories import make_case, make_household, make_person
from tests.reception.factories import make_referral, make_room
from velkomst.accounts import roles
from velkomst.housing import services as housing
from velkomst.housing.models import Tenancy
from velkomst.reception.models import Referral

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
FOLDER = ARTIFACTS / "host-arrival"


def _look(page, name, viewport):
    assert fits_its_width(page)
    assert_accessible(page, f"{name} {viewport}")
    FOLDER.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(FOLDER / f"{viewport}-{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_host_registers_the_arrival_at_their_location(browser, live_server, viewport):
    today = timezone.localdate()
    host = make_staff("birgitte", roles.HOUSING_HOST, first_name="Birgitte", last_name="Holm")
    reception = make_staff("jonas", roles.RECEPTION)
    room = make_room(beds=2)
    room.location.hosts.add(host)
    mother = make_person(first_name="Iryna", last_name="Savchenko", birth_date=date(1988, 3, 1))
    household = make_household((mother, "applicant"), first_benefit_payment_on=date(2026, 1, 1))
    referral = make_referral(case=make_case(person=mother, household=household, status="referred",
                                            referral_decision_date=today - timedelta(days=10)))
    housing.reservation_make(by=reception, household=household, room=room, expected_arrival_on=today)

    context = browser.new_context(base_url=live_server.url, locale="da-DK", viewport=VIEWPORTS[viewport], bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, "birgitte")
    page.goto(f"/housing/locations/{room.location_id}/")
    _look(page, "location", viewport)
    page.get_by_role("link", name=f"Registrér ankomsten i værelse {room.number}").click()
    page.get_by_role("heading", name="Ankomst: Iryna Savchenko").wait_for()
    page.get_by_label("Nøgler udleveret").check()
    _look(page, "arrival", viewport)
    page.get_by_role("button", name="Registrér ankomsten").click()
    page.get_by_text("Reserverede værelser").wait_for()
    _look(page, "arrived", viewport)
    assert Referral.objects.get(pk=referral.pk).status == "arrived"
    assert Tenancy.objects.get(household=household).room == room
    context.close()
