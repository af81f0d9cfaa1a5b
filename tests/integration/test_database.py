"""On CI (DATABASE_URL set) the suite runs against a throwaway PostgreSQL database."""

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.integration


@pytest.mark.django_db
def test_suite_runs_on_postgresql() -> None:
    if not os.environ.get("DATABASE_URL"):
        pytest.skip("DATABASE_URL is not set: the suite runs on SQLite here (CI sets PostgreSQL).")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        (name,) = cursor.fetchone()
    assert name.startswith("test_"), f"tests must never write to the real database, not {name!r}"
