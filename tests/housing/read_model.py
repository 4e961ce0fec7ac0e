"""The occupancy overview's read model compared with what the stays give now (`services.room_occupancy_counts`)."""
from velkomst.housing.models import RoomOccupancy
from velkomst.housing.services import room_occupancy_counts


def occupancy_differences() -> list[tuple]:
    """(room id, stored, counted) of each room whose row differs; a room without a row counts as nobody staying."""
    stored = {room_id: dict(zip(RoomOccupancy.COUNTS, values, strict=True))
              for room_id, *values in RoomOccupancy.objects.values_list("room_id", *RoomOccupancy.COUNTS)}
    counted = room_occupancy_counts()
    empty = dict.fromkeys(RoomOccupancy.COUNTS, 0)
    return [(room_id, stored.get(room_id, empty), counted.get(room_id, empty))
            for room_id in sorted(set(stored) | set(counted)) if stored.get(room_id, empty) != counted.get(room_id, empty)]
