"""What this app adds to the menu and the home page, with the rules its URLs declare."""

from django.utils.translation import gettext_lazy as _

from apps.core.home import HOME_PANELS, HomePanel
from apps.core.navigation import MAIN_MENU, NavItem

from . import selectors
from .views.common import EMPLOYEE, WORKS_COUNCIL


def register() -> None:
    MAIN_MENU.extend(
        [
            NavItem(_("Ask the works council"), "achterban:question-list", EMPLOYEE),
            NavItem(_("Polls"), "achterban:poll-list", EMPLOYEE),
            NavItem(_("Constituency"), "achterban:question-inbox", WORKS_COUNCIL),
        ]
    )
    HOME_PANELS.extend(
        [
            HomePanel(
                _("News from the works council"),
                "achterban/_panel_news.html",
                EMPLOYEE,
                data=selectors.latest_news,
            ),
            HomePanel(_("The works council and you"), "achterban/_panel_employee.html", EMPLOYEE),
            HomePanel(_("Constituency"), "achterban/_panel_works_council.html", WORKS_COUNCIL),
        ]
    )
