from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from . import signals  # noqa: F401
