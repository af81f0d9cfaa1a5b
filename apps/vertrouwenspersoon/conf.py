"""Periods of this app, each overridable in the settings (PORTAL_<NAME>).

Defaults follow the Wet bescherming klokkenluiders (acknowledge within 7 days,
report on the follow-up within 3 months of that) and common practice for a
counsellor's files (destroy 2 years after closing).
"""

from django.conf import settings


def acknowledge_days() -> int:
    return int(getattr(settings, "PORTAL_ACKNOWLEDGE_DAYS", 7))


def feedback_months() -> int:
    return int(getattr(settings, "PORTAL_FEEDBACK_MONTHS", 3))


def reminder_days_before() -> int:
    """How many days before a deadline the counsellor gets a reminder."""
    return int(getattr(settings, "PORTAL_REMINDER_DAYS_BEFORE", 2))


def retention_months() -> int:
    """How long a closed case is kept before the retention task deletes it."""
    return int(getattr(settings, "PORTAL_RETENTION_MONTHS", 24))


def figures_threshold() -> int:
    """Counts below this are never published (WOR art. 31d uses the same floor)."""
    return int(getattr(settings, "PORTAL_FIGURES_THRESHOLD", 5))
