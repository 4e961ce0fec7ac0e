import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from velkomst.accounts.permissions import can, require
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.formats import date_text
from velkomst.forms import attach_errors
from velkomst.housing import exports, selectors, services
from velkomst.housing.forms import (
    PARTNER_LABELS,
    BlockForm,
    CapacityImportForm,
    ChecklistForm,
    HouseholdSearchForm,
    HouseRulesForm,
    IncidentActionForm,
    IncidentCloseForm,
    IncidentForm,
    IncidentPartnersForm,
    LocationForm,
    LocationStatusForm,
    MoveForm,
    MoveInForm,
    MoveOutForm,
    OccupancyFilterForm,
    RentCapsForm,
    ReservationChangeForm,
    ReservationReleaseForm,
    RoomForm,
    RoomsAddForm,
)
from velkomst.housing.models import HouseholdType, Incident, Location, Room
from velkomst.letters import services as letters
from velkomst.letters.forms import LetterLanguageForm
from velkomst.lib.text import whole_number
from velkomst.people.models import CaseStatus


def _occupancy(request, today: datetime.date):
    form = OccupancyFilterForm(request.GET or None)
    rows, totals = selectors.occupancy_rows(user=request.user, filters=form.filters(), on=today)
    return form, rows, totals


OCCUPANCY_PAGE_SIZE = 50  # locations per page; the totals above the table count every location of the filter


@require("view_housing")
def occupancy(request):
    """Totals and filters first, then the locations a page at a time (the centre has ~220: a host on a phone
    should not scroll past 13,000 pixels to the totals)."""
    today = timezone.localdate()
    form = OccupancyFilterForm(request.GET or None)
    page, totals = selectors.occupancy_page(user=request.user, filters=form.filters(), on=today, page=request.GET.get("page"),
                                            per_page=OCCUPANCY_PAGE_SIZE)
    filters_only = request.GET.copy()
    filters_only.pop("page", None)
    return render(request, "housing/occupancy.html", {
        "form": form, "page": page, "rows": page.object_list, "totals": totals, "query": filters_only.urlencode(), "as_of": today,
    })


@require("export_occupancy")
def occupancy_export(request, fmt: str):
    today = timezone.localdate()
    form, rows, totals = _occupancy(request, today)
    with translation.override("da"):
        if fmt == "xlsx":
            content = exports.occupancy_xlsx(rows, totals, on=today)
            kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            content, kind = exports.occupancy_csv(rows, totals), "text/csv; charset=utf-8"
    access_log_write(user=request.user, action=AccessLog.Action.EXPORT, obj=None, person=None,
                     criteria={"export": "occupancy", "format": fmt, **form.filters().as_criteria()})
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="belaegning-{today.isoformat()}.{fmt}"'
    return response


@require("view_housing")
def location_detail(request, location_id: int):
    detail = selectors.location_detail(user=request.user, location_id=location_id, on=timezone.localdate(), page=request.GET.get("page"))
    may_manage = can(request.user, "manage_tenancies")
    return render(request, "housing/location_detail.html", {
        "detail": detail, "location": detail.location, "show_names": can(request.user, "view_person"), "may_manage": may_manage,
        "may_register_arrivals": can(request.user, "register_arrivals"),
        "may_report": can(request.user, "report_incident"), "may_set_up": can(request.user, "manage_locations"),
    })


@require("manage_tenancies")
@require_http_methods(["GET", "POST"])
def move_in(request, room_id: int):
    """Choose the household by a POST search (names never in the URL), then record the move-in and its checklist."""
    room = selectors.room_for(request.user, room_id)
    search = HouseholdSearchForm(request.POST or None)
    households, refusals = [], []
    if request.method == "POST" and request.POST.get("action") == "search" and search.is_valid():
        households = selectors.households_to_house(user=request.user, text=search.cleaned_data["q"])
    elif request.method == "POST" and whole_number(request.POST.get("household", "")) is not None:
        chosen = selectors.household_to_house(whole_number(request.POST["household"]))
        households = [chosen] if chosen else []
    is_move_in = request.method == "POST" and request.POST.get("action") == "move_in"
    # After a search the rest of what was typed stays (as initial values, so nothing is flagged yet).
    initial = {k: v for k, v in request.POST.items() if k in MoveInForm.base_fields and k != "household"}
    if len(households) == 1:
        initial["household"] = households[0].pk
    form = MoveInForm(request.POST if is_move_in else None, households=households, initial=initial, today=timezone.localdate())
    if is_move_in and form.is_valid():
        try:
            tenancy = services.tenancy_start(by=request.user, household=households[0], room=room,
                                             moved_in_on=form.cleaned_data["moved_in_on"], checklist=form.checklist())
        except services.MoveRefused as refused:
            refusals = [r.message for r in refused.refusals]
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The household has moved into room %(room)s.") % {"room": room.number})
            if can(request.user, "register_arrivals") and tenancy.household.cases.filter(status=CaseStatus.REFERRED).exists():
                # Moved in without a proposal: the arrival (cases arrived, welcome and contract meetings) is the next step.
                messages.info(request, _("The household has not been registered as arrived yet: register the arrival now."))
                return redirect("reception:household_arrival", household_id=tenancy.household_id)
            return redirect("housing_location", location_id=tenancy.room.location_id)
    fits = None
    if refusals and households:
        fits = selectors.rooms_where_household_fits(location=room.location, household=households[0], on=form.cleaned_data["moved_in_on"])
    return render(request, "housing/move_in.html", {
        "room": room, "search": search, "form": form, "households": households, "refusals": refusals, "fits": fits,
        "searched": request.POST.get("action") == "search",
    })


@require("manage_tenancies")
@require_http_methods(["GET", "POST"])
def move(request, tenancy_id: int):
    """Move to another room or location. The room picker lists only rooms where the household fits (htmx partial)."""
    tenancy = selectors.tenancy_for(request.user, tenancy_id)
    if not tenancy.is_current:
        raise Http404
    locations = list(selectors.locations_visible_to(request.user).exclude(status=Location.Status.CLOSED).order_by("name"))
    location_id = request.POST.get("location") or request.GET.get("location") or tenancy.room.location_id
    location = next((loc for loc in locations if str(loc.pk) == str(location_id)), tenancy.room.location)
    on = timezone.localdate()
    fits = selectors.rooms_where_household_fits(location=location, household=tenancy.household, on=on, moving_from=tenancy)
    form = MoveForm(request.POST if request.method == "POST" else None, rooms=[f.room for f in fits], today=on)
    refusals = []
    if request.method == "POST" and form.is_valid():
        to_room = get_object_or_404(Room.objects.select_related("location"), pk=form.cleaned_data["room"], location=location)
        moved_on = form.cleaned_data["moved_on"]
        try:
            new = services.tenancy_move(by=request.user, tenancy=tenancy, to_room=to_room, moved_on=moved_on, today=on,
                                        keys_handed_out_on=moved_on if form.cleaned_data["keys"] else None)
        except services.MoveRefused as refused:
            refusals = [r.message for r in refused.refusals]
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The household has moved to %(room)s.") % {"room": new.room})
            return redirect("housing_location", location_id=new.room.location_id)
    context = {"tenancy": tenancy, "locations": locations, "location": location, "fits": fits, "form": form, "refusals": refusals}
    template = "housing/move.html#rooms" if request.htmx and request.method == "GET" else "housing/move.html"
    return render(request, template, context)


@require("manage_tenancies")
@require_http_methods(["GET", "POST"])
def reservation(request, reservation_id: int):
    """A reserved room: change it (another room, at any location the user may see, or another day) with a reason; the room
    picker lists only rooms where the household fits. Releasing is its own POST (`reservation_release`)."""
    held = selectors.reservation_for(request.user, reservation_id)
    today = timezone.localdate()
    locations = list(selectors.locations_visible_to(request.user).exclude(status=Location.Status.CLOSED).order_by("name"))
    location_id = request.POST.get("location") or request.GET.get("location") or held.room.location_id
    location = next((loc for loc in locations if str(loc.pk) == str(location_id)), held.room.location)
    fits = selectors.rooms_where_household_fits(location=location, household=held.household, on=max(held.expected_arrival_on, today))
    form = ReservationChangeForm(request.POST if request.method == "POST" else None, rooms=[f.room for f in fits], today=today,
                                 initial={"expected_arrival_on": held.expected_arrival_on})
    refusals = []
    if request.method == "POST" and form.is_valid():
        room = get_object_or_404(Room.objects.select_related("location"), pk=form.cleaned_data["room"], location=location)
        try:
            services.reservation_change(by=request.user, reservation=held, room=room, expected_arrival_on=form.cleaned_data["expected_arrival_on"],
                                        reason=form.cleaned_data["reason"], today=today)
        except services.MoveRefused as refused:
            refusals = [r.message for r in refused.refusals]
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The reservation is changed to %(room)s.") % {"room": room})
            return redirect("housing_location", location_id=room.location_id)
    context = {"reservation": held, "locations": locations, "location": location, "fits": fits, "form": form, "refusals": refusals,
               "release_form": ReservationReleaseForm(), "show_names": can(request.user, "view_person")}
    template = "housing/reservation.html#rooms" if request.htmx and request.method == "GET" else "housing/reservation.html"
    return render(request, template, context, status=400 if form.errors or refusals else 200)


@require("manage_tenancies")
@require_POST
def reservation_release(request, reservation_id: int):
    held = selectors.reservation_for(request.user, reservation_id)
    today = timezone.localdate()
    form = ReservationReleaseForm(request.POST)
    if form.is_valid():
        try:
            services.reservation_release(by=request.user, reservation=held, reason=form.cleaned_data["reason"], today=today)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The reservation of %(room)s is released; its beds are free again.") % {"room": held.room})
            return redirect("housing_location", location_id=held.room.location_id)
    fits = selectors.rooms_where_household_fits(location=held.room.location, household=held.household, on=max(held.expected_arrival_on, today))
    locations = list(selectors.locations_visible_to(request.user).exclude(status=Location.Status.CLOSED).order_by("name"))
    return render(request, "housing/reservation.html", {
        "reservation": held, "locations": locations, "location": held.room.location, "fits": fits, "refusals": [],
        "form": ReservationChangeForm(rooms=[f.room for f in fits], today=today, initial={"expected_arrival_on": held.expected_arrival_on}),
        "release_form": form, "show_names": can(request.user, "view_person")}, status=400)


@require("manage_tenancies")
@require_http_methods(["GET", "POST"])
def move_out(request, tenancy_id: int):
    tenancy = selectors.tenancy_for(request.user, tenancy_id)
    if not tenancy.is_current:
        raise Http404
    today = timezone.localdate()
    form = MoveOutForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["moved_out_on"] > today:  # announced, not happened: the bed stays occupied until the day
                services.tenancy_move_out_plan(by=request.user, tenancy=tenancy, planned_on=data["moved_out_on"], today=today)
                done = _("The move-out is planned for %(date)s. The bed stays occupied until the move-out is recorded on the day.") % {
                    "date": date_text(data["moved_out_on"])}
            else:
                services.tenancy_end(by=request.user, tenancy=tenancy, moved_out_on=data["moved_out_on"], reason=data["reason"],
                                     today=today, keys_returned_on=data["keys_returned_on"], inspection=form.inspection())
                done = _("The household has moved out of room %(room)s.") % {"room": tenancy.room.number}
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("housing_location", location_id=tenancy.room.location_id)
    return render(request, "housing/move_out.html", {"tenancy": tenancy, "form": form})


# The letters a host hands out at move-in, by the kind in the URL.
TENANCY_LETTERS = {"lease": letters.lease_send, "house_rules": letters.house_rules_send}


@require("manage_tenancies")
@require_http_methods(["GET", "POST"])
def checklist(request, tenancy_id: int):
    tenancy = selectors.tenancy_for(request.user, tenancy_id)
    form = ChecklistForm(request.POST or None, initial=ChecklistForm.initial_from(tenancy), today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        services.tenancy_checklist_update(by=request.user, tenancy=tenancy, checklist=form.checklist())
        messages.success(request, _("The checklist is saved."))
        return redirect("housing_location", location_id=tenancy.room.location_id)
    case = letters.household_case(tenancy)
    return render(request, "housing/checklist.html", {
        "tenancy": tenancy, "form": form, "case": case,
        "letter_form": LetterLanguageForm.for_person(case.person) if case else None,
        "letters": list(case.letters.filter(kind__in=TENANCY_LETTERS).order_by("-created_at")) if case else [],
    })


@require("manage_tenancies")
@require_POST
def tenancy_letter(request, tenancy_id: int, kind: str):
    """Make the lease or the house rules, keep the letter on the applicant's case, and hand the PDF to the browser."""
    tenancy = selectors.tenancy_for(request.user, tenancy_id)
    form = LetterLanguageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose Ukrainian or English."))
        return redirect("tenancy_checklist", tenancy_id=tenancy.pk)
    if letters.household_case(tenancy) is None:
        messages.error(request, _("The household has no case, so there is no one to address the letter to."))
        return redirect("tenancy_checklist", tenancy_id=tenancy.pk)
    letter = TENANCY_LETTERS[kind](by=request.user, tenancy=tenancy, language=form.cleaned_data["language"], today=timezone.localdate())
    name = {"lease": "lejekontrakt", "house_rules": "husorden"}[kind]
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-{letter.case.number}-{letter.pk}.pdf"'
    return response


@require("manage_tenancies")
@require_http_methods(["GET", "POST"])
def room_block(request, room_id: int):
    room = selectors.room_for(request.user, room_id)
    form = BlockForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            services.room_block(by=request.user, room=room, reason=form.cleaned_data["blocked_reason"], until=form.cleaned_data["blocked_until"],
                                today=timezone.localdate())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Room %(room)s is blocked.") % {"room": room.number})
            return redirect("housing_location", location_id=room.location_id)
    return render(request, "housing/room_block.html", {"room": room, "form": form})


@require("manage_tenancies")
@require_POST
def room_unblock(request, room_id: int):
    room = selectors.room_for(request.user, room_id)
    try:
        services.room_unblock(by=request.user, room=room)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Room %(room)s is available again.") % {"room": room.number})
    return redirect("housing_location", location_id=room.location_id)


@require("view_incidents")
def incidents(request):
    return render(request, "housing/incidents.html", {"incidents": selectors.incident_list(user=request.user)[:200]})


@require("view_incidents")
def incident_detail(request, incident_id: int, *, forms: dict | None = None, status: int = 200):
    incident = selectors.incident_detail(user=request.user, incident_id=incident_id)
    # Managers follow incidents as risks (what, where, when, how serious); what happened to whom, the follow-up and the
    # partners are case details, for those who may open persons (DOMAIN: no need to see sensitive case details).
    show_details = can(request.user, "view_person")
    today = timezone.localdate()
    forms = {
        "action_form": IncidentActionForm(initial={"taken_on": today}),
        "partners_form": IncidentPartnersForm(initial={
            "partners": [name for name in Incident.PARTNER_FIELDS if getattr(incident, name)], "partner_other": incident.partner_other}),
        "close_form": IncidentCloseForm(initial={"closed_on": today}),
        **(forms or {}),
    }
    return render(request, "housing/incident_detail.html", {
        "incident": incident, "show_details": show_details, "partners": _partners_named(incident),
        "may_follow_up": show_details and can(request.user, "follow_up_incidents") and not incident.is_closed, **forms,
    }, status=status)


def _partners_named(incident) -> list[str]:
    named = [str(label) for name, label in PARTNER_LABELS.items() if getattr(incident, name)]
    return named + ([incident.partner_other] if incident.partner_other else [])


def _incident_follow_up(request, incident_id: int, form_name: str, form, write):
    """One follow-up write from the incident page: the form, then the service; on a refusal the page again with the
    reasons by their fields (nothing saved)."""
    incident = selectors.incident_for_follow_up(user=request.user, incident_id=incident_id)
    if form.is_valid():
        try:
            write(incident, form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The follow-up is saved."))
            return redirect("housing_incident", incident_id=incident.pk)
    return incident_detail(request, incident_id, forms={form_name: form}, status=400)


@require("follow_up_incidents")
@require_POST
def incident_action_add(request, incident_id: int):
    today = timezone.localdate()
    return _incident_follow_up(request, incident_id, "action_form", IncidentActionForm(request.POST, today=today),
                               lambda incident, d: services.incident_action_add(by=request.user, incident=incident, today=today, **d))


@require("follow_up_incidents")
@require_POST
def incident_action_done(request, incident_id: int, action_id: int):
    incident = selectors.incident_for_follow_up(user=request.user, incident_id=incident_id)
    action = get_object_or_404(incident.actions, pk=action_id)
    try:
        services.incident_action_done(by=request.user, action=action, done_on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The action is marked as done."))
    return redirect("housing_incident", incident_id=incident.pk)


@require("follow_up_incidents")
@require_POST
def incident_partners(request, incident_id: int):
    return _incident_follow_up(request, incident_id, "partners_form", IncidentPartnersForm(request.POST),
                               lambda incident, d: services.incident_partners_set(by=request.user, incident=incident,
                                                                                  partners=set(d["partners"]), other=d["partner_other"]))


@require("follow_up_incidents")
@require_POST
def incident_close(request, incident_id: int):
    today = timezone.localdate()
    return _incident_follow_up(request, incident_id, "close_form", IncidentCloseForm(request.POST, today=today),
                               lambda incident, d: services.incident_close(by=request.user, incident=incident, today=today, **d))


@require("report_incident")
@require_http_methods(["GET", "POST"])
def incident_new(request, location_id: int):
    location = selectors.location_for(request.user, location_id)
    residents = selectors.current_residents(user=request.user, location=location)
    form = IncidentForm(request.POST or None, residents=residents, now=timezone.now(), today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        occurred_at = timezone.make_aware(datetime.datetime.combine(data["occurred_on"], data["occurred_time"]))
        try:
            incident = services.incident_report(
                by=request.user, location=location, occurred_at=occurred_at, kind=data["kind"], severity=data["severity"],
                description=data["description"], persons=[p for p in residents if p.pk in data["persons"]], follow_up=data["follow_up"],
                partner_social=data["partner_social"], partner_health=data["partner_health"], partner_police=data["partner_police"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The incident is recorded."))
            return redirect("housing_incident", incident_id=incident.pk)
    return render(request, "housing/incident_form.html", {"location": location, "form": form})


# -- set-up: locations, rooms, capacity, rent caps, house rules (administrators) ---------------------------------------

@require("manage_locations")
def setup(request):
    """Every location, closed ones too, and the ways to add capacity."""
    return render(request, "housing/setup.html", {"rows": selectors.locations_for_setup()})


def _host_choices():
    return list(selectors.active_hosts())


@require("manage_locations")
@require_http_methods(["GET", "POST"])
def location_new(request):
    form = LocationForm(request.POST or None, hosts=_host_choices(), initial={"serves_ukrainians": True})
    if request.method == "POST" and form.is_valid():
        try:
            location = services.location_create(by=request.user, data=form.location_data(), hosts=form.chosen_hosts())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The location %(name)s is created. Add its rooms.") % {"name": location.name})
            return redirect("rooms_add", location_id=location.pk)
    return render(request, "housing/location_form.html", {"form": form, "location": None}, status=400 if form.errors else 200)


@require("manage_locations")
@require_http_methods(["GET", "POST"])
def location_edit(request, location_id: int):
    location = selectors.location_for(request.user, location_id)
    form = LocationForm(request.POST or None, hosts=_host_choices(), initial=LocationForm.initial_from(location))
    if request.method == "POST" and form.is_valid():
        try:
            services.location_update(by=request.user, location=location, data=form.location_data(), hosts=form.chosen_hosts())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The location is saved."))
            return redirect("housing_location", location_id=location.pk)
    return render(request, "housing/location_form.html", {"form": form, "location": location}, status=400 if form.errors else 200)


@require("manage_locations")
@require_http_methods(["GET", "POST"])
def location_status(request, location_id: int):
    """Open, closing on a date, or closed. Before saving, the page says how many residents must move and links to the
    relocation plan that empties the location by that day."""
    location = selectors.location_for(request.user, location_id)
    today = timezone.localdate()
    form = LocationStatusForm(request.POST or None, initial={"status": location.status, "closing_on": location.closing_on}, today=today)
    consequences = None
    if request.method == "POST" and form.is_valid():
        status, closing_on = form.cleaned_data["status"], form.cleaned_data["closing_on"]
        if request.POST.get("action") == "confirm":
            try:
                services.location_status_change(by=request.user, location=location, status=status, closing_on=closing_on, today=today)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("The status of %(name)s is saved.") % {"name": location.name})
                return redirect("housing_location", location_id=location.pk)
        else:
            day = closing_on if status == Location.Status.CLOSING and closing_on and closing_on > today else today
            occupants = selectors.occupants_on(rooms=Room.objects.filter(location=location), on=day)
            consequences = {"status": status, "closing_on": closing_on, "day": day, "households": occupants.households,
                            "persons": occupants.persons, "reserved_households": occupants.reserved_households,
                            "reserved_persons": occupants.reserved_persons, "status_label": Location.Status(status).label}
    return render(request, "housing/location_status.html", {"location": location, "form": form, "consequences": consequences},
                  status=400 if form.errors else 200)


@require("manage_locations")
@require_http_methods(["GET", "POST"])
def rooms_add(request, location_id: int):
    location = selectors.location_for(request.user, location_id)
    form = RoomsAddForm(request.POST or None, initial={"floor": 0})
    if request.method == "POST" and form.is_valid():
        try:
            rooms = services.rooms_create(by=request.user, location=location, rooms=form.rooms())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, ngettext("%(count)d room is added to %(name)s.", "%(count)d rooms are added to %(name)s.", len(rooms))
                             % {"count": len(rooms), "name": location.name})
            return redirect("housing_location", location_id=location.pk)
    return render(request, "housing/rooms_add.html", {"location": location, "form": form, "rooms": selectors.location_rooms(location, timezone.localdate())},
                  status=400 if form.errors else 200)


@require("manage_locations")
@require_http_methods(["GET", "POST"])
def room_edit(request, room_id: int):
    room = selectors.room_for(request.user, room_id)
    form = RoomForm(request.POST or None, initial=RoomForm.initial_from(room))
    if request.method == "POST" and form.is_valid():
        try:
            services.room_update(by=request.user, room=room, data=form.room_data(), today=timezone.localdate())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Room %(room)s is saved.") % {"room": form.cleaned_data["number"]})
            return redirect("housing_location", location_id=room.location_id)
    return render(request, "housing/room_form.html", {"room": room, "form": form}, status=400 if form.errors else 200)


@require("manage_locations")
@require_http_methods(["GET", "POST"])
def capacity_import(request):
    """A spreadsheet of rooms: "Check the file" runs the whole import and rolls it back; "Import" keeps it, all or nothing."""
    form = CapacityImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = request.POST.get("action") != "import"
        report = services.capacity_import(by=request.user, file_name=upload.name, content=upload.read(), dry_run=dry_run)
        if report.ok and not dry_run:
            messages.success(request, ngettext("%(rooms)d room with %(beds)d beds is imported.", "%(rooms)d rooms with %(beds)d beds are imported.",
                                               report.rooms) % {"rooms": report.rooms, "beds": report.beds})
            return redirect("housing_setup")
    status = 400 if form.errors or (report and not report.ok) else 200
    return render(request, "housing/capacity_import.html", {"form": form, "report": report}, status=status)


@require("manage_reference_data")
@require_http_methods(["GET", "POST"])
def rent_caps(request):
    today = timezone.localdate()
    years = selectors.rent_caps_by_year()
    missing = selectors.rent_cap_years_missing(years, today=today)
    latest = next(iter(years.values()), {})
    initial = {"year": missing[0] if missing else today.year} | {kind: cap.monthly_cap for kind, cap in latest.items()}
    form = RentCapsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rent_caps_set(by=request.user, year=form.cleaned_data["year"], caps=form.caps())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The rent caps of %(year)d are saved.") % {"year": form.cleaned_data["year"]})
            return redirect("rent_caps")
    return render(request, "housing/rent_caps.html", {
        "form": form, "missing": missing, "kinds": HouseholdType.choices,
        "rows": [(year, [caps.get(kind) for kind in HouseholdType.values]) for year, caps in years.items()],
    }, status=400 if form.errors else 200)


@require("manage_locations")
@require_http_methods(["GET", "POST"])
def house_rules(request, location_id: int):
    location = selectors.location_for(request.user, location_id)
    versions = selectors.house_rules_versions(location)
    latest = versions[0] if versions else None
    initial = {"text": latest.text, "text_uk": latest.text_uk, "text_en": latest.text_en} if latest else {}
    form = HouseRulesForm(request.POST or None, initial=initial, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rules = services.house_rules_add(by=request.user, location=location, valid_from=data["valid_from"], text=data["text"],
                                             text_uk=data["text_uk"], text_en=data["text_en"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Version %(version)d of the house rules is saved.") % {"version": rules.version})
            return redirect("housing_location", location_id=location.pk)
    return render(request, "housing/house_rules.html", {"location": location, "form": form, "versions": versions},
                  status=400 if form.errors else 200)
