"""Test-only hooks for a worker subprocess (tests/integration/test_worker_killed.py).

The worker runs with `DJANGO_SETTINGS_MODULE=tests.integration.worker_settings`, which
makes this the e-mail backend and imports this module into the worker. At the point named
by FAULTS_GATE_POINT ("send": before the mail is handed over; "postrun": after the task's
transaction committed, before the message is acknowledged; only for the task named
FAULTS_GATE_TASK) the task writes its process id
to FAULTS_GATE_DIR/reached-<point> and waits until FAULTS_GATE_DIR/open exists, so the
test can kill the worker there. Mails are written one file each to FAULTS_GATE_DIR/mail/.
"""

import os
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from celery.signals import task_postrun
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

WAIT_SECONDS = 30.0


def _gate_dir() -> Path:
    return Path(os.environ["FAULTS_GATE_DIR"])


def gate(point: str) -> None:
    if os.environ.get("FAULTS_GATE_POINT") != point:
        return
    with (_gate_dir() / f"reached-{point}").open("a") as reached:
        reached.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + WAIT_SECONDS
    while not (_gate_dir() / "open").exists() and time.monotonic() < deadline:
        time.sleep(0.02)


class GatedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        gate("send")
        outbox = _gate_dir() / "mail"
        outbox.mkdir(exist_ok=True)
        for message in email_messages:
            (outbox / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)


@task_postrun.connect
def _after_the_task(task: Any = None, **kwargs: Any) -> None:
    if task is not None and task.name == os.environ.get("FAULTS_GATE_TASK"):
        gate("postrun")
