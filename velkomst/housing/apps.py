from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "velkomst.housing"
    verbose_name = _("Temporary housing")

    def ready(self):
        from velkomst.housing import receivers  # the models are loaded only now

        receivers.connect()
