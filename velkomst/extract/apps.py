from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtractConfig(AppConfig):
    """A person's data extract for a subject access request (GDPR art. 15)."""

    name = "velkomst.extract"
    verbose_name = _("Data extract")
