"""The Celery app, configured from Django settings under the CELERY_ namespace."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def refuse_wrong_encryption_keys(**kwargs: object) -> None:
    from apps.core.encryption_check import verify_encryption_keys

    verify_encryption_keys()


@task_prerun.connect
def use_the_portal_language(**kwargs: object) -> None:
    """Mails go out in the portal's language, never in the language of whoever
    triggered them (an eager task runs inside that person's request)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@task_postrun.connect
def forget_the_language(**kwargs: object) -> None:
    from django.utils import translation

    translation.deactivate()
