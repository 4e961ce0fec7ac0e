"""Each housing rule refuses the move with a reason a host understands, and allows the move that keeps every rule."""
from datetime import date

import pytest

from tests.housing.factories import house, make_family, make_location, make_room, make_single
from velkomst.engine import rules as engine_rules
from velkomst.housing import refusals as housing_refusals

TODAY = date(2026, 11, 26)


def codes(room, household):
    return [r.code for r in housing_refusals.refusals(room=room, household=household, on=TODAY)]


@pytest.mark.django_db
def test_a_single_may_move_into_a_free_bed_next_to_someone_of_the_same_gender():
    room = make_room(beds=2)
    house(make_single(gender="F"), room)
    assert codes(room, make_single(gender="F")) == []


@pytest.mark.django_db
def test_occupants_never_exceed_beds():
    room = make_room(beds=1)
    house(make_single(gender="F"), room)
    assert engine_rules.CAPACITY in codes(room, make_single(gender="F"))


@pytest.mark.django_db
def test_a_family_gets_a_room_of_its_own():
    room = make_room(beds=4)
    house(make_single(gender="F"), room)
    assert engine_rules.FAMILY_OWN_ROOM in codes(room, make_family(children=1))


@pytest.mark.django_db
def test_no_one_moves_into_a_family_s_room():
    room = make_room(beds=5)
    house(make_family(children=1), room)
    assert engine_rules.FAMILY_ROOM_CLOSED in codes(room, make_single(gender="F"))


@pytest.mark.django_db
def test_a_household_lives_together_so_a_family_larger_than_the_room_is_refused():
    assert engine_rules.CAPACITY in codes(make_room(beds=2), make_family(children=2))


@pytest.mark.django_db
def test_a_shared_room_is_single_gender():
    room = make_room(beds=2)
    house(make_single(gender="F"), room)
    assert engine_rules.MIXED_GENDER in codes(room, make_single(gender="M"))


@pytest.mark.django_db
def test_pets_only_where_allowed():
    from velkomst.people.models import Pet

    household = make_single()
    Pet.objects.create(household=household, kind="cat")
    assert engine_rules.PETS in codes(make_room(make_location(pets_allowed=False)), household)
    assert codes(make_room(make_location(pets_allowed=True)), household) == []


@pytest.mark.django_db
def test_step_free_need_only_in_an_accessible_room():
    household = make_single()
    household.needs_step_free = True
    household.save()
    assert engine_rules.ACCESSIBILITY in codes(make_room(accessible=False), household)
    assert codes(make_room(accessible=True), household) == []


@pytest.mark.django_db
def test_the_location_must_serve_the_household_s_population():
    refugee = make_single(target_group="municipal_quota")
    assert engine_rules.POPULATION in codes(make_room(make_location(serves_ukrainians=True, serves_refugees=False)), refugee)
    assert codes(make_room(make_location(serves_refugees=True)), refugee) == []


@pytest.mark.django_db
def test_reserved_locations_take_only_their_exact_category():
    reserved_for_vulnerable = make_room(make_location(reserved_for="vulnerable"))
    assert engine_rules.RESERVED in codes(reserved_for_vulnerable, make_single())
    assert engine_rules.RESERVED in codes(reserved_for_vulnerable, make_single(patient=True))  # patient != vulnerable
    assert codes(reserved_for_vulnerable, make_single(addiction=True)) == []


@pytest.mark.django_db
def test_newcomers_needing_food_distribution_only_at_reception_locations():
    newcomer = make_single(first_benefit_payment_on=None)
    assert engine_rules.FOOD in codes(make_room(make_location(food_distribution=False)), newcomer)
    assert codes(make_room(make_location(food_distribution=True)), newcomer) == []


@pytest.mark.django_db
def test_blocked_rooms_and_closed_locations_take_no_one():
    blocked = make_room(status="blocked", blocked_reason="Vandskade")
    assert housing_refusals.ROOM_NOT_AVAILABLE in codes(blocked, make_single())
    closed = make_room(make_location(status="closed"))
    assert housing_refusals.LOCATION_CLOSED in codes(closed, make_single())


@pytest.mark.django_db
def test_a_household_already_housed_is_refused_a_second_room():
    household = make_single()
    house(household, make_room())
    assert housing_refusals.ALREADY_HOUSED in codes(make_room(), household)


@pytest.mark.django_db
def test_every_refusal_reads_as_a_sentence_in_danish_and_english():
    from django.utils import translation

    room = make_room(make_location(pets_allowed=False, food_distribution=False), beds=1)
    house(make_single(gender="M"), room)
    family = make_family(children=2, first_benefit_payment_on=None)
    refusals = housing_refusals.refusals(room=room, household=family, on=TODAY)
    assert len(refusals) >= 3
    for language in ("da", "en"):
        with translation.override(language):
            for refusal in refusals:
                assert refusal.message != refusal.code and refusal.message.endswith(".")


@pytest.mark.django_db
def test_a_documented_need_for_a_room_of_one_s_own_is_respected_both_ways():
    shared = make_room(beds=2)
    house(make_single(gender="F"), shared)
    needs_own = make_single(gender="F")
    needs_own.needs_own_room = True
    needs_own.save()
    assert housing_refusals.OWN_ROOM_NEEDED in codes(shared, needs_own)
    own = make_room(beds=2)
    house(needs_own, own)
    assert housing_refusals.ROOM_HELD_FOR_OWN_NEED in codes(own, make_single(gender="F"))
