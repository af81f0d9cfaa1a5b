"""Fail at start-up, not at the first melding, when the encryption keys are missing or wrong."""

from typing import Any

from django.core import checks
from django.db import DatabaseError

from . import crypto

CANARY_TEXT = "portal-encryption-canary"


def verify_encryption_keys() -> None:
    """Raise ImproperlyConfigured unless the configured keys decrypt the stored canary.

    The first start stores a canary; a database without tables yet is left alone.
    """
    from .models import EncryptionCanary

    crypto.encrypt(b"")  # an absent or malformed key raises here
    try:
        canary = EncryptionCanary.objects.order_by("pk").first()
        if canary is None:
            EncryptionCanary.objects.create(token=crypto.encrypt_text(CANARY_TEXT))
            return
    except DatabaseError:
        return  # not migrated yet: nothing is encrypted
    if crypto.decrypt_text(canary.token) != CANARY_TEXT:
        raise crypto.WrongEncryptionKey("The encryption canary decrypts to unexpected text.")


@checks.register()
def check_encryption_keys(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        verify_encryption_keys()
    except Exception as error:  # noqa: BLE001 - every failure is reported as a check error
        return [checks.Error(str(error), id="portal.E001")]
    return []
