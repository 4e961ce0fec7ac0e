from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MigrationConfig(AppConfig):
    """The one-off go-live import of the existing caseload (and its exporter for round trips)."""

    name = "velkomst.migration"
    label = "caseload_migration"
    verbose_name = _("Caseload migration")
