"""Audit rows told in words, for the history shown on a page."""

from collections.abc import Mapping
from typing import Any

from django.db.models import TextChoices
from django.utils.functional import Promise

from .models import AuditEvent


def describe_event(event: AuditEvent, labels: Mapping[str, str | Promise], states: type[TextChoices]) -> str:
    """The row's sentence from `labels` (by action), states by their labels, ISO dates as dd-mm-yyyy."""
    details: dict[str, Any] = dict(event.details)
    for key in ("from", "to"):
        if details.get(key) in states.values:
            details[key] = str(states(details[key]).label)
    if isinstance(details.get("date"), str) and len(details["date"]) == 10:
        year, month, day = details["date"].split("-")
        details["date"] = f"{day}-{month}-{year}"
    label = labels.get(event.action)
    if label is None:
        return event.action
    try:
        return str(label) % details
    except (KeyError, TypeError, ValueError):
        return str(label)
