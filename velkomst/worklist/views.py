from django.shortcuts import render
from django.utils import timezone

from velkomst.accounts.permissions import require
from velkomst.worklist import selectors


@require("view_worklists")
def worklist(request):
    data = selectors.worklist(user=request.user, today=timezone.localdate())
    return render(request, "worklist/worklist.html", {"worklist": data})
