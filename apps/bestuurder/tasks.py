"""Notifications and the daily clock: thin wrappers taking IDs."""

from celery import shared_task

from apps.core.outbox import OutboxTask


@shared_task(base=OutboxTask)
def notify_request(request_id: str, kind: str) -> None:
    from . import notifications

    notifications.request_notify(request_id=request_id, kind=kind)


@shared_task(acks_late=True)
def send_reminders() -> None:
    """Daily: reminders for every date that is near, and appeal terms that passed."""
    from . import notifications

    notifications.reminders_send()
