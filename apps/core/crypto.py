"""Encryption at rest for confidential content (Fernet, with MultiFernet for rotation).

Keys come from FIELD_ENCRYPTION_KEYS: the first encrypts, all decrypt. A key that
cannot decrypt stored data is a configuration error, never silent garbage.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class WrongEncryptionKey(ImproperlyConfigured):
    """Stored content cannot be decrypted with any configured key."""


@cache
def _fernet() -> MultiFernet:
    keys = list(settings.FIELD_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: confidential content cannot be stored.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds an invalid key; each must be a Fernet key (32 base64 bytes)."
        ) from error


def reset_keys() -> None:
    """Forget the cached keys (after settings change, in tests and key rotation)."""
    _fernet.cache_clear()


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes, ttl: int | None = None) -> bytes:
    try:
        return _fernet().decrypt(token, ttl=ttl)
    except InvalidToken as error:
        raise WrongEncryptionKey(
            "Confidential content cannot be decrypted with FIELD_ENCRYPTION_KEYS; is a key missing?"
        ) from error


def rotate(token: bytes) -> bytes:
    """Re-encrypt with the first key."""
    try:
        return _fernet().rotate(token)
    except InvalidToken as error:
        raise WrongEncryptionKey(
            "Content cannot be decrypted for rotation with FIELD_ENCRYPTION_KEYS."
        ) from error


def encrypt_text(text: str) -> str:
    return encrypt(text.encode()).decode("ascii")


def decrypt_text(token: str) -> str:
    return decrypt(token.encode("ascii")).decode()


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")
