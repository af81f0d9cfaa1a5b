"""What this app adds to the menu and the home page, with the rules its URLs declare."""

from django.utils.translation import gettext_lazy as _

from apps.core.home import HOME_PANELS, HomePanel
from apps.core.navigation import MAIN_MENU, NavItem

from . import selectors, views


def register() -> None:
    MAIN_MENU.extend(
        [
            NavItem(_("Requests"), "bestuurder:request-list", views.READERS),
            NavItem(_("Proposed decisions"), "bestuurder:proposal-list", views.PARTICIPANTS),
        ]
    )
    HOME_PANELS.extend(
        [
            HomePanel(
                _("Advice and consent requests"),
                "bestuurder/_panel_executive.html",
                views.EXECUTIVE,
                data=selectors.executive_panel,
            ),
            HomePanel(
                _("Awaiting the works council"),
                "bestuurder/_panel_works_council.html",
                views.WORKS_COUNCIL,
                data=selectors.works_council_panel,
            ),
        ]
    )
