"""Writes to temporary housing. Every move goes through here: one transaction, the room locked, the rules re-checked."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from velkomst.accounts import roles
from velkomst.accounts.models import User
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write, changes_record, creations_record, snapshot, values_record
from velkomst.formats import date_text
from velkomst.housing import capacity
from velkomst.housing import refusals as housing_refusals
from velkomst.housing.models import (
    Category,
    HouseholdType,
    HouseRules,
    Incident,
    IncidentAction,
    Location,
    MoveOutInspection,
    MoveOutReason,
    RentCap,
    Reservation,
    Room,
    RoomOccupancy,
    Tenancy,
)
from velkomst.housing.selectors import occupants_on, residents_on
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


class RentCapMissing(MoveRefused):
    """No rent cap is recorded for the lease's start year: the move-in is refused, naming the year (never another year's cap)."""

    def __init__(self, year: int, kind: str):
        self.year, self.kind = year, kind
        super().__init__([housing_refusals.Refusal(housing_refusals.RENT_CAP_MISSING, {"year": year, "household_type": kind})])


def rent_for(kind: str, on: date) -> Decimal:
    """The lease's rent: the cap of its start year for the household type (the caps are set anew each year by
    regulation, and the centre enters them). Raises `RentCapMissing` when that year has no cap."""
    cap = RentCap.objects.filter(household_type=kind, year=on.year).values_list("monthly_cap", flat=True).first()
    if cap is None:
        raise RentCapMissing(on.year, kind)
    return cap


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
    _reservation_end_on_move_in(by=by, household=household, tenancy=tenancy)
    return tenancy


def _reservation_end_on_move_in(*, by: User, household: Household, tenancy: Tenancy) -> None:
    """A move-in ends the household's reservation, however it is made (the arrival, the host's move-in page, the API):
    into the reserved room, the reservation becomes the tenancy; into another room, the reserved room is released."""
    reservation = Reservation.objects.select_for_update().active().filter(household=household).first()
    if reservation is None:
        return
    before = snapshot(reservation, ["status", "tenancy", "release_reason", "released_on"])
    if reservation.room_id == tenancy.room_id:
        reservation.status, reservation.tenancy = Reservation.Status.CONVERTED, tenancy
    else:
        reservation.status, reservation.released_on = Reservation.Status.RELEASED, tenancy.moved_in_on
        reservation.release_reason = _("Moved into %(room)s instead.") % {"room": tenancy.room}
    reservation.save(update_fields=list(before))
    changes_record(user=by, instance=reservation, before=before, person=None)


# -- reservations: a room held from the confirmed placement until the arrival --------------------------------------

RESERVATION_FIELDS = ["household", "room", "expected_arrival_on", "persons", "status"]


def _reservation_journal(*, by: User, reservation: Reservation, text: str, action: str) -> None:
    for case in _affected_cases(reservation.household):
        journal_event_add(case=case, author=by, text=text)
        access_log_write(user=by, action=action, obj=reservation, person=case.person)


@transaction.atomic
def reservation_make(*, by: User, household: Household, room: Room, expected_arrival_on: date) -> Reservation:
    """Hold a room for a household's arrival. Its beds are occupied from now on (every rule of a move-in is checked as for
    the arrival day); the arrival turns it into the tenancy (``tenancy_start``)."""
    room = _lock_rooms(room)[room.pk]
    Household.objects.select_for_update().filter(pk=household.pk).first()
    if Reservation.objects.active().filter(household=household).exists():
        raise ValidationError({"room": _("The household already has a reserved room; change or release that reservation instead.")})
    refused = housing_refusals.refusals(room=room, household=household, on=expected_arrival_on)
    if refused:
        raise MoveRefused(refused)
    reservation = Reservation.objects.create(household=household, room=room, expected_arrival_on=expected_arrival_on,
                                             persons=_persons_in(household), created_by=by)
    creations_record(user=by, instances=[reservation], fields=RESERVATION_FIELDS)
    _reservation_journal(by=by, reservation=reservation, action=AccessLog.Action.CREATE, text=_(
        "Room %(room)s reserved for the arrival on %(date)s.") % {"room": room, "date": date_text(expected_arrival_on)})
    return reservation


def _active_reservation(reservation: Reservation) -> Reservation:
    reservation = Reservation.objects.select_for_update().select_related("room__location", "household").get(pk=reservation.pk)
    if reservation.status != Reservation.Status.ACTIVE:
        raise ValidationError({"reason": _("The reservation has ended (the household has moved in, or it was released).")})
    return reservation


@transaction.atomic
def reservation_change(*, by: User, reservation: Reservation, room: Room, expected_arrival_on: date, reason: str, today: date) -> Reservation:
    """Reserve another room, or the same room for another day, with the reason. The new room is checked as a move-in is."""
    reservation = _active_reservation(reservation)
    _lock_rooms(reservation.room, room)
    room = Room.objects.select_related("location").get(pk=room.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the reservation is changed.")})
    if expected_arrival_on < today:
        raise ValidationError({"expected_arrival_on": _("The expected arrival is in the past; give today or a later day.")})
    if room.pk == reservation.room_id and expected_arrival_on == reservation.expected_arrival_on:
        raise ValidationError({"room": _("Choose another room or another day than those reserved now.")})
    refused = housing_refusals.refusals(room=room, household=reservation.household, on=expected_arrival_on)
    if refused:
        raise MoveRefused(refused)
    referral = _open_referral(reservation.household)
    if referral is not None and expected_arrival_on < referral.decision_date:
        raise ValidationError({"expected_arrival_on": _("The arrival cannot come before the referral decision (%(date)s).") % {
            "date": date_text(referral.decision_date)}})
    before = snapshot(reservation, ["room", "expected_arrival_on"])
    reservation.room, reservation.expected_arrival_on = room, expected_arrival_on
    reservation.save(update_fields=["room", "expected_arrival_on"])
    changes_record(user=by, instance=reservation, before=before, person=None)
    if referral is not None and referral.expected_arrival_on != expected_arrival_on:
        _referral_arrival_follows(by=by, referral=referral, expected_arrival_on=expected_arrival_on)
    _reservation_journal(by=by, reservation=reservation, action=AccessLog.Action.CHANGE, text=_(
        "Reservation changed to %(room)s for the arrival on %(date)s: %(reason)s") % {
        "room": room, "date": date_text(expected_arrival_on), "reason": reason.strip()})
    return reservation


def _open_referral(household: Household):
    """The household's referral while it is still being prepared (reception's row, reached through the household: housing
    sits below reception and does not import it), or None."""
    referral = getattr(household, "referral", None)
    if referral is None or referral.status != type(referral).Status.OPEN:
        return None
    return type(referral).objects.select_for_update().get(pk=referral.pk)


def _referral_arrival_follows(*, by: User, referral, expected_arrival_on: date) -> None:
    """The reserved day is the day reception expects the household: the referral's expected arrival follows a changed
    reservation, with its history, so the worklist's arrivals and the preparation show the same day."""
    before = snapshot(referral, ["expected_arrival_on"])
    referral.expected_arrival_on = expected_arrival_on
    referral.save(update_fields=["expected_arrival_on"])
    applicant = referral.household.members.filter(relation="applicant").select_related("person").first()
    person = applicant.person if applicant else None
    changes_record(user=by, instance=referral, before=before, person=person)
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=referral, person=person)


@transaction.atomic
def reservation_release(*, by: User, reservation: Reservation, reason: str, today: date) -> Reservation:
    """Give the reserved room back, with the reason; its beds are free again from now on."""
    reservation = _active_reservation(reservation)
    _lock_rooms(reservation.room)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the reservation is released.")})
    before = snapshot(reservation, ["status", "release_reason", "released_on"])
    reservation.status, reservation.release_reason, reservation.released_on = Reservation.Status.RELEASED, reason.strip()[:300], today
    reservation.save(update_fields=list(before))
    changes_record(user=by, instance=reservation, before=before, person=None)
    _reservation_journal(by=by, reservation=reservation, action=AccessLog.Action.CHANGE, text=_(
        "Reservation of %(room)s released: %(reason)s") % {"room": reservation.room, "reason": reason.strip()})
    return reservation


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
    if reason == MoveOutReason.PERMANENT_HOUSING:
        _housing_referral_moved_out(by=by, household=tenancy.household, on=moved_out_on)
    return tenancy


def _housing_referral_moved_out(*, by: User, household: Household, on: date) -> None:
    """A household that moves out to permanent housing has moved into the home its referral found: the accepted
    referral (boligindstilling) is closed as moved out on the same day, with its history and journal, so staff do not
    set it by hand. The referral is programme's row, reached through the household (housing sits below programme and
    does not import it), as ``_open_referral`` reaches reception's. Without an accepted referral (none, or one still
    waiting for an offer) nothing else changes; nor when the move-out is dated before the referral's last change."""
    referral = household.housing_referrals.select_for_update().filter(status="accepted").select_related("case__person").first()
    if referral is None or on < referral.status_on:
        return
    before = snapshot(referral, ["status", "status_on"])
    referral.status, referral.status_on = type(referral).Status.MOVED_OUT, on
    referral.save(update_fields=["status", "status_on"])
    changes_record(user=by, instance=referral, before=before, person=referral.case.person)
    journal_event_add(case=referral.case, author=by, text=_("Permanent housing: %(status)s on %(date)s.") % {
        "status": referral.get_status_display(), "date": date_text(on)})
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=referral, person=referral.case.person)


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
def room_block(*, by: User, room: Room, reason: str, until: date | None, today: date) -> Room:
    room = _lock_rooms(room)[room.pk]
    if room.status != Room.Status.AVAILABLE:
        raise ValidationError({"blocked_reason": _("The room is already blocked or closed.")})
    if not reason.strip():
        raise ValidationError({"blocked_reason": _("Say why the room is blocked, e.g. water damage.")})
    if until is not None and until < today:
        raise ValidationError({"blocked_until": _("The date is in the past; give the day the room can be used again, or leave it empty.")})
    if Tenancy.objects.current().filter(room=room).exists():
        raise ValidationError({"blocked_reason": _("People live in the room; move them before blocking it.")})
    if Reservation.objects.active().filter(room=room).exists():
        raise ValidationError({"blocked_reason": _("The room is reserved for an arriving household; change or release the reservation first.")})
    before = snapshot(room, ["status", "blocked_reason", "blocked_until"])
    room.status, room.blocked_reason, room.blocked_until = Room.Status.BLOCKED, reason.strip(), until
    room.save(update_fields=["status", "blocked_reason", "blocked_until"])
    changes_record(user=by, instance=room, before=before, person=None)
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=room, criteria={"room": "block"})
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
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=room, criteria={"room": "unblock"})
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


# -- incident follow-up: actions, partners, closing ------------------------------------------------------------------
# Each write locks the incident, refuses once it is closed, keeps its history (FieldChange) and logs the change for
# every person involved, as the report itself does.

INCIDENT_ACTION_FIELDS = ["taken_on", "text", "done_by", "done"]


def _open_incident(incident: Incident) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.is_closed:
        raise ValidationError({"__all__": _("The incident is closed on %(date)s; its follow-up cannot change.") % {
            "date": date_text(incident.closed_on)}})
    return incident


def _incident_logged(*, by: User, incident: Incident) -> None:
    for person in incident.persons.all():
        access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=incident, person=person)


@transaction.atomic
def incident_action_add(*, by: User, incident: Incident, taken_on: date, text: str, done_by: str, done: bool,
                        today: date) -> IncidentAction:
    """An action of the follow-up. It may be planned ahead (not done yet); a done action has happened, so not after today."""
    incident = _open_incident(incident)
    errors = {}
    if not text.strip():
        errors["text"] = _("Write what was done or is to be done.")
    if not done_by.strip():
        errors["done_by"] = _("Write who does it, e.g. the host, SSP or the caseworker.")
    if taken_on < timezone.localdate(incident.occurred_at):
        errors["taken_on"] = _("The action cannot come before the incident (%(date)s).") % {"date": date_text(timezone.localdate(incident.occurred_at))}
    elif done and taken_on > today:
        errors["taken_on"] = _("A done action cannot lie in the future; untick “Done” to plan it.")
    if errors:
        raise ValidationError(errors)
    action = IncidentAction.objects.create(incident=incident, taken_on=taken_on, text=text.strip(), done_by=done_by.strip(), done=done,
                                           recorded_by=by)
    creations_record(user=by, instances=[action], fields=INCIDENT_ACTION_FIELDS)
    _incident_logged(by=by, incident=incident)
    return action


@transaction.atomic
def incident_action_done(*, by: User, action: IncidentAction, done_on: date) -> IncidentAction:
    """A planned action is done: it is dated the day it was done (not after today, the view passes today)."""
    _open_incident(action.incident)
    action = IncidentAction.objects.select_for_update().get(pk=action.pk)
    if action.done:
        raise ValidationError({"__all__": _("The action is already done.")})
    before = snapshot(action, ["taken_on", "done"])
    action.done, action.taken_on = True, min(action.taken_on, done_on)  # a planned day still ahead becomes the day it was done
    action.save(update_fields=["done", "taken_on"])
    changes_record(user=by, instance=action, before=before, person=None)
    _incident_logged(by=by, incident=action.incident)
    return action


@transaction.atomic
def incident_partners_set(*, by: User, incident: Incident, partners: set[str], other: str) -> Incident:
    """Which partners are involved: the choice list (`Incident.PARTNER_FIELDS`) and any other, in free text."""
    incident = _open_incident(incident)
    unknown = set(partners) - set(Incident.PARTNER_FIELDS)
    if unknown:
        raise ValidationError({"partners": _("Choose partners from the list.")})
    fields = [*Incident.PARTNER_FIELDS, "partner_other"]
    before = snapshot(incident, fields)
    for name in Incident.PARTNER_FIELDS:
        setattr(incident, name, name in partners)
    incident.partner_other = other.strip()
    incident.save(update_fields=fields)
    changes_record(user=by, instance=incident, before=before, person=None)
    _incident_logged(by=by, incident=incident)
    return incident


@transaction.atomic
def incident_close(*, by: User, incident: Incident, closed_on: date, outcome: str, today: date) -> Incident:
    """The follow-up is finished: the day, the outcome, who closed it. Afterwards nothing of the follow-up changes."""
    incident = _open_incident(incident)
    errors = {}
    if not outcome.strip():
        errors["outcome"] = _("Write the outcome: what came of the follow-up.")
    if closed_on > today:
        errors["closed_on"] = _("An incident is closed today or earlier, not in the future.")
    elif closed_on < timezone.localdate(incident.occurred_at):
        errors["closed_on"] = _("The incident cannot be closed before it happened (%(date)s).") % {"date": date_text(timezone.localdate(incident.occurred_at))}
    if errors:
        raise ValidationError(errors)
    fields = ["closed_on", "outcome", "closed_by"]
    before = snapshot(incident, fields)
    incident.closed_on, incident.outcome, incident.closed_by = closed_on, outcome.strip(), by
    incident.save(update_fields=fields)
    changes_record(user=by, instance=incident, before=before, person=None)
    _incident_logged(by=by, incident=incident)
    return incident


# -- set-up: locations, rooms, capacity from a spreadsheet, rent caps, house rules ---------------------------------
# Every change has its change history (field by field, a new row as changes from nothing) and an access-log row.

LOCATION_FIELDS = ["code", "name", "address", "kind", "serves_ukrainians", "serves_refugees", "food_distribution", "welcome_house",
                   "pets_allowed", "step_free", "shared_kitchen", "shared_bath", "common_room", "outdoor_area", "reserved_for",
                   "host_contact"]
ROOM_FIELDS = ["number", "floor", "beds", "accessible", "has_kitchen", "has_bath"]
MAX_BEDS = capacity.MAX_BEDS
MAX_ROOMS_AT_ONCE = 500


@dataclass(frozen=True)
class LocationData:
    code: str
    name: str
    kind: str
    address: str = ""
    serves_ukrainians: bool = True
    serves_refugees: bool = False
    food_distribution: bool = False
    welcome_house: bool = False
    pets_allowed: bool = False
    step_free: bool = False
    shared_kitchen: bool = False
    shared_bath: bool = False
    common_room: bool = False
    outdoor_area: bool = False
    reserved_for: str = ""
    host_contact: str = ""


@dataclass(frozen=True)
class RoomData:
    number: str
    beds: int
    floor: int = 0
    accessible: bool = False
    has_kitchen: bool = False
    has_bath: bool = False


def _hosts_text(user_ids) -> str:
    """A location's hosts as the history keeps them: the user ids, sorted."""
    return ",".join(str(pk) for pk in sorted(user_ids))


def _check_location(data: LocationData, *, exclude_pk=None) -> None:
    errors = {}
    if not capacity.CODE.match(data.code or ""):
        errors["code"] = _("Use lower-case letters, digits and hyphens, e.g. hotel-nord.")
    elif Location.objects.filter(code=data.code).exclude(pk=exclude_pk).exists():
        errors["code"] = _("Another location has the code “%(code)s”; choose another.") % {"code": data.code}
    if not data.name.strip():
        errors["name"] = _("Give the location a name.")
    if data.kind not in Location.Kind.values:
        errors["kind"] = _("Choose the kind of location.")
    if not (data.serves_ukrainians or data.serves_refugees):
        errors["serves_ukrainians"] = _("Choose at least one target group the location takes.")
    if data.reserved_for and data.reserved_for not in Category.values:
        errors["reserved_for"] = _("Choose a target group from the list, or none.")
    if errors:
        raise ValidationError(errors)


def _checked_hosts(hosts) -> list[User]:
    """The chosen hosts, each an active housing host."""
    hosts = list(hosts)
    ids = {host.pk for host in hosts}
    valid = set(User.objects.filter(pk__in=ids, is_active=True, groups__name=roles.HOUSING_HOST).values_list("pk", flat=True))
    if ids - valid:
        raise ValidationError({"hosts": _("Only active housing hosts can be assigned to a location.")})
    return hosts


@transaction.atomic
def location_create(*, by: User, data: LocationData, hosts=()) -> Location:
    """A new location, open from today; its rooms are added with `rooms_create`."""
    _check_location(data)
    hosts = _checked_hosts(hosts)
    location = Location.objects.create(**{name: getattr(data, name) for name in LOCATION_FIELDS})
    creations_record(user=by, instances=[location], fields=[*LOCATION_FIELDS, "status"])
    if hosts:
        location.hosts.set(hosts)
        values_record(user=by, instance=location, before={}, after={"hosts": _hosts_text(h.pk for h in hosts)}, person=None)
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=location)
    return location


@transaction.atomic
def location_update(*, by: User, location: Location, data: LocationData, hosts=None) -> Location:
    """Change every field but the status (`location_status_change`); `hosts=None` leaves the hosts as they are."""
    location = Location.objects.select_for_update().get(pk=location.pk)
    _check_location(data, exclude_pk=location.pk)
    before = snapshot(location, LOCATION_FIELDS)
    for name in LOCATION_FIELDS:
        setattr(location, name, getattr(data, name))
    location.save(update_fields=LOCATION_FIELDS)
    changed = changes_record(user=by, instance=location, before=before, person=None)
    if hosts is not None:
        hosts = _checked_hosts(hosts)
        old = _hosts_text(location.hosts.values_list("pk", flat=True))
        location.hosts.set(hosts)
        changed += values_record(user=by, instance=location, before={"hosts": old}, after={"hosts": _hosts_text(h.pk for h in hosts)},
                                 person=None)
    if changed:
        access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=location)
    return location


@transaction.atomic
def host_locations_set(*, by: User, host: User, locations) -> None:
    """The locations a housing host runs, set from the host's side (the staff pages); each location's history shows it."""
    locations = list(locations)
    if locations:
        _checked_hosts([host])
    chosen = {location.pk for location in locations}
    current = set(Location.objects.filter(hosts=host).values_list("pk", flat=True))
    affected = chosen ^ current
    if not affected:
        return
    Through = Location.hosts.through
    before: dict[int, set[int]] = defaultdict(set)
    for location_id, user_id in Through.objects.filter(location_id__in=affected).values_list("location_id", "user_id"):
        before[location_id].add(user_id)
    Through.objects.filter(user=host, location_id__in=current - chosen).delete()
    Through.objects.bulk_create([Through(location_id=pk, user=host) for pk in chosen - current])
    for location in Location.objects.filter(pk__in=affected).order_by("pk"):
        after = (before[location.pk] | {host.pk}) if location.pk in chosen else (before[location.pk] - {host.pk})
        values_record(user=by, instance=location, before={"hosts": _hosts_text(before[location.pk])}, after={"hosts": _hosts_text(after)},
                      person=None)
        access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=location)


@transaction.atomic
def location_status_change(*, by: User, location: Location, status: str, closing_on: date | None, today: date) -> Location:
    """Open → closing (on a date) → closed, or back to open. A location closes only when no one lives there any more;
    while it is closing, the forecast takes its places away from the closing week and the relocation plan can empty it."""
    location = Location.objects.select_for_update().get(pk=location.pk)
    if status not in Location.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    # Reservations: a host expects a family that has been promised a room not to be left without one. A location may be
    # set to close later while households are reserved to arrive before that day (the page warns: they will have to move
    # on, and the relocation plan includes them once they live there), but not for a day on or before which someone is
    # still expected to arrive, and it cannot be closed while any reservation stands: change or release those first.
    if status == Location.Status.CLOSING:
        if closing_on is None:
            raise ValidationError({"closing_on": _("Give the day the location closes (dd.mm.yyyy).")})
        if closing_on < today:
            raise ValidationError({"closing_on": _("The closing day is in the past; give today or a later day.")})
        late = Reservation.objects.active().filter(room__location=location, expected_arrival_on__gte=closing_on).count()
        if late:
            raise ValidationError({"closing_on": ngettext(
                "%(count)d household with a reserved room is expected on or after the closing day; change or release the reservation first.",
                "%(count)d households with a reserved room are expected on or after the closing day; change or release the reservations first.",
                late) % {"count": late}})
    if status == Location.Status.CLOSED:
        occupants = occupants_on(rooms=Room.objects.filter(location=location), on=today)
        if occupants.persons:
            raise ValidationError({"status": ngettext(
                "%(persons)d person still lives at %(location)s; move the residents first (the relocation plan proposes where).",
                "%(persons)d persons still live at %(location)s; move the residents first (the relocation plan proposes where).",
                occupants.persons) % {"persons": occupants.persons, "location": location.name}})
        if occupants.reserved_households:
            raise ValidationError({"status": ngettext(
                "%(count)d household has a room reserved at %(location)s and has not arrived; change or release the reservation first.",
                "%(count)d households have a room reserved at %(location)s and have not arrived; change or release the reservations first.",
                occupants.reserved_households) % {"count": occupants.reserved_households, "location": location.name}})
        closing_on = location.closing_on if location.status == Location.Status.CLOSING and location.closing_on else today
    if status == Location.Status.OPEN:
        closing_on = None
    if status == location.status and closing_on == location.closing_on:
        raise ValidationError({"status": _("The location already has this status.")})
    before = snapshot(location, ["status", "closing_on"])
    location.status, location.closing_on = status, closing_on
    location.save(update_fields=["status", "closing_on"])
    changes_record(user=by, instance=location, before=before, person=None)
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=location, criteria={"status": status})
    return location


def _check_rooms(location: Location, rooms: list[RoomData], *, exclude_pk=None) -> None:
    if not rooms:
        raise ValidationError({"first": _("Give at least one room.")})
    if len(rooms) > MAX_ROOMS_AT_ONCE:
        raise ValidationError({"last": _("At most %(max)d rooms at a time; add them in parts.") % {"max": MAX_ROOMS_AT_ONCE}})
    numbers = [room.number.strip() for room in rooms]
    if any(not number or len(number) > 20 for number in numbers):
        raise ValidationError({"number": _("A room number has 1 to 20 characters.")})
    if len(set(numbers)) != len(numbers):
        raise ValidationError({"number": _("The same room number is given twice.")})
    taken = sorted(Room.objects.filter(location=location, number__in=numbers).exclude(pk=exclude_pk).values_list("number", flat=True))
    if taken:
        raise ValidationError({"number": ngettext(
            "%(location)s already has room %(numbers)s.", "%(location)s already has rooms %(numbers)s.", len(taken)
        ) % {"location": location.name, "numbers": ", ".join(taken)}})
    for room in rooms:
        if not 1 <= room.beds <= MAX_BEDS:
            raise ValidationError({"beds": _("A room has from 1 to %(max)d beds.") % {"max": MAX_BEDS}})


@transaction.atomic
def rooms_create(*, by: User, location: Location, rooms: list[RoomData]) -> list[Room]:
    """Rooms added to a location in one go ("101–140, 2 beds, floor 1"), or from a spreadsheet."""
    location = Location.objects.select_for_update().get(pk=location.pk)
    if location.status == Location.Status.CLOSED:
        raise ValidationError({"number": _("The location is closed; reopen it before adding rooms.")})
    _check_rooms(location, rooms)
    created = Room.objects.bulk_create([Room(location=location, **{name: getattr(room, name) for name in ROOM_FIELDS} | {"number": room.number.strip()})
                                        for room in rooms])
    if not all(room.pk for room in created):  # backends that do not return ids from a bulk insert
        created = list(Room.objects.filter(location=location, number__in=[room.number for room in rooms]))
    creations_record(user=by, instances=created, fields=[*ROOM_FIELDS, "status"])
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=location, criteria={"rooms": len(created), "beds": sum(r.beds for r in rooms)})
    return created


@transaction.atomic
def room_update(*, by: User, room: Room, data: RoomData, today: date) -> Room:
    """Change a room's number, floor, beds and facilities. A room never gets fewer beds than the persons living in it."""
    room = _lock_rooms(room)[room.pk]
    _check_rooms(room.location, [data], exclude_pk=room.pk)
    _households, persons = residents_on(rooms=[room], on=today)
    if data.beds < persons:
        raise ValidationError({"beds": ngettext(
            "%(persons)d person lives in room %(room)s, so it cannot have fewer than %(persons)d bed.",
            "%(persons)d persons live in room %(room)s, so it cannot have fewer than %(persons)d beds.",
            persons) % {"persons": persons, "room": room.number}})
    before = snapshot(room, ROOM_FIELDS)
    for name in ROOM_FIELDS:
        setattr(room, name, getattr(data, name).strip() if name == "number" else getattr(data, name))
    room.save(update_fields=ROOM_FIELDS)
    if changes_record(user=by, instance=room, before=before, person=None):
        access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=room)
    return room


@dataclass
class CapacityReport:
    dry_run: bool
    rows: int = 0
    created: list[str] = field(default_factory=list)  # names of the new locations
    extended: list[str] = field(default_factory=list)  # names of existing locations that get rooms
    rooms: int = 0
    beds: int = 0
    errors: list[capacity.RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _location_data(code: str, values: dict) -> LocationData:
    serves = values.get("serves", frozenset({"ukrainian"}))
    return LocationData(
        code=code, name=values.get("location_name", ""), kind=values.get("kind", ""), address=values.get("address", ""),
        serves_ukrainians="ukrainian" in serves, serves_refugees="refugee" in serves, reserved_for=values.get("reserved_for") or "",
        host_contact=values.get("host_contact", ""), **{name: values.get(name, False) for name in capacity.LOCATION_FLAGS},
    )


def _stored_value(location: Location, name: str):
    if name == "location_name":
        return location.name
    if name == "serves":
        return frozenset(location.serves)
    if name == "reserved_for":
        return location.reserved_for or None
    return getattr(location, name)


def _capacity_against_database(parsed: capacity.Parsed) -> list[capacity.RowError]:
    """Each location of the file against the one with its code, if any, and each room against the rooms that exist: two queries."""
    files = parsed.locations()
    existing = {location.code: location for location in Location.objects.filter(code__in=files)}
    taken = set(Room.objects.filter(location__code__in=files).values_list("location__code", "number"))
    errors = []
    for code, entry in files.items():
        if not capacity.CODE.match(code):
            continue  # the line says so already
        location = existing.get(code)
        given = {name: value for name, (value, _line) in entry["values"].items()}
        if location is None:
            for name, message in (("location_name", _("A new location needs a name; fill in location_name.")),
                                  ("kind", _("A new location needs a kind; write building, pavilion, hotel or flat.")),
                                  ("serves", _("A new location needs its target groups; write ukrainian, refugee or both."))):
                if name not in given:
                    errors.append(capacity.RowError(entry["first_line"], name, message))
            continue
        if location.status == Location.Status.CLOSED:
            errors.append(capacity.RowError(entry["first_line"], "location", _("The location “%(code)s” is closed; reopen it before adding rooms.")
                                            % {"code": code}))
        for name, (value, line) in entry["values"].items():
            if value != _stored_value(location, name):
                errors.append(capacity.RowError(line, name, _("The location “%(code)s” exists with another value here; leave the column empty, "
                                                              "or change the location on its page first.") % {"code": code}))
        for line in entry["lines"]:
            if line.room["number"] and (code, line.room["number"]) in taken:
                errors.append(capacity.RowError(line.line, "room", _("%(location)s already has room %(room)s.")
                                                % {"location": location.name, "room": line.room["number"]}))
    return errors


def capacity_import(*, by: User, file_name: str, content: bytes, dry_run: bool = False) -> CapacityReport:
    """New locations and rooms from a spreadsheet, all or nothing, every bad line reported. A dry run writes everything and
    rolls it back, so its report is exactly what an import would create."""
    report = CapacityReport(dry_run=dry_run)
    parsed = capacity.read(file_name, content)
    report.rows = parsed.count
    report.errors = parsed.errors + (_capacity_against_database(parsed) if parsed.lines else [])
    if report.errors:
        report.errors.sort(key=lambda e: (e.line, capacity.NAMES.index(e.column) if e.column in capacity.NAMES else -1))
        return report
    try:
        with transaction.atomic():
            for code, entry in parsed.locations().items():
                location = Location.objects.filter(code=code).first()
                if location is None:
                    values = {name: value for name, (value, _line) in entry["values"].items()}
                    location = location_create(by=by, data=_location_data(code, values))
                    report.created.append(location.name)
                else:
                    report.extended.append(location.name)
                rooms = [RoomData(**line.room) for line in entry["lines"]]
                for start in range(0, len(rooms), MAX_ROOMS_AT_ONCE):
                    rooms_create(by=by, location=location, rooms=rooms[start:start + MAX_ROOMS_AT_ONCE])
                report.rooms += len(rooms)
                report.beds += sum(room.beds for room in rooms)
            if dry_run:
                transaction.set_rollback(True)
    except (ValidationError, IntegrityError):
        # Checked above; only a change made by someone else meanwhile gets here, and then nothing was kept.
        report.errors = [capacity.RowError(1, "", _("The locations changed while the file was read; nothing was imported. Import it again."))]
    return report


@transaction.atomic
def rent_caps_set(*, by: User, year: int, caps: dict[str, Decimal]) -> list[RentCap]:
    """A year's monthly rent caps, one per household type (all four). A lease made from now on with a start date in that year
    uses them; leases already made keep their rent."""
    if not MIN_CAP_YEAR <= year <= MAX_CAP_YEAR:
        raise ValidationError({"year": _("Give a year from %(first)d to %(last)d.") % {"first": MIN_CAP_YEAR, "last": MAX_CAP_YEAR}})
    errors = {}
    for kind in HouseholdType.values:
        amount = caps.get(kind)
        if amount is None or not (Decimal("1") <= amount <= Decimal("99999.99")):
            errors[kind] = _("Give the monthly cap in kroner, e.g. 2467.")
    if errors:
        raise ValidationError(errors)
    caps = {kind: caps[kind].quantize(Decimal("0.01")) for kind in HouseholdType.values}  # as stored, so the history reads alike
    existing = {cap.household_type: cap for cap in RentCap.objects.select_for_update().filter(year=year)}
    saved, created = [], []
    for kind in HouseholdType.values:
        cap = existing.get(kind)
        if cap is None:
            cap = RentCap.objects.create(year=year, household_type=kind, monthly_cap=caps[kind])
            created.append(cap)
            access_log_write(user=by, action=AccessLog.Action.CREATE, obj=cap, criteria={"year": year})
        elif cap.monthly_cap != caps[kind]:
            before = snapshot(cap, ["monthly_cap"])
            cap.monthly_cap = caps[kind]
            cap.save(update_fields=["monthly_cap"])
            changes_record(user=by, instance=cap, before=before, person=None)
            access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=cap, criteria={"year": year})
        saved.append(cap)
    creations_record(user=by, instances=created, fields=["year", "household_type", "monthly_cap"])
    return saved


MIN_CAP_YEAR, MAX_CAP_YEAR = 2000, 2100
HOUSE_RULES_MAX_CHARACTERS = 20000


@transaction.atomic
def house_rules_add(*, by: User, location: Location, valid_from: date, text: str, text_uk: str = "", text_en: str = "") -> HouseRules:
    """A new version of a location's house rules, valid from a day on or after the version before it (never written over:
    a letter made earlier keeps showing the version it was made with)."""
    location = Location.objects.select_for_update().get(pk=location.pk)
    texts = {"text": text.strip(), "text_uk": text_uk.strip(), "text_en": text_en.strip()}
    if not texts["text"]:
        raise ValidationError({"text": _("Write the house rules in Danish; the Danish text is the one that applies.")})
    for name, value in texts.items():
        if len(value) > HOUSE_RULES_MAX_CHARACTERS:
            raise ValidationError({name: _("The text is longer than %(max)d characters; shorten it.") % {"max": HOUSE_RULES_MAX_CHARACTERS}})
    latest = HouseRules.objects.filter(location=location).order_by("-version").first()
    if latest and valid_from < latest.valid_from:
        raise ValidationError({"valid_from": _("Version %(version)d is valid from %(date)s; a new version is valid from that day or later.")
                               % {"version": latest.version, "date": date_text(latest.valid_from)}})
    rules = HouseRules.objects.create(location=location, version=(latest.version + 1) if latest else 1, valid_from=valid_from,
                                      created_by=by, **texts)
    creations_record(user=by, instances=[rules], fields=["location", "version", "valid_from", "text", "text_uk", "text_en"])
    access_log_write(user=by, action=AccessLog.Action.CREATE, obj=rules)
    return rules


# -- the occupancy overview's read model ---------------------------------------------------------------------------

# Per stay: its room and what its household counts (kept on the household by `people.models.recount_members`).
_STAY_COUNTS = ("room_id", "household__member_count", "household__women", "household__men", "household__pet_count")


def room_occupancy_counts(room_ids=None) -> dict[int, dict[str, int]]:
    """What `RoomOccupancy` holds for these rooms (None: every room), counted from the stays now: {room id: counts}
    for the rooms where someone stays (two queries)."""
    counts: dict[int, dict[str, int]] = {}
    for stays in (Tenancy.objects.current(), Reservation.objects.active()):
        if room_ids is not None:
            stays = stays.filter(room_id__in=room_ids)
        for room_id, persons, women, men, pets in stays.values_list(*_STAY_COUNTS):
            row = counts.setdefault(room_id, dict.fromkeys(RoomOccupancy.COUNTS, 0))
            row["households"] += 1
            row["larger_households"] += persons >= 2
            row["persons"] += persons
            row["women"] += women
            row["men"] += men
            row["pets"] += pets
    return counts


_NOBODY = dict.fromkeys(RoomOccupancy.COUNTS, 0)  # a room where nobody stays


def room_occupancy_differences() -> list[tuple[int, dict[str, int], dict[str, int]]]:
    """(room id, stored, counted) of each room whose `RoomOccupancy` row is not what its stays give now; a room
    without a row counts as nobody staying (`velkomst occupancy_rebuild` reports them; the tests check for none)."""
    stored = {room_id: dict(zip(RoomOccupancy.COUNTS, values, strict=True))
              for room_id, *values in RoomOccupancy.objects.values_list("room_id", *RoomOccupancy.COUNTS)}
    counted = room_occupancy_counts()
    return [(pk, stored.get(pk, _NOBODY), counted.get(pk, _NOBODY))
            for pk in sorted(set(stored) | set(counted)) if stored.get(pk, _NOBODY) != counted.get(pk, _NOBODY)]


def _occupancy_rows(room_ids, counted: dict[int, dict[str, int]]) -> list[RoomOccupancy]:
    return [RoomOccupancy(room_id=pk, **counted.get(pk, _NOBODY)) for pk in room_ids]


@transaction.atomic
def room_occupancy_refresh(room_ids) -> None:
    """Count these rooms' stays again (`receivers`: after a write of a tenancy, a reservation or a household's counts).

    The rooms' rows are locked first, in one order, then counted: of two writes to one room at once, the second
    counts after the first has committed, so neither leaves its room counted without the other's stay. Only these
    rows are locked (not the rooms): a service that holds a room and then its household, and one that changed the
    household and then counts its room, never wait for each other in a circle."""
    room_ids = sorted(set(room_ids))
    if not room_ids:
        return
    RoomOccupancy.objects.bulk_create([RoomOccupancy(room_id=pk) for pk in room_ids], ignore_conflicts=True)
    list(RoomOccupancy.objects.select_for_update().filter(room_id__in=room_ids).order_by("room_id").values_list("pk", flat=True))
    RoomOccupancy.objects.bulk_update(_occupancy_rows(room_ids, room_occupancy_counts(room_ids)), RoomOccupancy.COUNTS)


@transaction.atomic
def room_occupancy_rebuild() -> int:
    """Every room's row again (after the demo loader's bulk writes, which tell no receiver). Returns the rooms counted."""
    if connection.vendor == "postgresql":
        # A write that refreshes a room while this runs waits for it, then counts its room after it.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {RoomOccupancy._meta.db_table} IN EXCLUSIVE MODE")
    counted = room_occupancy_counts()
    RoomOccupancy.objects.all().delete()
    RoomOccupancy.objects.bulk_create(_occupancy_rows(Room.objects.values_list("pk", flat=True), counted), batch_size=2000)
    return len(counted)
