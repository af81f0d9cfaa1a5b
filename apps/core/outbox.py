"""A transactional outbox: a task queued by a service is never lost and runs once.

A service calls `enqueue(tasks.notify_counsellor, str(report.pk), "new_report")` inside
its transaction. That writes an `OutboxMessage` row (task name and JSON arguments: ids
and kinds, never content) in the same transaction, so the task exists exactly when the
data does. After the commit the row is published to the broker with a short, bounded
timeout (`CELERY_BROKER_TIMEOUT`); if the broker is down the failure is logged without
arguments, the request answers as usual and the row stays pending. `relay()` (a beat task
every minute, and once when a worker starts) publishes pending rows when the broker is
back, and republishes a row that was published but never done after
`PORTAL_OUTBOX_REPUBLISH_SECONDS` (a broker that lost its data, a task that failed).

So a message may reach the workers more than once (the relay racing the first publish, a
redelivery after a worker died with `acks_late`). Tasks built on `OutboxTask` therefore
run their body at most once per row: in one transaction they mark the row done (an UPDATE
that only matches a pending row; a second delivery waits for that row lock and then finds
the row done) and send the mail inside it. If the mail fails, the transaction rolls back
and the row stays pending for the relay.

The window that remains: a worker killed after the mail server accepted the mail but
before the transaction committed leaves the row pending, so that mail goes out twice. No
local transaction can close it (SMTP has no two-phase commit); it lasts as long as the
commit takes.

With `CELERY_TASK_ALWAYS_EAGER` (no broker: `make run`, the tests) the task runs in the
on-commit callback as before, and its errors propagate as before.
"""

import datetime
import logging
import secrets
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any, TypeVar

from celery import Task, current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

R = TypeVar("R")
JSONArgument = str | int | float | bool | None

# How long done rows are kept (they let a late redelivery recognise a finished task).
KEEP_DONE = timedelta(days=7)
RELAY_BATCH = 200


class OutboxTask(Task[Any, Any]):
    """Base of tasks queued with `enqueue`: the body runs at most once per outbox row.

    A direct call (`task(...)`) or a message published without a row just runs.
    """

    acks_late = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return deliver_once(self.request.id, partial(super().__call__, *args, **kwargs))


def enqueue(
    task: Any,
    *args: JSONArgument,
    delay: timedelta | None = None,
    created_at: datetime.datetime | None = None,
) -> OutboxMessage:
    """Queue task(*args) to run after the current transaction commits, and only then.

    With `delay` the relay publishes it only once that time has passed (a notification
    whose time must not tell when something happened); `created_at` may be coarse."""
    if not isinstance(task, OutboxTask):
        raise TypeError(f"{task!r} must be a task with base=OutboxTask to go through the outbox.")
    now = timezone.now()
    message = OutboxMessage.objects.create(
        task=task.name,
        args=list(args),
        created_at=created_at or now,
        not_before=now + delay if delay else None,
    )
    if delay is None:
        transaction.on_commit(partial(publish, message))
    return message


def random_delay() -> timedelta:
    """Between PORTAL_NOTIFY_DELAY_MIN and _MAX seconds, chosen by a secure random source."""
    low, high = settings.PORTAL_NOTIFY_DELAY_MIN_SECONDS, settings.PORTAL_NOTIFY_DELAY_MAX_SECONDS
    return timedelta(seconds=low + secrets.randbelow(max(1, high - low + 1)))


def publish(message: OutboxMessage) -> bool:
    """Hand the message to the broker. False (logged, row still pending) when that fails."""
    task = current_app.tasks[message.task]
    if _eager():
        # In-process, as before the outbox: the task marks the row done, errors propagate.
        task.apply_async(message.args, task_id=str(message.pk))
        return True
    try:
        task.apply_async(message.args, task_id=str(message.pk), retry=False)
    except Exception as exc:  # any broker error; the arguments are never logged
        logger.warning(
            "Outbox: could not publish message %s (%s): %s; it stays pending for the relay.",
            message.pk,
            message.task,
            type(exc).__name__,
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(
        published_at=timezone.now(), publish_count=F("publish_count") + 1
    )
    return True


def relay() -> int:
    """Publish pending messages (and republish stale ones); the number published.

    Stops at the first failure: the broker is still down, the next run tries again.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.PORTAL_OUTBOX_REPUBLISH_SECONDS)
    published = 0
    with transaction.atomic():
        due = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(done_at__isnull=True)
            .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
            .filter(Q(published_at__isnull=True) | Q(published_at__lte=stale))
            .order_by("created_at")[:RELAY_BATCH]
        )
        for message in due:
            if message.task not in current_app.tasks:  # renamed or removed since it was queued
                logger.error("Outbox: message %s names an unknown task %s.", message.pk, message.task)
                continue
            if not publish(message):
                break
            published += 1
    OutboxMessage.objects.filter(done_at__lt=now - KEEP_DONE).delete()
    if published:
        logger.info("Outbox: relayed %d message(s).", published)
    return published


def deliver_once(message_id: str | None, run: Callable[[], R]) -> R | None:
    """Run `run` unless the outbox row `message_id` is done; mark it done in the same transaction."""
    try:
        pk = uuid.UUID(str(message_id))
    except ValueError:
        return run()  # called directly, not through a broker
    with transaction.atomic():
        claimed = OutboxMessage.objects.filter(pk=pk, done_at__isnull=True).update(done_at=timezone.now())
        if not claimed and OutboxMessage.objects.filter(pk=pk).exists():
            logger.info("Outbox: message %s was already delivered; this delivery does nothing.", pk)
            return None
        return run()


def _eager() -> bool:
    return bool(current_app.conf.task_always_eager)
