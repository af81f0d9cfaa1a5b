"""Thin Celery wrappers: ids in, one service or notification call. All idempotent."""

from celery import shared_task

from apps.core.outbox import OutboxTask


@shared_task(base=OutboxTask)
def notify_question_answered(question_id: str) -> None:
    from . import notifications

    notifications.question_answered_notify(question_id=question_id)


@shared_task(base=OutboxTask)
def notify_poll_open(poll_id: str) -> None:
    from . import notifications

    notifications.poll_open_notify(poll_id=poll_id)


@shared_task(acks_late=True)
def announce_open_polls() -> int:
    from . import services

    return services.polls_announce_opened()


@shared_task(acks_late=True)
def close_due_polls() -> int:
    from . import services

    return services.polls_close_due()
