from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    # Deferred on purpose: permissions imports the auth models, which cannot load while the app registry starts.
    from velkomst.accounts.permissions import sync_role_groups

    sync_role_groups()


class AccountsConfig(AppConfig):
    name = "velkomst.accounts"
    verbose_name = _("Staff and roles")

    def ready(self):
        # Permissions are created on post_migrate; the groups follow the role table right after.
        post_migrate.connect(_sync_roles, sender=self)
        # Deferred on purpose (Django's rule for ready()): these import models, which cannot load before the registry is ready.
        from django.contrib.auth.signals import user_logged_in

        from velkomst.accounts import checks  # noqa: F401  (registers the deployment checks)
        from velkomst.accounts.middleware import mark_refreshed_at_login  # deferred, as above

        user_logged_in.connect(mark_refreshed_at_login, dispatch_uid="velkomst-session-refreshed-at-login")
