"""Secrets unlocked for one session, which neither the server nor its database can open alone.

An unlocked key (a counsellor's private key, a reporter's content key) is kept in the
session only encrypted, with a key that lives solely in the browser: a random 32-byte
"browser key" in an HttpOnly cookie. A dump of the session table (or of Redis) holds
ciphertext; the cookie without the session holds nothing. Because both travel with every
request, any gunicorn worker on any host can open the vault, and none keeps it after the
response. Logging out flushes the session and so the vault with it.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from . import sealing

COOKIE = "portal_kluis"
SESSION_KEY = "_vault"
_NEW_BROWSER_KEY = "_vault_new_browser_key"


def _cookie_key(request: HttpRequest) -> bytes | None:
    fresh: bytes | None = getattr(request, _NEW_BROWSER_KEY, None)
    if fresh is not None:
        return fresh
    try:
        key = sealing.unb64(request.COOKIES.get(COOKIE, ""))
    except ValueError:
        return None
    return key if len(key) == sealing.KEY_BYTES else None


def _key_for_writing(request: HttpRequest) -> bytes:
    key = _cookie_key(request)
    if key is not None and SESSION_KEY in request.session:
        return key
    # A new vault gets a new browser key: whatever an older cookie opened is gone.
    key = sealing.ContentKey.new().raw
    setattr(request, _NEW_BROWSER_KEY, key)
    request.session[SESSION_KEY] = {}
    return key


def put(request: HttpRequest, name: str, secret: bytes) -> None:
    """Keep `secret` for the rest of this session, sealed with the browser's key."""
    key = _key_for_writing(request)
    entries = dict(request.session.get(SESSION_KEY, {}))
    entries[name] = sealing.b64(sealing.wrap(key, secret))
    request.session[SESSION_KEY] = entries


def get(request: HttpRequest, name: str) -> bytes | None:
    """The secret kept under `name` in this session, or None (never kept, or no browser key)."""
    entries: dict[str, str] = request.session.get(SESSION_KEY, {})
    if name not in entries:
        return None
    key = _cookie_key(request)
    if key is None:
        return None
    try:
        return sealing.unwrap(key, sealing.unb64(entries[name]))
    except (sealing.Locked, ValueError):
        return None


def forget(request: HttpRequest, name: str) -> None:
    entries = dict(request.session.get(SESSION_KEY, {}))
    if entries.pop(name, None) is not None:
        request.session[SESSION_KEY] = entries


class VaultMiddleware:
    """Sends a new browser key to the browser; the session never sees it."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = self.get_response(request)
        fresh: bytes | None = getattr(request, _NEW_BROWSER_KEY, None)
        if fresh is not None:
            response.set_cookie(
                COOKIE,
                sealing.b64(fresh),
                max_age=None,  # gone when the browser closes
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
