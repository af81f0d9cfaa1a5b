from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OndernemingsraadConfig(AppConfig):
    name = "apps.ondernemingsraad"
    verbose_name = _("Works council")

    def ready(self) -> None:
        from .navigation import register

        register()
