"""Configurable terms for requests. Override in settings with PORTAL_<NAME>."""

from django.conf import settings


def answer_term_days() -> int:
    """Default term for the OR's answer when a request is filed (the WOR sets none)."""
    return int(getattr(settings, "PORTAL_REQUEST_ANSWER_TERM_DAYS", 42))


def reminder_days() -> int:
    """How many days before a date the reminder goes out."""
    return int(getattr(settings, "PORTAL_REQUEST_REMINDER_DAYS", 7))


def legal_term_months() -> int:
    """Suspension (art. 25 lid 6), appeal (art. 26) and nullity (art. 27 lid 5): one month."""
    return int(getattr(settings, "PORTAL_REQUEST_LEGAL_TERM_MONTHS", 1))


def consultation_lookback_days() -> int:
    """How far back the agenda items of held overlegvergaderingen are offered for a request."""
    return int(getattr(settings, "PORTAL_REQUEST_CONSULTATION_LOOKBACK_DAYS", 365))


def poll_lookback_days() -> int:
    """How far back closed constituency polls are offered to attach to a request."""
    return int(getattr(settings, "PORTAL_REQUEST_POLL_LOOKBACK_DAYS", 365))
