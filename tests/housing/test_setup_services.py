"""The set-up services: locations (every field, hosts, open → closing → closed), rooms in bulk and one by one, rent caps per
year (a missing year refuses the move-in by name), house rules in versions. Each change has its history and access-log row."""
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import make_staff, rent_caps_enter
from tests.housing.factories import house, make_family, make_location, make_room, make_single, move_out_behind_the_services
from velkomst.accounts import roles
from velkomst.audit.models import AccessLog, FieldChange
from velkomst.housing import services
from velkomst.housing.models import HouseRules, Location, RentCap, Room, Tenancy

TODAY = date(2026, 11, 26)


def data(**fields) -> services.LocationData:
    return services.LocationData(**({"code": "hotel-nord", "name": "Hotel Nord", "kind": "hotel"} | fields))


def history(obj) -> dict[str, tuple[str, str]]:
    return {c.field: (c.old_value, c.new_value) for c in FieldChange.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk))}


@pytest.fixture
def host(db):
    return make_staff("birgitte", roles.HOUSING_HOST, first_name="Birgitte", last_name="Holm")


# -- locations -------------------------------------------------------------------------------------------------------

def test_a_location_is_created_with_every_field_and_its_hosts_and_the_history_shows_it(admin_user, host):
    location = services.location_create(by=admin_user, hosts=[host], data=data(
        address="Nørre Allé 7", serves_refugees=True, food_distribution=True, welcome_house=True, pets_allowed=True, step_free=True,
        shared_kitchen=True, shared_bath=True, common_room=True, outdoor_area=True, reserved_for="vulnerable", host_contact="Birgitte, 33 66 12 34"))
    location.refresh_from_db()
    assert (location.status, location.reserved_for, location.serves, location.welcome_house) == ("open", "vulnerable", ["ukrainian", "refugee"], True)
    assert list(location.hosts.all()) == [host]
    changes = history(location)
    assert changes["name"] == ("", "Hotel Nord") and changes["hosts"] == ("", str(host.pk)) and changes["status"] == ("", "open")
    assert AccessLog.objects.filter(user=admin_user, action="create", object_type="location", object_id=str(location.pk)).exists()


def test_a_location_needs_a_free_code_a_name_a_kind_a_target_group_and_hosts_who_are_hosts(admin_user, caseworker):
    make_location(code="hotel-nord")
    cases = [(data(), "code"), (data(code="Hotel Nord!"), "code"), (data(code="ny", name=" "), "name"), (data(code="ny", kind="telt"), "kind"),
             (data(code="ny", serves_ukrainians=False), "serves_ukrainians"), (data(code="ny", reserved_for="alle"), "reserved_for")]
    for bad, field in cases:
        with pytest.raises(ValidationError) as error:
            services.location_create(by=admin_user, data=bad)
        assert field in error.value.message_dict, field
    with pytest.raises(ValidationError) as error:
        services.location_create(by=admin_user, data=data(code="ny"), hosts=[caseworker])
    assert "hosts" in error.value.message_dict
    assert Location.objects.count() == 1


def test_changing_a_location_records_each_changed_field_and_the_hosts(admin_user, host):
    location = make_location(code="lygten", name="Lygten")
    other = make_staff("anden-vaert", roles.HOUSING_HOST)
    location.hosts.add(other)
    services.location_update(by=admin_user, location=location, hosts=[host], data=data(code="lygten", name="Lygten 2", kind="building",
                                                                                       pets_allowed=True))
    location.refresh_from_db()
    assert (location.name, location.kind, location.pets_allowed) == ("Lygten 2", "building", True)
    assert list(location.hosts.all()) == [host]
    changes = history(location)
    assert changes["name"] == ("Lygten", "Lygten 2") and changes["pets_allowed"] == ("False", "True")
    assert changes["hosts"] == (str(other.pk), str(host.pk)) and "code" not in changes
    assert AccessLog.objects.filter(action="change", object_type="location", object_id=str(location.pk)).count() == 1


def test_a_host_s_locations_are_set_from_the_host_s_side_and_each_location_s_history_shows_it(admin_user, host):
    a, b, c = make_location(name="A"), make_location(name="B"), make_location(name="C")
    a.hosts.add(host)
    services.host_locations_set(by=admin_user, host=host, locations=[b, c])
    assert set(host.hosted_locations.all()) == {b, c}
    assert history(a)["hosts"] == (str(host.pk), "") and history(b)["hosts"] == ("", str(host.pk))


def test_open_closing_closed_and_back(admin_user):
    location = make_location()
    room = make_room(location)
    with pytest.raises(ValidationError) as error:
        services.location_status_change(by=admin_user, location=location, status="closing", closing_on=None, today=TODAY)
    assert "closing_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.location_status_change(by=admin_user, location=location, status="closing", closing_on=date(2026, 11, 25), today=TODAY)
    assert "closing_on" in error.value.message_dict
    services.location_status_change(by=admin_user, location=location, status="closing", closing_on=date(2027, 1, 31), today=TODAY)
    location.refresh_from_db()
    assert (location.status, location.closing_on) == ("closing", date(2027, 1, 31))
    assert history(location) == {"status": ("open", "closing"), "closing_on": ("", "2027-01-31")}
    tenancy = house(make_single(), room)
    with pytest.raises(ValidationError) as error:
        services.location_status_change(by=admin_user, location=location, status="closed", closing_on=None, today=TODAY)
    assert "1" in error.value.message_dict["status"][0]  # one person still lives there
    move_out_behind_the_services(tenancy, TODAY)
    services.location_status_change(by=admin_user, location=location, status="closed", closing_on=None, today=TODAY)
    location.refresh_from_db()
    assert (location.status, location.closing_on) == ("closed", date(2027, 1, 31))
    services.location_status_change(by=admin_user, location=location, status="open", closing_on=None, today=TODAY)
    location.refresh_from_db()
    assert (location.status, location.closing_on) == ("open", None)
    assert AccessLog.objects.filter(action="change", object_type="location").count() == 3


def test_nobody_moves_into_a_closing_location_from_its_closing_day(admin_user):
    location = make_location(status="closing", closing_on=date(2026, 12, 1))
    room = make_room(location, beds=2)
    services.tenancy_start(by=admin_user, household=make_single(), room=room, moved_in_on=date(2026, 11, 30))
    with pytest.raises(services.MoveRefused) as refused:
        services.tenancy_start(by=admin_user, household=make_single(), room=room, moved_in_on=date(2026, 12, 1))
    assert refused.value.refusals[0].code == "location_closing" and "01.12.2026" in refused.value.refusals[0].message


# -- rooms -----------------------------------------------------------------------------------------------------------

def test_rooms_are_added_in_bulk_with_their_history_and_a_number_taken_is_named(admin_user):
    location = make_location(name="Hotel Nord")
    rooms = services.rooms_create(by=admin_user, location=location, rooms=[
        services.RoomData(number=str(n), beds=2, floor=1, has_bath=True) for n in range(101, 141)])
    assert len(rooms) == 40 and location.rooms.filter(floor=1, beds=2, has_bath=True).count() == 40
    assert FieldChange.objects.filter(object_type="room", field="number").count() == 40
    assert AccessLog.objects.get(action="create", object_type="location").criteria == {"rooms": 40, "beds": 80}
    with pytest.raises(ValidationError) as error:
        services.rooms_create(by=admin_user, location=location, rooms=[services.RoomData(number=n, beds=1) for n in ("140", "141", "101")])
    assert "101, 140" in error.value.message_dict["number"][0]
    assert location.rooms.count() == 40


def test_a_room_with_residents_cannot_lose_beds_below_them_and_the_refusal_names_room_and_count(admin_user):
    room = make_room(number="2.14", beds=4)
    house(make_family(children=2), room)
    with pytest.raises(ValidationError) as error:
        services.room_update(by=admin_user, room=room, data=services.RoomData(number="2.14", beds=2), today=TODAY)
    message = error.value.message_dict["beds"][0]
    assert "2.14" in message and "3" in message
    services.room_update(by=admin_user, room=room, data=services.RoomData(number="2.14", beds=3, floor=2, accessible=True), today=TODAY)
    room.refresh_from_db()
    assert (room.beds, room.floor, room.accessible) == (3, 2, True)
    assert history(room) == {"beds": ("4", "3"), "floor": ("0", "2"), "accessible": ("False", "True")}


def test_a_household_moving_out_later_still_counts_and_one_moved_out_does_not(admin_user):
    room = make_room(beds=2)
    leaving = house(make_single(), room)
    move_out_behind_the_services(leaving, date(2026, 12, 15))
    with pytest.raises(ValidationError):
        services.room_update(by=admin_user, room=room, data=services.RoomData(number=room.number, beds=0), today=TODAY)
    with pytest.raises(ValidationError):  # at least one bed, always
        services.room_update(by=admin_user, room=room, data=services.RoomData(number=room.number, beds=0), today=date(2026, 12, 16))
    services.room_update(by=admin_user, room=room, data=services.RoomData(number=room.number, beds=1), today=date(2026, 12, 16))


# -- rent caps -------------------------------------------------------------------------------------------------------

def test_the_lease_uses_the_cap_of_its_start_year(admin_user):
    RentCap.objects.filter(year=2027).delete()
    services.rent_caps_set(by=admin_user, year=2027, caps={"single": Decimal("2600"), "couple": Decimal("4700"),
                                                            "children_1_3": Decimal("5100"), "children_4_plus": Decimal("5500")})
    room = make_room(beds=2)
    tenancy = services.tenancy_start(by=admin_user, household=make_single(), room=room, moved_in_on=date(2027, 1, 4))
    assert tenancy.monthly_rent == Decimal("2600")
    earlier = services.tenancy_start(by=admin_user, household=make_single(), room=make_room(beds=1), moved_in_on=date(2026, 12, 30))
    assert earlier.monthly_rent == Decimal("2467")


def test_a_missing_year_refuses_the_move_in_naming_the_year_and_never_uses_another_year(admin_user):
    RentCap.objects.filter(year=2027).delete()
    room = make_room(beds=2)
    household = make_single()
    with pytest.raises(services.RentCapMissing) as refused:
        services.tenancy_start(by=admin_user, household=household, room=room, moved_in_on=date(2027, 1, 4))
    assert "2027" in refused.value.refusals[0].message and refused.value.year == 2027
    assert not Tenancy.objects.filter(household=household).exists()
    with pytest.raises(services.RentCapMissing):
        services.rent_for("single", date(2027, 6, 1))


def test_a_year_s_caps_are_entered_and_changed_with_their_history_and_each_type_is_required(admin_user):
    RentCap.objects.filter(year=2030).delete()
    caps = {"single": Decimal("2900"), "couple": Decimal("5300"), "children_1_3": Decimal("5800"), "children_4_plus": Decimal("6300")}
    services.rent_caps_set(by=admin_user, year=2030, caps=caps)
    assert dict(RentCap.objects.filter(year=2030).values_list("household_type", "monthly_cap")) == caps
    services.rent_caps_set(by=admin_user, year=2030, caps=caps | {"single": Decimal("2950")})
    single = RentCap.objects.get(year=2030, household_type="single")
    changes = FieldChange.objects.filter(object_type="rentcap", object_id=str(single.pk), field="monthly_cap").order_by("id")
    assert single.monthly_cap == Decimal("2950") and [(c.old_value, c.new_value) for c in changes] == [("", "2900.00"), ("2900.00", "2950.00")]
    assert AccessLog.objects.filter(object_type="rentcap", action="create").count() == 4
    assert AccessLog.objects.filter(object_type="rentcap", action="change").count() == 1
    for bad, field in (({**caps, "couple": None}, "couple"), ({**caps, "single": Decimal("0")}, "single")):
        with pytest.raises(ValidationError) as error:
            services.rent_caps_set(by=admin_user, year=2031, caps=bad)
        assert field in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.rent_caps_set(by=admin_user, year=1999, caps=caps)
    assert "year" in error.value.message_dict


def test_the_test_installation_has_every_year_s_caps_and_a_test_can_enter_its_own(db):
    rent_caps_enter([2040], {"single": Decimal("1"), "couple": Decimal("2"), "children_1_3": Decimal("3"), "children_4_plus": Decimal("4")})
    assert RentCap.objects.get(year=2040, household_type="couple").monthly_cap == Decimal("2")


# -- house rules -----------------------------------------------------------------------------------------------------

def test_house_rules_are_versioned_never_written_over_and_a_new_version_starts_on_or_after_the_last(admin_user):
    location = make_location()
    first = services.house_rules_add(by=admin_user, location=location, valid_from=date(2026, 1, 1), text="Ro efter kl. 22",
                                     text_uk="Тиша після 22:00")
    second = services.house_rules_add(by=admin_user, location=location, valid_from=date(2027, 1, 1), text="Ro efter kl. 21")
    assert (first.version, second.version, second.text_uk) == (1, 2, "")
    assert HouseRules.objects.get(pk=first.pk).text == "Ro efter kl. 22"
    with pytest.raises(ValidationError) as error:
        services.house_rules_add(by=admin_user, location=location, valid_from=date(2026, 6, 1), text="For sent")
    assert "valid_from" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.house_rules_add(by=admin_user, location=location, valid_from=date(2027, 2, 1), text="  ", text_uk="Тиша")
    assert "text" in error.value.message_dict
    assert history(second)["version"] == ("", "2")
    assert AccessLog.objects.filter(action="create", object_type="houserules").count() == 2


def test_blocking_and_unblocking_write_the_history_and_the_access_log(admin_user):
    room = make_room()
    services.room_block(by=admin_user, room=room, reason="Vandskade", until=date(2026, 12, 24), today=TODAY)
    services.room_unblock(by=admin_user, room=room)
    assert Room.objects.get(pk=room.pk).status == "available"
    assert [log.criteria for log in AccessLog.objects.filter(object_type="room").order_by("id")] == [{"room": "block"}, {"room": "unblock"}]
    assert FieldChange.objects.filter(object_type="room", field="status").count() == 2
