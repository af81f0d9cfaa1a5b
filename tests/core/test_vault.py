"""apps/core/vault.py: secrets kept in the session, sealed with a key only the browser holds."""

import base64
import hashlib

import pytest
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from apps.core import sealing, vault
from apps.vertrouwenspersoon import services
from tests.accounts.helpers import log_in
from tests.otp import confirmed_device, totp_code

pytestmark = pytest.mark.django_db

SECRET = b"Kluis-Geheim-Marter-0123456789ab"  # 32 bytes, like a private key
TEXT = "Kluis-Melding-Steenuil: mijn collega intimideert mij."


def run(cookies: dict[str, str] | None = None, put: bytes | None = None, name: str = "sleutel"):
    """One request through the session and vault middleware, as a fresh worker would
    handle it: a new request object and a session loaded from the database."""
    seen: dict[str, bytes | None] = {}

    def view(request):
        if put is not None:
            vault.put(request, name, put)
        seen["secret"] = vault.get(request, name)
        seen["session_key"] = request.session.session_key
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.COOKIES.update(cookies or {})
    response = SessionMiddleware(vault.VaultMiddleware(view))(request)
    return response, seen


def cookies_of(response, before: dict[str, str] | None = None) -> dict[str, str]:
    jar = dict(before or {})
    jar.update({name: morsel.value for name, morsel in response.cookies.items()})
    return jar


def session_dump() -> str:
    """Every session row as an operator with SECRET_KEY reads it: raw and decoded."""
    rows = []
    for session in Session.objects.all():
        rows.append(session.session_data)
        rows.append(repr(session.get_decoded()))
    return "\n".join(rows)


def forms_of(secret: bytes) -> list[str]:
    return [
        secret.decode("latin-1"),
        secret.hex(),
        base64.b64encode(secret).decode(),
        base64.urlsafe_b64encode(secret).decode(),
    ]


# --- the vault alone ------------------------------------------------------------------------


def test_a_put_secret_comes_back_in_the_same_request():
    _response, seen = run(put=SECRET)
    assert seen["secret"] == SECRET


def test_the_session_table_holds_only_ciphertext():
    response, _seen = run(put=SECRET)
    dump = session_dump()
    assert vault.SESSION_KEY in dump  # the dump does see the vault
    assert [form for form in forms_of(SECRET) if form in dump] == []
    browser_key = response.cookies[vault.COOKIE].value
    assert browser_key not in dump


def test_the_session_without_the_cookie_opens_nothing():
    response, _seen = run(put=SECRET)
    session_only = {settings.SESSION_COOKIE_NAME: response.cookies[settings.SESSION_COOKIE_NAME].value}
    _again, seen = run(session_only)
    assert seen["secret"] is None


def test_the_server_secrets_do_not_open_the_vault():
    run(put=SECRET)
    [session] = Session.objects.all()
    wrapped = sealing.unb64(session.get_decoded()[vault.SESSION_KEY]["sleutel"])
    server_keys = [
        hashlib.sha256(settings.SECRET_KEY.encode()).digest(),
        *(base64.urlsafe_b64decode(key) for key in settings.FIELD_ENCRYPTION_KEYS),
        hashlib.sha256(settings.RECEIPT_CODE_PEPPER.encode()).digest(),
    ]
    for key in server_keys:
        with pytest.raises(sealing.Locked):
            sealing.unwrap(key, wrapped)


def test_a_second_request_with_the_same_cookie_and_session_opens_it():
    response, _first = run(put=SECRET)
    jar = cookies_of(response)
    _again, second = run(jar)
    assert second["session_key"] == jar[settings.SESSION_COOKIE_NAME]
    assert second["secret"] == SECRET


def test_the_cookie_with_another_session_opens_nothing():
    response, _seen = run(put=SECRET)
    cookie_only = {vault.COOKIE: response.cookies[vault.COOKIE].value}
    _again, seen = run(cookie_only)
    assert seen["secret"] is None


def test_the_browser_key_cookie_is_http_only_and_ends_with_the_browser():
    response, _seen = run(put=SECRET)
    morsel = response.cookies[vault.COOKIE]
    assert morsel["httponly"] is True
    assert morsel["samesite"] == "Lax"
    assert morsel["max-age"] == "" and morsel["expires"] == ""
    assert len(sealing.unb64(morsel.value)) == sealing.KEY_BYTES


def test_a_later_put_in_the_same_vault_keeps_the_browser_key():
    response, _seen = run(put=SECRET)
    jar = cookies_of(response)
    again, seen = run(jar, put=b"another secret", name="tweede")
    assert vault.COOKIE not in again.cookies  # no new key sent: the old one still opens all
    assert seen["secret"] == b"another secret"
    assert run(jar)[1]["secret"] == SECRET


def test_a_new_vault_has_a_new_browser_key():
    first, _seen = run(put=SECRET)
    second, _seen = run(put=SECRET)
    assert first.cookies[vault.COOKIE].value != second.cookies[vault.COOKIE].value


def test_a_new_session_with_an_old_cookie_gets_a_new_browser_key():
    """After a logout the old cookie may linger: the next vault is sealed with a fresh key."""
    old, _seen = run(put=SECRET)
    old_cookie = old.cookies[vault.COOKIE].value
    fresh, seen = run({vault.COOKIE: old_cookie}, put=b"new secret")
    assert seen["secret"] == b"new secret"
    assert fresh.cookies[vault.COOKIE].value != old_cookie
    new_session = fresh.cookies[settings.SESSION_COOKIE_NAME].value
    stale = {settings.SESSION_COOKIE_NAME: new_session, vault.COOKIE: old_cookie}
    assert run(stale)[1]["secret"] is None


def test_a_forgotten_secret_is_gone():
    response, _seen = run(put=SECRET)
    jar = cookies_of(response)

    def forget(request):
        vault.forget(request, "sleutel")
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.COOKIES.update(jar)
    SessionMiddleware(vault.VaultMiddleware(forget))(request)
    assert run(jar)[1]["secret"] is None


# --- through the portal: the counsellor's key after a real login ----------------------------


def test_a_second_worker_with_the_cookies_of_a_real_login_opens_the_case(personas):
    counsellor = personas["vertrouwenspersoon"]
    report = services.report_submit(
        reporter=None, category="pesten", text=TEXT, counsellor=counsellor, anonymous=True
    ).report
    confirmed_device(counsellor)
    browser = Client()
    assert log_in(browser, counsellor.username).status_code == 302
    assert browser.post(reverse("two_factor_verify"), {"otp_token": totp_code(counsellor)}).status_code == 302
    case = reverse("vertrouwenspersoon:case-detail", args=[report.pk])
    jar = {name: morsel.value for name, morsel in browser.cookies.items()}
    assert vault.COOKIE in jar

    second_worker = Client()
    for name, value in jar.items():
        second_worker.cookies[name] = value
    assert "Steenuil" in second_worker.get(case).content.decode()

    without_browser_key = Client()
    without_browser_key.cookies[settings.SESSION_COOKIE_NAME] = jar[settings.SESSION_COOKIE_NAME]
    response = without_browser_key.get(case)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("vertrouwenspersoon:key"))
    assert "Steenuil" not in session_dump()
