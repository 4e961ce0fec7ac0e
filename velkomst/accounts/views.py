from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from velkomst.accounts import roles
from velkomst.accounts.permissions import require
from velkomst.forms import QueryParameterRefused


def home(request):
    """Each role lands where its work starts."""
    return redirect(roles.LANDING.get(request.user.role, "search"))


@require("view_figures")
def figures(request):
    """The old address of the figures: the dashboard of the reports app replaced the page."""
    return redirect("reports:dashboard")


@login_not_required
def accessibility(request):
    """The accessibility statement (tilgængelighedserklæring): public, as the web accessibility act requires, and
    linked from the footer of every page, logged in or not."""
    return render(request, "accounts/accessibility.html")


# The language can be chosen before logging in too.
set_language = login_not_required(require_POST(django_set_language))


@login_not_required
def bad_request(request, exception=None):
    """400: what could not be read and how to fix it, when the code said so (a query parameter); never the value sent."""
    message = str(exception) if isinstance(exception, QueryParameterRefused) else ""
    return render(request, "400.html", {"message": message}, status=400)
