"""The home page is a list of panels; each shows only to users its rule admits.

Apps append their panels as their features arrive, so every role's home page
offers exactly what that role may use.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .access import SIGNED_IN, STAFF, Rule


@dataclass(frozen=True)
class HomePanel:
    """`data(user)`, when given, supplies the template's `data`; keep it to a few queries."""

    title: str | Promise
    template: str
    rule: Rule
    data: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class ShownPanel:
    panel: HomePanel
    data: Any


HOME_PANELS: list[HomePanel] = [
    HomePanel(_("Your account"), "core/_panel_account.html", SIGNED_IN),
    HomePanel(_("Administration"), "core/_panel_admin.html", STAFF),
]


def home_panels_for(user: Any) -> list[ShownPanel]:
    return [
        ShownPanel(panel, panel.data(user) if panel.data else None)
        for panel in HOME_PANELS
        if panel.rule.allows(user)
    ]
