"""Two-factor login in tests: a user's authenticator app and the code it shows now.

`client_for` (tests/conftest.py) uses these to give users whose role requires two-factor
login a verified session. Browser tests that go through the real login page type
`totp_code(user)` on the code page.
"""

from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.totp import current_code


def confirmed_device(user) -> TOTPDevice:
    """The user's confirmed authenticator app, created if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
    return device


def totp_code(user) -> str:
    """The code the user's (confirmed, else newest unconfirmed) app shows now; if the
    current one was used already, the next one, which the portal also accepts."""
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "-pk").first() or confirmed_device(
        user
    )
    return current_code(device)
