"""Helpers shared by the works council's views."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect

from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.core.access import SIGNED_IN, role
from apps.ondernemingsraad import conf

# Object pages admit every signed-in user and let the policy answer 404 to whoever may
# not see the object: a 403 would tell that it exists. Commissies include non-OR members.
OBJECT_PAGE = SIGNED_IN
COUNCIL = role(*WORKS_COUNCIL_ROLES)
PLANNERS = role(Role.WORKS_COUNCIL_SECRETARY, Role.EXECUTIVE)
COMMITTEE_MANAGERS = role(Role.WORKS_COUNCIL_SECRETARY, Role.WORKS_COUNCIL_CHAIR)
EMPLOYEES = role(Role.EMPLOYEE)
PARTICIPANTS = role(*WORKS_COUNCIL_ROLES, Role.EXECUTIVE, Role.HR)


def paginate(request: HttpRequest, rows: Any) -> Page:  # type: ignore[type-arg]
    return Paginator(rows, conf.meetings_per_page()).get_page(request.GET.get("page"))


def not_post(request: HttpRequest) -> HttpResponse | None:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def run_step(
    request: HttpRequest, step: Callable[[], object], done: str, target: str, **kwargs: Any
) -> HttpResponse:
    """Call one service; report success or its error as a message, then redirect."""
    try:
        step()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    response: HttpResponse = redirect(target, **kwargs)
    return response
