"""The portal on loopback for the browser tests: a fresh SQLite database with the demo data,
served by gunicorn (as in production) with tests/e2e/settings.py in a subprocess."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = ROOT / "var" / "e2e"
PYTHON = sys.executable
SETTINGS = "tests.e2e.settings"
# What the suite's own environment may point elsewhere (PostgreSQL and Redis on CI).
FOREIGN = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "DEBUG")
# Test-only secrets, so the e2e portal neither uses nor creates a developer's var/dev-* files.
SECRETS = {
    "SECRET_KEY": "e2e-only-secret-key-not-for-production-0123456789abcdefghij",
    "FIELD_ENCRYPTION_KEYS": "ZTJlLW9ubHktZmllbGQta2V5LTMyLWJ5dGVzLTAxMjM=",
    "RECEIPT_CODE_PEPPER": "e2e-only-pepper-not-for-production-0123",
}


def environment(*, debug: bool = False, base_url: str = "") -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in FOREIGN}
    env.update(SECRETS, DJANGO_SETTINGS_MODULE=SETTINGS, PORTAL_E2E_DIR=str(E2E_DIR), PYTHONUNBUFFERED="1")
    env["DEBUG"] = "1" if debug else "0"
    if base_url:
        env["PORTAL_BASE_URL"] = base_url
    return env


def manage(*args: str, debug: bool = False) -> str:
    """Run a management command against the e2e database; its output, or an error with it."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(debug=debug),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare_database() -> None:
    """A new database: migrated, with the demo data and what tests/e2e/prepare.py adds."""
    (E2E_DIR / "static").mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-journal", "-wal", "-shm"):
        (E2E_DIR / f"portal.sqlite3{suffix}").unlink(missing_ok=True)
    manage("shell", "--command", "from tests.e2e.prepare import main; main()", debug=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Portal:
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url + path


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The portal did not start:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"The portal did not answer within 30 s:\n{log.read_text()[-3000:]}")


@contextmanager
def serve() -> Iterator[Portal]:
    """Prepare the database and serve the portal on a free loopback port until the block ends."""
    prepare_database()
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = E2E_DIR / "server.log"
    # One worker, so the in-process cache (receipt-code lockout, double-submit guard) is shared.
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "portal.wsgi",
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
        "--threads=4",
        "--no-control-socket",
        "--access-logfile=-",
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            command, cwd=ROOT, env=environment(base_url=base_url), stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_up(base_url + "/account/inloggen/", process, log)
        yield Portal(base_url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
