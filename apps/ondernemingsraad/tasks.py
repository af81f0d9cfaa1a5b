"""Mails about meetings: a link and a date, never agenda content, notes or documents."""

from celery import shared_task


@shared_task(acks_late=True)
def send_agenda_fixed(meeting_id: str) -> None:
    from . import notifications

    notifications.agenda_fixed(meeting_id=meeting_id)


@shared_task(acks_late=True)
def remind_action_owners() -> None:
    from . import notifications

    notifications.action_reminders()
