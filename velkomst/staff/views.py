from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from velkomst.accounts import oidc
from velkomst.accounts.permissions import require
from velkomst.forms import attach_errors
from velkomst.staff import selectors, services
from velkomst.staff.forms import ActiveForm, HandOverForm, PasswordChangeForm, StaffForm


@require("manage_staff")
def staff_list(request):
    return render(request, "staff/staff_list.html", {"rows": selectors.staff_rows(now=timezone.now()), "sign_on": oidc.enabled()})


@require("manage_staff")
@require_http_methods(["GET", "POST"])
def staff_new(request):
    """A new account with a temporary password, shown once on the next page (never in a URL or a stored message)."""
    if oidc.enabled():
        return render(request, "staff/staff_form.html", {"form": None, "sign_on": True, "row": None})
    form = StaffForm(request.POST or None, locations=list(selectors.locations_to_host()))
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.staff_create(by=request.user, data=form.staff_data(), role=form.chosen_role(),
                                                   locations=form.chosen_locations())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return render(request, "staff/temporary_password.html", {"member": user, "password": password, "created": True})
    return render(request, "staff/staff_form.html", {"form": form, "sign_on": False, "row": None}, status=400 if form.errors else 200)


@require("manage_staff")
@require_http_methods(["GET", "POST"])
def staff_detail(request, user_id: int):
    row = selectors.staff_member(user_id=user_id, now=timezone.now())
    sign_on = oidc.enabled()
    form = StaffForm(request.POST or None, locations=list(selectors.locations_to_host()), role_from_sign_on=sign_on,
                     initial=StaffForm.initial_from(row))
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_update(by=request.user, user=row.user, data=form.staff_data(), role=None if sign_on else form.chosen_role(),
                                  locations=form.chosen_locations())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The account is saved."))
            return redirect("staff:staff_detail", user_id=row.user.pk)
    return render(request, "staff/staff_form.html", {"form": form, "row": row, "sign_on": sign_on}, status=400 if form.errors else 200)


@require("manage_staff")
@require_POST
def staff_active(request, user_id: int):
    row = selectors.staff_member(user_id=user_id, now=timezone.now())
    form = ActiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to deactivate or reactivate the account."))
        return redirect("staff:staff_detail", user_id=row.user.pk)
    active = form.cleaned_data["active"]
    try:
        services.staff_active_set(by=request.user, user=row.user, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The account is active again.") if active else _("The account is deactivated: it can no longer log in."))
    return redirect("staff:staff_detail", user_id=row.user.pk)


@require("manage_staff")
@require_POST
def staff_password_reset(request, user_id: int):
    row = selectors.staff_member(user_id=user_id, now=timezone.now())
    try:
        password = services.staff_password_reset(by=request.user, user=row.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("staff:staff_detail", user_id=row.user.pk)
    return render(request, "staff/temporary_password.html", {"member": row.user, "password": password, "created": False})


@require("manage_staff")
@require_POST
def staff_unlock(request, user_id: int):
    row = selectors.staff_member(user_id=user_id, now=timezone.now())
    try:
        services.staff_unlock(by=request.user, user=row.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The account is unlocked: %(name)s can log in again.") % {"name": row.user.get_full_name() or row.user.username})
    return redirect("staff:staff_detail", user_id=row.user.pk)


@require("hand_over_cases")
@require_http_methods(["GET", "POST"])
def hand_over(request):
    """Choose whose cases go to whom (all or some), see how many, confirm: one action, each case logged."""
    from_users = list(selectors.with_open_cases())
    data = request.POST if request.method == "POST" else None
    chosen_from = (data or request.GET).get("from_user", "")
    from_user = next((u for u in from_users if str(u.pk) == chosen_from), None)
    cases = selectors.open_cases_of(by=request.user, caseworker=from_user) if from_user else []
    to_users = list(selectors.caseworkers())
    form = HandOverForm(data if from_user else None, from_users=from_users, to_users=to_users, cases=cases,
                        initial={"from_user": from_user.pk if from_user else "", "all_cases": True})
    confirm = None
    if data is not None and from_user and form.is_valid():
        to_user = next(u for u in to_users if u.pk == form.cleaned_data["to_user"])
        case_ids = form.chosen_case_ids()
        if data.get("action") == "confirm":
            try:
                moved = services.cases_hand_over(by=request.user, from_user=from_user, to_user=to_user, case_ids=case_ids,
                                                  today=timezone.localdate())
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, ngettext("%(count)d case is handed over to %(name)s.", "%(count)d cases are handed over to %(name)s.", moved)
                                 % {"count": moved, "name": to_user.get_full_name() or to_user.username})
                return redirect("staff:hand_over")
        else:
            confirm = {"from_user": from_user, "to_user": to_user, "case_ids": case_ids, "count": len(case_ids)}
    elif data is not None and not from_user:
        messages.error(request, _("Choose whose cases to hand over."))
    status = 400 if form.errors else 200
    return render(request, "staff/hand_over.html", {"form": form, "from_user": from_user, "cases": cases, "confirm": confirm}, status=status)


@require_http_methods(["GET", "POST"])
def password_change(request):
    """Any staff member's own password; the page every login with a temporary password goes to first."""
    form = PasswordChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.password_change(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your new password is saved."))
        return redirect("home")
    return render(request, "staff/password_change.html", {"form": form, "must_change": request.user.password_must_change},
                  status=400 if form.errors else 200)
