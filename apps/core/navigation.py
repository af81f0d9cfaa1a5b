"""The portal's menu: each entry shows only to users its access rule admits.

Apps add their entries here as their pages arrive, with the same rule their URL
declares, so the menu never offers a page that would answer 403.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .access import SIGNED_IN, STAFF, Rule


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    rule: Rule

    @property
    def url(self) -> str:
        return reverse(self.url_name)


MAIN_MENU: list[NavItem] = [
    NavItem(_("Home"), "core:home", SIGNED_IN),
]

ADMIN_MENU: list[NavItem] = [
    NavItem(_("Administration"), "admin:index", STAFF),
]


def menu_for(user: Any, items: list[NavItem]) -> list[NavItem]:
    return [item for item in items if item.rule.allows(user)]
