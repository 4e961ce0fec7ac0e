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


def role(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role_name = user.role
    return {
        "user_role": role_name,
        "user_role_label": ROLE_LABELS[role_name] if role_name else "",
        "can": {name for name in roles.CAPABILITIES if user.has_perm(f"accounts.{name}")},
    }
