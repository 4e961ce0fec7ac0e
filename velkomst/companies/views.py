import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from velkomst.accounts.permissions import require
from velkomst.companies import forms, matching, selectors, services
from velkomst.companies.models import Placement
from velkomst.forms import attach_errors, query_date
from velkomst.people.selectors import cases_visible_to
from velkomst.programme.models import Attendance
from velkomst.programme.selectors import case_for
from velkomst.rules import date_windows

PAGE_SIZE = 25


@require("manage_companies")
@require_http_methods(["GET", "POST"])
def company_list(request):
    form = forms.CompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            company = services.company_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The company is registered."))
            return redirect("company_detail", company_id=company.pk)
    return render(request, "companies/company_list.html", {"companies": selectors.companies_list(), "form": form},
                  status=400 if form.errors else 200)


@require("manage_companies")
@require_http_methods(["GET", "POST"])
def company_detail(request, company_id: int):
    company = selectors.company_detail(company_id)
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_add(by=request.user, company=company, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The contact person is added."))
            return redirect("company_detail", company_id=company.pk)
    return render(request, "companies/company_detail.html", {"company": company, "form": form})


@require("manage_companies")
@require_http_methods(["GET", "POST"])
def offer_new(request, company_id: int):
    company = selectors.company_detail(company_id)
    form = forms.OfferForm(request.POST or None, initial={"starts_on": timezone.localdate(), "weeks": 4, "days_per_week": 3, "hours_per_week": 22}, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(by=request.user, company=company, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The offer is created."))
            return redirect("offer_detail", offer_id=offer.pk)
    return render(request, "companies/form.html", {"form": form, "company": company, "title": _("New placement offer")})


@require("manage_companies")
@require_http_methods(["GET", "POST"])
def offer_detail(request, offer_id: int):
    """The consultant's matching view: the offer, its candidates ranked, and placing one of them."""
    offer = selectors.offer_detail(offer_id)
    _days, start, end = services.default_plan_days(offer)
    form = forms.PlaceForm(request.POST or None, initial={"starts_on": max(offer.starts_on, timezone.localdate()), "start": start, "end": end},
                           today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        case = cases_visible_to(request.user).filter(pk=form.cleaned_data.pop("case")).first()
        try:
            if case is None:
                raise ValidationError({"starts_on": _("The citizen is not in the programme.")})
            data = form.cleaned_data
            services.placement_start(by=request.user, offer=offer, case=case, today=timezone.localdate(),
                                     **{**data, "weekdays": tuple(data["weekdays"])})
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(name)s is placed at %(company)s.") % {"name": case.person.full_name, "company": offer.company})
            return redirect("offer_detail", offer_id=offer.pk)
    filter_form = forms.CandidateFilterForm(request.GET or None)
    found = selectors.candidates_for(user=request.user, offer=offer, filters=filter_form.filters(), query=filter_form.query())
    page = Paginator(found.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.rows_logged(user=request.user, rows=page.object_list, what="offer candidates")
    return render(request, "companies/offer_detail.html", {
        "offer": offer, "found": found, "page": page, "candidates": [(row, reason_texts(row.left_out, row.ranked, row.case, offer)) for row in rows],
        "form": form, "filter_form": filter_form, "placements": selectors.offer_placements(offer, request.user),
    }, status=400 if form.errors or filter_form.errors else 200)


def reason_texts(codes, ranked, case, offer) -> list[str]:
    """Why the filters leave a candidate out (or an offer does not fit a citizen), in the interface language."""
    texts = {
        matching.NOT_IN_PROGRAMME: lambda: _("Not in the programme (the case is “%(status)s”)") % {"status": case.get_status_display()},
        matching.NOT_AVAILABLE: lambda: _("Not available: in a placement now"),
        matching.OTHER_SECTOR: lambda: _("Sector class in another sector than the company's"),
        matching.NO_SECTOR_CLASS: lambda: _("Not on a sector class"),
        matching.TOO_LITTLE_DANISH: lambda: ngettext(
            "Danish: %(has)s module passed, the offer needs %(needs)s", "Danish: %(has)s modules passed, the offer needs %(needs)s",
            ranked.candidate.danish_modules) % {"has": ranked.candidate.danish_modules, "needs": offer.danish_needed},
        matching.TOO_FAR: lambda: _("%(km)s km away, farther than asked") % {"km": number_format(round(ranked.distance_km, 1), 1)},
        matching.DISTANCE_UNKNOWN: lambda: _("Distance unknown: no home, or no postcode in the company's address"),
    }
    return [texts[code]() for code in codes]


@require("manage_companies")
@require_http_methods(["GET"])
def case_offers(request, case_id: int):
    """From the citizen: the open offers that fit, best first, and those that do not with the reason."""
    case = case_for(request.user, case_id)
    filter_form = forms.CandidateFilterForm(request.GET or None)
    rows = selectors.offers_for_case(user=request.user, case=case, filters=filter_form.filters())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "companies/case_offers.html", {
        "case": case, "page": page, "filter_form": filter_form, "fitting": sum(1 for row in rows if not row.left_out),
        "offers": [(row, reason_texts(row.left_out, row.ranked, case, row.offer)) for row in page.object_list],
    }, status=400 if filter_form.errors else 200)


@require("manage_companies")
@require_http_methods(["GET", "POST"])
def placement_outcome(request, placement_id: int):
    placement = get_object_or_404(Placement.objects.select_related("offer__company"), pk=placement_id)
    case = case_for(request.user, placement.case_id)
    form = forms.OutcomeForm(request.POST or None, initial={"on": timezone.localdate()}, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_outcome(by=request.user, placement=placement, today=timezone.localdate(), **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The outcome is recorded."))
            return redirect("offer_detail", offer_id=placement.offer_id)
    return render(request, "companies/form.html", {"form": form, "company": placement.offer.company, "case": case,
                                                   "title": _("Outcome of the placement")})


def _week_start(request, today: datetime.date) -> datetime.date:
    """The Monday of the week asked for (?week=YYYY-MM-DD, any day of it), else of this week."""
    return selectors.week_of(query_date(request, "week", default=today, kind=date_windows.PLANNED, today=today))[0]


@require("manage_companies")
@require_http_methods(["GET", "POST"])
def placement_attendance(request, company_id: int):
    """The consultant registers a week of attendance for the company's placements (from the company's time sheet)."""
    company = selectors.company_detail(company_id)
    now = timezone.now()
    today = timezone.localdate(now)
    week_start = _week_start(request, today)
    rows = selectors.placement_week(user=request.user, company=company, week_start=week_start, today=today)
    error = None
    if request.method == "POST":
        # Only the days the page offered are read; a day left unchosen is an error naming the citizen and the day, never
        # "present" by omission.
        statuses = {(row.placement.pk, day.on): request.POST.get(day.field, "") for row in rows for day in row.days if day.registrable}
        try:
            count = services.placement_attendance_register(by=request.user, company=company, statuses=statuses, now=now)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            for row in rows:  # what was chosen stays chosen on the page that names the missing days
                for day in row.days:
                    day.status = request.POST.get(day.field) or day.status
        else:
            messages.success(request, ngettext("Attendance is registered for %(count)s day.", "Attendance is registered for %(count)s days.",
                                               count) % {"count": count})
            return redirect(f"{request.path}?week={week_start.isoformat()}")
    days = selectors.week_of(week_start)
    shown = [day for day in days if day.weekday() < 5 or any(row.days[day.weekday()].planned_hours for row in rows)]
    return render(request, "companies/placement_attendance.html", {
        "company": company, "days": shown, "error": error, "week_start": week_start,
        "rows": [(row.placement, [row.days[day.weekday()] for day in shown]) for row in rows],
        "previous_week": (week_start - datetime.timedelta(days=7)).isoformat(), "next_week": (week_start + datetime.timedelta(days=7)).isoformat(),
        "is_current_week": week_start <= today <= days[-1], "statuses": Attendance.Status.choices,
    }, status=400 if error else 200)
