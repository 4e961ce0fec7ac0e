from functools import wraps

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from velkomst.accounts import roles
from velkomst.lib import cpr as cpr_lib


def sync_role_groups() -> None:
    """Make the permissions the capabilities of the role table (created, renamed, removed), and each role's group
    hold exactly the ones the table gives it. Runs after every migrate."""
    from velkomst.accounts.models import Access  # deferred on purpose: roles' decorators import this module at URL load

    content_type = ContentType.objects.get_for_model(Access)
    permissions = {p.codename: p for p in Permission.objects.filter(content_type=content_type)}
    for name, (description, _roles) in roles.CAPABILITIES.items():
        if name not in permissions:
            permissions[name] = Permission.objects.create(content_type=content_type, codename=name, name=description)
        elif permissions[name].name != description:
            permissions[name].name = description
            permissions[name].save(update_fields=["name"])
    Permission.objects.filter(content_type=content_type).exclude(codename__in=roles.CAPABILITIES).delete()
    for role in roles.ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([permissions[name] for name in roles.capabilities_of(role) if name in permissions])


def can(user, capability: str) -> bool:
    return user.is_authenticated and user.has_perm(f"accounts.{capability}")


def can_see_housing_health_need(user) -> bool:
    """Whether the user may see that a household needs a room of its own for health reasons (`roles.HOUSING_HEALTH_NEED`)."""
    return any(can(user, capability) for capability in roles.HOUSING_HEALTH_NEED)


def cpr_shown(user, cpr: str | None) -> str:
    """A CPR number as this user may see it: whole for the roles whose work needs it, else DDMMYY-XXXX."""
    if not cpr:
        return ""
    return cpr if can(user, "view_cpr") else cpr_lib.mask(cpr)


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
