"""Reception proposes placements for the households it chose, overrides one within the rules, confirms them as reservations
after a confirmation step, and registers an arrival into the reserved room."""
from datetime import date

import pytest

from tests.conftest import make_staff
from tests.e2e.conftest import assert_accessible, log_in
from tests.housing.factories import house, make_family, make_location, make_room, make_single
from tests.reception.factories import make_referral
from velkomst.accounts import roles
from velkomst.housing.models import Reservation, Tenancy
from velkomst.people.models import Case
from velkomst.reception.models import Appointment


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
    page.locator(f'label[for="household-{family.pk}"]').click()  # nothing is ticked in advance
    page.locator(f'label[for="household-{woman.pk}"]').click()
    page.get_by_role("button", name="Foreslå placeringer").click()
    page.get_by_role("heading", name="Placeringsforslag").wait_for()
    assert page.get_by_text("Der findes ingen bedre plan inden for reglerne.").is_visible()
    assert_accessible(page, "proposal")

    # The woman is proposed for the shared room 4; give her the single room 3 instead.
    page.locator(f'a[href$="?household=h{woman.pk}"]').click()
    page.get_by_role("heading", name="Vælg et andet værelse").wait_for()
    assert_accessible(page, "room chooser")
    page.locator('label[for="room-lygten--3"]').click()
    page.get_by_label("Begrundelse for ændringen").fill("Ønsker eget værelse af helbredsgrunde")
    page.get_by_role("button", name="Skift værelse").click()
    page.get_by_text("Placeringen er ændret").wait_for()
    assert page.get_by_text("Ændret manuelt").first.is_visible()
    assert_accessible(page, "after override")

    page.get_by_role("link", name="Bekræft reservationerne …").click()
    page.get_by_role("heading", name="Bekræft reservationerne").wait_for()
    page.get_by_role("button", name="Reservér værelserne").click()
    page.get_by_text("2 husstande har fået et reserveret værelse.").wait_for()
    assert Reservation.objects.active().get(household=woman).room.number == "3"
    assert Reservation.objects.active().get(household=family).room.location == location
    assert not Tenancy.objects.filter(household__in=[woman, family]).exists()  # nobody moves in before the arrival


@pytest.mark.django_db(transaction=True)
def test_a_stale_proposal_is_refused_in_the_browser_and_nothing_is_written(page):
    make_staff("jonas", roles.RECEPTION)
    location = make_location(code="lygten", name="Lygten", food_distribution=True)
    spare = make_room(location, number="1", beds=2)
    make_room(location, number="2", beds=2)
    family = make_family(children=1, status="referred")
    log_in(page, "jonas")
    page.goto("/allocation/")
    page.locator(f"#household-{family.pk}").check()  # nothing is ticked in advance
    page.get_by_role("button", name="Foreslå placeringer").click()
    page.get_by_role("heading", name="Placeringsforslag").wait_for()
    page.get_by_role("link", name="Bekræft reservationerne …").click()
    page.get_by_role("heading", name="Bekræft reservationerne").wait_for()
    house(make_single(gender="M"), spare)  # a host moves someone in meanwhile
    page.get_by_role("button", name="Reservér værelserne").click()
    page.get_by_text("Lav et nyt forslag.").wait_for()
    assert not Tenancy.objects.filter(household=family).exists() and not Reservation.objects.exists()
    assert_accessible(page, "stale")


def assert_checkboxes_beside_their_rows(page) -> None:
    """Every visible checkbox (the input the design system lays over its drawn box) lies inside its label's box and its
    table row's box: not in the page's corner."""
    boxes = page.locator("input[type=checkbox]")
    assert boxes.count()
    for i in range(boxes.count()):
        box = boxes.nth(i)
        input_box = box.bounding_box()
        label_box = page.locator(f'label[for="{box.get_attribute("id")}"]').bounding_box()
        row_box = box.locator("xpath=ancestor::tr").bounding_box()
        for outer in (label_box, row_box):
            assert outer["x"] - 1 <= input_box["x"] and input_box["x"] + input_box["width"] <= outer["x"] + outer["width"] + 1, (i, input_box, outer)
            assert outer["y"] - 1 <= input_box["y"] and input_box["y"] + input_box["height"] <= outer["y"] + outer["height"] + 1, (i, input_box, outer)


@pytest.mark.django_db(transaction=True)
def test_reception_proposes_for_two_chosen_households_confirms_and_registers_an_arrival_into_the_reserved_room(page):
    make_staff("jonas", roles.RECEPTION)
    location = make_location(code="lygten", name="Lygten", food_distribution=True)
    for number, beds in (("1", 3), ("2", 2), ("3", 1)):
        make_room(location, number=number, beds=beds)
    family = make_family(children=1, status="referred")
    woman = make_single(gender="F", birth_date=date(1984, 4, 4), status="referred")
    waiting = make_single(gender="M", birth_date=date(1979, 7, 7), status="referred")
    referral = make_referral(case=family.cases.get())
    make_referral(case=woman.cases.get())
    make_referral(case=waiting.cases.get())

    log_in(page, "jonas")
    page.goto("/allocation/")
    page.get_by_role("heading", name="Husstande, der venter på midlertidig indkvartering").wait_for()
    assert page.locator("input[type=checkbox]").count() == 3
    assert page.locator("input[type=checkbox]:checked").count() == 0  # nothing ticked in advance
    assert_checkboxes_beside_their_rows(page)
    assert_accessible(page, "awaiting")
    page.locator(f'label[for="household-{family.pk}"]').click()
    page.locator(f'label[for="household-{woman.pk}"]').click()
    assert page.locator("input[type=checkbox]:checked").count() == 2
    page.get_by_role("button", name="Foreslå placeringer").click()
    page.get_by_role("heading", name="Placeringsforslag").wait_for()
    assert_accessible(page, "proposal")

    page.get_by_role("link", name="Bekræft reservationerne …").click()
    page.get_by_role("heading", name="Bekræft reservationerne").wait_for()
    summary = page.locator("#confirm-summary").inner_text()
    assert "2 husstande får et reserveret værelse til ankomsten" in summary and "3 personer i alt" in summary
    assert page.get_by_role("cell", name="Lygten", exact=True).count() == 2
    assert not Reservation.objects.exists()  # the step itself writes nothing
    assert_accessible(page, "confirmation")
    page.get_by_role("button", name="Reservér værelserne").click()
    page.get_by_text("2 husstande har fået et reserveret værelse.").wait_for()
    assert set(Reservation.objects.active().values_list("household_id", flat=True)) == {family.pk, woman.pk}
    assert not Tenancy.objects.exists()
    reserved_room = Reservation.objects.get(household=family).room

    page.goto(f"/reception/referrals/{referral.pk}/")
    page.locator("#reservation-summary").wait_for()
    assert "Lygten" in page.locator("#reservation-summary").inner_text()
    assert_accessible(page, "referral")
    page.get_by_role("link", name="Registrér ankomsten").click()
    page.locator("#arrival-reserved").wait_for()
    selected = page.locator("#id_room option:checked")
    assert selected.get_attribute("value") == str(reserved_room.pk) and "reserveret til denne husstand" in selected.inner_text()
    assert page.locator("#id_room option").nth(1).get_attribute("value") == str(reserved_room.pk)  # first after the empty choice
    assert_accessible(page, "arrival")
    page.get_by_role("button", name="Registrér ankomsten").click()
    page.get_by_text("Ankomsten er registreret").wait_for()
    assert_accessible(page, "referral after the arrival")

    assert Tenancy.objects.get(household=family).room == reserved_room
    assert Reservation.objects.get(household=family).status == "converted"
    assert set(Case.objects.filter(household=family).values_list("status", flat=True)) == {"arrived"}
    mother = family.cases.get()
    assert set(Appointment.objects.filter(case=mother).values_list("kind", "status")) == {("welcome", "required"), ("contract", "required")}
    assert Reservation.objects.get(household=woman).status == "active"  # the other household has not come yet
