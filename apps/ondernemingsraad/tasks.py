"""Mails about meetings: a link and a date, never agenda content, notes or documents."""

from celery import shared_task

from apps.core.outbox import OutboxTask


@shared_task(base=OutboxTask)
def send_agenda_fixed(meeting_id: str) -> None:
    from . import notifications

    notifications.agenda_fixed(meeting_id=meeting_id)


@shared_task(acks_late=True)
def remind_action_owners() -> None:
    from . import notifications

    notifications.action_reminders()
