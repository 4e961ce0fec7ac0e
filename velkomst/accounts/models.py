from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from velkomst.accounts import roles


class User(AbstractUser):
    """A member of staff. The role is the user's group; see `accounts.roles`."""

    # Set when an administrator gives a temporary password: the staff member chooses their own at the next login
    # before anything else (`staff.middleware.PasswordChangeRequiredMiddleware`).
    password_must_change = models.BooleanField(_("must choose a new password at the next login"), default=False)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    @cached_property
    def role(self) -> str | None:
        # Read once per user object, that is once per request (pages ask several times). One role per user;
        # code that changes a user's groups reloads the user (as the SSO backend does).
        names = [group.name for group in self.groups.all()]
        return next((name for name in roles.ROLES if name in names), None)


class Access(models.Model):
    """Carries the role capabilities as Django permissions (no table of its own).

    The permissions are written from `roles.CAPABILITIES` after every migrate (`permissions.sync_role_groups`), not
    listed in Meta: a change to the role table then needs no migration."""

    class Meta:
        managed = False
        default_permissions = ()
