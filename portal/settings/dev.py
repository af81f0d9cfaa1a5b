"""Local development: debug on, console e-mail, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import (
    FIELD_ENCRYPTION_KEYS,
    RECEIPT_CODE_PEPPER,
    SECRET_KEY,
    _development_encryption_key,
    _development_pepper,
    _development_secret_key,
    env,
)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or _development_secret_key()
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [_development_encryption_key()]
RECEIPT_CODE_PEPPER = RECEIPT_CODE_PEPPER or _development_pepper()
