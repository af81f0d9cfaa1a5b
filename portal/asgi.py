import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.prod")

application = get_asgi_application()

from apps.core.encryption_check import verify_encryption_keys  # noqa: E402

# Refuse to serve with missing or wrong encryption keys.
verify_encryption_keys()
