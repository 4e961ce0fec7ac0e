from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "velkomst.demo"
    verbose_name = "Demo data"
