
from django.core.paginator import Paginator
from django.shortcuts import render

from velkomst.accounts.permissions import require
from velkomst.audit import selectors
from velkomst.audit.models import AccessLog

PAGE_SIZE = 50


@require("browse_access_log")
def access_log(request):
    filters = selectors.AccessLogFilter.from_query(request.GET)
    page = Paginator(selectors.access_log_entries(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/access_log.html", {"page": page, "filters": filters, "actions": AccessLog.Action.choices},
                  status=400 if filters.errors else 200)
