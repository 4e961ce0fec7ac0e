"""The occupancy overview's read model (`RoomOccupancy`) follows every write of what it counts, in the write's own
transaction: a tenancy or a reservation saved (and the room it was in, when it moved), and a household whose member
or pet counts changed (`people.models.household_counts_changed`, sent by `recount_members`). What a row holds is
worked out in one place, `services.room_occupancy_refresh`; a receiver only says which rooms changed.

Why receivers and not a call in each service: tenancies and reservations are written by the housing, allocation and
reception services, and a household's members by the people services, below housing in the layers. Bulk writes send
no signals: the one that makes these records in bulk, the demo loader, counts every room again when it is done.
Deletions are not followed: no service deletes a current tenancy or an active reservation (a household moves out,
a reservation is converted or released), and retention deletes only the stays of cases closed years ago, long moved
out. A receiver of deletions would also make Django delete row by row (the demo's rebuild deletes every tenancy).
"""
from django.db.models.signals import post_save, pre_save

from velkomst.housing.models import Reservation, Tenancy
from velkomst.housing.services import room_occupancy_refresh
from velkomst.people.models import household_counts_changed

# Per model: the fields that decide where a stay counts (a save that changes none of them, by `update_fields`, is
# passed by).
FOLLOWED = {Tenancy: {"room", "household", "moved_out_on"}, Reservation: {"room", "household", "status"}}


def _followed(sender, raw, update_fields) -> bool:
    return not raw and (update_fields is None or bool(FOLLOWED[sender] & set(update_fields)))


def _stay_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """The room the stay counted in before the save: a reservation changed to another room leaves the first one. Read
    only when the save may change the room (a release or a move-out, saved with its fields named, does not)."""
    if not raw and instance.pk is not None and (update_fields is None or "room" in update_fields):
        instance._room_before = sender.objects.filter(pk=instance.pk).values_list("room_id", flat=True).first()


def _stay_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if _followed(sender, raw, update_fields):
        room_occupancy_refresh({instance.room_id, getattr(instance, "_room_before", None)} - {None})


def _households_recounted(sender, household_ids, **kwargs):
    rooms = {*Tenancy.objects.current().filter(household_id__in=household_ids).values_list("room_id", flat=True),
             *Reservation.objects.active().filter(household_id__in=household_ids).values_list("room_id", flat=True)}
    room_occupancy_refresh(rooms)


def connect() -> None:
    for model in FOLLOWED:
        pre_save.connect(_stay_saving, sender=model, dispatch_uid=f"housing-occupancy-{model._meta.label}-saving")
        post_save.connect(_stay_saved, sender=model, dispatch_uid=f"housing-occupancy-{model._meta.label}-saved")
    household_counts_changed.connect(_households_recounted, dispatch_uid="housing-occupancy-households-recounted")
