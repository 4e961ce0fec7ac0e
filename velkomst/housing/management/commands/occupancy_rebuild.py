"""velkomst occupancy_rebuild: count every room's stays again (the occupancy overview's read model, `RoomOccupancy`).

Not needed in daily work: every service keeps the rooms counted in its own transaction, and the migration that made
the read model counted every room. Run it after writing tenancies, reservations, household members or pets directly
in the database (a bulk repair outside the services); it prints the rooms that were counted differently before.
"""
from django.core.management.base import BaseCommand

from velkomst.housing.services import room_occupancy_differences, room_occupancy_rebuild


class Command(BaseCommand):
    help = "Count every room's stays again for the occupancy overview."

    def handle(self, *args, **options):
        changed = len(room_occupancy_differences())
        rooms = room_occupancy_rebuild()
        self.stdout.write(f"Rooms counted again. With someone staying: {rooms:,}. Counted differently before: {changed:,}.".replace(",", "."))
