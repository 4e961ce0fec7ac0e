from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistConfig(AppConfig):
    name = "velkomst.worklist"
    verbose_name = _("Worklist")

    def ready(self):
        from velkomst.worklist import receivers  # the models are loaded only now

        receivers.connect()
