"""Notifications: a link and nothing else (no content, category or name)."""

from celery import shared_task


@shared_task(acks_late=True)
def notify_counsellor(report_id: str, kind: str) -> None:
    from . import notifications

    notifications.counsellor_notify(report_id=report_id, kind=kind)


@shared_task(acks_late=True)
def notify_reporter(report_id: str, kind: str = "new_message") -> None:
    from . import notifications

    notifications.reporter_notify(report_id=report_id, kind=kind)
