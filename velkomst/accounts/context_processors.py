from django.utils.translation import gettext_lazy as _

from velkomst.accounts import roles

ROLE_LABELS = {
    roles.CASEWORKER: _("Caseworker"),
    roles.RECEPTION: _("Reception"),
    roles.HOUSING_HOST: _("Housing host"),
    roles.COMPANY_CONSULTANT: _("Company consultant"),
    roles.TEACHER: _("Teacher"),
    roles.MANAGER: _("Manager"),
    roles.ADMIN: _("Administrator"),
}


def capabilities(user) -> set[str]:
    """The capabilities the user holds, for the templates' `"…" in can`: Django's permissions, read once (a superuser
    holds every one), instead of one `has_perm` through every authentication backend for each capability."""
    if user.is_active and user.is_superuser:
        return set(roles.CAPABILITIES)
    held = user.get_all_permissions()
    return {name for name in roles.CAPABILITIES if f"accounts.{name}" in held}


def role(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role_name = user.role
    return {
        "user_role": role_name,
        "user_role_label": ROLE_LABELS[role_name] if role_name else "",
        "can": capabilities(user),
    }
