"""What the access-matrix test needs beyond each URL's declared rule.

Every URL pattern declares its rule in code (apps.core.access.access). The matrix
test requests every pattern as every persona; for that it needs, per URL name:
- sample arguments when the pattern takes any (`kwargs`), built from the `world`;
- which personas may see the *object* (`visible_to`): personas the page rule admits
  but that are not listed must get 404, the same answer as for a missing object;
- rarely, a status the admitted personas get by design (`allowed_status`), with a reason.

Later features add their objects to `build_world` and their URLs to CASES.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

World = dict[str, Any]


@dataclass(frozen=True)
class Case:
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    visible_to: frozenset[str] | None = None
    allowed_status: int | None = None
    reason: str = ""
    query: str = ""


@dataclass(frozen=True)
class Exempt:
    """A pattern the matrix does not request; its rule is still checked."""

    reason: str
    names: tuple[str, ...] = field(default=())


def build_world(personas: dict[str, Any]) -> World:
    """Objects the sample URLs point at. Extend as features add models."""
    from apps.core.services import audit_record

    world: World = dict(personas)
    world["audit_event"] = audit_record(
        actor=personas["superuser"], action="matrix_sample", target=personas["medewerker"]
    )
    return world


CASES: dict[str, Case] = {
    "password_reset_confirm": Case(
        kwargs=lambda world: {"uidb64": "MQ", "token": "ongeldig-token"},
        reason="an invalid link renders the page that says so",
    ),
    "admin:app_list": Case(kwargs=lambda world: {"app_label": "accounts"}),
    "admin:core_auditevent_add": Case(allowed_status=403, reason="the audit trail is read-only"),
    "admin:core_auditevent_delete": Case(
        kwargs=lambda world: {"object_id": world["audit_event"].pk},
        allowed_status=403,
        reason="the audit trail is read-only",
    ),
    "admin:<beheer/(?P<url>.*)$>": Case(
        kwargs=lambda world: {"url": "bestaat-niet/"},
        allowed_status=404,
        reason="the admin's catch-all answers 404 for unknown pages",
    ),
}

EXEMPT: dict[str, str] = {
    "admin:view_on_site": "redirects to a model's own page; no admin model defines one",
    "admin:autocomplete": "answers only with a valid field; no admin uses autocomplete_fields",
}
