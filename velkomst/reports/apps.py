from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "velkomst.reports"
    verbose_name = _("Figures and reports")
