"""A location with residents is set to close on a day: the capacity forecast loses its places from that week (and not
before), and the relocation plan moves every resident to another location within the housing rules, after which the
location can be closed."""
from collections import defaultdict
from datetime import date, timedelta

import pytest

from tests.housing.factories import house, make_family, make_location, make_room, make_single
from velkomst.allocation import services as allocation
from velkomst.forecast.inputs import forecast_inputs
from velkomst.forecast.plan import ScenarioSpec, scenario, start_state
from velkomst.forecast.simulation import simulate, week_index
from velkomst.housing import services
from velkomst.housing.models import Location, Tenancy
from velkomst.housing.selectors import room_by_code
from velkomst.lib.dates import age_on
from velkomst.rules.households import is_family

TODAY = date(2026, 11, 26)  # a Thursday
CLOSES_ON = date(2027, 1, 15)  # in forecast week 8
WEEKS = 20


@pytest.fixture
def centre(db):
    hejrevej = make_location(code="hejrevej", name="Hejrevej")
    house(make_family(children=1), make_room(hejrevej, number="1", beds=3))
    women = make_room(hejrevej, number="2", beds=2)
    house(make_single(gender="F", birth_date=date(1985, 1, 1)), women)
    house(make_single(gender="F", birth_date=date(1990, 1, 1)), women)
    house(make_single(gender="M"), make_room(hejrevej, number="3", beds=1))
    make_room(hejrevej, number="4", beds=2)  # empty: a family room the forecast counts too
    lygten = make_location(code="lygten", name="Lygten")
    for number, beds in (("1", 3), ("2", 2), ("3", 2), ("4", 1)):
        make_room(lygten, number=number, beds=beds)
    house(make_single(gender="M"), make_room(lygten, number="5", beds=2))
    return {"closing": hejrevej, "other": lygten}


def _free_beds(inputs) -> list[int]:
    """Free beds each week with no arrivals, computed the same way every time (deterministic)."""
    spec = ScenarioSpec(name="no arrivals", weekly_mean=0)
    start, changes = start_state(inputs, spec, WEEKS)
    result = simulate(start, scenario(inputs, spec, deterministic=True), [c for c, _on in changes], weeks=WEEKS, runs=1, seed=0)
    return result.median("free_beds").tolist()


def _closing_weeks(inputs, weeks: int) -> dict[str, int]:
    start, _changes = start_state(inputs, ScenarioSpec(name="base"), weeks)
    return {pool.name: pool.closes_in_week for pool in start.pools if pool.closes_in_week}


def test_the_forecast_loses_the_location_s_places_from_its_closing_week(centre, admin_user):
    closing = centre["closing"]
    before = forecast_inputs(TODAY, WEEKS)
    assert before.location(closing.pk).closes_on is None and _closing_weeks(before, WEEKS) == {}
    services.location_status_change(by=admin_user, location=closing, status="closing", closing_on=CLOSES_ON, today=TODAY)
    after = forecast_inputs(TODAY, WEEKS)
    week = week_index(TODAY, CLOSES_ON)
    assert week == 8
    assert after.location(closing.pk).closes_on == CLOSES_ON
    assert _closing_weeks(after, WEEKS) == {f"closing:{closing.pk}": week}
    # The same free places as before the closure until the closing week; from then on Hejrevej's rooms are gone and
    # its residents take beds elsewhere.
    unchanged, changed = _free_beds(before), _free_beds(after)
    assert changed[: week - 1] == unchanged[: week - 1]
    assert all(c < u for c, u in zip(changed[week - 1:], unchanged[week - 1:]))


def test_a_closing_location_shows_in_the_forecast_only_within_the_horizon(centre, admin_user):
    closing = centre["closing"]
    services.location_status_change(by=admin_user, location=closing, status="closing", closing_on=TODAY + timedelta(weeks=30),
                                     today=TODAY)
    assert _closing_weeks(forecast_inputs(TODAY, WEEKS), WEEKS) == {}
    assert _closing_weeks(forecast_inputs(TODAY, 52), 52) == {f"closing:{closing.pk}": 31}


def test_the_relocation_plan_moves_every_resident_within_the_rules_and_then_the_location_closes(centre, admin_user, staff):
    closing, other = centre["closing"], centre["other"]
    services.location_status_change(by=admin_user, location=closing, status="closing", closing_on=CLOSES_ON, today=TODAY)
    instance, tenancies = allocation.relocation_instance_empty_location(location=closing, on=CLOSES_ON, within=Location.objects.all())
    assert len(tenancies) == 4  # the family, two women and a man
    result = allocation.relocation_plan(by=staff["reception"], instance=instance, tenancies=tenancies)
    assert result["unplaced"] == [] and result["stays"] == [] and len(result["moves"]) == 4
    assert all(move["to_room"].startswith("lygten/") for move in result["moves"])
    # Each move is carried out by the ordinary move service, which checks every housing rule again.
    for move in result["moves"]:
        allocation.relocation_move_apply(by=staff["housing_host"], tenancy=move["tenancy"],
                                          to_room=room_by_code(admin_user, move["to_room"]), on=TODAY)
    assert not Tenancy.objects.filter(room__location=closing, moved_out_on__isnull=True).exists()
    # Within the rules: no room over its beds, a family alone in its room, single adults of one gender per shared room.
    by_room = defaultdict(list)
    for tenancy in Tenancy.objects.filter(room__location=other, moved_out_on__isnull=True).select_related("room", "household"):
        by_room[tenancy.room].append([(m.person.gender, age_on(m.person.birth_date, TODAY)) for m in tenancy.household.members.all()])
    for room, households in by_room.items():
        assert sum(len(h) for h in households) <= room.beds, room
        if any(is_family(age for _g, age in h) for h in households):
            assert len(households) == 1, room
        assert len({gender for h in households for gender, _age in h}) == 1 or len(households) == 1, room
    services.location_status_change(by=admin_user, location=closing, status="closed", closing_on=None, today=TODAY)
    assert Location.objects.get(pk=closing.pk).status == "closed"
    assert forecast_inputs(TODAY, WEEKS).location(closing.pk) is None  # a closed location is no longer counted at all
