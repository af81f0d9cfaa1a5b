"""The portal under `make load`: the development settings without debug, and a fast
password hasher, so that 50 logins at the start do not take the run (PBKDF2 costs each
login about half a second of CPU by design; the load test measures the pages)."""

from portal.settings.dev import *  # noqa: F403
from portal.settings.dev import env

DEBUG = env.bool("DEBUG", default=False)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
