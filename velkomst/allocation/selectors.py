from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from velkomst.audit.services import access_log_persons
from velkomst.engine import rules as engine_rules
from velkomst.engine.model import Instance
from velkomst.housing import choosing
from velkomst.housing.models import Location, Reservation, Tenancy
from velkomst.housing.refusals import refusal_text
from velkomst.lib.text import natural_key
from velkomst.people.models import REFUGEE_GROUPS, Case, CaseStatus, Household, HouseholdMember, Pet, TargetGroup
from velkomst.rules.households import needs_food_distribution


def households_awaiting_housing() -> QuerySet[Household]:
    """Referrals awaiting housing: households with a referred case of a housing population and no current tenancy.
    (Arrived citizens without a tenancy live in housing of their own.) A household with a reserved room waits for its
    arrival, not for housing."""
    housed = Tenancy.objects.current().filter(household=OuterRef("pk"))
    reserved = Reservation.objects.active().filter(household=OuterRef("pk"))
    waiting = Case.objects.filter(household=OuterRef("pk"), status=CaseStatus.REFERRED,
                                  target_group__in=_HOUSED_TARGET_GROUPS)
    members = HouseholdMember.objects.select_related("person").order_by("relation", "person__birth_date")
    return (
        Household.objects.filter(Exists(waiting)).exclude(Exists(housed)).exclude(Exists(reserved))
        .prefetch_related(Prefetch("members", queryset=members), Prefetch("cases", queryset=Case.objects.select_related("person").order_by("id")), "pets")
        .order_by("id")
    )


def _housed_target_groups() -> list[str]:

    return [TargetGroup.DISPLACED_UKRAINIAN, *REFUGEE_GROUPS]


_HOUSED_TARGET_GROUPS = _housed_target_groups()


@dataclass
class AwaitingRow:
    """One line of the waiting list: read as values, not models (the page lists every waiting household)."""

    household_id: int
    step_free: bool
    food_distribution: bool
    names: list[tuple[str, str]]  # (first name, last name), applicant first
    pets: bool = False
    case_number: str = ""
    case_status: str = ""

    @property
    def applicant(self) -> str:
        return " ".join(self.names[0]) if self.names else ""

    @property
    def first_names(self) -> str:
        return ", ".join(first for first, _last in self.names)

    @property
    def persons(self) -> int:
        return len(self.names)

    @property
    def case_status_display(self) -> str:
        return str(CaseStatus(self.case_status).label) if self.case_status else ""


AWAITING_PAGE_SIZE = 100


def awaiting_page(*, user, today: date, page: int | str | None = 1) -> tuple[Page, list[AwaitingRow]]:
    """One page of the waiting list (oldest household first): the page and its rows, in a fixed number of queries.

    Why paged: the demo has ~110 households waiting, ten times Copenhagen ~1,060; one page of a thousand rows with a
    box each took half a second to read, log and render, and no one chooses from a thousand households at once (a
    proposal is for the households arriving together). The totals are in the page navigation.
    """
    paginator = Paginator(households_awaiting_housing().values_list("pk", flat=True), AWAITING_PAGE_SIZE)
    current = paginator.get_page(page)
    return current, awaiting_rows(user=user, today=today, household_ids=list(current.object_list))


def awaiting_rows(*, user, today: date, household_ids: list[int] | None = None) -> list[AwaitingRow]:
    """The waiting list (or the households of it named) in five queries whatever its length, without building a model
    per member; the persons it names are logged as read."""

    households = households_awaiting_housing()
    if household_ids is not None:
        households = households.filter(pk__in=household_ids)
    rows = {pk: AwaitingRow(household_id=pk, step_free=step_free, food_distribution=needs_food_distribution(first_payment, today), names=[])
            for pk, step_free, first_payment in households.values_list("pk", "needs_step_free", "first_benefit_payment_on")}
    ids = households.values("pk")
    members = (HouseholdMember.objects.filter(household__in=ids).order_by("household_id", "relation", "person__birth_date")
               .values_list("household_id", "person__first_name", "person__last_name", "person_id"))
    named = []
    for household_id, first, last, person_id in members:
        rows[household_id].names.append((first, last))
        named.append(person_id)
    access_log_persons(user=user, persons=named, what="waiting list")
    for household_id in Pet.objects.filter(household__in=ids).values_list("household_id", flat=True):
        rows[household_id].pets = True
    for household_id, number, status in Case.objects.filter(household__in=ids).order_by("-id").values_list("household_id", "number", "status"):
        rows[household_id].case_number, rows[household_id].case_status = number, status  # the first case wins (ordered last)
    return list(rows.values())


def proposal_room_choices(*, user, proposal, household_key: str) -> tuple[Household, list[choosing.Choice]] | None:
    """The rooms of a proposal for one of its households, each with the rules that keep the household out (the other
    households the plan puts in a room count as moving in too), by location name and room number. None when the key is
    not one of the proposal's households. The household's members are named on the page, so the read is logged."""
    instance = Instance.from_dict(proposal.instance)
    candidate = instance.household_by_id.get(household_key)
    if candidate is None or not household_key[1:].isdigit():
        return None
    members = HouseholdMember.objects.select_related("person").order_by("relation", "person__birth_date")
    household = Household.objects.filter(pk=int(household_key[1:])).prefetch_related(Prefetch("members", queryset=members)).first()
    if household is None:
        return None
    access_log_persons(user=user, persons=[m.person_id for m in household.members.all()], what="placement room chooser")
    incoming: dict[str, list] = {}
    for assignment in proposal.plan.get("assignments", []):
        if assignment["household"] != household_key and assignment["household"] in instance.household_by_id:
            incoming.setdefault(assignment["room"], []).append(instance.household_by_id[assignment["household"]])
    names = dict(Location.objects.values_list("code", "name"))
    rooms = sorted(instance.rooms, key=lambda r: (names.get(r.location, r.location), natural_key(r.id.split("/", 1)[-1])))
    choices = []
    for room, reasons in engine_rules.rooms_fit(rooms, instance.locations, candidate, incoming):
        free = room.free_beds - sum(h.size for h in incoming.get(room.id, ()))
        choices.append(choosing.Choice(value=room.id, location=names.get(room.location, room.location), number=room.id.split("/", 1)[-1],
                                       beds=room.beds, free=max(free, 0), accessible=room.accessible,
                                       reasons=tuple(refusal_text(r.code, r.params) for r in reasons)))
    return household, choices
