"""Configurable numbers of the achterban app, read from settings with a default."""

from django.conf import settings


def small_group_minimum() -> int:
    """Fewer respondents than this are never shown as a separate group (small-number rule)."""
    return int(getattr(settings, "PORTAL_ACHTERBAN_SMALL_GROUP_MINIMUM", 5))


def open_answer_max_length() -> int:
    return int(getattr(settings, "PORTAL_ACHTERBAN_OPEN_ANSWER_MAX_LENGTH", 2000))


def page_size() -> int:
    return int(getattr(settings, "PORTAL_ACHTERBAN_PAGE_SIZE", 20))
