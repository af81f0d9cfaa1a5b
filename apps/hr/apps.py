from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrConfig(AppConfig):
    name = "apps.hr"
    verbose_name = _("HR")

    def ready(self) -> None:
        from .navigation import register

        register()
