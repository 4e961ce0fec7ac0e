from django.shortcuts import render
from django.utils import timezone

from velkomst.accounts.permissions import require
from velkomst.worklist import selectors


@require("view_worklists")
def worklist(request):
    # Each list is paged on its own (?overdue=2); a page that is not one shows the first, one past the end the last.
    pages = {key: request.GET[key] for key in selectors.SECTIONS if key in request.GET}
    data = selectors.worklist(user=request.user, today=timezone.localdate(), pages=pages)
    return render(request, "worklist/worklist.html", {"worklist": data})
