"""Local development: debug on, console e-mail, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, _development_secret_key, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or _development_secret_key()
