"""Walking the URL resolver and building a concrete path for every pattern.

Shared by the access-matrix test and the confidentiality crawl.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from apps.core.access import INCLUDED_RULES, Rule, rule_of
from tests.access_cases import CASES


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
