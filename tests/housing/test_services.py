import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tests.housing.factories import house, make_family, make_location, make_room, make_single
from velkomst.audit.models import AccessLog
from velkomst.housing import services
from velkomst.housing.models import MoveOutInspection, Room, Tenancy

ON = date(2026, 11, 26)


@pytest.mark.django_db
def test_moving_in_creates_the_tenancy_with_rent_from_the_cap_table_and_a_journal_entry(caseworker):
    household = make_family(children=2)
    tenancy = services.tenancy_start(by=caseworker, household=household, room=make_room(beds=4), moved_in_on=ON,
                                     checklist=services.MoveInChecklist(keys_handed_out_on=ON, food_distribution=True))
    assert (tenancy.persons, tenancy.household_type, tenancy.monthly_rent) == (3, "children_1_3", Decimal("4932.00"))
    assert tenancy.keys_handed_out_on == ON and tenancy.food_distribution
    case = household.cases.get()
    assert case.journal.filter(text__contains="Moved into").exists() or case.journal.filter(text__contains="Flyttet ind").exists()
    assert AccessLog.objects.filter(action="create", object_type="tenancy", person=case.person).exists()


@pytest.mark.django_db
def test_a_refused_move_in_writes_nothing(caseworker):
    room = make_room(beds=1)
    house(make_single(), room)
    with pytest.raises(services.MoveRefused) as refused:
        services.tenancy_start(by=caseworker, household=make_single(), room=room, moved_in_on=ON)
    assert [r.code for r in refused.value.refusals] == ["capacity"]
    assert Tenancy.objects.count() == 1


@pytest.mark.django_db
def test_moving_between_rooms_keeps_the_history(caseworker):
    household = make_single()
    first = services.tenancy_start(by=caseworker, household=household, room=make_room(), moved_in_on=date(2026, 3, 1))
    second = services.tenancy_move(by=caseworker, tenancy=first, to_room=make_room(make_location()), moved_on=ON, today=ON)
    first.refresh_from_db()
    assert (first.moved_out_on, first.move_out_reason) == (ON, "internal_move")
    assert second.previous == first and second.is_current


@pytest.mark.django_db
def test_a_refused_move_leaves_the_household_where_it_was(caseworker):
    household = make_single(gender="M")
    first = services.tenancy_start(by=caseworker, household=household, room=make_room(), moved_in_on=date(2026, 3, 1))
    women_only = make_room(beds=2)
    house(make_single(gender="F"), women_only)
    with pytest.raises(services.MoveRefused):
        services.tenancy_move(by=caseworker, tenancy=first, to_room=women_only, moved_on=ON, today=ON)
    first.refresh_from_db()
    assert first.is_current


@pytest.mark.django_db
def test_moving_out_records_reason_keys_and_inspection(caseworker):
    tenancy = services.tenancy_start(by=caseworker, household=make_single(), room=make_room(), moved_in_on=date(2026, 3, 1))
    services.tenancy_end(by=caseworker, tenancy=tenancy, moved_out_on=ON, reason="permanent_housing", today=ON, keys_returned_on=ON,
                         inspection={"inspected_on": ON, "condition": "fair", "damages": "Ridse i gulv", "estimated_cost": Decimal("500")})
    tenancy.refresh_from_db()
    assert (tenancy.moved_out_on, tenancy.move_out_reason, tenancy.keys_returned_on) == (ON, "permanent_housing", ON)
    assert MoveOutInspection.objects.get(tenancy=tenancy).estimated_cost == Decimal("500")


@pytest.mark.django_db
def test_a_move_out_before_the_move_in_is_refused_on_its_field(caseworker):
    tenancy = services.tenancy_start(by=caseworker, household=make_single(), room=make_room(), moved_in_on=ON)
    with pytest.raises(ValidationError) as error:
        services.tenancy_end(by=caseworker, tenancy=tenancy, moved_out_on=date(2026, 1, 1), reason="other", today=ON)
    assert "moved_out_on" in error.value.message_dict


@pytest.mark.django_db
def test_a_room_with_residents_cannot_be_blocked_and_a_block_needs_a_reason(caseworker):
    room = make_room()
    with pytest.raises(ValidationError) as error:
        services.room_block(by=caseworker, room=room, reason=" ", until=None, today=date(2026, 11, 26))
    assert "blocked_reason" in error.value.message_dict
    house(make_single(), room)
    with pytest.raises(ValidationError):
        services.room_block(by=caseworker, room=room, reason="Vandskade", until=None, today=date(2026, 11, 26))
    empty = make_room()
    with pytest.raises(ValidationError) as error:
        services.room_block(by=caseworker, room=empty, reason="Vandskade", until=date(2026, 11, 25), today=date(2026, 11, 26))
    assert "blocked_until" in error.value.message_dict
    services.room_block(by=caseworker, room=empty, reason="Vandskade", until=date(2027, 1, 1), today=date(2026, 11, 26))
    assert Room.objects.get(pk=empty.pk).status == "blocked"


@pytest.mark.django_db
def test_the_database_refuses_a_second_current_tenancy_for_one_household():
    from django.db import IntegrityError, transaction

    household = make_single()
    house(household, make_room())
    with pytest.raises(IntegrityError), transaction.atomic():
        house(household, make_room())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_hosts_moving_people_into_the_last_free_bed_at_once_exactly_one_succeeds(staff):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL")
    room = make_room(beds=2)
    house(make_single(gender="F"), room)
    contenders = [make_single(gender="F"), make_single(gender="F")]
    barrier = threading.Barrier(2)
    outcomes = []

    def move_in(household):
        try:
            barrier.wait()
            services.tenancy_start(by=staff["housing_host"], household=household, room=room, moved_in_on=ON)
            outcomes.append("moved in")
        except services.MoveRefused as refused:
            outcomes.append([r.code for r in refused.refusals])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move_in, args=(h,)) for h in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, outcomes)) == sorted(["moved in", str(["capacity"])])
    assert Tenancy.objects.filter(room=room, moved_out_on__isnull=True).count() == 2
