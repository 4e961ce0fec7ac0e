"""The API's access rule: the same capability table as the pages (`accounts.roles`).

Each API view names the capability per HTTP method in `required_capability`
(a string for every method, or a dict by method); this class checks it.
"""
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
