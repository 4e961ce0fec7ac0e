from functools import wraps

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

from velkomst.accounts import roles


def sync_role_groups() -> None:
    """Make each role's group hold exactly the permissions the role table gives it."""
    permissions = {p.codename: p for p in Permission.objects.filter(content_type__app_label="accounts")}
    for role in roles.ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([permissions[name] for name in roles.capabilities_of(role) if name in permissions])


def can(user, capability: str) -> bool:
    return user.is_authenticated and user.has_perm(f"accounts.{capability}")


def require(capability: str):
    """View decorator: the user must hold the capability, or gets 403."""
    if capability not in roles.CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability
        return wrapped

    return decorator
