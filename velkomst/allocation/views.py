from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from velkomst.accounts.permissions import require
from velkomst.allocation import reasons, selectors, services
from velkomst.allocation.forms import OverrideForm, ProposeForm, RelocationForm, RelocationMoveForm
from velkomst.allocation.models import Proposal, RelocationPlan
from velkomst.audit.services import access_log_persons
from velkomst.forms import attach_errors, query_date
from velkomst.housing import choosing
from velkomst.housing import selectors as housing_selectors
from velkomst.housing.models import Location, Tenancy
from velkomst.jobs.models import Job
from velkomst.jobs.services import job_latest_unfinished, job_visible_to
from velkomst.lib.text import whole_number
from velkomst.people.models import Household, HouseholdMember
from velkomst.rules import date_windows


@require("propose_placements")
@require_http_methods(["GET", "POST"])
def awaiting(request):
    """Households waiting for temporary housing; the chosen ones go to the engine as one batch."""
    today = timezone.localdate()
    page, rows = selectors.awaiting_page(user=request.user, today=today, page=request.GET.get("page"))
    # Any waiting household may be chosen (the boxes are those of this page; a POST keeps the page in its address).
    form = ProposeForm(request.POST or None, household_ids=list(selectors.households_awaiting_housing().values_list("pk", flat=True))
                       if request.method == "POST" else [row.household_id for row in rows], today=today)
    if request.method == "POST" and form.is_valid():
        chosen = list(selectors.households_awaiting_housing().filter(pk__in=form.cleaned_data["households"]))
        # Solving is never done inside the request (a second for three households on a calm machine, tens of seconds
        # for a large batch): a background job, whose page leads to the proposal when it is ready.
        job = services.proposal_start(by=request.user, households=chosen, move_in_on=form.cleaned_data["move_in_on"])
        return redirect("job", job_id=job.pk)
    # The list shows dates and names only; the instance and plan blobs are megabytes of JSON.
    proposals = Proposal.objects.select_related("created_by").defer("instance", "plan")[:10]
    # Nothing is ticked in advance: a proposal is for the households someone chose (a POST with errors keeps the choice).
    chosen = set(form.cleaned_data.get("households", [])) if form.is_bound and hasattr(form, "cleaned_data") else set()
    running = job_latest_unfinished(user=request.user, kind=Job.Kind.PLACEMENT_PROPOSAL)
    return render(request, "allocation/awaiting.html", {"rows": rows, "page": page, "form": form, "proposals": proposals,
                                                        "chosen": chosen, "running": running})


def _households_by_key(keys) -> dict[str, Household]:
    members = HouseholdMember.objects.select_related("person").order_by("relation", "person__birth_date")
    ids = [int(key[1:]) for key in keys]
    households = Household.objects.filter(pk__in=ids).prefetch_related(Prefetch("members", queryset=members), "cases")
    return {f"h{h.pk}": h for h in households}


def _proposal_context(proposal: Proposal, override_form=None) -> dict:
    plan = proposal.plan
    households = _households_by_key([h["id"] for h in proposal.instance["households"]])
    location_names = dict(Location.objects.values_list("code", "name"))
    explanations = plan.get("explanations", {})

    def room_label(code):
        location, number = code.split("/", 1)
        return f"{location_names.get(location, location)} {number}"

    def location_label(code):
        location = code.split("/", 1)[0]
        return location_names.get(location, location)

    placed = [
        {
            "key": a["household"],
            "household": households.get(a["household"]),
            "room": a["room"],
            "room_label": room_label(a["room"]),
            "location": location_label(a["room"]),
            "breakdown": reasons.breakdown_rows(explanations.get(a["household"], {}).get("breakdown", {})),
            "alternatives": [{"room": alt["room"], "label": room_label(alt["room"]), "delta": alt["delta"]}
                             for alt in explanations.get(a["household"], {}).get("alternatives", [])],
        }
        for a in plan["assignments"]
    ]
    unplaced = [
        {"key": u["household"], "household": households.get(u["household"]), "reason": reasons.reason_text(u.get("code", ""), u.get("params", {}))}
        for u in plan["unplaced"]
    ]
    bound = plan.get("bound")
    return {
        "proposal": proposal,
        "placed": placed,
        "unplaced": unplaced,
        "objective": plan["objective"],
        "bound": bound,
        "proven_optimal": plan.get("status") == "optimal",
        "breakdown": reasons.breakdown_rows(plan.get("breakdown", {})),
        "persons_placed": sum(len(households[a["household"]].members.all()) for a in plan["assignments"] if a["household"] in households),
        "overrides": list(proposal.overrides.select_related("by")),
        "override_form": override_form,
    }


@require("propose_placements")
def proposal_detail(request, proposal_id: int):
    proposal = get_object_or_404(Proposal, pk=proposal_id)
    return render(request, "allocation/proposal.html", _proposal_context(proposal))


def _override_saved(request, proposal: Proposal, form: OverrideForm) -> bool:
    """One household's room changed through the service (the room chooser and the override form alike); False leaves the
    service's refusal on the form."""
    try:
        services.proposal_override(by=request.user, proposal=proposal, **form.cleaned_data)
    except ValidationError as error:
        attach_errors(form, error)
        return False
    messages.success(request, _("The placement is changed. The plan's new score is shown."))
    return True


@require("propose_placements")
@require_POST
def proposal_override(request, proposal_id: int):
    proposal = get_object_or_404(Proposal, pk=proposal_id)
    form = OverrideForm(request.POST)
    if form.is_valid() and _override_saved(request, proposal, form):
        return redirect("proposal", proposal_id=proposal.pk)
    proposal.refresh_from_db()
    return render(request, "allocation/proposal.html", _proposal_context(proposal, override_form=form), status=400)


@require("propose_placements")
@require_http_methods(["GET", "POST"])
def proposal_room(request, proposal_id: int):
    """Another room for one household of a proposal (``?household=h12``): the rooms that fit beside the rest of the plan,
    grouped by location and searchable, the others with their rule on request; the choice and its reason go through
    `proposal_override` and back to the proposal."""
    proposal = get_object_or_404(Proposal, pk=proposal_id)
    back = redirect("proposal", proposal_id=proposal.pk)
    if proposal.status != Proposal.Status.PROPOSED:
        messages.error(request, _("This proposal has already been confirmed or is out of date."))
        return back
    key = (request.POST if request.method == "POST" else request.GET).get("household", "")
    found = selectors.proposal_room_choices(user=request.user, proposal=proposal, household_key=key)
    if found is None:
        raise Http404
    household, choices = found
    form = OverrideForm(request.POST or None, initial={"household": key})
    if request.method == "POST":
        if form.is_valid():
            if _override_saved(request, proposal, form):
                return back
        elif "room" in form.errors:
            form.errors["room"] = form.error_class([_("Choose one of the rooms that fit.")])
    context = {"proposal": proposal, "household": household, "form": form, "form_errors": form.errors, "submit_label": _("Change room"),
               "back_url": reverse("proposal", args=[proposal.pk]), "extra_fields": "allocation/_room_reason.html",
               **choosing.page_context(request, choices, keep={"household": key})}
    return render(request, "allocation/proposal_room.html", context, status=400 if form.errors else 200)


@require("propose_placements")
@require_http_methods(["GET", "POST"])
def proposal_confirm(request, proposal_id: int):
    """The confirmation step: the GET says what will be reserved (how many households, which rooms at which locations, for
    which day); only the POST from that page writes anything."""
    proposal = get_object_or_404(Proposal, pk=proposal_id)
    if request.method == "GET":
        if proposal.status != Proposal.Status.PROPOSED:
            messages.error(request, _("This proposal has already been confirmed or is out of date."))
            return redirect("proposal", proposal_id=proposal.pk)
        context = _proposal_context(proposal)
        by_location: dict[str, int] = {}
        for row in context["placed"]:
            by_location[row["location"]] = by_location.get(row["location"], 0) + 1
        context["by_location"] = sorted(by_location.items())
        access_log_persons(user=request.user, persons=[m.person_id for row in context["placed"] if row["household"]
                                                        for m in row["household"].members.all()], what="placement confirmation")
        return render(request, "allocation/confirm.html", context)
    try:
        reservations = services.proposal_confirm(by=request.user, proposal=proposal, now=timezone.now())
    except services.StaleProposal:
        services.proposal_mark_stale(proposal=proposal)
        messages.error(request, _("Someone moved in or out since this proposal was made, so nothing was saved. Make a new proposal."))
        return redirect("allocation")
    except (ValidationError, services.housing_services.MoveRefused) as error:
        messages.error(request, _("Nothing was saved: %(error)s") % {"error": error})
        return redirect("proposal", proposal_id=proposal.pk)
    messages.success(request, ngettext(
        "%(count)d household has a reserved room. Register the arrival on its referral page when it comes.",
        "%(count)d households have a reserved room. Register each arrival on its referral page when the household comes.",
        len(reservations)) % {"count": len(reservations)})
    return redirect("allocation")


@require("plan_relocations")
@require_http_methods(["GET", "POST"])
def relocations(request):
    # Every read and write of the planner is scoped by the locations the user may see (a host: their own).
    within = housing_selectors.locations_visible_to(request.user)
    today = timezone.localdate()
    # A closing location's page links here with ?location=<id>&by_date=<yyyy-mm-dd>: the plan to empty it by its closing day.
    # (A POST carries the form's own by_date, written dd.mm.yyyy, which the form reads.)
    initial = {"by_date": today, "mode": "empty_location"}
    if request.method == "GET":
        initial["by_date"] = query_date(request, "by_date", default=today, kind=date_windows.PLANNED, today=today)
        if whole_number(request.GET.get("location", "")) is not None:
            initial["location"] = whole_number(request.GET["location"])
    form = RelocationForm(request.POST or None, locations=within, initial=initial, today=today)
    if request.method == "POST" and form.is_valid():
        # Always a background job: the solver gets the time a good plan needs; the job's page shows its progress.
        data = form.cleaned_data
        job = services.relocation_start(by=request.user, mode=data["mode"], by_date=data["by_date"],
                                        location=data["location"] if data["mode"] == "empty_location" else None,
                                        category=data["category"] if data["mode"] == "category" else "")
        return redirect("job", job_id=job.pk)
    running = job_latest_unfinished(user=request.user, kind=Job.Kind.RELOCATION_PLAN)
    plans = RelocationPlan.objects.filter(created_by=request.user).select_related("location").defer("result")[:5]
    return render(request, "allocation/relocations.html", {"form": form, "running": running, "plans": plans})


@require("plan_relocations")
def relocation_plan_detail(request, plan_id: int):
    """A finished relocation plan: the move list, read with the names as they are now. The one who made it (or the same
    role, when it sees every location) may open it; the tenancies shown are those at locations the user may see."""
    plan = RelocationPlan.objects.select_related("job", "location").filter(pk=plan_id).first()
    if plan is None or not job_visible_to(request.user, plan.job):
        raise Http404
    within = housing_selectors.locations_visible_to(request.user)
    result = plan.result
    ids = [m["tenancy"] for m in result["moves"]] + [u["tenancy"] for u in result["unplaced"]]
    tenancies = Tenancy.objects.filter(pk__in=ids, room__location__in=within).select_related("household", "room__location").in_bulk()
    location_names = dict(within.values_list("code", "name"))
    moves, unplaced = [], []
    for move in result["moves"]:
        if move["tenancy"] in tenancies:
            location, number = move["to_room"].split("/", 1)
            moves.append({"tenancy": tenancies[move["tenancy"]], "to_room": move["to_room"],
                          "to_label": f"{location_names.get(location, location)} {number}"})
    for item in result["unplaced"]:
        if item["tenancy"] in tenancies:
            unplaced.append({"tenancy": tenancies[item["tenancy"]], "text": reasons.reason_text(item["code"], item["params"])})
    household_ids = [t.household_id for t in tenancies.values()]
    access_log_persons(user=request.user, persons=list(HouseholdMember.objects.filter(household__in=household_ids)
                                                      .values_list("person_id", flat=True)), what="relocation plan")
    return render(request, "allocation/relocation_plan.html", {"plan": plan, "moves": moves, "unplaced": unplaced,
                                                              "stays": len(result["stays"])})


@require("manage_tenancies")
@require_POST
def relocation_apply(request):
    form = RelocationMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The move could not be made; plan again."))
        return redirect("relocations")
    back = _plan_page(request.user, form.cleaned_data.get("plan"))
    # The same scope as the ordinary move page: a tenancy or a room at another host's location does not exist here.
    tenancy = housing_selectors.tenancy_for(request.user, form.cleaned_data["tenancy"])
    to_room = housing_selectors.room_by_code(request.user, form.cleaned_data["to_room"])
    if not tenancy.is_current:
        raise Http404
    try:
        services.relocation_move_apply(by=request.user, tenancy=tenancy, to_room=to_room, on=timezone.localdate())
    except services.housing_services.MoveRefused as refused:
        messages.error(request, _("The move was refused: %(reasons)s") % {"reasons": " ".join(r.message for r in refused.refusals)})
    except ValidationError:
        messages.error(request, _("The move could not be made; plan again."))
    else:
        messages.success(request, _("The household is moved."))
    return redirect(back)


def _plan_page(user, plan_id: int | None) -> str:
    """After a move, back to the plan it came from (when the user may see it), else to the planner."""
    plan = RelocationPlan.objects.select_related("job").filter(pk=plan_id).first() if plan_id else None
    if plan is not None and job_visible_to(user, plan.job):
        return reverse("relocation_plan", args=[plan.pk])
    return reverse("relocations")
