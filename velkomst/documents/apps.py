from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Documents a citizen hands in, kept on the person, the case, the tenancy or the incident."""

    name = "velkomst.documents"
    verbose_name = _("Documents")
