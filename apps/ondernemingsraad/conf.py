"""Configurable periods, read from settings with defaults (no settings file edit needed)."""

from django.conf import settings


def agenda_notice_days() -> int:
    """Art. 14 WOR: the OR publishes the date and agenda of its own meetings this many days ahead."""
    return int(getattr(settings, "PORTAL_OR_AGENDA_NOTICE_DAYS", 7))


def action_reminder_days_before() -> int:
    """An action's owner is reminded this many days before the due date, and on the due date."""
    return int(getattr(settings, "PORTAL_OR_ACTION_REMINDER_DAYS", 2))


def meetings_per_page() -> int:
    return int(getattr(settings, "PORTAL_OR_MEETINGS_PER_PAGE", 20))
