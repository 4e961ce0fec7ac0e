from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from velkomst.accounts import roles
from velkomst.accounts.permissions import require
from velkomst.people import selectors

MY_CASES_PAGE_SIZE = 50


def home(request):
    """Each role lands where its work starts."""
    return redirect(roles.LANDING.get(request.user.role, "search"))


@require("change_case")
def my_cases(request):
    page = Paginator(selectors.my_cases(user=request.user), MY_CASES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/my_cases.html", {"page": page})


@require("view_figures")
def figures(request):
    """The old address of the figures: the dashboard of the reports app replaced the page."""
    return redirect("reports:dashboard")


# The language can be chosen before logging in too.
set_language = login_not_required(require_POST(django_set_language))
