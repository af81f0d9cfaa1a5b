"""What this app adds to the menu and the home page, with the rules its URLs declare."""

from django.utils.translation import gettext_lazy as _

from apps.core.home import HOME_PANELS, HomePanel
from apps.core.navigation import MAIN_MENU, NavItem

from . import selectors, views


def register() -> None:
    MAIN_MENU.extend(
        [
            NavItem(_("Policies"), "hr:library-list", views.EMPLOYEES),
            NavItem(_("Policy drafts"), "hr:draft-list", views.DRAFT_READERS),
        ]
    )
    HOME_PANELS.extend(
        [
            HomePanel(
                _("Policies"), "hr/_panel_employee.html", views.EMPLOYEES, data=selectors.employee_panel
            ),
            HomePanel(_("Policy drafts"), "hr/_panel_hr.html", views.HR, data=selectors.hr_panel),
        ]
    )
