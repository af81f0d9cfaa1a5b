from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VertrouwenspersoonConfig(AppConfig):
    name = "apps.vertrouwenspersoon"
    verbose_name = _("Confidential counsellor")

    def ready(self) -> None:
        from . import navigation, unlocking

        navigation.register()
        unlocking.register()
