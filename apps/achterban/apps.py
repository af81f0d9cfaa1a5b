from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AchterbanConfig(AppConfig):
    name = "apps.achterban"
    verbose_name = _("Constituency")

    def ready(self) -> None:
        from .navigation import register

        register()
