"""Keys in tests. Every counsellor the factory makes gets a key pair locked with the
test password; the test process remembers its private key (as the counsellor's head
would remember the password), so tests can open what a counsellor can open."""

from django.conf import settings
from django.test import Client

from apps.core import sealing, vault
from apps.core.sealing import ContentKey
from apps.vertrouwenspersoon import keys, unlocking
from apps.vertrouwenspersoon.models import Report, ReportKey

PASSWORD = "correct-horse-battery"
PRIVATE_KEYS: dict[int, bytes] = {}
RECOVERY_KEYS: dict[int, str] = {}


def give_key_pair(user, password: str = PASSWORD) -> str:
    recovery = keys.key_pair_create(counsellor=user, secret=password)
    PRIVATE_KEYS[user.pk] = keys.private_key_unlock(counsellor=user, secret=password)
    RECOVERY_KEYS[user.pk] = recovery
    return recovery


def content_key(report: Report) -> ContentKey:
    """The report's content key, opened as its counsellor would."""
    for envelope in ReportKey.objects.filter(report=report, holder=ReportKey.Holder.COUNSELLOR):
        private_key = PRIVATE_KEYS.get(envelope.counsellor_id)
        if private_key is not None:
            try:
                return sealing.open_sealed(private_key, bytes(envelope.envelope))
            except sealing.Locked:
                continue
    raise AssertionError("No counsellor known to the tests can open this report.")


def plain(report: Report, sealed) -> str:
    """What a sealed value says, opened with the report's key."""
    return content_key(report).open(sealed)


def put_in_vault(client: Client, name: str, secret: bytes) -> None:
    """What a real unlock leaves: the secret sealed in the session, its key in the browser."""
    browser_key = sealing.ContentKey.new().raw
    session = client.session
    entries = dict(session.get(vault.SESSION_KEY, {}))
    entries[name] = sealing.b64(sealing.wrap(browser_key, secret))
    session[vault.SESSION_KEY] = entries
    session.save()
    client.cookies[vault.COOKIE] = sealing.b64(browser_key)
    # Entries sealed with an earlier browser key are gone: seal them all again.
    for other, value in list(getattr(client, "_vault_plain", {}).items()):
        if other != name:
            entries[other] = sealing.b64(sealing.wrap(browser_key, value))
    session[vault.SESSION_KEY] = entries
    session.save()
    client._vault_plain = {**getattr(client, "_vault_plain", {}), name: secret}  # type: ignore[attr-defined]


def unlock_counsellor(client: Client, user) -> None:
    put_in_vault(client, unlocking.COUNSELLOR_KEY, PRIVATE_KEYS[user.pk])


def unlock_report(client: Client, report: Report, key: ContentKey | None = None) -> None:
    """A named reporter who entered the receipt code in this session."""
    put_in_vault(client, f"report-key:{report.pk}", (key or content_key(report)).raw)


def hour(moment) -> bool:
    return moment.minute == moment.second == moment.microsecond == 0


def english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sign_in(user, password: str = PASSWORD) -> Client:
    """The real login page with the password, then the code page when the user has an app:
    the counsellor's key unlocks as it does for a person."""
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.otp import totp_code

    client = english_client()
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302, "the password was refused"
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        response = client.post(reverse("two_factor_verify"), {"otp_token": totp_code(user)})
        assert response.status_code == 302, "the code was refused"
    return client
