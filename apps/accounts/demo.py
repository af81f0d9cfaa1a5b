"""Two-factor login for the demo counsellor (`seed_demo`, development only).

The demo counsellor's role requires two-factor login, so the demo gives it an
authenticator app with a fixed, public secret (documented in the README): add it to an
app, or print the current code with `python manage.py totp_code vertrouwenspersoon`.
"""

from base64 import b32decode
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from .services import TOTP_DEVICE_NAME

DEMO_TOTP_USERNAME = "vertrouwenspersoon"
# Public demo secret (base32), never used outside seed_demo.
DEMO_TOTP_SECRET = "OBXXE5DBMFWC2ZDFNVXS2MRQGI3C25TQ"  # noqa: S105


def demo_totp_key() -> str:
    return b32decode(DEMO_TOTP_SECRET).hex()


def seed_two_factor(context: Any) -> None:
    user = context.users[DEMO_TOTP_USERNAME]
    TOTPDevice.objects.filter(user=user).exclude(key=demo_totp_key(), confirmed=True).delete()
    TOTPDevice.objects.update_or_create(
        user=user,
        key=demo_totp_key(),
        defaults={
            "name": TOTP_DEVICE_NAME,
            "confirmed": True,
            "throttling_failure_count": 0,
            "throttling_failure_timestamp": None,
        },
    )
    context.notes.append(
        f"Demo user {DEMO_TOTP_USERNAME} logs in with two-factor login: add the key "
        f"{DEMO_TOTP_SECRET} to an authenticator app, or run "
        f"`.venv/bin/python manage.py totp_code {DEMO_TOTP_USERNAME}` for the current code."
    )
