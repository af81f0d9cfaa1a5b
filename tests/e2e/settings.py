"""The portal as the browser tests serve it: development settings on a fresh SQLite file,
with DEBUG off (real error pages); server.py gives it test-only secrets in its environment.

The server subprocess (tests/e2e/server.py) runs with these settings; `seed_demo` and
`totp_code` run with them too, with DEBUG=1 in their environment since they refuse to
run without it. The suite's environment (DATABASE_URL, REDIS_URL on CI) never reaches
this portal: server.py strips it, and everything below is fixed on purpose.
"""

import os
from pathlib import Path

from portal.settings.dev import *  # noqa: F403
from portal.settings.dev import BASE_DIR, env

E2E_DIR = Path(os.environ.get("PORTAL_E2E_DIR", BASE_DIR / "var" / "e2e"))

DEBUG = env.bool("DEBUG", default=False)
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(E2E_DIR / "portal.sqlite3"),
    }
}
MEDIA_ROOT = str(E2E_DIR / "media")
STATIC_ROOT = E2E_DIR / "static"  # stays empty: see WHITENOISE_USE_FINDERS
# As in the test settings: a fast hasher keeps seeding and the many logins quick (the
# hasher is not what these tests are about).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# No collectstatic: WhiteNoise serves the files from the finders, as in the test settings.
WHITENOISE_USE_FINDERS = True
