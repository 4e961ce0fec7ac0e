"""The upload page of a person, case, tenancy or incident, and the download of one document.

The lists live on the pages of what the documents are attached to (the person page, the tenancy's checklist, the
incident), through the `documents` template tags; their upload forms post here.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from velkomst.accounts.permissions import can, require
from velkomst.documents import selectors, services
from velkomst.documents.downloads import document_response
from velkomst.documents.forms import DocumentUploadForm
from velkomst.documents.models import CASE, PERSON, TENANCY
from velkomst.forms import attach_errors
from velkomst.uploads import files_cut

PREFIX = "document"
# The pages besides the default one that an upload may come back to, by name (`?back=`): nothing else is followed.
BACK = {"move_out": (TENANCY, "move_out")}


def back_to(user, target: str, obj, back: str = "") -> str:
    """Where the user goes after an upload: the page the documents are listed on."""
    if back in BACK and BACK[back][0] == target and can(user, "manage_tenancies") and obj.moved_out_on is None:
        return reverse(BACK[back][1], args=[obj.pk])
    if target == PERSON:
        return reverse("person_detail", args=[obj.pk])
    if target == CASE:
        return reverse("person_detail", args=[obj.person_id])
    if target == TENANCY:
        if can(user, "manage_tenancies"):
            return reverse("tenancy_checklist", args=[obj.pk])
        return reverse("housing_location", args=[obj.room.location_id])
    return reverse("housing_incident", args=[obj.pk])


@require("upload_documents")
@require_http_methods(["GET", "POST"])
def upload(request, target: str, **ids):
    """GET: the upload form on its own page (the lists' forms post here). POST: upload, then back to the list."""
    today = timezone.localdate()
    obj = selectors.target_for(request.user, target, ids[f"{target}_id"])
    cases = []
    if target == PERSON and CASE in selectors.targets_of(request.user):
        cases = list(obj.cases.order_by("-referral_decision_date", "-id").values_list("pk", "number"))
    form = DocumentUploadForm(request.POST or None, request.FILES or None, prefix=PREFIX, kinds=selectors.kinds_for(request.user, target),
                              cases=cases, cut=files_cut(request), today=today)
    if request.method == "POST" and form.is_valid():
        attach_to, attached = target, obj
        if form.cleaned_data.get("case"):
            attach_to, attached = CASE, obj.cases.get(pk=int(form.cleaned_data["case"]))
        try:
            outcome = services.documents_upload(
                by=request.user, target=attach_to, obj=attached, kind=form.cleaned_data["kind"],
                dated_on=form.cleaned_data["dated_on"] or today, note=form.cleaned_data["note"], files=form.uploads(), today=today,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            count = len(outcome.documents)
            messages.success(request, ngettext("The document is saved.", "%(count)d documents are saved.", count) % {"count": count})
            for text in outcome.closed:
                messages.success(request, text)
            for text in outcome.left_open:
                messages.warning(request, text)
            return redirect(back_to(request.user, target, obj, request.GET.get("back", "")))
    selectors.target_read_log(user=request.user, target=target, obj=obj)
    return render(request, "documents/upload.html", {
        "form": form, "target": target, "obj": obj, "back": back_to(request.user, target, obj, request.GET.get("back", "")),
    }, status=400 if form.is_bound and form.errors else 200)


@require("view_documents")
@require_GET
def download(request, document_id: int):
    """The file, as an attachment; the download is logged as an export for each person the document concerns."""
    return document_response(selectors.document_for_download(user=request.user, document_id=document_id))
