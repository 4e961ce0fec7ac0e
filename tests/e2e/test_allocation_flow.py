"""Reception proposes placements for arriving households, overrides one within the rules, and confirms."""
from datetime import date

import pytest

from tests.conftest import make_staff
from tests.e2e.conftest import assert_accessible, log_in
from tests.housing.factories import house, make_family, make_location, make_room, make_single
from velkomst.accounts import roles
from velkomst.housing.models import Tenancy


@pytest.mark.django_db(transaction=True)
def test_reception_proposes_overrides_one_placement_and_confirms(page):
    make_staff("jonas", roles.RECEPTION)
    location = make_location(code="lygten", name="Lygten", food_distribution=True)
    make_room(location, number="1", beds=2)
    make_room(location, number="2", beds=2)
    make_room(location, number="3", beds=1)
    house(make_single(gender="F", birth_date=date(1980, 1, 1)), make_room(location, number="4", beds=2))
    family = make_family(children=1, status="referred")
    woman = make_single(gender="F", birth_date=date(1984, 4, 4), status="referred")

    log_in(page, "jonas")
    page.goto("/allocation/")
    page.get_by_role("heading", name="Husstande, der venter på midlertidig indkvartering").wait_for()
    assert_accessible(page, "awaiting")
    page.get_by_role("button", name="Foreslå placeringer").click()
    page.get_by_role("heading", name="Placeringsforslag").wait_for()
    assert page.get_by_text("Der findes ingen bedre plan inden for reglerne.").is_visible()
    assert_accessible(page, "proposal")

    # The woman is proposed for the shared room 4; give her the single room 3 instead.
    page.locator(f"#room-h{woman.pk}").fill("lygten/3")
    page.locator(f"#reason-h{woman.pk}").fill("Ønsker eget værelse af helbredsgrunde")
    page.locator(f"#reason-h{woman.pk}").press("Enter")
    page.get_by_text("Placeringen er ændret").wait_for()
    assert page.get_by_text("Ændret manuelt").first.is_visible()
    assert_accessible(page, "after override")

    page.get_by_role("button", name="Bekræft og flyt ind").click()
    page.get_by_text("2 husstande er flyttet ind.").wait_for()
    assert Tenancy.objects.get(household=woman).room.number == "3"
    assert Tenancy.objects.get(household=family).room.location == location


@pytest.mark.django_db(transaction=True)
def test_a_stale_proposal_is_refused_in_the_browser_and_nothing_is_written(page):
    make_staff("jonas", roles.RECEPTION)
    location = make_location(code="lygten", name="Lygten", food_distribution=True)
    spare = make_room(location, number="1", beds=2)
    make_room(location, number="2", beds=2)
    family = make_family(children=1, status="referred")
    log_in(page, "jonas")
    page.goto("/allocation/")
    page.get_by_role("button", name="Foreslå placeringer").click()
    page.get_by_role("heading", name="Placeringsforslag").wait_for()
    house(make_single(gender="M"), spare)  # a host moves someone in meanwhile
    page.get_by_role("button", name="Bekræft og flyt ind").click()
    page.get_by_text("Lav et nyt forslag.").wait_for()
    assert not Tenancy.objects.filter(household=family).exists()
    assert_accessible(page, "stale")
