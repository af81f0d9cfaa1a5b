"""Every URL declares who may reach it, and every persona gets what the rule says.

Walks the whole URL resolver: a pattern without a declared rule fails the test.
Then requests every URL as every persona (anonymous included):
- refused by the page rule: anonymous is sent to the login page, others get 403;
- admitted by the rule but not allowed to see the object (Case.visible_to): 404;
- admitted: a normal answer (no 403/404/5xx, no redirect to the login page).
"""

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Permission
from django.shortcuts import resolve_url
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path

from apps.core.access import INCLUDED_RULES, Rule, rule_of
from tests.access_cases import CASES, EXEMPT, Case, build_world
from tests.conftest import PERSONAS, client_for

pytestmark = pytest.mark.django_db

LOGIN_PATH = resolve_url(settings.LOGIN_URL)


@dataclass(frozen=True)
class Entry:
    name: str
    route: str
    pattern: URLPattern
    namespaces: tuple[str, ...]

    @property
    def rule(self) -> Rule | None:
        declared = rule_of(self.pattern.callback)
        if declared is not None:
            return declared
        for namespace in self.namespaces:
            if namespace in INCLUDED_RULES:
                return INCLUDED_RULES[namespace]
        return None


def walk(patterns: list[Any], prefix: str = "", namespaces: tuple[str, ...] = ()) -> list[Entry]:
    entries: list[Entry] = []
    for item in patterns:
        if isinstance(item, URLResolver):
            spaces = namespaces + ((item.namespace,) if item.namespace else ())
            entries += walk(item.url_patterns, prefix + str(item.pattern), spaces)
        else:
            name = ":".join([*namespaces, item.name or f"<{prefix}{item.pattern}>"])
            entries.append(Entry(name, prefix + str(item.pattern), item, namespaces))
    return entries


def all_entries() -> list[Entry]:
    return walk(get_resolver().url_patterns)


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


# --- building sample URLs -----------------------------------------------------

CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _admin_model(entry: Entry) -> Any | None:
    """The model an admin URL works on, read from its route: <prefix>/<app>/<model>/..."""
    if "admin" not in entry.namespaces:
        return None
    for model in apps.get_models():
        if f"/{model._meta.app_label}/{model._meta.model_name}/" in "/" + entry.route:
            return model
    return None


def sample_kwargs(entry: Entry, world: dict[str, Any]) -> dict[str, Any]:
    if entry.name in CASES:
        return CASES[entry.name].kwargs(world)
    model = _admin_model(entry)
    if model is not None:
        sample = model._default_manager.order_by("pk").first()
        assert sample is not None, f"build_world must create a {model.__name__} for {entry.name}"
        return {"object_id": sample.pk, "id": sample.pk}
    return {}


def sample_path(entry: Entry, world: dict[str, Any]) -> str:
    kwargs = sample_kwargs(entry, world)
    route = entry.route
    if route.startswith("^") or "(?P<" in route:  # a regex pattern: fill the named groups
        filled = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route)
        return "/" + filled.replace("^", "").replace("$", "").replace("\\", "")
    names = [m["name"] for m in CONVERTER.finditer(route)]
    missing = [name for name in names if name not in kwargs]
    assert not missing, f"{entry.name}: add sample {missing} to tests/access_cases.py CASES"
    return "/" + CONVERTER.sub(lambda m: str(kwargs[m["name"]]), route)


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
        *Permission.objects.filter(content_type__app_label__in=["accounts", "core"])
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
            response = client_for(user).get(url + case.query)
            expected = expected_outcome(entry, persona, user)
            actual = actual_outcome(response, expected, case.allowed_status)
            if actual != expected:
                failures.append(f"{entry.name} {url} as {persona}: expected {expected}, got {actual}")
    assert failures == [], "\n".join(failures)


def test_exempt_urls_exist_and_give_a_reason():
    names = {entry.name for entry in all_entries()}
    for name, reason in EXEMPT.items():
        assert name in names, f"{name} is exempt but no longer exists"
        assert reason
