"""Writes to temporary housing. Every move goes through here: one transaction, the room locked, the rules re-checked."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write, changes_record, snapshot
from velkomst.formats import date_text
from velkomst.housing import refusals as housing_refusals
from velkomst.housing.models import Incident, MoveOutInspection, MoveOutReason, RentCap, Room, Tenancy
from velkomst.people.models import Household
from velkomst.people.services import journal_event_add
from velkomst.rules import households as household_rules


class MoveRefused(Exception):
    """The move breaks a housing rule; `refusals` says which, in words a host understands."""

    def __init__(self, refusals: list[housing_refusals.Refusal]):
        self.refusals = refusals
        super().__init__("; ".join(r.message for r in refusals))


@dataclass(frozen=True)
class MoveInChecklist:
    lease_signed_on: date | None = None
    start_kit_on: date | None = None
    keys_handed_out_on: date | None = None
    house_rules_explained_on: date | None = None
    food_distribution: bool = False
    transport_ticket_on: date | None = None


CHECKLIST_FIELDS = list(MoveInChecklist.__dataclass_fields__)


def household_type(household: Household, on: date) -> str:
    """The rent caps' household type on the day (``rules.households.household_type``)."""
    return household_rules.household_type(m.person.age_on(on) for m in household.members.select_related("person"))


def rent_for(kind: str, on: date) -> Decimal:
    """The cap of the latest year on or before the date (the caps are set per year by regulation);
    before the first recorded year, that year's cap (the administrator adds older years if they differ)."""
    caps = RentCap.objects.filter(household_type=kind)
    cap = caps.filter(year__lte=on.year).order_by("-year").first() or caps.order_by("year").first()
    return cap.monthly_cap if cap else Decimal("0")


def _lock_rooms(*rooms: Room) -> dict[int, Room]:
    """Lock the rooms in id order (no deadlock between two moves); the last free bed goes to one of two hosts."""
    ids = sorted({room.pk for room in rooms})
    locked = Room.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {room.pk: room for room in locked.select_related("location")}


def _persons_in(household: Household) -> int:
    return household.members.count()


def _affected_cases(household: Household):
    return list(household.cases.select_related("person"))


@transaction.atomic
def tenancy_start(*, by: User, household: Household, room: Room, moved_in_on: date, checklist: MoveInChecklist = MoveInChecklist(),
                  previous: Tenancy | None = None) -> Tenancy:
    room = _lock_rooms(room)[room.pk]
    Household.objects.select_for_update().filter(pk=household.pk).first()
    refused = housing_refusals.refusals(room=room, household=household, on=moved_in_on, moving_from=previous)
    if refused:
        raise MoveRefused(refused)
    kind = household_type(household, moved_in_on)
    tenancy = Tenancy.objects.create(
        household=household,
        room=room,
        moved_in_on=moved_in_on,
        persons=_persons_in(household),
        household_type=kind,
        monthly_rent=rent_for(kind, moved_in_on),
        previous=previous,
        created_by=by,
        **{name: getattr(checklist, name) for name in CHECKLIST_FIELDS},
    )
    for case in _affected_cases(household):
        journal_event_add(case=case, author=by, text=_("Moved into %(room)s on %(date)s.") % {"room": room, "date": date_text(moved_in_on)})
        access_log_write(user=by, action=AccessLog.Action.CREATE, obj=tenancy, person=case.person)
    return tenancy


def _check_move_out(tenancy: Tenancy, on: date, *, today: date, field: str = "moved_out_on") -> None:
    if tenancy.moved_out_on is not None:
        raise ValidationError({field: _("The household has already moved out of this room.")})
    if on > today:
        raise ValidationError({field: _("A move is recorded on the day it happens; %(date)s has not come yet.") % {"date": date_text(on)}})
    if on < tenancy.moved_in_on:
        raise ValidationError({field: _("The move-out date is before the move-in date (%(date)s).") % {
            "date": date_text(tenancy.moved_in_on)}})


@transaction.atomic
def tenancy_move(*, by: User, tenancy: Tenancy, to_room: Room, moved_on: date, today: date,
                 keys_handed_out_on: date | None = None) -> Tenancy:
    """Move a household to another room or location: the old tenancy ends, the new one starts the same day.
    The move-in checklist carries over (the house rules only within the same location); the keys are new."""
    tenancy = Tenancy.objects.select_for_update().select_related("room", "household").get(pk=tenancy.pk)
    _lock_rooms(tenancy.room, to_room)
    if to_room.pk == tenancy.room_id:
        raise ValidationError({"room": _("Choose another room than the one the household lives in.")})
    _check_move_out(tenancy, moved_on, today=today, field="moved_on")
    carried = MoveInChecklist(
        lease_signed_on=tenancy.lease_signed_on, start_kit_on=tenancy.start_kit_on, keys_handed_out_on=keys_handed_out_on,
        house_rules_explained_on=tenancy.house_rules_explained_on if to_room.location_id == tenancy.room.location_id else None,
        food_distribution=tenancy.food_distribution, transport_ticket_on=tenancy.transport_ticket_on,
    )
    # Both happen in this one transaction: if the new room refuses, the old tenancy is not ended.
    before = snapshot(tenancy, ["moved_out_on", "move_out_reason"])
    tenancy.moved_out_on, tenancy.move_out_reason = moved_on, MoveOutReason.INTERNAL_MOVE
    tenancy.save(update_fields=["moved_out_on", "move_out_reason"])
    changes_record(user=by, instance=tenancy, before=before, person=None)
    return tenancy_start(by=by, household=tenancy.household, room=to_room, moved_in_on=moved_on, checklist=carried, previous=tenancy)


@transaction.atomic
def tenancy_move_out_plan(*, by: User, tenancy: Tenancy, planned_on: date | None, today: date) -> Tenancy:
    """Announce (or withdraw, with None) the day a household will move out. Nothing is freed: the household keeps
    its bed until the move-out is recorded on the day (``tenancy_end``); the host's pages show the planned day."""
    tenancy = Tenancy.objects.select_for_update().select_related("room", "household").get(pk=tenancy.pk)
    if tenancy.moved_out_on is not None:
        raise ValidationError({"planned_move_out_on": _("The household has already moved out of this room.")})
    if planned_on is not None and planned_on < today:
        raise ValidationError({"planned_move_out_on": _("A planned move-out is in the future; record a move-out that has happened instead.")})
    before = snapshot(tenancy, ["planned_move_out_on"])
    tenancy.planned_move_out_on = planned_on
    tenancy.save(update_fields=["planned_move_out_on"])
    if changes_record(user=by, instance=tenancy, before=before, person=None):
        for case in _affected_cases(tenancy.household):
            text = (_("Move-out from %(room)s planned for %(date)s.") % {"room": tenancy.room, "date": date_text(planned_on)} if planned_on
                    else _("The planned move-out from %(room)s is withdrawn.") % {"room": tenancy.room})
            journal_event_add(case=case, author=by, text=text)
            access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=tenancy, person=case.person)
    return tenancy


@transaction.atomic
def tenancy_end(*, by: User, tenancy: Tenancy, moved_out_on: date, reason: str, today: date, keys_returned_on: date | None = None,
                inspection: dict | None = None) -> Tenancy:
    """Move out: the tenancy ends with a reason, keys and (normally) a move-out inspection.
    A move-out on a later day is planned, not recorded: ``tenancy_move_out_plan``; the bed stays occupied until then."""
    tenancy = Tenancy.objects.select_for_update().select_related("room__location", "household").get(pk=tenancy.pk)
    _check_move_out(tenancy, moved_out_on, today=today)
    if reason not in MoveOutReason.values or reason == MoveOutReason.INTERNAL_MOVE:
        raise ValidationError({"reason": _("Choose why the household moves out (use “move” for a move within temporary housing).")})
    if keys_returned_on and keys_returned_on < tenancy.moved_in_on:
        raise ValidationError({"keys_returned_on": _("The keys cannot be returned before the move-in date.")})
    tenancy.moved_out_on = moved_out_on
    tenancy.move_out_reason = reason
    tenancy.keys_returned_on = keys_returned_on
    tenancy.save(update_fields=["moved_out_on", "move_out_reason", "keys_returned_on"])
    if inspection:
        MoveOutInspection.objects.create(tenancy=tenancy, inspected_by=by, **inspection)
    for case in _affected_cases(tenancy.household):
        journal_event_add(case=case, author=by, text=_("Moved out of %(room)s on %(date)s: %(reason)s.") % {
            "room": tenancy.room, "date": date_text(moved_out_on), "reason": MoveOutReason(reason).label})
        access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=tenancy, person=case.person)
    return tenancy


@transaction.atomic
def tenancy_checklist_update(*, by: User, tenancy: Tenancy, checklist: MoveInChecklist) -> Tenancy:
    tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)
    before = snapshot(tenancy, CHECKLIST_FIELDS)
    for name in CHECKLIST_FIELDS:
        setattr(tenancy, name, getattr(checklist, name))
    tenancy.save(update_fields=CHECKLIST_FIELDS)
    changes_record(user=by, instance=tenancy, before=before, person=None)
    return tenancy


@transaction.atomic
def room_block(*, by: User, room: Room, reason: str, until: date | None) -> Room:
    room = _lock_rooms(room)[room.pk]
    if not reason.strip():
        raise ValidationError({"blocked_reason": _("Say why the room is blocked, e.g. water damage.")})
    if Tenancy.objects.current().filter(room=room).exists():
        raise ValidationError({"blocked_reason": _("People live in the room; move them before blocking it.")})
    before = snapshot(room, ["status", "blocked_reason", "blocked_until"])
    room.status, room.blocked_reason, room.blocked_until = Room.Status.BLOCKED, reason.strip(), until
    room.save(update_fields=["status", "blocked_reason", "blocked_until"])
    changes_record(user=by, instance=room, before=before, person=None)
    return room


@transaction.atomic
def room_unblock(*, by: User, room: Room) -> Room:
    room = _lock_rooms(room)[room.pk]
    if room.status != Room.Status.BLOCKED:
        # Without this a closed room would be reopened by "unblock".
        raise ValidationError({"status": _("The room is not blocked.")})
    before = snapshot(room, ["status", "blocked_reason", "blocked_until"])
    room.status, room.blocked_reason, room.blocked_until = Room.Status.AVAILABLE, "", None
    room.save(update_fields=["status", "blocked_reason", "blocked_until"])
    changes_record(user=by, instance=room, before=before, person=None)
    return room


@transaction.atomic
def incident_report(*, by: User, location, occurred_at, kind: str, severity: str, description: str, persons=(), follow_up: str = "",
                    partner_social=False, partner_health=False, partner_police=False) -> Incident:
    if not description.strip():
        raise ValidationError({"description": _("Describe what happened.")})
    incident = Incident.objects.create(
        location=location, occurred_at=occurred_at, kind=kind, severity=severity, description=description.strip(), follow_up=follow_up,
        partner_social=partner_social, partner_health=partner_health, partner_police=partner_police, reported_by=by,
    )
    incident.persons.set(persons)
    for person in persons:
        access_log_write(user=by, action=AccessLog.Action.CREATE, obj=incident, person=person)
    return incident
