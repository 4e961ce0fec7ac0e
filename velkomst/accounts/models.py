from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from velkomst.accounts import roles


class User(AbstractUser):
    """A member of staff. The role is the user's group; see `accounts.roles`."""

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    @property
    def role(self) -> str | None:
        # Groups are prefetched by the auth backend's permission cache; one role per user.
        names = [group.name for group in self.groups.all()]
        return next((name for name in roles.ROLES if name in names), None)


class Access(models.Model):
    """Carries the role capabilities as Django permissions (no table of its own)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [(name, description) for name, (description, _) in roles.CAPABILITIES.items()]
