"""A worker killed in the middle of a mail task: the mail still arrives, exactly once.

Real `celery worker` subprocesses on Redis and the test's PostgreSQL database; the task
blocks at a chosen point (tests/integration/worker_gate.py) while the test kills it.
"""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from django.db import connection

from apps.accounts.roles import Role
from apps.core.models import OutboxMessage
from apps.vertrouwenspersoon import services
from apps.vertrouwenspersoon.models import Report
from tests.integration.conftest import broker_at, redis_url, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
NOTIFY = "apps.vertrouwenspersoon.tasks.notify_counsellor"
START_SECONDS = 40.0


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Workers:
    """Worker subprocesses sharing one gate directory."""

    url: str
    gate_dir: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, name: str, gate: str, *, visibility: int = 3600, fast_restore: bool = False) -> int:
        """Start a worker (one pool child) whose notify task waits at `gate`; its pid."""
        log_path = self.gate_dir / f"{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": self.url,
            "CELERY_VISIBILITY_TIMEOUT": str(visibility),
            "FAULTS_FAST_RESTORE": "1" if fast_restore else "0",
            "FAULTS_GATE_DIR": str(self.gate_dir),
            "FAULTS_GATE_POINT": gate,
            "FAULTS_GATE_TASK": NOTIFY,
        }
        command = [str(CELERY), "-A", "portal", "worker", "--pool=prefork", "--concurrency=1"]
        command += ["--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        command += ["--hostname", f"{name}@faults"]
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 - our own celery, fixed arguments
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.processes.append(process)
        wait_until(
            lambda: " ready." in log_path.read_text() or process.poll() is not None,
            f"worker {name} to start",
            timeout=START_SECONDS,
        )
        assert process.poll() is None, log_path.read_text()
        return process.pid

    def kill_all_of(self, pid: int) -> None:
        """SIGKILL the worker and its pool child at once, as a crash or the OOM killer would."""
        os.killpg(pid, signal.SIGKILL)
        next(p for p in self.processes if p.pid == pid).wait(timeout=10)

    def reached(self, point: str) -> list[int]:
        path = self.gate_dir / f"reached-{point}"
        return [int(line) for line in path.read_text().split()] if path.exists() else []

    def open_gate(self) -> None:
        (self.gate_dir / "open").touch()

    def mails(self) -> int:
        folder = self.gate_dir / "mail"
        return len(list(folder.iterdir())) if folder.exists() else 0

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@pytest.fixture
def workers(transactional_db: None, tmp_path: Path) -> Iterator[Workers]:
    if connection.vendor != "postgresql":
        pytest.skip("Worker subprocesses need the test database on PostgreSQL (CI sets DATABASE_URL).")
    url = redis_url()
    # Nothing from an earlier run: not in the queue, not held for a dead worker.
    redis.Redis.from_url(url).delete("celery", "unacked", "unacked_index", "unacked_mutex")
    running = Workers(url=url, gate_dir=tmp_path)
    try:
        with broker_at(url):
            yield running
    finally:
        running.stop()  # before the database is flushed


def submit_report(make_user) -> Report:
    """A named report through the service: its notification is published on commit."""
    return services.report_submit(
        reporter=make_user("mw-kill", [Role.EMPLOYEE]),
        category="pesten",
        text="Vertrouwelijk.",
        counsellor=make_user("vp-kill", [Role.COUNSELLOR]),
        anonymous=False,
    ).report


def row_of(report: Report) -> OutboxMessage:
    return OutboxMessage.objects.get(task=NOTIFY, args=[str(report.pk), "new_report"])


def nothing_in_flight(url: str) -> bool:
    client = redis.Redis.from_url(url)
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


def test_a_worker_killed_before_the_mail_went_out_sends_it_once_after_a_restart(workers, make_user):
    first = workers.start("first", gate="send")
    report = submit_report(make_user)
    wait_until(lambda: len(workers.reached("send")) == 1, "the task to reach the mail server", timeout=20)

    workers.kill_all_of(first)
    assert workers.mails() == 0
    assert row_of(report).done_at is None  # the claim was rolled back with the dead transaction
    workers.open_gate()
    # A new worker takes the message the dead one held once the visibility timeout passed.
    workers.start("second", gate="send", visibility=2, fast_restore=True)
    wait_until(lambda: workers.mails() >= 1, "the new worker to send the mail", timeout=30)
    wait_until(lambda: nothing_in_flight(workers.url), "the message to be acknowledged")

    assert workers.mails() == 1
    assert len(workers.reached("send")) == 2
    assert row_of(report).done_at is not None


def test_a_task_redelivered_after_its_mail_went_out_sends_nothing_again(workers, make_user):
    workers.start("only", gate="postrun")
    report = submit_report(make_user)
    wait_until(lambda: len(workers.reached("postrun")) == 1, "the task to finish", timeout=20)
    assert workers.mails() == 1
    assert row_of(report).done_at is not None  # committed, but the message is not acknowledged yet

    [pool_child] = workers.reached("postrun")
    os.kill(pool_child, signal.SIGKILL)  # the worker requeues the message (acks_late, reject on loss)
    workers.open_gate()
    wait_until(
        lambda: len(workers.reached("postrun")) == 2, "the worker to run the message again", timeout=30
    )
    wait_until(lambda: nothing_in_flight(workers.url), "the message to be acknowledged")

    assert workers.mails() == 1
