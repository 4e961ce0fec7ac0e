"""The forecast's inputs read from the database (the Django side; `simulation.py` stays pure).

* Start state on the date: free family rooms = available rooms at locations not closed where no one
  lives; free shared beds of a gender = free beds in available rooms whose occupants are all single
  adults of that gender; housed = families (two or more members, or a child) and single adults by gender
  living in those rooms; a room's active reservations occupy it as its tenancies do. An empty room counts once, as a family room (it could take singles too; the
  model keeps the kinds apart, which is how reception plans).
* Inflow: households referred per week (Monday–Sunday) over the last 12 complete weeks before the date
  (displaced Ukrainians and refugees; LAB citizens are not housed), by `Case.referral_decision_date`;
  the mix of families and singles by gender from those households' members.
* Outflow: households that moved out of temporary housing in the last 52 weeks (permanent housing,
  another municipality, left Denmark, other; moves within temporary housing are not exits), divided by
  the households of that kind housed now, per week.
* Planned changes: a location with status "closing" loses its places in the week of its closing date
  (its residents join the waiting list); a blocked room comes back as a family room in the week of its
  "blocked until" date.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Min, Q

from velkomst.forecast.simulation import CapacityChange, StartState, default_mean_from_recent, mix_from_counts, week_index
from velkomst.housing.models import Location, MoveOutReason, Reservation, Room, Tenancy
from velkomst.lib.dates import age_on, monday_of
from velkomst.people.models import Case, Household, HouseholdMember, TargetGroup
from velkomst.rules import households as household_rules

RECENT_WEEKS = 12
EXIT_WEEKS = 52
EXIT_REASONS = (MoveOutReason.PERMANENT_HOUSING, MoveOutReason.OTHER_MUNICIPALITY, MoveOutReason.LEFT_DENMARK, MoveOutReason.OTHER)
HOUSED_GROUPS = [TargetGroup.DISPLACED_UKRAINIAN, TargetGroup.MUNICIPAL_QUOTA, TargetGroup.UN_QUOTA, TargetGroup.OTHER_REFUGEE,
                 TargetGroup.FAMILY_REUNIFIED]
FALLBACK_MIX = {"family": 0.4, "single_F": 0.33, "single_M": 0.27}


@dataclass
class ForecastInputs:
    as_of: date
    start: StartState
    weekly_referrals: list[int]  # households per week, oldest first
    default_mean: float
    mix: dict[str, float]
    mix_counts: dict[str, int]
    exit_rates: dict[str, float]
    exits: dict[str, int]
    changes: list[CapacityChange] = field(default_factory=list)
    change_dates: dict[int, date] = field(default_factory=dict)  # index in changes -> its date


def _kinds_of(households, on: date) -> dict[int, str]:
    """Each household's arrival kind: "family", or "single_F" / "single_M" / "single_X". One query."""
    members: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for household_id, gender, birth in HouseholdMember.objects.filter(household__in=households).values_list(
        "household_id", "person__gender", "person__birth_date"
    ):
        members[household_id].append((gender, age_on(birth, on)))
    return {
        h: "family" if household_rules.is_family(age for _gender, age in m) else f"single_{m[0][0]}"
        for h, m in members.items()
    }


@dataclass
class _Places:
    family_rooms: int = 0
    shared_beds_F: int = 0
    shared_beds_M: int = 0
    families: int = 0
    singles_F: int = 0
    singles_M: int = 0

    def capacity(self) -> dict[str, int]:
        """Usable places of each kind, free or in use (what a closure takes away)."""
        return {"family_rooms": self.family_rooms + self.families, "shared_beds_F": self.shared_beds_F + self.singles_F,
                "shared_beds_M": self.shared_beds_M + self.singles_M}


def _places(as_of: date) -> tuple[_Places, dict[int, _Places], list[tuple[int, int, date | None]]]:
    """Free and used places in total and per location; blocked rooms with their end date. Four queries."""
    rooms = list(Room.objects.exclude(location__status=Location.Status.CLOSED).exclude(status=Room.Status.CLOSED)
                 .values_list("pk", "location_id", "beds", "status", "blocked_until"))
    current = Tenancy.objects.current_on(as_of)
    # A reserved bed is occupied from the moment of the reservation (`housing.spec.current_stays`).
    reserved = Reservation.objects.active().filter(created_at__date__lte=as_of)
    living: dict[int, list[int]] = defaultdict(list)
    persons: Counter = Counter()
    for stays in (current, reserved):
        for room_id, household_id, n in stays.values_list("room_id", "household_id", "persons"):
            living[room_id].append(household_id)
            persons[room_id] += n
    kinds = _kinds_of(Household.objects.filter(Q(pk__in=current.values("household_id")) | Q(pk__in=reserved.values("household_id"))), as_of)
    total, per_location, blocked = _Places(), defaultdict(_Places), []
    for room_id, location_id, beds, status, blocked_until in rooms:
        if status == Room.Status.BLOCKED:
            blocked.append((room_id, location_id, blocked_until))
            continue
        here = [kinds.get(h, "family") for h in living.get(room_id, [])]
        for places in (total, per_location[location_id]):
            if not here:
                places.family_rooms += 1
            elif all(k == "single_F" for k in here):
                places.shared_beds_F += max(0, beds - persons[room_id])
                places.singles_F += len(here)
            elif all(k == "single_M" for k in here):
                places.shared_beds_M += max(0, beds - persons[room_id])
                places.singles_M += len(here)
            else:
                # A family's room (or, rarely, a mixed one): one family place in use, no free shared bed.
                places.families += max(1, sum(k == "family" for k in here))
    return total, per_location, blocked


def _weekly_referrals(as_of: date) -> tuple[list[int], Counter]:
    """Households referred per complete week, the last RECENT_WEEKS weeks before the date's week; and their kinds. Two queries."""
    end = monday_of(as_of)  # the date's own week is still running
    start = end - timedelta(weeks=RECENT_WEEKS)
    referred = (Case.objects.filter(referral_decision_date__gte=start, referral_decision_date__lt=end, target_group__in=HOUSED_GROUPS,
                                    household__isnull=False)
                .values("household_id").annotate(first=Min("referral_decision_date")))
    firsts = {h: d for h, d in referred.values_list("household_id", "first")}
    kinds = _kinds_of(list(firsts), as_of)
    weeks = [0] * RECENT_WEEKS
    mix: Counter = Counter()
    for household_id, day in firsts.items():
        weeks[(day - start).days // 7] += 1
        mix[kinds.get(household_id, "family")] += 1
    return weeks, mix


def _exits(as_of: date) -> Counter:
    """Households that left temporary housing in the last EXIT_WEEKS weeks, by kind. Two queries."""
    since = as_of - timedelta(weeks=EXIT_WEEKS)
    moved = Tenancy.objects.filter(moved_out_on__gt=since, moved_out_on__lte=as_of, move_out_reason__in=EXIT_REASONS)
    kinds = _kinds_of(moved.values("household_id"), as_of)
    return Counter(kinds.get(h, "family") for h in moved.values_list("household_id", flat=True))


def _changes(as_of: date, per_location: dict[int, _Places], blocked: list[tuple[int, int, date | None]], weeks: int
             ) -> tuple[list[CapacityChange], dict[int, date]]:
    changes: list[tuple[date, CapacityChange]] = []
    closing = {pk: (name, on) for pk, name, on in Location.objects.filter(status=Location.Status.CLOSING).values_list("pk", "name", "closing_on")}
    for location_id, (name, on) in closing.items():
        week = max(1, week_index(as_of, on))
        if week > weeks:
            continue
        capacity = per_location.get(location_id, _Places()).capacity()
        if any(capacity.values()):
            changes.append((on, CapacityChange(week=week, **{k: -v for k, v in capacity.items()}, note=f"{name} closes")))
    back: dict[date, int] = Counter()
    for _room_id, location_id, until in blocked:
        if until is None or until <= as_of or week_index(as_of, until) > weeks:
            continue
        if location_id in closing and closing[location_id][1] <= until:
            continue  # the location closes before the room would come back
        back[until] += 1
    for until, rooms in back.items():
        changes.append((until, CapacityChange(week=week_index(as_of, until), family_rooms=rooms, note=f"{rooms} blocked room(s) back")))
    changes.sort(key=lambda c: (c[1].week, c[1].note))
    return [c for _d, c in changes], {i: d for i, (d, _c) in enumerate(changes)}


def forecast_inputs(as_of: date, weeks: int = 52) -> ForecastInputs:
    """Everything the simulation needs, read as of the date (room and location status are today's). About ten queries."""
    total, per_location, blocked = _places(as_of)
    start = StartState(
        family_rooms=total.family_rooms, shared_beds_F=total.shared_beds_F, shared_beds_M=total.shared_beds_M,
        families_housed=total.families, singles_F_housed=total.singles_F, singles_M_housed=total.singles_M,
    )
    weekly, mix_counts = _weekly_referrals(as_of)
    counts = {"family": mix_counts["family"], "single_F": mix_counts["single_F"], "single_M": mix_counts["single_M"],
              "single_X": mix_counts["single_X"]}
    mix = mix_from_counts(counts["family"], counts["single_F"], counts["single_M"], counts["single_X"]) if sum(counts.values()) else dict(FALLBACK_MIX)
    exits = _exits(as_of)
    housed = dict(zip(("family", "single_F", "single_M"), start.housed()))
    # X singles leave from the smaller single pool, as mix_from_counts counts them.
    exit_counts = {"family": exits["family"], "single_F": exits["single_F"], "single_M": exits["single_M"]}
    exit_counts["single_M" if exit_counts["single_M"] < exit_counts["single_F"] else "single_F"] += exits["single_X"]
    rates = {k: min(1.0, exit_counts[k] / (housed[k] * EXIT_WEEKS)) if housed[k] else 0.0 for k in housed}
    changes, dates = _changes(as_of, per_location, blocked, weeks)
    return ForecastInputs(
        as_of=as_of, start=start, weekly_referrals=weekly, default_mean=default_mean_from_recent(weekly, RECENT_WEEKS),
        mix=mix, mix_counts=counts, exit_rates=rates, exits=exit_counts, changes=changes, change_dates=dates,
    )
