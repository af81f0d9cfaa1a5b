from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BestuurderConfig(AppConfig):
    name = "apps.bestuurder"
    verbose_name = _("Executive")

    def ready(self) -> None:
        from .navigation import register

        register()
