"""The benchmark (`make bench`, bench/run.py): production-like settings served by gunicorn
on loopback against the bench database: DATABASE_URL's PostgreSQL database when its name
ends in "bench", else one named after it with "_bench" added; var/bench.sqlite3 without
DATABASE_URL. Never used in production.

What differs from production: plain HTTP on 127.0.0.1, development secrets from var/,
mail discarded, static files from the finders (no collectstatic), and two bench-only
additions: the baseline views (bench/urls.py) and, with BENCH_COUNT_QUERIES, a header
with the number of SQL queries of each response (bench/middleware.py).
"""

from .base import *  # noqa: F403
from .base import (
    BASE_DIR,
    DATABASES,
    FIELD_ENCRYPTION_KEYS,
    MIDDLEWARE,
    RECEIPT_CODE_PEPPER,
    SECRET_KEY,
    TEMPLATES,
    VAR_DIR,
    _development_encryption_key,
    _development_pepper,
    _development_secret_key,
    env,
)

DEBUG = False
PORTAL_BENCH = True  # lets seed_scale run (it refuses a database that holds users anyway)
SECRET_KEY = SECRET_KEY or _development_secret_key()
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [_development_encryption_key()]
RECEIPT_CODE_PEPPER = RECEIPT_CODE_PEPPER or _development_pepper()
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

DATABASES = {
    "default": {
        **DATABASES["default"],
        **env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'bench.sqlite3'}"),
    }
}
if not DATABASES["default"]["ENGINE"].endswith("sqlite3") and not str(DATABASES["default"]["NAME"]).endswith(
    "bench"
):
    # A database of its own next to DATABASE_URL's (portal -> portal_bench), never the real one.
    DATABASES["default"]["NAME"] = f"{DATABASES['default']['NAME']}_bench"

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # type: ignore[misc]
BENCH_COUNT_QUERIES = env.bool("BENCH_COUNT_QUERIES", default=True)
if BENCH_COUNT_QUERIES:
    MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]

EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
WHITENOISE_USE_FINDERS = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
