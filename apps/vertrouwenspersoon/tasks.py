"""Notifications: a link and nothing else (no content, category or name)."""

from celery import shared_task

from apps.core.outbox import OutboxTask


@shared_task(base=OutboxTask)
def notify_counsellor(report_id: str, kind: str) -> None:
    from . import notifications

    notifications.counsellor_notify(report_id=report_id, kind=kind)


@shared_task(base=OutboxTask)
def notify_counsellor_about(counsellor_id: int, kind: str) -> None:
    from . import notifications

    notifications.counsellor_colleague_notify(counsellor_id=counsellor_id, kind=kind)


@shared_task(base=OutboxTask)
def notify_reporter(report_id: str, kind: str = "new_message") -> None:
    from . import notifications

    notifications.reporter_notify(report_id=report_id, kind=kind)


@shared_task(base=OutboxTask)
def notify_deadlines(counsellor_id: int, count: int) -> None:
    from . import notifications

    notifications.counsellor_deadlines_notify(counsellor_id=counsellor_id, count=count)


@shared_task(acks_late=True)
def send_deadline_reminders() -> int:
    from .services_reminders import deadline_reminders_send

    return deadline_reminders_send()


@shared_task(acks_late=True)
def purge_expired_reports() -> int:
    from .services_retention import retention_purge

    return retention_purge()
