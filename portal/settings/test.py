"""The test suite: fast hashing, e-mail kept in memory, DATABASE_URL honoured (PostgreSQL on CI)."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
FIELD_ENCRYPTION_KEYS = ["dGVzdC1vbmx5LWZpZWxkLWtleS0zMi1ieXRlcy0hISE="]
RECEIPT_CODE_PEPPER = "test-only-pepper"  # noqa: S105
# Argon2id at its lowest cost: the tests check the scheme, not its cost.
PORTAL_KEY_KDF_OPSLIMIT = 1
PORTAL_KEY_KDF_MEMLIMIT = 8192
PORTAL_RECEIPT_KDF_OPSLIMIT = 1
PORTAL_RECEIPT_KDF_MEMLIMIT = 8192
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'test.sqlite3'}"),
}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
MEDIA_ROOT = str(VAR_DIR / "test-media")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests run eagerly unless a test starts a real worker (tests/integration).
CELERY_TASK_ALWAYS_EAGER = True
# Serve static files from the finders: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A sample model with direct-FK permission tables for the policy tests.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405
