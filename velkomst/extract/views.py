"""A person's data extract (subject access request): a page, and the extract as JSON and as PDF — each download logged."""
import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from velkomst import spreadsheets
from velkomst.accounts.permissions import require
from velkomst.audit import selectors as audit_selectors
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.extract.pdf import extract_pdf as render_pdf
from velkomst.extract.services import extract_zip, person_extract, person_extract_log
from velkomst.people.selectors import person_detail

# The person page's link to this page (velkomst/templates/people/person_detail.html); kept here so this app's catalogue translates it.
LINK_TEXT = _("Data extract (subject access request)")


@require("export_person_data")
def extract_page(request, person_id: int):
    person = person_detail(user=request.user, person_id=person_id)
    return render(request, "extract/extract.html", {"person": person})


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require("export_person_data")
def extract_json(request, person_id: int):
    now = timezone.now()
    person = person_detail(user=request.user, person_id=person_id)
    # Built whole before it is logged: only an extract that is delivered is written to the access log.
    content = json.dumps(person_extract(person=person, now=now), ensure_ascii=False, indent=2).encode()
    person_extract_log(by=request.user, person=person, form="json")
    return _download(content, "application/json; charset=utf-8", f"indsigt-{person.pk}-{timezone.localdate(now):%Y%m%d}.json")


@require("export_person_data")
def extract_pdf(request, person_id: int):
    now = timezone.now()
    person = person_detail(user=request.user, person_id=person_id)
    content = render_pdf(person_extract(person=person, now=now), person=person)
    person_extract_log(by=request.user, person=person, form="pdf")
    return _download(content, "application/pdf", f"indsigt-{person.pk}-{timezone.localdate(now):%Y%m%d}.pdf")


@require("export_person_data")
def extract_zip_download(request, person_id: int):
    """The JSON, the PDF and the files of the documents the citizen handed in, in one ZIP."""
    now = timezone.now()
    person = person_detail(user=request.user, person_id=person_id)
    data = person_extract(person=person, now=now)
    # Built whole before it is logged, as the JSON and the PDF: only an extract that is delivered is logged.
    content = extract_zip(data=data, pdf=render_pdf(data, person=person), person=person)
    person_extract_log(by=request.user, person=person, form="zip")
    return _download(content, "application/zip", f"indsigt-{person.pk}-{timezone.localdate(now):%Y%m%d}.zip")


@require("view_citizen_log")
def citizen_extract(request, person_id: int):
    """What a citizen may see of the log of their own record: dates, actions and purposes, no staff names."""
    person = person_detail(user=request.user, person_id=person_id)
    rows = audit_selectors.citizen_extract(person=person)
    access_log_write(user=request.user, action=AccessLog.Action.EXPORT, obj=person, person=person,
                     purpose=AccessLog.Purpose.CITIZEN_REQUEST)
    if request.GET.get("format") == "csv":
        content = spreadsheets.csv_bytes([_("Date"), _("Action"), _("Purpose")], ([row.on, row.action, row.purpose] for row in rows))
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="access-log-{person.pk}-{timezone.localdate():%Y%m%d}.csv"'
        return response
    return render(request, "extract/citizen_extract.html", {"person": person, "rows": rows})
