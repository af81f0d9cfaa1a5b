"""Writes shared by every app."""

from collections.abc import Iterable
from typing import Any

from django.db import models

from .models import AuditEvent


def audit_record(
    *, actor: Any, action: str, target: models.Model, details: dict[str, Any] | None = None
) -> AuditEvent:
    """Append an audit row. Callers pass metadata only, never confidential content."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        details=details or {},
    )


# (kind, id, permission codename): kind "user" with the user's id, or "group" with the group's id.
PermissionKey = tuple[str, int, str]


def audit_access_change(
    *, actor: Any, target: models.Model, granted: Iterable[PermissionKey], revoked: Iterable[PermissionKey]
) -> AuditEvent | None:
    """One audit row when object permissions on `target` were granted or revoked, or none.

    Names who got or lost which permission: a user by id, a role (group) by name. Callers
    never pass permissions of a melding's reporter: that would identify them."""
    from django.contrib.auth.models import Group

    granted, revoked = sorted(granted), sorted(revoked)
    if not granted and not revoked:
        return None
    group_ids = {pk for kind, pk, _code in [*granted, *revoked] if kind == "group"}
    group_names = dict(Group.objects.filter(pk__in=group_ids).values_list("pk", "name"))

    def told(keys: list[PermissionKey]) -> list[list[Any]]:
        return [[code, kind, group_names.get(pk, pk) if kind == "group" else pk] for kind, pk, code in keys]

    return audit_record(
        actor=actor,
        action="object_permissions_changed",
        target=target,
        details={"granted": told(granted), "revoked": told(revoked)},
    )
