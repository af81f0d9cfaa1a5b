import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.prod")

application = get_wsgi_application()

from apps.core.encryption_check import verify_encryption_keys  # noqa: E402

# Refuse to serve with missing or wrong encryption keys.
verify_encryption_keys()
