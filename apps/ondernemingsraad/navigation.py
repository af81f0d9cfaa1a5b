"""What this app adds to the menu and the home page.

The meeting pages admit every signed-in user (commissies include non-OR members) and
show each only what they may see; the menu offers them to the roles that take part.
"""

from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.core.access import role
from apps.core.home import HOME_PANELS, HomePanel
from apps.core.navigation import MAIN_MENU, NavItem

from . import selectors

PARTICIPANTS = role(*WORKS_COUNCIL_ROLES, Role.EXECUTIVE, Role.HR)
MEETING_PANEL = role(*WORKS_COUNCIL_ROLES, Role.EXECUTIVE)
EMPLOYEES = role(Role.EMPLOYEE)


def register() -> None:
    MAIN_MENU.extend(
        [
            NavItem(_("Meetings"), "ondernemingsraad:meeting-list", PARTICIPANTS),
            NavItem(_("Works council minutes"), "ondernemingsraad:minutes-list", EMPLOYEES),
        ]
    )
    HOME_PANELS.extend(
        [
            HomePanel(
                _("Meetings and actions"),
                "ondernemingsraad/_panel_meetings.html",
                MEETING_PANEL,
                data=selectors.panel_meetings,
            ),
            HomePanel(
                _("Works council minutes"),
                "ondernemingsraad/_panel_minutes.html",
                EMPLOYEES,
                data=selectors.panel_minutes,
            ),
        ]
    )
