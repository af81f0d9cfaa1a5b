import logging

import pytest

QUIET = ("django.request", "django.security", "axes")


@pytest.fixture(autouse=True)
def _quiet_loggers():
    """Refused requests log warnings with tracebacks by design (400s, disallowed lookups);
    thousands of them would slow the suite and bury the real failures."""
    loggers = [logging.getLogger(name) for name in QUIET]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
