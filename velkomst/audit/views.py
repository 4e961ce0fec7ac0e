import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from velkomst.accounts.permissions import require
from velkomst.audit import selectors
from velkomst.audit.models import AccessLog
from velkomst.audit.services import access_log_write
from velkomst.people.selectors import person_detail

PAGE_SIZE = 50


@require("browse_access_log")
def access_log(request):
    filters = selectors.AccessLogFilter.from_query(request.GET)
    page = Paginator(selectors.access_log_entries(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/access_log.html", {"page": page, "filters": filters, "actions": AccessLog.Action.choices})


@require("view_citizen_log")
def citizen_extract(request, person_id: int):
    """What a citizen may see of the log of their own record: dates, actions and purposes, no staff names."""
    person = person_detail(user=request.user, person_id=person_id)
    rows = selectors.citizen_extract(person=person)
    access_log_write(user=request.user, action=AccessLog.Action.EXPORT, obj=person, person=person,
                     purpose=AccessLog.Purpose.CITIZEN_REQUEST)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="access-log-{person.pk}-{timezone.localdate():%Y%m%d}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_("Date"), _("Action"), _("Purpose")])
        for row in rows:
            writer.writerow([row.on.strftime("%d.%m.%Y"), row.action, row.purpose])
        return response
    return render(request, "audit/citizen_extract.html", {"person": person, "rows": rows})
