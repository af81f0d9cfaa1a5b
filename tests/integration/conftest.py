"""A real Celery worker, in a thread of the test process, against the Redis in REDIS_URL.

Without REDIS_URL the tests that use it are skipped (under CI=true a skip fails the run).
"""

import contextlib
import faulthandler
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun, task_received

from portal.celery import app

# If anything below hangs (a broker that accepts but never answers), the process
# exits with a traceback instead of holding CI until its own time limit.
WATCHDOG_SECONDS = 120
TASK_GATE_SECONDS = 10.0


@dataclass
class LiveWorker:
    received: list[str] = field(default_factory=list)
    """Names of the tasks the worker took from the broker, in order."""
    gate: threading.Event = field(default_factory=threading.Event)
    """Tasks wait (at most TASK_GATE_SECONDS) until this is set: see release()."""

    def release(self) -> None:
        self.gate.set()


def wait_until(predicate: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}.")
        time.sleep(0.05)


def free_port() -> int:
    """A loopback port nothing listens on: a broker there refuses every connection."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def broker_at(url: str) -> Iterator[None]:
    """Inside the block tasks are published to the broker at url, not run in-process."""
    app.finalize(auto=True)  # configure the app first, whichever test uses it first
    saved = dict(app.conf.changes)
    _forget_connections()
    app.conf.update(broker_url=url, task_always_eager=False, worker_hijack_root_logger=False)
    try:
        yield
    finally:
        _forget_connections()
        app.conf.changes.clear()
        app.conf.changes.update(saved)


def _forget_connections() -> None:
    """Producers made for another broker URL are not reused (the pools are per URL)."""
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


def redis_url() -> str:
    """REDIS_URL, answering; skips without it (under CI=true a skip fails the run)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: a real Celery worker needs Redis (CI provides it).")
    _require_redis(url)
    return url


def _require_redis(url: str) -> None:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.fail(f"REDIS_URL={url} is set but Redis does not answer: {exc}")


@pytest.fixture
def live_worker(settings: Any) -> Iterator[LiveWorker]:
    """Tasks go through Redis to a real worker; set .gate (release()) to let them run."""
    url = redis_url()
    faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True, file=sys.__stderr__)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    live = LiveWorker()

    def on_received(request: Any = None, **kwargs: Any) -> None:
        live.received.append(request.name)

    def on_prerun(**kwargs: Any) -> None:
        live.gate.wait(TASK_GATE_SECONDS)

    task_received.connect(on_received, weak=False)
    task_prerun.connect(on_prerun, weak=False)
    try:
        with broker_at(url):
            app.control.purge()  # leftovers of an aborted run must not reach this test's worker
            with start_worker(app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=15):
                try:
                    yield live
                finally:
                    live.release()  # never leave a task waiting while the worker stops
    finally:
        task_prerun.disconnect(on_prerun)
        task_received.disconnect(on_received)
        faulthandler.cancel_dump_traceback_later()
