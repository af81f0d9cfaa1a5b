"""The Celery app, configured from Django settings under the CELERY_ namespace."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def refuse_wrong_encryption_keys(**kwargs: object) -> None:
    from apps.core.encryption_check import verify_encryption_keys

    verify_encryption_keys()


@worker_ready.connect
def relay_the_outbox(**kwargs: object) -> None:
    """A worker that starts (perhaps after the broker was away) publishes what is pending."""
    import logging

    from apps.core.tasks import relay_outbox

    try:
        relay_outbox.apply_async(retry=False)
    except Exception as exc:  # the periodic relay tries again
        logging.getLogger(__name__).warning("Outbox relay not queued at start-up: %s", type(exc).__name__)


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
