from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from velkomst.accounts.permissions import can, require
from velkomst.config import hours_rules
from velkomst.formats import date_text
from velkomst.forms import attach_errors, query_date
from velkomst.letters import services as letters
from velkomst.letters.forms import LetterLanguageForm
from velkomst.lib.dates import monday_of
from velkomst.people.models import HouseholdMember
from velkomst.programme import forms, selectors, services
from velkomst.programme.messages import finding_text
from velkomst.programme.models import FORMER_NAME, PROGRAMME_NAME, Employment, FollowUp, HousingReferral, PlanItem
from velkomst.rules import compliance, date_windows, permanent_housing
from velkomst.rules import programme as rules
from velkomst.rules.households import is_adult

NORM_FINDINGS = (rules.UNDER_NORM, rules.OVER_NORM)


@require("view_programme")
def case_programme(request, case_id: int):
    """A citizen's programme: enrolment and norm, this week's plan checked against the rules, compliance, job, follow-ups."""
    today = timezone.localdate()
    week = monday_of(query_date(request, "week", default=today, kind=date_windows.PLANNED, today=today))
    overview = selectors.programme_overview(user=request.user, case_id=case_id, as_of=today)
    items = selectors.plan_items_for_week(overview.case, week)
    show_sensitive = can(request.user, "view_sensitive")
    findings, norm_holds = [], True
    if overview.enrolment:
        plan = [rules.PlannedActivity(i.kind, i.weekday, i.start, i.end) for i in items]
        # In an ordinary job the citizen has left the programme for work: the week is not held to its norm.
        norm = rules.weekly_norm(float(overview.enrolment.norm_hours), week, [(e.kind, e.started_on, e.ended_on) for e in overview.employments])
        norm_holds = norm is not None
        found = rules.check_week(plan, norm_hours=norm, rules=hours_rules())
        # A finding about the norm names it, and 37 hours gives the work obligation away: restricted like the norm itself.
        findings = [finding_text(f) for f in found if show_sensitive or f.code not in NORM_FINDINGS]
    return render(request, "programme/case_programme.html", {
        "o": overview, "case": overview.case, "items": items, "findings": findings, "week": week, "today": today,
        "previous_week": week - timedelta(weeks=1), "next_week": week + timedelta(weeks=1),
        "programme_name": PROGRAMME_NAME, "former_name": FORMER_NAME, "enrol_form": forms.EnrolForm(initial={"started_on": week + timedelta(weeks=1)}, today=today),
        "end_form": forms.PlanItemEndForm(today=today), "show_sensitive": show_sensitive, "norm_holds": norm_holds,
        "contract_form": LetterLanguageForm.for_person(overview.case.person) if overview.enrolment else None,
    })


@require("manage_programme")
@require_POST
def enrol(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    form = forms.EnrolForm(request.POST, today=timezone.localdate())
    if form.is_valid():
        try:
            services.enrolment_start(by=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The citizen is enrolled in the programme."))
            return redirect("programme_case", case_id=case.pk)
    return render(request, "programme/form.html", {"form": form, "case": case, "title": _("Enrol in the programme")}, status=400)


@require("manage_programme")
@require_POST
def contract(request, case_id: int):
    """Make the programme contract, keep it on the case, and hand the PDF to the browser."""
    case = selectors.case_for(request.user, case_id)
    form = LetterLanguageForm(request.POST)
    enrolment = services.open_enrolment(case)
    if not form.is_valid() or enrolment is None:
        messages.error(request, _("Choose Ukrainian or English.") if enrolment else _("Enrol the citizen in the programme first."))
        return redirect("programme_case", case_id=case.pk)
    letter = letters.contract_send(by=request.user, enrolment=enrolment, language=form.cleaned_data["language"], today=timezone.localdate())
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kontrakt-{case.number}-{letter.pk}.pdf"'
    return response


@require("manage_programme")
@require_http_methods(["GET", "POST"])
def plan_add(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    form = forms.PlanItemForm(request.POST or None, initial={"valid_from": timezone.localdate(), "start": "08:30", "end": "14:30"}, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_item_add(by=request.user, case=case, data=services.PlanItemData(**{**data, "weekdays": tuple(data["weekdays"])}))
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The activity is added to the weekly plan."))
            return redirect("programme_case", case_id=case.pk)
    return render(request, "programme/form.html", {"form": form, "case": case, "title": _("Add an activity to the weekly plan")})


@require("manage_programme")
@require_POST
def plan_end(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    form = forms.PlanItemEndForm(request.POST, today=timezone.localdate())
    if form.is_valid():
        item = get_object_or_404(PlanItem, pk=form.cleaned_data["item"], case=case)
        try:
            services.plan_item_end(by=request.user, item=item, last_day=form.cleaned_data["last_day"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The activity ends on the day given."))
            return redirect("programme_case", case_id=case.pk)
    return render(request, "programme/form.html", {"form": form, "case": case, "title": _("End an activity")}, status=400)


@require("manage_programme")
@require_http_methods(["GET", "POST"])
def work_obligation(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    today = timezone.localdate()
    residence_form = forms.ResidencePeriodForm(request.POST if request.POST.get("action") == "residence" else None, today=today)
    work_form = forms.WorkPeriodForm(request.POST if request.POST.get("action") == "work" else None, today=today)
    try:
        if request.method == "POST" and request.POST.get("action") == "residence" and residence_form.is_valid():
            services.residence_period_add(by=request.user, person=case.person, **residence_form.cleaned_data)
            return redirect("programme_work_obligation", case_id=case.pk)
        if request.method == "POST" and request.POST.get("action") == "work" and work_form.is_valid():
            d = work_form.cleaned_data
            services.work_period_add(by=request.user, person=case.person, started_on=d["work_started_on"], ended_on=d["work_ended_on"],
                                     hours_per_week=d["hours_per_week"], employer=d["employer"])
            return redirect("programme_work_obligation", case_id=case.pk)
        if request.method == "POST" and request.POST.get("action") == "assess":
            result = services.work_obligation_assess(by=request.user, case=case, as_of=today)
            messages.success(request, _("The work obligation applies: 37 hours a week.") if result.applies else _("The work obligation does not apply."))
            return redirect("programme_work_obligation", case_id=case.pk)
    except ValidationError as error:
        attach_errors(residence_form if request.POST.get("action") == "residence" else work_form, error)
    return render(request, "programme/work_obligation.html", {
        "case": case, "assessment": services.work_obligation_inputs(case, today), "residence_form": residence_form, "work_form": work_form,
        "residence_periods": case.person.residence_periods.all(), "work_periods": case.person.work_periods.all(),
    }, status=400 if request.method == "POST" else 200)


@require("manage_programme")
@require_http_methods(["GET", "POST"])
def employment_add(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    today = timezone.localdate()
    form = forms.EmploymentForm(request.POST or None, initial={"started_on": today}, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_start(by=request.user, case=case, today=today, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The job is recorded; follow-ups are scheduled twice a year."))
            return redirect("programme_case", case_id=case.pk)
    return render(request, "programme/form.html", {"form": form, "case": case, "title": _("Record a job")},
                  status=400 if form.errors else 200)


@require("manage_programme")
@require_http_methods(["GET", "POST"])
def employment_edit(request, employment_id: int):
    """Correct a job entered wrong: its history is kept, its follow-ups and the case's status follow its dates."""
    employment = get_object_or_404(Employment, pk=employment_id)
    case = selectors.case_for(request.user, employment.case_id)
    today = timezone.localdate()
    initial = {name: getattr(employment, name) for name in ("kind", "employer", "employer_cvr", "hours_per_week", "monthly_income",
                                                            "started_on", "ended_on")}
    form = forms.EmploymentEditForm(request.POST or None, initial={**initial, "company": employment.company_id}, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_update(by=request.user, employment=employment, today=today, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The job is corrected; its follow-ups follow its first day."))
            return redirect("programme_case", case_id=case.pk)
    return render(request, "programme/form.html", {"form": form, "case": case, "title": _("Correct the job: %(employer)s") % {
        "employer": employment.employer}}, status=400 if form.errors else 200)


@require("manage_programme")
@require_http_methods(["GET", "POST"])
def employment_end(request, employment_id: int):
    employment = get_object_or_404(Employment, pk=employment_id)
    case = selectors.case_for(request.user, employment.case_id)
    form = forms.EmploymentEndForm(request.POST or None, initial={"ended_on": timezone.localdate()}, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            services.employment_end(by=request.user, employment=employment, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The job has ended and the programme resumes."))
            return redirect("programme_case", case_id=case.pk)
    return render(request, "programme/form.html", {"form": form, "case": case, "title": _("The job ends: %(employer)s") % {"employer": employment.employer}})


@require("manage_programme")
@require_http_methods(["GET", "POST"])
def follow_up(request, follow_up_id: int):
    item = get_object_or_404(FollowUp, pk=follow_up_id)
    case = selectors.case_for(request.user, item.case_id)
    form = forms.FollowUpForm(request.POST or None, initial={"done_on": timezone.localdate(), "still_employed": True}, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(by=request.user, follow_up=item, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The follow-up is recorded."))
            return redirect("programme_case", case_id=case.pk)
    title = _("Follow-up due %(date)s") % {"date": date_text(item.due_on)}
    return render(request, "programme/form.html", {"form": form, "case": case, "title": title})


@require("manage_programme")
@require_http_methods(["GET"])
def compliance_counts(request):
    """The counts of red and amber flags, as the link on the caseworker's landing page. Loaded after the page (htmx):
    counting means reading three weeks of plans and attendance of every participant of the caseworker (~0.2 s for 400
    participants), which the landing page should not wait for. Counts only, no names: nothing for the access log."""
    flags = selectors.compliance_flag_counts(request.user, timezone.localdate())
    return render(request, "programme/_compliance_link.html", {"flags": flags})


@require("manage_programme")
def compliance_page(request):
    """The caseworker's participants who attended less than planned: red two weeks running, amber last week."""
    today = timezone.localdate()
    show_all = request.GET.get("show") == "all"
    rows = selectors.compliance_rows(user=request.user, as_of=today, flagged_only=not show_all)
    return render(request, "programme/compliance.html", {
        "rows": rows, "show_all": show_all, "weeks": compliance.last_complete_weeks(today, len(rows[0].weeks) if rows else 3),
        "follow_ups": selectors.follow_ups_due(user=request.user, as_of=today),
    })


@require("manage_programme")
@require_http_methods(["GET", "POST"])
def housing_referrals(request):
    """The households ready for permanent housing by the income their size needs, and those referred: searchable by
    name, CPR or case number (the search travels by POST, so a name never appears in a URL), a page at a time."""
    today = timezone.localdate()
    if request.method == "POST" and "household" in request.POST:
        form = forms.ReferralCreateForm(request.POST)
        if form.is_valid():
            ready = {r.household_id: r for r in selectors.households_ready_for_permanent_housing(as_of=today)}
            row = ready.get(form.cleaned_data["household"])
            if row is None:
                raise Http404
            try:
                services.housing_referral_create(by=request.user, household=row.case.household, monthly_income=row.monthly_income,
                                                 referred_on=today)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The household is referred to permanent housing."))
        return redirect("programme_housing_referrals")
    source = request.POST if request.method == "POST" else request.GET
    search_form = forms.HousingSearchForm(request.POST if request.method == "POST" else None)
    search = search_form.cleaned_data["q"] if search_form.is_bound and search_form.is_valid() else ""
    ready, referrals = selectors.housing_referral_lists(user=request.user, as_of=today, search=search,
                                                        ready_page=source.get("page"), referred_page=source.get("referred_page"))
    return render(request, "programme/housing_referrals.html", {
        "ready": ready, "referrals": referrals, "search_form": search_form, "search": search,
        "update_form": forms.ReferralUpdateForm(initial={"on": today}, today=today),
        "can_set_thresholds": can(request.user, "manage_reference_data"),
    }, status=400 if search_form.errors else 200)


@require("manage_reference_data")
@require_http_methods(["GET", "POST"])
def housing_thresholds(request):
    """The income thresholds for permanent housing by household size (administrators): the sets entered so far, and a
    new set valid from a day."""
    today = timezone.localdate()
    sets = selectors.income_threshold_sets()
    latest = next(iter(sets.values()), {})
    form = forms.ThresholdsForm(request.POST or None, initial={"valid_from": today} | {f"size_{n}": a for n, a in latest.items()},
                                today=today)
    if request.method == "POST" and form.is_valid():
        try:
            services.housing_income_thresholds_set(by=request.user, valid_from=form.cleaned_data["valid_from"], amounts=form.amounts())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The income thresholds are saved."))
            return redirect("programme_housing_thresholds")
    return render(request, "programme/housing_thresholds.html", {
        "form": form, "sizes": permanent_housing.SIZES,
        "rows": [(valid_from, [amounts.get(n) for n in permanent_housing.SIZES]) for valid_from, amounts in sets.items()],
    }, status=400 if form.errors else 200)


@require("manage_programme")
@require_POST
def housing_referral_update(request, referral_id: int):
    referral = get_object_or_404(HousingReferral, pk=referral_id)
    form = forms.ReferralUpdateForm(request.POST, today=timezone.localdate())
    if form.is_valid():
        try:
            services.housing_referral_update(by=request.user, referral=referral, today=timezone.localdate(), **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The referral is updated."))
            return redirect("programme_housing_referrals")
    case = selectors.case_for(request.user, referral.case_id)
    return render(request, "programme/form.html", {"form": form, "case": case, "title": _("Referral to permanent housing")}, status=400)


@require("view_patient_track")
@require_http_methods(["GET", "POST"])
def patient_track(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    record = getattr(case, "patient_track_record", None)
    initial = {name: getattr(record, name) for name in services.PATIENT_TRACK_FIELDS} if record else {}
    form = forms.PatientTrackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.patient_track_save(by=request.user, case=case, today=timezone.localdate(), **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The patient track is saved."))
            return redirect("programme_patient_track", case_id=case.pk)
    return render(request, "programme/form.html", {"form": form, "case": case, "title": _("Patient track (patientsporet)"), "restricted": True,
                                                   "record": record})


@require("manage_vulnerable")
@require_http_methods(["GET", "POST"])
def vulnerable(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    form = forms.VulnerabilityActionForm(request.POST if request.POST.get("action") != "done" else None, today=timezone.localdate())
    if request.method == "POST":
        try:
            if request.POST.get("action") == "done":
                item = get_object_or_404(case.vulnerability_actions, pk=request.POST.get("item") or 0)
                services.vulnerability_action_done(by=request.user, action=item, done_on=timezone.localdate())
                return redirect("programme_vulnerable", case_id=case.pk)
            if form.is_valid():
                services.vulnerability_action_add(by=request.user, case=case, **form.cleaned_data)
                messages.success(request, _("Saved."))
                return redirect("programme_vulnerable", case_id=case.pk)
        except ValidationError as error:
            attach_errors(form, error)
    return render(request, "programme/vulnerable.html", {"case": case, "form": form, "actions": case.vulnerability_actions.select_related("by")},
                  status=400 if request.method == "POST" else 200)


@require("manage_programme")
@require_http_methods(["GET", "POST"])
def children(request, case_id: int):
    case = selectors.case_for(request.user, case_id)
    today = timezone.localdate()
    members = (HouseholdMember.objects.filter(household=case.household_id, relation=HouseholdMember.Relation.CHILD)
               .select_related("person").prefetch_related("person__child_statuses") if case.household_id else [])
    kids = [m.person for m in members if not is_adult(m.person.age_on(today))]
    form = forms.ChildStatusForm(request.POST or None, children=kids, initial={"since": today}, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        child = next(p for p in kids if p.pk == data.pop("child"))
        try:
            services.child_status_record(by=request.user, child=child, **data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("programme_children", case_id=case.pk)
    return render(request, "programme/children.html", {"case": case, "children": kids, "form": form})
