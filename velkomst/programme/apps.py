from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "velkomst.programme"
    verbose_name = _("Introduction programme")
