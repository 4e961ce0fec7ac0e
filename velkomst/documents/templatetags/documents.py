"""The documents sections of the pages of other apps (the person page, the tenancy's checklist, the incident), which
cannot import this app: their templates load these tags. Each shows only what the user's role may see (nothing at
all without `view_documents`), in a fixed number of queries, and its upload form posts to `documents.views.upload`.
The day comes from the page's context when it has one (a tag does not read the clock); empty means today."""
from django import template
from django.urls import reverse

from velkomst.accounts.permissions import can
from velkomst.documents import selectors
from velkomst.documents.forms import DocumentUploadForm
from velkomst.documents.models import INCIDENT, PERSON, TENANCY
from velkomst.documents.views import BACK, PREFIX

register = template.Library()


def _section(context, *, target: str, documents: list, upload_url: str, inline_form: bool) -> dict:
    request = context["request"]
    may_upload = can(request.user, "upload_documents") and target in selectors.targets_of(request.user)
    form = None
    if may_upload and inline_form:
        form = DocumentUploadForm(prefix=PREFIX, kinds=selectors.kinds_for(request.user, target), today=context.get("today"))
    return {"show": True, "documents": documents, "form": form, "upload_url": upload_url if may_upload else "",
            "target": target, "csrf_token": context.get("csrf_token"), "request": request}


@register.inclusion_tag("documents/_section.html", takes_context=True)
def person_documents(context, person) -> dict:
    """On the person page: every document of the person's record the user may see, and a link to add one."""
    user = context["request"].user
    if not selectors.targets_of(user):
        return {"show": False}
    documents = selectors.of_person(user=user, person=person)
    return _section(context, target=PERSON, documents=documents, upload_url=reverse("person_document_upload", args=[person.pk]),
                    inline_form=False) | {"show_target": True}


@register.inclusion_tag("documents/_section.html", takes_context=True)
def tenancy_documents(context, tenancy, back: str = "") -> dict:
    """On the tenancy's checklist (a host's phone photo of the signed lease) and its move-out page (photos of the move-out
    inspection): its documents and the upload form, which comes back to the page it was on (`back`, see `views.BACK`)."""
    user = context["request"].user
    if TENANCY not in selectors.targets_of(user):
        return {"show": False}
    documents = selectors.of_tenancy(user=user, tenancy=tenancy)
    url = reverse("tenancy_document_upload", args=[tenancy.pk]) + (f"?back={back}" if back in BACK else "")
    return _section(context, target=TENANCY, documents=documents, upload_url=url, inline_form=True)


@register.inclusion_tag("documents/_section.html", takes_context=True)
def incident_documents(context, incident) -> dict:
    """On the incident page: its documents (photos) and the upload form."""
    user = context["request"].user
    if INCIDENT not in selectors.targets_of(user):
        return {"show": False}
    documents = selectors.of_incident(user=user, incident=incident)
    return _section(context, target=INCIDENT, documents=documents, upload_url=reverse("incident_document_upload", args=[incident.pk]),
                    inline_form=True)


@register.inclusion_tag("documents/_referral_link.html", takes_context=True)
def referral_document_link(context, person) -> dict:
    """On the referral page: reception adds the papers that come with the referral to the applicant."""
    user = context["request"].user
    if person is None or not can(user, "upload_documents") or PERSON not in selectors.targets_of(user):
        return {"url": ""}
    return {"url": reverse("person_document_upload", args=[person.pk])}
