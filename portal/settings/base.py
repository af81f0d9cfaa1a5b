"""Settings shared by every environment, read from environment variables."""

import base64
import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import environ
import xstatic.pkg.bootstrap
from django.utils.translation import gettext_lazy as _

from portal.beat import beat_schedule

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _development_secret(name: str, make: Callable[[], str]) -> str:
    """A secret generated once per checkout, kept in the git-ignored var/ folder."""
    secret_file = VAR_DIR / name
    if not secret_file.exists():
        VAR_DIR.mkdir(exist_ok=True)
        secret_file.write_text(make())
        secret_file.chmod(0o600)
    return secret_file.read_text().strip()


def _development_secret_key() -> str:
    return _development_secret("dev-secret-key", lambda: secrets.token_urlsafe(50))


def _development_encryption_key() -> str:
    return _development_secret(
        "dev-encryption-key", lambda: base64.urlsafe_b64encode(os.urandom(32)).decode()
    )


def _development_pepper() -> str:
    return _development_secret("dev-receipt-pepper", lambda: secrets.token_urlsafe(32))


DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "apps.core.admin_config.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "apps.core",
    "apps.accounts",
    "apps.ondernemingsraad",
    "apps.hr",
    "apps.vertrouwenspersoon",
    "apps.bestuurder",
    "apps.achterban",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "apps.core.middleware.NoStoreMiddleware",
    "apps.core.middleware.AnonymousZoneMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.core.vault.VaultMiddleware",
    "apps.accounts.middleware.IdleSessionMiddleware",
    "apps.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Reuse a connection across requests (a new PostgreSQL connection costs milliseconds per request).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's JIT compiler spends tens of milliseconds on queries estimated as large
    # (permission checks over thousands of rows) that run in a few: off for these short queries.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username+address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No guardian "anonymous user" row: anonymous visitors never hold object permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)

# Login security (apps/accounts). Failed logins lock the username+address combination
# (django-axes); the two-factor code step counts as well.
PORTAL_LOGIN_FAILURE_LIMIT = env.int("PORTAL_LOGIN_FAILURE_LIMIT", default=5)
PORTAL_LOGIN_LOCKOUT_MINUTES = env.int("PORTAL_LOGIN_LOCKOUT_MINUTES", default=15)
# Reverse proxies in front of the portal that append to X-Forwarded-For (0: use REMOTE_ADDR).
PORTAL_TRUSTED_PROXY_COUNT = env.int("PORTAL_TRUSTED_PROXY_COUNT", default=0)
# A session ends after this much inactivity; shorter for confidential counsellors.
PORTAL_SESSION_IDLE_MINUTES = env.int("PORTAL_SESSION_IDLE_MINUTES", default=60)
PORTAL_COUNSELLOR_SESSION_IDLE_MINUTES = env.int("PORTAL_COUNSELLOR_SESSION_IDLE_MINUTES", default=15)
AXES_FAILURE_LIMIT = PORTAL_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=PORTAL_LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Attempts during a lockout are refused without extending it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "apps.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429  # Too Many Requests
AXES_CLIENT_IP_CALLABLE = "apps.accounts.lockout.client_ip"
# Masked in axes' records and log lines (the password always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token", "csrfmiddlewaretoken"]
AXES_VERBOSE = False  # no start-up banner; failures are still logged, masked
# The issuer an authenticator app shows next to the account.
OTP_TOTP_ISSUER = env("PORTAL_TOTP_ISSUER", default="Medewerkersportaal")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portaal@localhost")
# The address links in e-mails point to.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no REDIS_URL the tasks run in-process, so a newcomer needs nothing else.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not bool(REDIS_URL or env("CELERY_BROKER_URL", default=""))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Services queue tasks through the outbox (apps/core/outbox.py): a publish that fails
# within CELERY_BROKER_TIMEOUT seconds (broker down or silent) leaves the task pending for
# the relay, so no request hangs on the broker. Workers keep reconnecting, however long.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_TIMEOUT", default=2.0)
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Redis gives an unacknowledged task (its worker died) to another worker after this many
# seconds: longer than any task runs.
_visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    # A publish connects once, no retries (workers reconnect as CONNECTION_MAX_RETRIES says).
    "max_retries": 0,
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
}
# A task published but not done after this long is published again (a broker that lost
# it, a mail server that failed); the tasks run once however often they arrive.
PORTAL_OUTBOX_REPUBLISH_SECONDS = env.int(
    "PORTAL_OUTBOX_REPUBLISH_SECONDS", default=_visibility_timeout + 300
)
CELERY_BEAT_SCHEDULE = beat_schedule(
    [app for app in INSTALLED_APPS if app.startswith("apps.") and app.count(".") == 1]
)

# One cache for all processes when Redis is there (receipt-code lockout, double-submit guard).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Uploads stay in memory (attachments are size-limited): a plaintext temporary file
# on disk would defeat encryption at rest. The handler keeps files up to the attachment
# limit, so a larger one is refused by name instead of silently dropped.
FILE_UPLOAD_HANDLERS = ["apps.vertrouwenspersoon.uploads.BoundedMemoryUploadHandler"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): only the portal's own files, nothing inline, no
# plug-ins, no framing and no forms posting elsewhere. Templates keep scripts in static/js/
# and styles in static/css/; tests/security/test_csp.py crawls every page to prove it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request bodies never reach the log: only the status line is kept.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

SECRET_KEY = env("SECRET_KEY", default="")

# Confidential content (meldingen) is encrypted with these Fernet keys: the first
# encrypts, all decrypt; rotate with `manage.py rotate_encryption_keys`.
FIELD_ENCRYPTION_KEYS: list[str] = env.list("FIELD_ENCRYPTION_KEYS", default=[])
# Receipt codes of anonymous reports are stored as a slow hash peppered with this secret.
RECEIPT_CODE_PEPPER = env("RECEIPT_CODE_PEPPER", default="")
# Meldingen are sealed with keys only their counsellor and reporter hold (apps/core/sealing.py).
# Argon2id's cost for the secrets that wrap them (passwords, receipt codes); libsodium's
# "interactive" level by default. Each wrap stores its own cost, so raising it is safe.
PORTAL_KEY_KDF_OPSLIMIT = env.int("PORTAL_KEY_KDF_OPSLIMIT", default=2)
PORTAL_KEY_KDF_MEMLIMIT = env.int("PORTAL_KEY_KDF_MEMLIMIT", default=64 * 1024 * 1024)
# Receipt codes are 80 random bits: a lighter cost suffices (and a melding is sent faster).
PORTAL_RECEIPT_KDF_OPSLIMIT = env.int("PORTAL_RECEIPT_KDF_OPSLIMIT", default=2)
PORTAL_RECEIPT_KDF_MEMLIMIT = env.int("PORTAL_RECEIPT_KDF_MEMLIMIT", default=8 * 1024 * 1024)
# The organisation's escrow public key (base64, `manage.py escrow_keygen`); empty: no escrow.
PORTAL_ESCROW_PUBLIC_KEY = env("PORTAL_ESCROW_PUBLIC_KEY", default="")
# Who holds the escrow key, as told to every reporter when escrow is on.
PORTAL_ESCROW_HOLDER = env("PORTAL_ESCROW_HOLDER", default="")
# Pages no session reaches (apps/core/middleware.py): sending and following up an anonymous melding.
PORTAL_ANONYMOUS_PATHS = ("/vertrouwenspersoon/anoniem/", "/vertrouwenspersoon/volgen/")
# Notifications about anonymous meldingen go out after a random delay in this range.
PORTAL_NOTIFY_DELAY_MIN_SECONDS = env.int("PORTAL_NOTIFY_DELAY_MIN_SECONDS", default=10 * 60)
PORTAL_NOTIFY_DELAY_MAX_SECONDS = env.int("PORTAL_NOTIFY_DELAY_MAX_SECONDS", default=90 * 60)

# Meldingen: statutory deadlines (Wet bescherming klokkenluiders), reminders, retention and
# the floor below which the anonymised figures show no count (apps/vertrouwenspersoon/conf.py).
PORTAL_ACKNOWLEDGE_DAYS = env.int("PORTAL_ACKNOWLEDGE_DAYS", default=7)
PORTAL_FEEDBACK_MONTHS = env.int("PORTAL_FEEDBACK_MONTHS", default=3)
PORTAL_REMINDER_DAYS_BEFORE = env.int("PORTAL_REMINDER_DAYS_BEFORE", default=2)
PORTAL_RETENTION_MONTHS = env.int("PORTAL_RETENTION_MONTHS", default=24)
PORTAL_FIGURES_THRESHOLD = env.int("PORTAL_FIGURES_THRESHOLD", default=5)
PORTAL_REQUEST_ANSWER_TERM_DAYS = env.int("PORTAL_REQUEST_ANSWER_TERM_DAYS", default=42)
PORTAL_OR_AGENDA_NOTICE_DAYS = env.int("PORTAL_OR_AGENDA_NOTICE_DAYS", default=7)
PORTAL_OR_ACTION_REMINDER_DAYS = env.int("PORTAL_OR_ACTION_REMINDER_DAYS", default=2)
