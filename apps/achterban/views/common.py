"""What the achterban views share: their access rules and pagination."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.achterban import conf
from apps.core.access import role

EMPLOYEE = role(Role.EMPLOYEE)
WORKS_COUNCIL = role(*WORKS_COUNCIL_ROLES)
# Results: employees of the poll's audience, and the works council.
EMPLOYEE_OR_WORKS_COUNCIL = role(Role.EMPLOYEE, *WORKS_COUNCIL_ROLES)


def paginate(request: HttpRequest, items: Any) -> Page:  # type: ignore[type-arg]
    return Paginator(items, conf.page_size()).get_page(request.GET.get("page"))
