"""What this app adds to the menu and the home page, with the rules its URLs declare."""

from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import Role
from apps.core.access import role
from apps.core.home import HOME_PANELS, HomePanel
from apps.core.navigation import MAIN_MENU, NavItem

EMPLOYEES = role(Role.EMPLOYEE)
COUNSELLORS = role(Role.COUNSELLOR)


def register() -> None:
    MAIN_MENU.extend(
        [
            NavItem(_("Confidential counsellor"), "vertrouwenspersoon:report-list", EMPLOYEES),
            NavItem(_("Cases"), "vertrouwenspersoon:case-list", COUNSELLORS),
        ]
    )
    HOME_PANELS.extend(
        [
            HomePanel(_("Confidential counsellor"), "vertrouwenspersoon/_panel_employee.html", EMPLOYEES),
            HomePanel(_("Your cases"), "vertrouwenspersoon/_panel_counsellor.html", COUNSELLORS),
        ]
    )
