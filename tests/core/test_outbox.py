"""The outbox (apps/core/outbox.py): queued with the data or not at all, never lost when the
broker is down, published once by the relay, and run once however often it arrives."""

import contextlib
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import Role
from apps.core import outbox
from apps.core.models import OutboxMessage
from apps.core.tasks import relay_outbox
from apps.vertrouwenspersoon.tasks import notify_deadlines
from portal.celery import app
from tests.integration.conftest import broker_at, free_port

pytestmark = pytest.mark.django_db

SECRET = "Geheim-Blauwe-Vos"


class Rollback(Exception):
    pass


@pytest.fixture
def counsellor(make_user):
    return make_user("vp-outbox", [Role.COUNSELLOR])


@pytest.fixture
def memory_broker():
    """A broker inside this process; yields a function listing the task ids it holds."""

    def queued() -> list[str]:
        ids = []
        with app.connection_for_write() as connection:
            channel = connection.default_channel
            while (message := channel.basic_get("celery", no_ack=True)) is not None:
                ids.append(message.headers["id"])
        return ids

    with broker_at("memory://"):
        queued()  # empty it
        yield queued


def down_broker():
    return broker_at(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there


def test_a_rolled_back_transaction_queues_and_publishes_nothing(
    counsellor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, contextlib.suppress(Rollback):
        with transaction.atomic():
            outbox.enqueue(notify_deadlines, counsellor.pk, 1)
            raise Rollback
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_without_a_broker_the_task_runs_after_commit_and_marks_its_row_done(
    counsellor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue(notify_deadlines, counsellor.pk, 1)
    assert [m.to for m in mail.outbox] == [[counsellor.email]]
    message.refresh_from_db()
    assert message.done_at is not None


def test_a_publish_failure_leaves_the_row_pending_and_logs_no_content(
    counsellor, django_capture_on_commit_callbacks, caplog
):
    with down_broker(), caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue(notify_deadlines, counsellor.pk, SECRET)
    message.refresh_from_db()
    assert (message.published_at, message.publish_count, message.done_at) == (None, 0, None)
    assert mail.outbox == []
    [failure] = [r for r in caplog.records if r.name == "apps.core.outbox"]
    assert failure.levelno == logging.WARNING and str(message.pk) in failure.getMessage()
    assert SECRET not in caplog.text


def test_the_relay_publishes_a_pending_row_once(
    counsellor, memory_broker, django_capture_on_commit_callbacks
):
    with down_broker(), django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue(notify_deadlines, counsellor.pk, 1)

    assert relay_outbox() == 1
    assert relay_outbox() == 0
    assert memory_broker() == [str(message.pk)]
    message.refresh_from_db()
    assert message.publish_count == 1 and message.published_at is not None


def test_the_relay_stops_while_the_broker_is_still_down(counsellor, django_capture_on_commit_callbacks):
    with down_broker():
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(3):
                outbox.enqueue(notify_deadlines, counsellor.pk, 1)
        assert outbox.relay() == 0
    assert OutboxMessage.objects.filter(published_at__isnull=True).count() == 3


def test_the_relay_publishes_again_what_was_published_long_ago_but_never_done(
    counsellor, memory_broker, settings
):
    long_ago = timezone.now() - timedelta(seconds=settings.PORTAL_OUTBOX_REPUBLISH_SECONDS + 1)
    stale = OutboxMessage.objects.create(
        task=notify_deadlines.name, args=[counsellor.pk, 1], published_at=long_ago, publish_count=1
    )
    OutboxMessage.objects.create(
        task=notify_deadlines.name, args=[counsellor.pk, 1], published_at=timezone.now()
    )
    OutboxMessage.objects.create(task=notify_deadlines.name, args=[counsellor.pk, 1], done_at=long_ago)

    assert outbox.relay() == 1
    assert memory_broker() == [str(stale.pk)]


def test_the_relay_forgets_rows_done_a_week_ago(counsellor):
    OutboxMessage.objects.create(
        task=notify_deadlines.name, args=[], done_at=timezone.now() - timedelta(days=8)
    )
    recent = OutboxMessage.objects.create(task=notify_deadlines.name, args=[], done_at=timezone.now())
    outbox.relay()
    assert list(OutboxMessage.objects.all()) == [recent]


def test_a_task_delivered_twice_sends_its_mail_once(counsellor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue(notify_deadlines, counsellor.pk, 1)
    notify_deadlines.apply(message.args, task_id=str(message.pk))  # the same message, again
    assert len(mail.outbox) == 1


def test_a_failed_mail_leaves_the_row_pending_for_another_try(counsellor, django_capture_on_commit_callbacks):
    message = OutboxMessage.objects.create(task=notify_deadlines.name, args=[counsellor.pk, 1])
    with pytest.raises(ConnectionRefusedError), pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
        notify_deadlines.apply(message.args, task_id=str(message.pk))
    message.refresh_from_db()
    assert message.done_at is None
    notify_deadlines.apply(message.args, task_id=str(message.pk))
    assert len(mail.outbox) == 1


def refuse(*args, **kwargs):
    raise ConnectionRefusedError("the mail server is down")


def test_a_task_called_directly_just_runs(counsellor):
    notify_deadlines(counsellor.pk, 1)
    notify_deadlines(counsellor.pk, 1)
    assert len(mail.outbox) == 2


def test_only_outbox_tasks_can_be_queued():
    with pytest.raises(TypeError):
        outbox.enqueue(relay_outbox)


def test_the_relay_passes_over_a_task_that_no_longer_exists(counsellor, memory_broker):
    OutboxMessage.objects.create(task="apps.gone.tasks.notify", args=[])
    kept = OutboxMessage.objects.create(task=notify_deadlines.name, args=[counsellor.pk, 1])
    assert outbox.relay() == 1
    assert memory_broker() == [str(kept.pk)]
