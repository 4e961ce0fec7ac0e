from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from velkomst.accounts import roles
from velkomst.accounts.permissions import require
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_persons
from velkomst.education import forms, selectors, services
from velkomst.education.messages import reason_text, translate_reason
from velkomst.education.models import RosterEntry
from velkomst.formats import date_text
from velkomst.forms import QueryParameterRefused, attach_errors, query_date
from velkomst.people.forms import SearchForm
from velkomst.people.selectors import cases_visible_to, person_search
from velkomst.programme.models import Attendance
from velkomst.programme.selectors import case_for
from velkomst.rules import date_windows


@require("view_programme")
def class_list(request):
    every = request.GET.get("show") == "all"
    return render(request, "education/class_list.html", {
        "classes": selectors.classes_for(request.user, every=every), "every": every,
        "own_only": request.user.role == roles.TEACHER and not every, "teacher": request.user.role == roles.TEACHER})


@require("manage_education")
@require_http_methods(["GET", "POST"])
def class_new(request):
    form = forms.ClassForm(request.POST or None, initial={"starts_on": timezone.localdate(), "start": "09:00", "end": "12:00"}, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        teacher = get_user_model().objects.filter(pk=d["teacher"]).first() if d["teacher"] else None
        try:
            teaching_class = services.class_create(
                by=request.user, name=d["name"], kind=d["kind"], sector=d["sector"], track=d["track"], module=d["module"], teacher=teacher,
                place=d["place"], with_interpreter=d["with_interpreter"], starts_on=d["starts_on"], ends_on=d["ends_on"],
                sessions=[(w, d["start"], d["end"]) for w in d["weekdays"]])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The class is created."))
            return redirect("education_class", class_id=teaching_class.pk)
    return render(request, "education/form.html", {"form": form, "title": _("New class")})


@require("view_programme")
def class_detail(request, class_id: int):
    today = timezone.localdate()
    teaching_class, roster = selectors.class_detail(user=request.user, class_id=class_id, on=today)
    return render(request, "education/class_detail.html", {"class": teaching_class, "roster": roster, "search_form": SearchForm(),
                                                           "roster_form": forms.RosterAddForm(initial={"joined_on": today}, today=today)})


@require("manage_education")
@require_POST
def roster_add(request, class_id: int):
    teaching_class = selectors.class_or_404(class_id)
    form = forms.RosterAddForm(request.POST, today=timezone.localdate())
    if form.is_valid():
        case = cases_visible_to(request.user).filter(number=form.cleaned_data["case_number"].strip()).first()
        try:
            if case is None:
                raise ValidationError({"case_number": _("No programme participant has this case number.")})
            services.roster_add(by=request.user, teaching_class=teaching_class, case=case, joined_on=form.cleaned_data["joined_on"])
        except ValidationError as error:
            attach_errors(form, _rename(error))
        else:
            messages.success(request, _("The citizen is on the roster."))
            return redirect("education_class", class_id=class_id)
    roster = selectors.class_detail(user=request.user, class_id=class_id, on=timezone.localdate())[1]
    return render(request, "education/class_detail.html", {"class": teaching_class, "roster": roster, "roster_form": form,
                                                           "search_form": SearchForm()}, status=400)


@require("manage_education")
@require_POST
def roster_search(request, class_id: int):
    """Find the citizen to add by name (or CPR or case number): the text travels by POST, never in a URL. Each
    participant found is listed with an "Add" button that sends the case number; the persons named are logged."""
    today = timezone.localdate()
    teaching_class, roster = selectors.class_detail(user=request.user, class_id=class_id, on=today)
    search_form = SearchForm(request.POST)
    found = []
    if search_form.is_valid():
        persons = person_search(user=request.user, text=search_form.cleaned_data["q"])
        found = list(cases_visible_to(request.user).filter(person__in=persons).select_related("person")
                     .order_by("person__last_name", "person__first_name", "number")[:ROSTER_SEARCH_LIMIT])
        access_log_persons(user=request.user, persons=[case.person for case in found], what="roster search", action=AccessLog.Action.SEARCH)
    return render(request, "education/class_detail.html", {
        "class": teaching_class, "roster": roster, "roster_form": forms.RosterAddForm(initial={"joined_on": today}, today=today),
        "search_form": search_form, "found": found, "searched": search_form.is_valid(), "today": today,
    }, status=200 if search_form.is_valid() else 400)


ROSTER_SEARCH_LIMIT = 20


def _rename(error: ValidationError) -> ValidationError:
    """The service names the case "case"; the form asks for its number."""
    return ValidationError({("case_number" if field == "case" else field): messages_ for field, messages_ in error.message_dict.items()})


@require("manage_education")
@require_POST
def roster_remove(request, class_id: int):
    entry = get_object_or_404(RosterEntry, pk=request.POST.get("entry") or 0, teaching_class_id=class_id)
    case_for(request.user, entry.case_id)
    try:
        services.roster_remove(by=request.user, entry=entry, left_on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("education_class", class_id=class_id)


@require("view_programme")
def learner(request, case_id: int):
    case = case_for(request.user, case_id)
    placement = selectors.learner_for(case)
    today = timezone.localdate()
    return render(request, "education/learner.html", {
        "case": case, "placement": placement, "passed": services.modules_passed(placement) if placement else 0,
        "reason": reason_text(placement) if placement else "", "exams": case.exams.all(),
        "module_form": forms.ModuleForm(initial={"test_on": today, "passed": True}, today=today), "exam_form": forms.ExamForm(today=today),
        "private_form": forms.PrivateSchoolForm(initial={"from_on": today}, today=today),
    })


@require("manage_education")
@require_http_methods(["GET", "POST"])
def placement(request, case_id: int):
    case = case_for(request.user, case_id)
    current = selectors.learner_for(case)
    initial = {"started_on": timezone.localdate(), "literate_in_own_language": True, "knows_latin_alphabet": True}
    if current:
        initial |= {f: getattr(current, f) for f in ("years_of_schooling", "literate_in_own_language", "knows_latin_alphabet",
                                                     "has_medium_or_long_education", "track", "started_on", "with_optional_module")}
        initial["reason"] = current.decision_reason
    form = forms.PlacementForm(request.POST or None, initial=initial, today=timezone.localdate())
    suggestion = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        schooling = services.Schooling(d["years_of_schooling"], d["literate_in_own_language"], d["knows_latin_alphabet"], d["has_medium_or_long_education"])
        try:
            suggestion = services.suggestion(schooling)
            if d["track"]:
                services.learner_place(by=request.user, case=case, schooling=schooling, track=d["track"], reason=d["reason"],
                                       started_on=d["started_on"], with_optional_module=d["with_optional_module"])
                messages.success(request, _("The track is recorded."))
                return redirect("education_learner", case_id=case.pk)
        except ValidationError as error:
            attach_errors(form, error)
    return render(request, "education/placement.html", {
        "case": case, "form": form, "suggestion": suggestion and (suggestion[0], translate_reason(suggestion[1]))})


def _learner_post(request, case_id, form_class, action):
    case = case_for(request.user, case_id)
    form = form_class(request.POST, today=timezone.localdate())
    if form.is_valid():
        try:
            action(case, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(f"{m}" for m in error.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Check the form: %(fields)s.") % {"fields": ", ".join(str(form.fields[f].label) for f in form.errors if f in form.fields)})
    if not cases_visible_to(request.user).filter(pk=case.pk).exists():
        # A learner in a job who moves on to a private school leaves the centre's classes, and with them the teacher's
        # sight: back to the classes rather than to a page the teacher may no longer open.
        return redirect("education_classes")
    return redirect("education_learner", case_id=case.pk)


def _placement_of(case):
    placement = selectors.learner_for(case)
    if placement is None:
        raise ValidationError({"module": _("Place the learner in DU1, DU2 or DU3 first.")})
    return placement


@require("manage_education")
@require_POST
def module_add(request, case_id: int):
    return _learner_post(request, case_id, forms.ModuleForm, lambda case, d: services.module_result_record(
        by=request.user, placement=_placement_of(case), **d))


@require("manage_education")
@require_POST
def exam_add(request, case_id: int):
    return _learner_post(request, case_id, forms.ExamForm, lambda case, d: services.exam_register(by=request.user, case=case, **d))


@require("record_exam_results")
@require_http_methods(["GET", "POST"])
def exam_results(request, case_id: int):
    """The final exams of the education case with their results; a result is recorded here (teachers and caseworkers)."""
    case = case_for(request.user, case_id)
    today = timezone.localdate()
    form = forms.ExamResultForm(request.POST or None, initial={"exam": request.GET.get("exam", ""), "sitting_on": request.GET.get("on", "")},
                                today=today)
    if request.method == "POST" and form.is_valid():
        try:
            services.exam_result_record(by=request.user, case=case, today=today, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The exam result is recorded."))
            return redirect("education_learner", case_id=case.pk)
    return render(request, "education/exam_results.html", {
        "case": case, "placement": selectors.learner_for(case), "exams": case.exams.select_related("result_by"), "form": form,
    }, status=400 if form.errors else 200)


@require("manage_education")
@require_POST
def private_school(request, case_id: int):
    return _learner_post(request, case_id, forms.PrivateSchoolForm, lambda case, d: services.learner_move_to_private_school(
        by=request.user, placement=_placement_of(case), **d))


@require("register_attendance")
@require_http_methods(["GET", "POST"])
def class_attendance(request, class_id: int):
    """A class's attendance on one day, for the whole roster in one form."""
    now = timezone.now()
    today = timezone.localdate(now)
    try:
        on, date_error = query_date(request, "on", default=today, kind=date_windows.EVENT, today=today, label=_("Date")), None
    except QueryParameterRefused as refused:  # shown beside the date field, the typed text kept; the page shows today
        on, date_error = today, str(refused)
    teaching_class, roster = selectors.class_detail(user=request.user, class_id=class_id, on=on)
    existing = dict(Attendance.objects.filter(teaching_class=teaching_class, on=on).values_list("case_id", "status"))
    error = None
    if request.method == "POST" and not date_error:
        # No default: a citizen left unchosen is an error naming them, never "present" by omission.
        statuses = {e.case_id: request.POST.get(f"case-{e.case_id}", "") for e in roster}
        try:
            count = services.class_attendance_register(by=request.user, teaching_class=teaching_class, on=on, statuses=statuses, now=now)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, ngettext("Attendance is registered for %(count)s citizen.", "Attendance is registered for %(count)s citizens.",
                                               count) % {"count": count})
            return redirect(f"{request.path}?on={on.isoformat()}")
    chosen = request.POST if request.method == "POST" else {}
    rows = [(e, chosen.get(f"case-{e.case_id}") or existing.get(e.case_id, "")) for e in roster]
    return render(request, "education/attendance.html", {
        "class": teaching_class, "rows": [] if date_error else rows, "on": on, "registered": bool(existing), "error": error,
        "date_error": date_error, "date_text": request.GET.get("on", "")[:20] if date_error else date_text(on),
        "statuses": Attendance.Status.choices, "lesson_today": any(s.weekday == on.weekday() for s in teaching_class.sessions.all()),
    }, status=400 if error or date_error else 200)

