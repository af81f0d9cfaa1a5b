"""Every URL declares who may reach it, and every persona gets what the rule says.

Walks the whole URL resolver: a pattern without a declared rule fails the test.
Then requests every URL as every persona (anonymous included):
- refused by the page rule: anonymous is sent to the login page, others get 403;
- admitted by the rule but not allowed to see the object (Case.visible_to): 404;
- admitted: a normal answer (no 403/404/5xx, no redirect to the login page).
"""

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Permission
from django.shortcuts import resolve_url
from django.test import override_settings
from django.urls import path

from tests.access_cases import CASES, EXEMPT, Case, build_world
from tests.conftest import PERSONAS, client_for
from tests.url_walk import Entry, all_entries, sample_path

pytestmark = pytest.mark.django_db

LOGIN_PATH = resolve_url(settings.LOGIN_URL)


def test_every_url_declares_an_access_rule():
    undeclared = [entry.name for entry in all_entries() if entry.rule is None]
    assert undeclared == [], f"URLs without an access rule: {undeclared}"


def _view_without_rule(request):  # pragma: no cover - never requested
    raise AssertionError


class _UrlconfWithUndeclaredView:
    urlpatterns = [path("geheim/", _view_without_rule, name="undeclared")]


@override_settings(ROOT_URLCONF=_UrlconfWithUndeclaredView)
def test_the_walk_catches_a_url_without_a_rule():
    assert [entry.name for entry in all_entries() if entry.rule is None] == ["undeclared"]


# --- requesting -------------------------------------------------------------------


def expected_outcome(entry: Entry, persona: str, user: Any) -> str:
    case = CASES.get(entry.name, Case())
    if not entry.rule.allows(user if user is not None else AnonymousUser()):
        return "login" if user is None else "403"
    if case.visible_to is not None and persona not in case.visible_to:
        return "404"
    return "allowed"


def actual_outcome(response: Any, expected: str, allowed_status: int | None) -> str:
    status = response.status_code
    if status == 302 and response["Location"].startswith(LOGIN_PATH):
        return "login"
    if expected == "allowed" and status == allowed_status:
        return "allowed"
    if status in (403, 404):
        return str(status)
    if status >= 500:
        return f"error {status}"
    return "allowed"


def grant_admin_model_permissions(staff_user: Any) -> None:
    """The staff persona is an admin without superuser status: it holds the admin's model permissions."""
    staff_user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["accounts", "core"]),
        # model-wide report permissions open the metadata-only admin, and nothing else
        *Permission.objects.filter(
            content_type__app_label="vertrouwenspersoon", codename__in=["view_report", "change_report"]
        ),
    )


def test_every_persona_gets_what_each_url_declares(personas):
    grant_admin_model_permissions(personas["staff"])
    world = build_world(personas)
    failures = []
    for entry in all_entries():
        if entry.name in EXEMPT:
            continue
        url = sample_path(entry, world)
        case = CASES.get(entry.name, Case())
        for persona in PERSONAS:
            user = personas[persona]
            response = getattr(client_for(user), case.method)(url + case.query)
            expected = expected_outcome(entry, persona, user)
            actual = actual_outcome(response, expected, case.allowed_status)
            if actual != expected:
                failures.append(f"{entry.name} {url} as {persona}: expected {expected}, got {actual}")
    assert failures == [], "\n".join(failures)


def test_every_case_names_an_existing_url():
    names = {entry.name for entry in all_entries()}
    assert sorted(set(CASES) - names) == []


def test_exempt_urls_exist_and_give_a_reason():
    names = {entry.name for entry in all_entries()}
    for name, reason in EXEMPT.items():
        assert name in names, f"{name} is exempt but no longer exists"
        assert reason
