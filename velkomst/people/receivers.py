"""A household's pet count follows every pet saved one at a time (the services' bulk writes and deletions call
`recount_members` themselves): the occupancy overview counts pets from it. Deletions are not followed: the one
service that removes pets recounts, and a receiver of deletions would make Django delete row by row."""
from django.db.models.signals import post_save

from velkomst.people.models import Pet, recount_members


def _pet_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        recount_members([instance.household_id])


def connect() -> None:
    post_save.connect(_pet_saved, sender=Pet, dispatch_uid="people-pet-saved")
