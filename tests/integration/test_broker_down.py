"""With the broker down, submissions through the real pages still succeed at once and lose
nothing: the notification waits in the outbox, and once Redis is back the relay hands it
to a real worker, which sends each mail exactly once."""

import time
import uuid
from collections.abc import Callable

import pytest
import redis
from django.core import mail
from django.urls import reverse

from apps.accounts.roles import Role
from apps.achterban.forms import NAMED as QUESTION_NAMED
from apps.achterban.models import ConstituencyQuestion, PollParticipation
from apps.core import outbox
from apps.core.models import OutboxMessage
from apps.vertrouwenspersoon.models import Report
from tests.achterban.conftest import answers_for, make_poll
from tests.integration.conftest import LiveWorker, broker_at, free_port, redis_url, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

QUICK = 2.0  # seconds a request may take with the broker down
TEXT = "Geheim-Grijze-Reiger: mijn leidinggevende scheldt me uit."


def timed(request: Callable[[], object]) -> tuple[object, float]:
    started = time.monotonic()
    response = request()
    return response, time.monotonic() - started


def pending() -> list[tuple[str, list[object]]]:
    rows = OutboxMessage.objects.filter(done_at__isnull=True, published_at__isnull=True)
    return [(row.task, row.args) for row in rows]


def queue_is_empty() -> bool:
    """No message waits in Redis and none is held by a worker."""
    client = redis.Redis.from_url(redis_url())
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


def test_submissions_succeed_while_redis_is_down_and_each_mail_goes_out_once(
    live_worker: LiveWorker, make_user, login, caplog
) -> None:
    live_worker.release()
    employee = make_user("mw-redis", [Role.EMPLOYEE])
    counsellor = make_user("vp-redis", [Role.COUNSELLOR])
    secretary = make_user(
        "or-redis", [Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER, Role.WORKS_COUNCIL_SECRETARY]
    )
    poll = make_poll(secretary)  # its "a poll is open" mails go out now, through the worker
    wait_until(lambda: not OutboxMessage.objects.filter(done_at__isnull=True).exists(), "the poll mails")
    mail.outbox.clear()
    done_before = set(OutboxMessage.objects.values_list("pk", flat=True))
    employee_client, secretary_client = login(employee), login(secretary)

    with broker_at(f"redis://127.0.0.1:{free_port()}/0"):  # nothing listens there: Redis is down
        report_response, report_seconds = timed(
            lambda: employee_client.post(
                reverse("vertrouwenspersoon:report-create"),
                {
                    "category": "pesten",
                    "text": TEXT,
                    "counsellor": counsellor.pk,
                    "submission": uuid.uuid4().hex,
                },
            )
        )
        question_response, question_seconds = timed(
            lambda: employee_client.post(
                reverse("achterban:question-create"),
                {
                    "subject": "Parkeren",
                    "text": "Komen er meer laadpalen?",
                    "anonymous": QUESTION_NAMED,
                    "submission": uuid.uuid4().hex,
                },
            )
        )
        question = ConstituencyQuestion.objects.get()
        answer_response, answer_seconds = timed(
            lambda: secretary_client.post(
                reverse("achterban:question-answer", args=[question.pk]),
                {"answer": "Ja, in het voorjaar."},
            )
        )
        poll_response, poll_seconds = timed(
            lambda: employee_client.post(
                reverse("achterban:poll-answer", args=[poll.pk]),
                {f"q{pk}": value for pk, value in answers_for(poll, text="Meer rust").items()},
            )
        )

    report = Report.objects.get()
    # Sent: the page with the receipt code (a named reporter gets one too), then on to the report.
    assert report_response.status_code == 200
    assert report_response.context["named_report"] == report and report_response.context["code"]
    detail = reverse("vertrouwenspersoon:report-detail", args=[report.pk])
    assert f'href="{detail}"' in report_response.content.decode()
    assert question_response.status_code == 302
    assert question_response.url == reverse("achterban:question-detail", args=[question.pk])
    assert answer_response.status_code == 302
    assert poll_response.status_code == 302 and poll_response.url == reverse("achterban:poll-list")
    assert max(report_seconds, question_seconds, answer_seconds, poll_seconds) < QUICK
    # Saved, and the two notifications wait in the outbox (asking and answering a poll
    # notify nobody); nothing was sent, and the log names no content.
    assert question.asker == employee
    assert PollParticipation.objects.filter(poll=poll, user=employee).exists()
    assert sorted(pending()) == [
        ("apps.achterban.tasks.notify_question_answered", [str(question.pk)]),
        ("apps.vertrouwenspersoon.tasks.notify_counsellor", [str(report.pk), "new_report"]),
    ]
    assert mail.outbox == []
    failures = [r.getMessage() for r in caplog.records if r.name == "apps.core.outbox"]
    assert len(failures) == 2 and all("stays pending" in line for line in failures)
    assert not any(TEXT in line or str(report.pk) in line for line in failures)

    # Redis is back: the relay publishes, the worker sends, each mail once.
    assert outbox.relay() == 2
    wait_until(lambda: len(mail.outbox) >= 2, "the worker to send both mails")
    wait_until(queue_is_empty, "the worker to finish")
    assert outbox.relay() == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted([counsellor.email, employee.email])
    new_rows = OutboxMessage.objects.exclude(pk__in=done_before)
    assert new_rows.count() == 2 and not new_rows.filter(done_at__isnull=True).exists()
