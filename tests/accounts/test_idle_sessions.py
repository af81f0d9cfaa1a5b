"""Sessions end after inactivity: 60 minutes, 15 for counsellors (both settings)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from apps.accounts.middleware import LAST_ACTIVITY_KEY
from tests.accounts.helpers import english_client, log_in, signed_in

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
START = "2026-03-02 09:00:00"


def session_writes(client, path=HOME) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(1 for query in queries if "django_session" in query["sql"] and "UPDATE" in query["sql"])


def test_a_session_ends_after_an_hour_without_requests(personas, english_login):
    with freeze_time(START) as clock:
        client = english_login(personas["medewerker"])
        assert client.get(HOME).status_code == 200
        clock.tick(timedelta(minutes=60, seconds=1))

        response = client.get(HOME)

        assert response.status_code == 302
        assert response["Location"] == reverse("login") + "?next=/"
        assert not signed_in(client)
        page = client.get(response["Location"]).content.decode()
        assert "You were logged out because you were inactive for 60 minutes" in page


def test_requests_keep_the_session_alive(personas, english_login):
    with freeze_time(START) as clock:
        client = english_login(personas["medewerker"])
        for _ in range(6):
            assert client.get(HOME).status_code == 200
            clock.tick(timedelta(minutes=50))
        assert client.get(HOME).status_code == 200


def test_a_counsellor_is_logged_out_after_fifteen_minutes(personas, english_login):
    with freeze_time(START) as clock:
        counsellor, employee = (
            english_login(personas["vertrouwenspersoon"]),
            english_login(personas["medewerker"]),
        )
        assert counsellor.get(HOME).status_code == employee.get(HOME).status_code == 200
        clock.tick(timedelta(minutes=15, seconds=1))

        assert employee.get(HOME).status_code == 200
        response = counsellor.get(reverse("vertrouwenspersoon:case-list"))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert "inactive for 15 minutes" in counsellor.get(response["Location"]).content.decode()


def test_both_limits_are_settings(personas, english_login, settings):
    settings.PORTAL_SESSION_IDLE_MINUTES = 5
    settings.PORTAL_COUNSELLOR_SESSION_IDLE_MINUTES = 2
    with freeze_time(START) as clock:
        counsellor, employee = (
            english_login(personas["vertrouwenspersoon"]),
            english_login(personas["medewerker"]),
        )
        assert counsellor.get(HOME).status_code == employee.get(HOME).status_code == 200
        clock.tick(timedelta(minutes=2, seconds=1))
        assert counsellor.get(HOME).status_code == 302
        assert employee.get(HOME).status_code == 200
        clock.tick(timedelta(minutes=5, seconds=1))
        assert employee.get(HOME).status_code == 302


def test_the_last_activity_is_written_at_most_once_a_minute(personas, english_login):
    with freeze_time(START) as clock:
        client = english_login(personas["medewerker"])
        client.get(HOME)
        stamp = client.session[LAST_ACTIVITY_KEY]

        clock.tick(timedelta(seconds=30))
        assert session_writes(client) == 0
        assert client.session[LAST_ACTIVITY_KEY] == stamp

        clock.tick(timedelta(seconds=31))
        assert session_writes(client) == 1
        assert client.session[LAST_ACTIVITY_KEY] == stamp + 61


def test_the_login_itself_starts_the_clock(personas):
    with freeze_time(START) as clock:
        client = english_client()
        log_in(client, "medewerker")
        clock.tick(timedelta(minutes=61))

        assert client.get(HOME).status_code == 302


def test_a_form_posted_after_the_limit_goes_to_the_login_page(personas, english_login):
    with freeze_time(START) as clock:
        client = english_login(personas["hr"])
        client.get(HOME)
        clock.tick(timedelta(minutes=61))

        response = client.post(reverse("password_change"), {"old_password": "x"})

        assert response.status_code == 302
        assert response["Location"] == reverse("login")
        assert not signed_in(client)
