"""Brute-force lockout (django-axes): failed logins lock the username+address combination."""

import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import RequestFactory
from django.urls import reverse
from freezegun import freeze_time

from apps.accounts.lockout import client_ip
from tests.accounts.helpers import english_client, log_in, main_of, signed_in

pytestmark = pytest.mark.django_db

WRONG = "Fout-wachtwoord-42"


def fail(client, username="medewerker", times=1):
    response = None
    for _ in range(times):
        response = log_in(client, username, WRONG)
    return response


def test_the_fifth_wrong_password_locks_the_account_with_our_page(personas):
    client = english_client()
    assert fail(client, times=4).status_code == 200

    response = fail(client)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many login attempts" in page
    assert "blocked for 15 minutes" in page
    assert 'class="navbar' in page  # the portal layout, not a bare text
    assert "Account locked" not in page  # axes' own message


def test_a_locked_account_refuses_even_the_right_password(personas):
    client = english_client()
    fail(client, times=5)

    response = log_in(client, "medewerker")

    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lock_ends_after_the_cool_off_and_is_not_extended_by_attempts(personas):
    with freeze_time("2026-03-02 09:00:00") as clock:
        client = english_client()
        fail(client, times=5)
        clock.tick(timedelta(minutes=14))
        assert log_in(client, "medewerker").status_code == 429
        clock.tick(timedelta(minutes=1, seconds=1))

        response = log_in(client, "medewerker")

        assert response.status_code == 302
        assert signed_in(client)


def test_the_limit_and_the_cool_off_are_settings(personas, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=3)
    client = english_client()

    assert fail(client).status_code == 200
    response = fail(client)

    assert response.status_code == 429
    assert "blocked for 3 minutes" in response.content.decode()


def test_the_settings_are_read_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), s.PORTAL_SESSION_IDLE_MINUTES, "
        "s.PORTAL_COUNSELLOR_SESSION_IDLE_MINUTES, s.PORTAL_TRUSTED_PROXY_COUNT)"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "PORTAL_LOGIN_FAILURE_LIMIT": "3",
        "PORTAL_LOGIN_LOCKOUT_MINUTES": "30",
        "PORTAL_SESSION_IDLE_MINUTES": "45",
        "PORTAL_COUNSELLOR_SESSION_IDLE_MINUTES": "10",
        "PORTAL_TRUSTED_PROXY_COUNT": "1",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["3", "1800.0", "45", "10", "1"], result.stderr


def test_the_lock_holds_for_this_username_from_this_address_only(personas):
    fail(english_client(REMOTE_ADDR="10.0.0.1"), times=5)

    other_address = english_client(REMOTE_ADDR="10.0.0.2")
    other_user = english_client(REMOTE_ADDR="10.0.0.1")

    assert log_in(other_address, "medewerker").status_code == 302
    assert log_in(other_user, "hr").status_code == 302


def test_an_unknown_username_is_locked_the_same_way(personas):
    known, unknown = english_client(), english_client()
    assert main_of(fail(known, "medewerker", times=4)) == main_of(fail(unknown, "niemand", times=4))

    known_locked, unknown_locked = fail(known, "medewerker"), fail(unknown, "niemand")

    assert unknown_locked.status_code == known_locked.status_code == 429
    assert main_of(unknown_locked) == main_of(known_locked)
    assert "niemand" not in unknown_locked.content.decode()


def test_the_admin_has_no_login_of_its_own(personas):
    client = english_client()

    get = client.get(reverse("admin:login"))
    post = client.post(reverse("admin:login"), {"username": "superuser", "password": "correct-horse-battery"})

    assert get.status_code == post.status_code == 302
    assert get["Location"].startswith(reverse("login"))
    assert not signed_in(client)


def test_a_locked_out_admin_cannot_reach_the_admin(personas):
    client = english_client()
    fail(client, "superuser", times=5)

    response = client.post(
        reverse("login"),
        {"username": "superuser", "password": "correct-horse-battery", "next": reverse("admin:index")},
    )

    assert response.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302


def test_passwords_never_reach_the_attempt_records_or_the_log(personas, caplog):
    caplog.set_level(logging.DEBUG)
    client = english_client()

    fail(client, times=5)

    attempt = AccessAttempt.objects.get(username="medewerker")
    assert WRONG not in attempt.post_data + attempt.get_data
    assert WRONG not in caplog.text
    assert "correct-horse-battery" not in caplog.text


def test_force_login_still_works_with_the_lockout_backend(personas, login):
    response = login(personas["medewerker"]).get(reverse("core:home"))

    assert response.status_code == 200


def test_a_successful_login_is_recorded(personas):
    log_in(english_client(), "medewerker")

    assert AccessLog.objects.filter(username="medewerker").exists()


def test_the_client_address_is_remote_addr_without_trusted_proxies(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6")

    assert client_ip(request) == "10.1.1.1"


def test_behind_a_trusted_proxy_the_address_it_saw_counts_not_a_forged_one(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")

    assert client_ip(request) == "198.51.100.7"
