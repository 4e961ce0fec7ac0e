from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from velkomst.accounts.permissions import can, require
from velkomst.audit.models import AccessLog
from velkomst.forms import attach_errors, query_date
from velkomst.housing import choosing
from velkomst.housing import selectors as housing_selectors
from velkomst.housing.models import Room
from velkomst.letters import services as letters
from velkomst.letters.forms import LetterLanguageForm
from velkomst.lib.text import whole_number
from velkomst.people.forms import needs_values
from velkomst.reception import ical, importing, selectors, services
from velkomst.reception.forms import (
    ArrivalForm,
    BookingForm,
    ContractOutcomeForm,
    ImportForm,
    MeetingResultForm,
    MoveForm,
    PreparationForm,
    ReferralForm,
)
from velkomst.reception.models import Appointment
from velkomst.rules import date_windows


def _user(pk):
    return get_user_model().objects.filter(pk=pk).first() if pk else None


@require("manage_referrals")
def referral_list(request):
    referrals, total = selectors.referrals_open(user=request.user)
    return render(request, "reception/referral_list.html", {"referrals": referrals, "total": total})


@require("manage_referrals")
@require_http_methods(["GET", "POST"])
def referral_new(request):
    form = ReferralForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_register(
                by=request.user, applicant=form.person_data(), target_group=data["target_group"], decision_date=data["decision_date"],
                asylum_centre=data["asylum_centre"], special_considerations=data["special_considerations"],
                **needs_values(data), caseworker=_user(data["caseworker"]),
                today=timezone.localdate(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The referral is registered."))
            return redirect("reception:referral_detail", referral_id=referral.pk)
    return render(request, "reception/referral_form.html", {"form": form})


@require("manage_referrals")
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = services.referral_import_upload(by=request.user, file_name=upload.name, content=upload.read(), today=timezone.localdate())
        return redirect("reception:import_preview", import_id=batch.pk)
    return render(request, "reception/import_upload.html", {"form": form}, status=400 if form.errors else 200)


@require("manage_referrals")
@require_http_methods(["GET", "POST"])
def import_preview(request, import_id: int):
    """The parsed list before anything is written: counts, every bad row, possible duplicates. POST imports it."""
    batch = selectors.import_batch(user=request.user, import_id=import_id)
    if batch.status != batch.Status.PREVIEW:
        return render(request, "reception/import_result.html", {"batch": batch})
    check = services.import_check(parsed=importing.Parsed.from_json(batch.parsed))
    if request.method == "POST":
        if check.errors:
            messages.error(request, _("Nothing was imported: correct the rows below and upload the file again."))
        else:
            # The households are registered by a background job; its page leads to the list's report when it is done.
            job = services.referral_import_start(by=request.user, batch=batch)
            return redirect("job", job_id=job.pk)
    return render(request, "reception/import_preview.html", {"batch": batch, "check": check},
                  status=400 if request.method == "POST" else 200)


@require("manage_referrals")
@require_http_methods(["GET", "POST"])
def referral_detail(request, referral_id: int):
    referral = selectors.referral_detail(user=request.user, referral_id=referral_id)
    form = PreparationForm(request.POST or None, referral=referral, initial=PreparationForm.initial_from(referral), today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_prepare(by=request.user, referral=referral, changes=form.changes(), caseworker=_user(form.cleaned_data["caseworker"]),
                                      today=timezone.localdate())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The preparation is saved."))
            return redirect("reception:referral_detail", referral_id=referral.pk)
    return render(request, "reception/referral_detail.html", {
        "referral": referral, "form": form, "reservation": housing_selectors.household_reservation(referral.household),
        "housed": housing_selectors.household_tenancy(referral.household) if referral.status == referral.Status.OPEN else None,
    }, status=400 if form.errors else 200)


@require("manage_referrals")
@require_http_methods(["GET", "POST"])
def referral_room(request, referral_id: int):
    """Choose the planned room: the rooms that fit the household on the arrival day (today when none is set), grouped by
    location and searchable; the others with the rule that excludes them on request (``?all=1``)."""
    today = timezone.localdate()
    referral = selectors.referral_detail(user=request.user, referral_id=referral_id)
    back = redirect("reception:referral_detail", referral_id=referral.pk)
    if referral.status != referral.Status.OPEN:
        messages.info(request, _("The arrival is already registered."))
        return back
    errors = {}
    if request.method == "POST" and request.POST.get("clear") == "1":
        services.referral_prepare(by=request.user, referral=referral, changes={"planned_room": None}, today=today)
        messages.success(request, _("The planned room is removed."))
        return back
    if request.method == "POST":
        room_id = whole_number(request.POST.get("room", ""))
        room = Room.objects.select_related("location").filter(pk=room_id).first() if room_id and room_id < 2**31 else None
        if room is None:
            errors["room"] = [_("Choose one of the rooms that fit.")]
        else:
            try:
                services.referral_prepare(by=request.user, referral=referral, changes={"planned_room": room}, today=today)
            except ValidationError as error:
                errors["room"] = [message for messages_ in error.message_dict.values() for message in messages_]
            else:
                messages.success(request, _("The room is chosen: %(room)s.") % {"room": room})
                return back
    on = referral.expected_arrival_on or today
    context = {"referral": referral, "on": on, "form_errors": errors, "submit_label": _("Choose the room"),
               "back_url": reverse("reception:referral_detail", args=[referral.pk]),
               **choosing.page_context(request, housing_selectors.room_choices(household=referral.household, on=on))}
    return render(request, "reception/referral_room.html", context, status=400 if errors else 200)


@require("register_arrivals")
@require_http_methods(["GET", "POST"])
def arrival(request, referral_id: int):
    """Register the arrival: the reserved room comes first and chosen; a household a host has already moved in keeps its
    tenancy (no room asked for). Hosts reach this for households living at their locations (the referral's scope)."""
    today = timezone.localdate()
    referral = selectors.referral_detail(user=request.user, referral_id=referral_id)
    if referral.status != referral.Status.OPEN:
        messages.info(request, _("The arrival is already registered."))
        return _after_arrival(request, referral)
    reservation, housed = housing_selectors.household_reservation(referral.household), housing_selectors.household_tenancy(referral.household)
    room = reservation.room_id if reservation else referral.planned_room_id
    initial = {"room": room, "arrived_on": today, "food_distribution": True}
    form = ArrivalForm(request.POST or None, referral=referral, reservation=reservation, housed=housed, initial=initial, today=today,
                       locations=housing_selectors.locations_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        if housed is None and not can(request.user, "manage_tenancies"):
            form.add_error("room", _("Your role may not move households in."))
        else:
            try:
                services.arrival_register(by=request.user, referral=referral, room=form.chosen_room(), arrived_on=form.cleaned_data["arrived_on"],
                                          checklist=form.checklist(), today=today)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _("The arrival is registered and the household has moved in. The welcome and contract "
                                            "meetings are ready to be booked."))
                return _after_arrival(request, referral)
    if can(request.user, "manage_referrals"):
        back_url = reverse("reception:referral_detail", args=[referral.pk])
    else:  # a host came from the location page
        place = housed.room if housed else reservation.room if reservation else None
        back_url = reverse("housing_location", args=[place.location_id]) if place else reverse("occupancy")
    return render(request, "reception/arrival.html", {"referral": referral, "form": form, "reservation": reservation, "housed": housed,
                                                      "back_url": back_url}, status=400 if form.errors else 200)


def _after_arrival(request, referral):
    if can(request.user, "manage_referrals"):
        return redirect("reception:referral_detail", referral_id=referral.pk)
    tenancy = housing_selectors.household_tenancy(referral.household)
    return redirect("housing_location", location_id=tenancy.room.location_id) if tenancy else redirect("occupancy")


@require("register_arrivals")
def household_arrival(request, household_id: int):
    """The arrival page of a household's open referral (the housing move-in page sends hosts here when the household they
    moved in has not arrived yet); 404 when there is none the user may see."""
    referral = selectors.open_referral_of_household(user=request.user, household_id=household_id)
    return redirect("reception:arrival", referral_id=referral.pk)


@require("book_meetings")
@require_http_methods(["GET", "POST"])
def case_meetings(request, case_id: int):
    """The case's meetings, and the form to book one (the kind to book may come from the worklist link)."""
    case = selectors.case_meetings(user=request.user, case_id=case_id)
    kind = request.GET.get("kind") if request.GET.get("kind") in Appointment.Kind.values else Appointment.Kind.WELCOME
    today = timezone.localdate()
    # A follow-up is booked as a meeting in one step: its link brings the kind and the due day (?kind=follow_up&due=…).
    due = query_date(request, "due", default=today, kind=date_windows.EXPIRY, today=today)  # follow-ups fall due years ahead
    initial = {"kind": kind, "caseworker": case.caseworker_id or request.user.pk, "interpreter_language": case.person.interpreter_language,
               "minutes": 60, **({"day": max(due, today)} if "due" in request.GET else {})}
    form = BookingForm(request.POST or None, initial=initial, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appointment_book(
                by=request.user, case=case, kind=data["kind"], starts_at=form.starts_at(), minutes=data["minutes"], place=data["place"],
                interpreter_language=data["interpreter_language"], caseworker=_user(data["caseworker"]), today=timezone.localdate(),
                now=timezone.now(),
            )
        except ValidationError as error:
            _attach_booking_errors(form, error)
        else:
            messages.success(request, _("The meeting is booked. Send the summons to the citizen."))
            return redirect("reception:appointment_detail", appointment_id=appointment.pk)
    return render(request, "reception/case_meetings.html", {"case": case, "appointments": list(case.appointments.all()), "form": form},
                  status=400 if form.errors else 200)


def _attach_booking_errors(form, error: ValidationError) -> None:
    """The service speaks of `starts_at`; on the form that is the time field."""
    fields = {"starts_at": "start_time"}
    attach_errors(form, ValidationError({fields.get(k, k): v for k, v in error.message_dict.items()}))


@require("book_meetings")
@require_http_methods(["GET", "POST"])
def appointment_detail(request, appointment_id: int):
    """One meeting: its summons, the calendar file, and the result (the welcome checklist, the contract outcome)."""
    now = timezone.now()
    appointment = selectors.appointment_detail(user=request.user, appointment_id=appointment_id)
    is_contract = appointment.kind == Appointment.Kind.CONTRACT
    result_form = MeetingResultForm(None if is_contract and "readiness" in request.POST else (request.POST or None), appointment=appointment)
    outcome_form = ContractOutcomeForm(request.POST if is_contract and "readiness" in request.POST else None,
                                       initial={"contract_signed_on": appointment.day}, today=timezone.localdate())
    bound = outcome_form if outcome_form.is_bound else result_form
    if request.method == "POST" and bound.is_valid():
        try:
            if bound is outcome_form:
                services.contract_outcome_record(by=request.user, appointment=appointment, **outcome_form.cleaned_data,
                                                 today=timezone.localdate(now))
            else:
                services.appointment_status_set(by=request.user, appointment=appointment, status=result_form.cleaned_data["status"],
                                                welcome_checklist=result_form.checklist(), notes=result_form.cleaned_data["notes"], now=now)
        except ValidationError as error:
            attach_errors(bound, error)
        else:
            messages.success(request, _("The meeting is updated."))
            return redirect("reception:appointment_detail", appointment_id=appointment.pk)
    summons_form = LetterLanguageForm.for_person(appointment.case.person)
    return render(request, "reception/appointment_detail.html", {
        "appointment": appointment, "result_form": result_form, "outcome_form": outcome_form, "summons_form": summons_form,
        "letters": list(appointment.letters.all()),
    }, status=400 if request.method == "POST" else 200)


@require("book_meetings")
@require_http_methods(["GET", "POST"])
def appointment_move(request, appointment_id: int):
    """Move the one meeting to a new time: no second meeting is booked, and the old time stays in the history."""
    now = timezone.now()
    appointment = selectors.appointment_detail(user=request.user, appointment_id=appointment_id)
    if appointment.status not in Appointment.OPEN_STATUSES:
        messages.error(request, _("The meeting is %(status)s and cannot be moved.") % {"status": appointment.get_status_display().lower()})
        return redirect("reception:appointment_detail", appointment_id=appointment.pk)
    local = timezone.localtime(appointment.starts_at) if appointment.starts_at else None
    initial = {"day": local.date() if local else None, "start_time": local.time() if local else None,
               "minutes": int(appointment.duration.total_seconds() // 60) if appointment.duration else 60, "place": appointment.place,
               "interpreter_language": appointment.interpreter_language, "caseworker": appointment.caseworker_id}
    form = MoveForm(request.POST or None, initial=initial, today=timezone.localdate(now))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appointment_book(
                by=request.user, case=appointment.case, kind=appointment.kind, starts_at=form.starts_at(), minutes=data["minutes"],
                place=data["place"], interpreter_language=data["interpreter_language"], caseworker=_user(data["caseworker"]),
                appointment=appointment, today=timezone.localdate(now), now=now,
            )
        except ValidationError as error:
            _attach_booking_errors(form, error)
        else:
            messages.success(request, _("The meeting is moved. Send the citizen a new summons."))
            return redirect("reception:appointment_detail", appointment_id=appointment.pk)
    return render(request, "reception/appointment_move.html", {"appointment": appointment, "form": form},
                  status=400 if form.errors else 200)


@require("book_meetings")
def appointment_calendar(request, appointment_id: int):
    appointment = selectors.appointment_detail(user=request.user, appointment_id=appointment_id, action=AccessLog.Action.EXPORT)
    if not appointment.starts_at:
        return HttpResponse(_("The meeting is not booked yet."), status=404, content_type="text/plain; charset=utf-8")
    text = ical.event(
        uid=f"appointment-{appointment.pk}@velkomst.kk.dk",
        starts_at=appointment.starts_at, ends_at=appointment.ends_at, stamp=timezone.now(),
        summary=f"{appointment.get_kind_display()} · {_('case')} {appointment.case.number}",
        location=appointment.place,
        description=_("Interpreter: %(language)s") % {"language": appointment.interpreter_language} if appointment.interpreter_language else "",
        status="CANCELLED" if appointment.status == Appointment.Status.CANCELLED else "CONFIRMED",
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{appointment.pk}.ics"'
    return response


@require("book_meetings")
@require_POST
def summons(request, appointment_id: int):
    """Make the summons, keep it on the case, and hand the PDF to the browser."""
    appointment = selectors.appointment_detail(user=request.user, appointment_id=appointment_id)
    form = LetterLanguageForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"language": _("Choose Ukrainian or English.")})
        letter = letters.summons_send(by=request.user, appointment=appointment, language=form.cleaned_data["language"],
                                      today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
        return redirect("reception:appointment_detail", appointment_id=appointment.pk)
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="indkaldelse-{appointment.case.number}-{letter.pk}.pdf"'
    return response

