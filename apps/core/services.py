"""Writes shared by every app."""

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
