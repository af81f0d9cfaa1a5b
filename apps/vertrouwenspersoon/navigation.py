"""What this app adds to the menu and the home page, with the rules its URLs declare."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import Role
from apps.core.access import role
from apps.core.home import HOME_PANELS, HomePanel
from apps.core.navigation import MAIN_MENU, NavItem

EMPLOYEES = role(Role.EMPLOYEE)
COUNSELLORS = role(Role.COUNSELLOR)
FIGURE_READERS = role(Role.WORKS_COUNCIL_MEMBER, Role.HR, Role.EXECUTIVE)
FIGURES_ON_HOME = role(Role.HR, Role.EXECUTIVE)


def latest_figures(user: Any) -> Any:
    from . import figures, selectors

    report = selectors.latest_published_figures(user)
    if report is None:
        return None
    return {"report": report, "tables": figures.display(report.figures or {})}


def register() -> None:
    MAIN_MENU.extend(
        [
            NavItem(_("Confidential counsellor"), "vertrouwenspersoon:report-list", EMPLOYEES),
            NavItem(_("Cases"), "vertrouwenspersoon:case-list", COUNSELLORS),
            NavItem(_("Figures"), "vertrouwenspersoon:figures-list", COUNSELLORS),
            NavItem(_("Counsellor figures"), "vertrouwenspersoon:published-figures-list", FIGURE_READERS),
        ]
    )
    HOME_PANELS.extend(
        [
            HomePanel(_("Confidential counsellor"), "vertrouwenspersoon/_panel_employee.html", EMPLOYEES),
            HomePanel(_("Your cases"), "vertrouwenspersoon/_panel_counsellor.html", COUNSELLORS),
            HomePanel(
                _("Confidential counsellor: latest figures"),
                "vertrouwenspersoon/_panel_figures.html",
                FIGURES_ON_HOME,
                data=latest_figures,
            ),
        ]
    )
