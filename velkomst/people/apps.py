from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "velkomst.people"
    verbose_name = _("People and cases")

    def ready(self):
        from velkomst.people import receivers  # the models are loaded only now

        receivers.connect()
