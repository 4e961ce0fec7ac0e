from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from velkomst.accounts.permissions import can, can_see_housing_health_need, cpr_shown, require
from velkomst.forms import attach_errors
from velkomst.people import selectors, services
from velkomst.people.forms import (
    BenefitPaymentForm,
    CaseForm,
    HouseholdNeedsForm,
    MemberForm,
    NoteForm,
    PersonForm,
    RegisterForm,
    SearchForm,
    StatusForm,
    needs_initial,
    needs_values,
    pet_kinds_text,
)
from velkomst.people.models import Case


@require("search_person")
@require_http_methods(["GET", "POST"])
def search(request):
    """The search page. The query travels by POST so that names and CPR numbers never appear in a URL."""
    form = SearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = selectors.person_search(user=request.user, text=form.cleaned_data["q"])
    template = "people/search.html#results" if request.htmx else "people/search.html"
    return render(request, template, {"form": form, "results": results})


@require("view_person")
def person_detail(request, person_id: int):
    today = timezone.localdate()
    person = selectors.person_detail(user=request.user, person_id=person_id)
    household = person.membership.household if hasattr(person, "membership") else None
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "household": household,
            "needs_own_room": bool(household and household.needs_own_room and can_see_housing_health_need(request.user)),
            # The documented reason is restricted further: only roles that see restricted case information.
            "own_room_reason": household.own_room_reason if household and household.needs_own_room and can(request.user, "view_sensitive") else "",
            "pet_kinds": pet_kinds_text(household) if household else "",
            "cases": list(person.cases.all()),
            "note_form": NoteForm(),
            "show_sensitive": can(request.user, "view_sensitive"),
            # Need to know: teachers and consultants see the name, the case and the way to the programme, not the rest.
            "show_details": can(request.user, "view_contact_and_household"),
            "cpr_shown": cpr_shown(request.user, person.cpr),
            "age": person.age_on(today),
            "digital_post": person.digital_post_eligible(today),
        },
    )


@require("register_person")
@require_http_methods(["GET", "POST"])
def person_register(request):
    form = RegisterForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        caseworker = get_user_model().objects.filter(pk=data["caseworker"]).first() if data["caseworker"] else None
        try:
            case = services.person_register(
                by=request.user,
                person=form.person_data(),
                target_group=data["target_group"],
                referral_decision_date=data["referral_decision_date"],
                **needs_values(data),
                caseworker=caseworker,
                today=timezone.localdate(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The person is registered with case %(number)s.") % {"number": case.number})
            return redirect("person_detail", person_id=case.person_id)
    return render(request, "people/person_form.html", {"form": form, "title": _("Register a person")})


@require("change_person")
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id: int):
    person = selectors.person_detail(user=request.user, person_id=person_id)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_from(person), today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(by=request.user, person=person, data=form.person_data(), today=timezone.localdate())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("person_detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person, "title": _("Change %(name)s") % {"name": person.full_name}})


@require("change_person")
@require_http_methods(["GET", "POST"])
def member_add(request, person_id: int):
    person = selectors.person_detail(user=request.user, person_id=person_id)
    if not hasattr(person, "membership"):
        raise Http404
    household = person.membership.household
    form = MemberForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            services.household_member_add(by=request.user, household=household, data=form.person_data(), relation=form.cleaned_data["relation"],
                                          today=timezone.localdate())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The household member is added."))
            return redirect("person_detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person, "title": _("Add a household member")})


@require("change_person")
@require_http_methods(["GET", "POST"])
def household_edit(request, person_id: int):
    """The household's housing needs and its first benefit payment, from the person's page (reception and caseworkers).
    The two forms post separately (``form=needs`` / ``form=benefit``); each goes through its own service."""
    today = timezone.localdate()
    person = selectors.person_detail(user=request.user, person_id=person_id)
    if not hasattr(person, "membership"):
        raise Http404
    household = person.membership.household
    reason_readable = can(request.user, "view_sensitive")
    needs_kwargs = {"reason_readable": reason_readable, "reason_recorded": bool(household.own_room_reason), "today": today}
    needs_form = HouseholdNeedsForm(initial=needs_initial(household, reason_readable=reason_readable), **needs_kwargs)
    benefit_form = BenefitPaymentForm(initial={"first_benefit_payment_on": household.first_benefit_payment_on}, today=today)
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "benefit":
            benefit_form = BenefitPaymentForm(request.POST, today=today)
            if benefit_form.is_valid():
                try:
                    services.household_benefit_payment_set(by=request.user, household=household,
                                                           paid_on=benefit_form.cleaned_data["first_benefit_payment_on"], today=today)
                except ValidationError as error:
                    attach_errors(benefit_form, error)
                else:
                    messages.success(request, _("The first benefit payment is saved."))
                    return redirect("person_detail", person_id=person.pk)
        else:
            needs_form = HouseholdNeedsForm(request.POST, **needs_kwargs)
            if needs_form.is_valid():
                values = needs_values(needs_form.cleaned_data)
                if not reason_readable and not values["own_room_reason"]:
                    values["own_room_reason"] = None  # keep the recorded reason this role cannot read
                try:
                    services.household_needs_change(by=request.user, household=household, **values)
                except ValidationError as error:
                    attach_errors(needs_form, error)
                else:
                    messages.success(request, _("The housing needs are saved."))
                    return redirect("person_detail", person_id=person.pk)
    invalid = bool(needs_form.errors or benefit_form.errors)
    return render(request, "people/household_form.html", {
        "person": person, "household": household, "needs_form": needs_form, "benefit_form": benefit_form,
    }, status=400 if invalid else 200)


def _case_for(request, case_id: int) -> Case:
    case = get_object_or_404(Case.objects.select_related("person"), pk=case_id)
    # Opening the case goes through the person's selector: scope check and access log.
    selectors.person_detail(user=request.user, person_id=case.person_id)
    return case


@require("change_case")
@require_http_methods(["GET", "POST"])
def case_edit(request, case_id: int):
    case = _case_for(request, case_id)
    show_sensitive = can(request.user, "view_sensitive")
    form = CaseForm(request.POST or None, instance=Case.objects.get(pk=case.pk), show_sensitive=show_sensitive, today=timezone.localdate())
    status_form = StatusForm(initial={"on": timezone.localdate()}, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(by=request.user, case=case, changes=form.changes(), today=timezone.localdate())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("person_detail", person_id=case.person_id)
    return render(request, "people/case_form.html", {"form": form, "status_form": status_form, "case": case})


@require("change_case")
@require_POST
def case_status(request, case_id: int):
    case = _case_for(request, case_id)
    form = StatusForm(request.POST, today=timezone.localdate())
    if form.is_valid():
        try:
            services.case_status_change(by=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The status is changed."))
            return redirect("person_detail", person_id=case.person_id)
    edit_form = CaseForm(instance=case, show_sensitive=can(request.user, "view_sensitive"), today=timezone.localdate())
    return render(request, "people/case_form.html", {"form": edit_form, "status_form": form, "case": case}, status=400)


@require("write_journal")
@require_POST
def note_add(request, case_id: int):
    case = _case_for(request, case_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.journal_note_add(by=request.user, case=case, text=form.cleaned_data["text"])
        except ValidationError as error:
            attach_errors(form, error)
    if form.errors:
        messages.error(request, _("The note was not saved: %(error)s") % {"error": " ".join(form.errors.get("text", []))})
    return redirect("person_detail", person_id=case.person_id)


MY_CASES_PAGE_SIZE = 50


@require("change_case")
def my_cases(request):
    page = selectors.my_cases_page(user=request.user, page=request.GET.get("page"), per_page=MY_CASES_PAGE_SIZE)
    return render(request, "people/my_cases.html", {"page": page})


@require("change_person")
@require_POST
def member_case_open(request, person_id: int):
    """A household member's case of their own, from the person's page ("Open a case of their own")."""
    person = selectors.person_detail(user=request.user, person_id=person_id)
    try:
        case = services.member_case_open(by=request.user, person=person, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Case %(number)s is opened.") % {"number": case.number})
    return redirect("person_detail", person_id=person.pk)
