"""Proposing, adjusting and confirming placements; planning relocations. The engine decides nothing on its own:
staff see the plan with its reasons, may override it within the hard rules, and confirm it."""
import hashlib
import json
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from velkomst import engine
from velkomst.accounts.models import User
from velkomst.allocation.models import Override, Proposal, RelocationPlan
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.engine import rules as engine_rules
from velkomst.engine.model import Instance
from velkomst.engine.scoring import score
from velkomst.housing import selectors as housing_selectors
from velkomst.housing import services as housing_services
from velkomst.housing import spec
from velkomst.housing.models import Location, Reservation, Room, Tenancy
from velkomst.housing.refusals import refusal_text
from velkomst.jobs import services as jobs
from velkomst.jobs.models import Job
from velkomst.lib.priority import run_in_background_priority
from velkomst.people.models import Household
from velkomst.reception import services as reception_services
from velkomst.reception.models import Referral

PROPOSAL_TIME_LIMIT = 5.0  # seconds of solver time; a weekly batch is proven optimal well within it

STEP_READING = gettext_noop("Reading the occupancy of the locations")
STEP_SOLVING = gettext_noop("Looking for the best plan that keeps every housing rule")
STEP_SAVING = gettext_noop("Saving the plan")


class StaleProposal(Exception):
    """Occupancy changed after the proposal was made; a new proposal is needed."""


def household_key(household: Household) -> str:
    return f"h{household.pk}"


def occupancy_fingerprint(instance: dict) -> str:
    """What the plan depends on: every room, its beds and who lives in it."""
    rooms = [(r["id"], r["beds"], r["accessible"], sorted(o["person"] for o in r["occupants"])) for r in instance["rooms"]]
    return hashlib.sha256(json.dumps([instance["locations"], rooms], sort_keys=True).encode()).hexdigest()


def batch_instance(*, households: list[Household], on: date) -> dict:
    instance, _ = spec.occupancy_instance(on=on)
    instance["households"] = [spec.household_dict(spec.engine_household(h, on)) for h in households]
    return instance


def _solve(instance: dict, time_limit: float, job: Job | None = None) -> dict:
    """The engine, behind the page requests: its seconds of CPU must not make everyone else's pages wait. In a
    background job, the job's progress moves on while the solver works."""
    def work():
        return engine.solve(instance, time_limit=time_limit, workers=1, seed=0)

    if job is None:
        return run_in_background_priority(work)
    return jobs.wait_with_progress(job, work, seconds=time_limit, start=15, end=90, step=STEP_SOLVING)


def proposal_create(*, by: User, households: list[Household], move_in_on: date, time_limit: float = PROPOSAL_TIME_LIMIT,
                    job: Job | None = None) -> Proposal:
    """Solve outside any transaction (seconds of CPU), then save the proposal and its log lines together.
    The occupancy fingerprint makes confirmation refuse a plan whose occupancy has changed since it was read."""
    if not households:
        raise ValidationError({"households": _("Choose at least one household to place.")})
    if job:
        jobs.job_progress(job, 5, STEP_READING)
    instance = batch_instance(households=households, on=move_in_on)
    plan = _solve(instance, time_limit, job)
    if job:
        jobs.job_progress(job, 95, STEP_SAVING)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            created_by=by, move_in_on=move_in_on, instance=instance, plan=plan, occupancy_fingerprint=occupancy_fingerprint(instance)
        )
        for household in households:
            for case in household.cases.all():
                access_log_write(user=by, action=AccessLog.Action.READ, obj=proposal, person=case.person)
    return proposal


def proposal_start(*, by: User, households: list[Household], move_in_on: date) -> Job:
    """A proposal, made by a background job (velkomst/jobs) with `LARGE_PROPOSAL_TIME_LIMIT` of solver time: the page
    follows the job and leads to the proposal."""
    from velkomst.allocation import tasks  # deferred on purpose: the tasks module imports this one

    if not households:
        raise ValidationError({"households": _("Choose at least one household to place.")})
    return jobs.job_start(by=by, kind=Job.Kind.PLACEMENT_PROPOSAL, capability="propose_placements", task=tasks.proposal_task,
                          params={"households": [h.pk for h in households], "move_in_on": move_in_on.isoformat()})


def proposal_run(job: Job) -> str:
    """The job's work: the proposal for the chosen households still waiting for housing; returns the proposal's page."""
    from velkomst.allocation.selectors import households_awaiting_housing  # deferred on purpose: read only by the job

    households = list(households_awaiting_housing().filter(pk__in=job.params["households"]))
    if not households:
        raise jobs.JobFailed(_("None of the chosen households waits for housing any longer. Choose again on the waiting list."))
    proposal = proposal_create(by=job.started_by, households=households, move_in_on=date.fromisoformat(job.params["move_in_on"]),
                               time_limit=settings.LARGE_PROPOSAL_TIME_LIMIT, job=job)
    return reverse("proposal", args=[proposal.pk])


def _assignment(plan: dict) -> dict[str, str]:
    return {a["household"]: a["room"] for a in plan["assignments"]}


@transaction.atomic
def proposal_override(*, by: User, proposal: Proposal, household: str, room: str, reason: str) -> Proposal:
    """Put one household in another room (or in one at all); every hard rule is checked against the rest of the plan."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PROPOSED:
        raise ValidationError({"room": _("This proposal can no longer be changed.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you change the proposed room.")})
    instance = Instance.from_dict(proposal.instance)
    if household not in instance.household_by_id:
        raise ValidationError({"household": _("The household is not part of this proposal.")})
    if room not in instance.room_by_id:
        raise ValidationError({"room": _("Choose a room from the list.")})
    assignment = _assignment(proposal.plan)
    before, _breakdown = score(instance, assignment)
    target = instance.room_by_id[room]
    others = [instance.household_by_id[h] for h, r in assignment.items() if r == room and h != household]
    reasons = engine_rules.reasons_room_refuses(target, instance.locations[target.location], instance.household_by_id[household], others)
    if reasons:
        raise ValidationError({"room": [refusal_text(r.code, r.params) for r in reasons]})
    previous_room = assignment.get(household, "")
    assignment[household] = room
    after, breakdown = score(instance, assignment)
    plan = dict(proposal.plan)
    plan["assignments"] = [{"household": h.id, "room": assignment[h.id]} for h in instance.households if h.id in assignment]
    plan["unplaced"] = [u for u in plan["unplaced"] if u["household"] != household]
    plan.update(objective=after, breakdown=breakdown, status="overridden")
    plan.get("explanations", {}).pop(household, None)
    proposal.plan = plan
    proposal.save(update_fields=["plan"])
    Override.objects.create(proposal=proposal, household_key=household, from_room=previous_room, to_room=room, reason=reason.strip(),
                            objective_before=before, objective_after=after, by=by)
    return proposal


def _room_by_code(code: str) -> Room:
    location_code, number = code.split("/", 1)
    return Room.objects.select_related("location").get(location__code=location_code, number=number)


@transaction.atomic
def proposal_confirm(*, by: User, proposal: Proposal, now: datetime) -> list[Reservation]:
    """Reserve every room of the plan for the proposal's arrival day in one transaction, or none. Nobody moves in yet: the
    reserved beds are occupied from this moment, and the arrival (reception's "Register the arrival") turns each reservation
    into the tenancy. Refused if occupancy changed since the proposal. ``now`` is the moment of the confirmation."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PROPOSED:
        raise ValidationError({"proposal": _("This proposal has already been confirmed or is out of date.")})
    rooms = Room.objects.select_for_update().filter(location__status__in=[Location.Status.OPEN, Location.Status.CLOSING])
    list(rooms.values_list("pk", flat=True))  # lock every room: nobody moves in while the plan is written
    current, _plan = spec.occupancy_instance(on=proposal.move_in_on)
    if occupancy_fingerprint(current) != proposal.occupancy_fingerprint:
        raise StaleProposal
    households = {household_key(h): h for h in Household.objects.filter(pk__in=[int(a["household"][1:]) for a in proposal.plan["assignments"]])}
    reservations = [
        housing_services.reservation_make(by=by, household=households[assignment["household"]], room=_room_by_code(assignment["room"]),
                                          expected_arrival_on=proposal.move_in_on)
        for assignment in proposal.plan["assignments"]
    ]
    # A referral prepared without an arrival day gets the reservation's, so the arrivals worklist shows the household.
    for referral in Referral.objects.filter(household__in=households.values(), status=Referral.Status.OPEN, expected_arrival_on__isnull=True,
                                            decision_date__lte=proposal.move_in_on):
        reception_services.referral_prepare(by=by, referral=referral, changes={"expected_arrival_on": proposal.move_in_on},
                                            today=timezone.localdate(now))
    proposal.status, proposal.confirmed_at, proposal.confirmed_by = Proposal.Status.CONFIRMED, now, by
    proposal.save(update_fields=["status", "confirmed_at", "confirmed_by"])
    access_log_write(user=by, action=AccessLog.Action.CHANGE, obj=proposal, criteria={"reservations": len(reservations)})
    return reservations


def proposal_mark_stale(*, proposal: Proposal) -> None:
    Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.PROPOSED).update(status=Proposal.Status.STALE)


# --- relocation planning ---------------------------------------------------------------------------


def relocation_instance_empty_location(*, location: Location, on: date, within: QuerySet[Location]) -> tuple[dict, dict[str, Tenancy]]:
    """"Empty location X by date D": X's rooms leave the instance; X's residents become households to place.
    ``within``: the locations the planner may see and move people to (a host's own; everyone else's all)."""
    if not within.filter(pk=location.pk).exists():
        raise Location.DoesNotExist
    instance, _plan = spec.occupancy_instance(on=on, locations=_open(within))
    leaving = {r["id"] for r in instance["rooms"] if r["location"] == location.code}
    instance["rooms"] = [r for r in instance["rooms"] if r["id"] not in leaving]
    instance["locations"] = [l for l in instance["locations"] if l["id"] != location.code]
    tenancies = {}
    for tenancy in spec.current_tenancies(Room.objects.filter(location=location)):
        household = spec.engine_household(tenancy.household, on)
        instance["households"].append(spec.household_dict(household))
        tenancies[household.id] = tenancy
    return instance, tenancies


def relocation_instance_category(*, category: str, on: date, within: QuerySet[Location]) -> tuple[dict, dict[str, Tenancy]]:
    """"Move category C to its reserved locations": C's residents outside them become households to place;
    their present rooms stay open to them (they may stay if nothing better is found). Only ``within`` is read."""
    instance, _plan = spec.occupancy_instance(on=on, locations=_open(within))
    reserved = {l["id"] for l in instance["locations"] if l["reserved_for"] == category}
    tenancies = {}
    rooms = {r["id"]: r for r in instance["rooms"]}
    for tenancy in spec.current_tenancies(Room.objects.filter(location__in=within).exclude(location__code__in=reserved)):
        household = spec.engine_household(tenancy.household, on)
        if household.category != category or tenancy.room.code not in rooms:
            continue
        room = rooms[tenancy.room.code]
        room["occupants"] = [o for o in room["occupants"] if o["household"] != household.id]
        instance["households"].append(spec.household_dict(household))
        tenancies[household.id] = tenancy
    return instance, tenancies


def _open(locations: QuerySet[Location]) -> QuerySet[Location]:
    return locations.exclude(status=Location.Status.CLOSED)


def relocation_plan(*, by: User, instance: dict, tenancies: dict[str, Tenancy], time_limit: float = PROPOSAL_TIME_LIMIT,
                    job: Job | None = None) -> dict:
    """The engine's plan as a move list: who moves from which room to which; who stays; who cannot be placed."""
    plan = _solve(instance, time_limit, job)
    moves, stays = [], []
    for assignment in plan["assignments"]:
        tenancy = tenancies[assignment["household"]]
        (stays if assignment["room"] == tenancy.room.code else moves).append({"tenancy": tenancy, "to_room": assignment["room"]})
    unplaced = [{"tenancy": tenancies[u["household"]], "code": u.get("code", ""), "params": u.get("params", {}), "reason": u["reason"]}
                for u in plan["unplaced"]]
    for tenancy in tenancies.values():
        for case in tenancy.household.cases.all():
            access_log_write(user=by, action=AccessLog.Action.READ, obj=tenancy, person=case.person)
    return {"plan": plan, "moves": moves, "stays": stays, "unplaced": unplaced}


def relocation_move_apply(*, by: User, tenancy: Tenancy, to_room: Room, on: date) -> Tenancy:
    """One move of a relocation plan, applied by a host: the ordinary move service with every rule re-checked."""
    return housing_services.tenancy_move(by=by, tenancy=tenancy, to_room=to_room, moved_on=on, today=on)


def relocation_start(*, by: User, mode: str, by_date: date, location: Location | None = None, category: str = "") -> Job:
    """A relocation plan is always made by a background job, with the solver time the plan needs: the page follows the
    job (a reload shows the same job) and then links to the plan."""
    from velkomst.allocation import tasks  # deferred on purpose: the tasks module imports this one

    params = {"mode": mode, "location": location.pk if location else None, "category": category, "by_date": by_date.isoformat()}
    return jobs.job_start(by=by, kind=Job.Kind.RELOCATION_PLAN, capability="plan_relocations", task=tasks.relocation_task, params=params)


def relocation_run(job: Job) -> str:
    """The job's work: read the occupancy the starter may see, solve, keep the move list; returns the plan's page."""
    by, params = job.started_by, job.params
    within = housing_selectors.locations_visible_to(by)
    on = date.fromisoformat(params["by_date"])
    jobs.job_progress(job, 5, STEP_READING)
    location = None
    if params["mode"] == RelocationPlan.Mode.EMPTY_LOCATION:
        location = _open(within).filter(pk=params["location"]).first()
        if location is None:
            raise jobs.JobFailed(_("The location is closed or no longer among those you may plan for. Choose another location."))
        instance, tenancies = relocation_instance_empty_location(location=location, on=on, within=within)
    else:
        instance, tenancies = relocation_instance_category(category=params["category"], on=on, within=within)
    time_limit = settings.RELOCATION_TIME_LIMIT
    result = relocation_plan(by=by, instance=instance, tenancies=tenancies, time_limit=time_limit, job=job)
    jobs.job_progress(job, 95, STEP_SAVING)
    plan = result["plan"]
    stored = {
        "moves": [{"tenancy": m["tenancy"].pk, "to_room": m["to_room"]} for m in result["moves"]],
        "stays": [s["tenancy"].pk for s in result["stays"]],
        "unplaced": [{"tenancy": u["tenancy"].pk, "code": u["code"], "params": u["params"]} for u in result["unplaced"]],
        "status": plan.get("status", ""), "objective": plan.get("objective"), "bound": plan.get("bound"), "time_limit": time_limit,
    }
    relocation = RelocationPlan.objects.create(job=job, created_by=by, mode=params["mode"], location=location,
                                               category=params.get("category") or "", by_date=on, result=stored)
    return reverse("relocation_plan", args=[relocation.pk])
