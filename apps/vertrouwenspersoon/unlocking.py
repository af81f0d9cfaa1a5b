"""Keys unlocked for this request: the counsellor's private key and reporters' content keys.

They come from the session vault (apps/core/vault.py: only with the browser's cookie) or,
for the anonymous reporter, from the receipt-access cookie; never from the database alone.
"""

from django.http import HttpRequest

from apps.accounts.models import User
from apps.core import login_secrets, vault
from apps.core.sealing import ContentKey, Locked

from . import keys
from .models import Report

COUNSELLOR_KEY = "counsellor-key"


def _report_entry(report: Report) -> str:
    return f"report-key:{report.pk}"


def counsellor_unlock(request: HttpRequest, user: User, secret: str) -> bool:
    """Open the counsellor's private key with their password or passphrase, for this session."""
    try:
        private_key = keys.private_key_unlock(counsellor=user, secret=secret)
    except Locked:
        return False
    vault.put(request, COUNSELLOR_KEY, private_key)
    return True


def counsellor_private_key(request: HttpRequest) -> bytes | None:
    return vault.get(request, COUNSELLOR_KEY)


def remember_private_key(request: HttpRequest, private_key: bytes) -> None:
    vault.put(request, COUNSELLOR_KEY, private_key)


def case_key(request: HttpRequest, report: Report) -> ContentKey | None:
    """The content key for the signed-in counsellor; None while locked for them."""
    private_key = counsellor_private_key(request)
    user = request.user
    if private_key is None or not isinstance(user, User):
        return None
    return keys.key_for_counsellor(report, user, private_key)


def remember_report_key(request: HttpRequest, report: Report, key: ContentKey) -> None:
    """A named reporter's content key, kept for this session after the receipt code opened it."""
    vault.put(request, _report_entry(report), key.raw)


def named_reporter_key(request: HttpRequest, report: Report) -> ContentKey | None:
    raw = vault.get(request, _report_entry(report))
    return ContentKey(raw) if raw else None


# --- the login and password-change hooks ---------------------------------------------------


def _unlock_at_login(request: HttpRequest, user: User, password: str) -> None:
    if keys.has_key_pair(user):
        counsellor_unlock(request, user, password)


def _rewrap_at_change(request: HttpRequest, user: User, old_password: str, new_password: str) -> None:
    """A password change keeps the key: wrapped anew under the new password."""
    if not keys.has_key_pair(user):
        return
    private_key = counsellor_private_key(request)
    if private_key is None:
        try:
            private_key = keys.private_key_unlock(counsellor=user, secret=old_password)
        except Locked:
            return  # wrapped under an older password: only the recovery key opens it
    keys.private_key_rewrap(counsellor=user, private_key=private_key, secret=new_password)
    vault.put(request, COUNSELLOR_KEY, private_key)


def register() -> None:
    login_secrets.on_password_login(_unlock_at_login)
    login_secrets.on_password_change(_rewrap_at_change)
