"""The API's access rule: the same capability table as the pages (`accounts.roles`).

Each API view names the capability per HTTP method in `required_capability`
(a string for every method, or a dict by method); this class checks it.
"""
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission

from velkomst.accounts import roles
from velkomst.accounts.permissions import can


def capability_for(view, method: str) -> str | None:
    required = getattr(view, "required_capability", None)
    if isinstance(required, dict):
        method = "GET" if method in ("HEAD", "OPTIONS") else method
        return required.get(method)
    return required


class HasCapability(BasePermission):
    """The user (a member of staff, or a system user with a role) holds the view's capability for this method."""

    message = "Your role may not do this."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        capability = capability_for(view, request.method)
        if capability is None:
            return False  # a view that names no capability for a method is closed to everyone
        if capability not in roles.CAPABILITIES:
            raise ValueError(f"unknown capability {capability!r}")
        return can(request.user, capability)


class IsStaffOrSystem(BasePermission):
    """Any authenticated user with a role (the schema holds no personal data)."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.role)


# Personal data never goes in a URL: such a parameter gets its own message (the value is never logged or echoed).
PERSONAL_PARAMETERS = {"cpr", "name", "first_name", "last_name", "birth_date", "phone", "email", "q", "search"}
PAGE_PARAMETERS = {"page", "page_size"}


def declared_query_parameters(view) -> set[str]:
    """What an endpoint takes in its query string: its filter serializer's fields, the page parameters of a paginated
    list, and anything it names in ``extra_query_parameters`` (the schema's ``format``)."""
    declared = set(getattr(view, "extra_query_parameters", ()))
    query_serializer = getattr(view, "query_serializer", None)
    if query_serializer is not None:
        declared |= set(query_serializer().fields)
    if getattr(view, "pagination_class", None) is not None and hasattr(view, "list"):
        declared |= PAGE_PARAMETERS
    return declared


class DeclaredQueryParameters(BasePermission):
    """Every endpoint refuses a query parameter it does not declare (400 naming it), rather than ignoring it:
    `?CPR=...` must not return the unfiltered list, nor reach a log or a `next` link."""

    def has_permission(self, request, view) -> bool:
        declared = declared_query_parameters(view)
        unknown = sorted(set(request.query_params) - declared)
        if unknown:
            takes = ", ".join(sorted(declared)) or _("no query parameters")
            raise ValidationError({name: [
                _("Personal data may not be sent in a URL; look a person up with POST /api/persons/lookup/.")
                if name.lower() in PERSONAL_PARAMETERS else _("Unknown query parameter; this endpoint takes: %(names)s.") % {"names": takes}
            ] for name in unknown})
        return True
