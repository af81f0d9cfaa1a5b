from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from . import encryption_check  # noqa: F401  (registers the system check)
        from .lookups import register

        register()  # `in` on integer columns without OverflowError on SQLite
