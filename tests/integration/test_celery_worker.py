"""Password-reset mail through Redis and a real Celery worker, as a user would notice it."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.accounts.tasks import send_password_reset_email
from tests.factories import UserFactory
from tests.integration.conftest import LiveWorker, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

RESET_LINK = re.compile(r"https?://[^/\s]+(/account/wachtwoord/nieuw/[^/\s]+/[^/\s]+/)")


def request_reset(email: str) -> tuple[str, list[str]]:
    """POST the form in a fresh session: where the page sends us, and what it says there."""
    response = Client().post(reverse("password_reset"), {"email": email})
    assert response.status_code == 302
    return response.url, [str(message) for message in get_messages(response.wsgi_request)]


def test_reset_mail_is_sent_by_the_worker(live_worker: LiveWorker) -> None:
    user = UserFactory(username="jvdberg", email="j.vandenberg@example.org")

    url, messages = request_reset(user.email)

    assert url == reverse("login")
    assert len(messages) == 1
    # The page has answered, and the worker holds the task: nothing was sent in the request.
    assert mail.outbox == []
    live_worker.release()
    wait_until(lambda: len(mail.outbox) >= 1, "the worker to send the reset mail")
    assert live_worker.received == [send_password_reset_email.name]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    match = RESET_LINK.search(message.body)
    assert match, message.body
    # The token was made in the worker; the link opens the set-password form.
    response = Client().get(match[1], follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is True


def test_unknown_address_sends_nothing_and_reads_the_same(live_worker: LiveWorker) -> None:
    user = UserFactory(username="pdejong", email="p.dejong@example.org")

    unknown = request_reset("niemand@example.org")
    known = request_reset(user.email)

    assert unknown == known == (reverse("login"), known[1])
    live_worker.release()
    # Tasks run in order, so once the known address's mail is out, the unknown one
    # would have been handled too: only one task ever reached the broker.
    wait_until(lambda: len(mail.outbox) >= 1, "the worker to send the reset mail")
    assert live_worker.received == [send_password_reset_email.name]
    assert [m.to for m in mail.outbox] == [[user.email]]
