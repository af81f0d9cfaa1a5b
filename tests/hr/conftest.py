"""Messages and pages are checked in English, the source language."""

from tests.english import english, login  # noqa: F401
