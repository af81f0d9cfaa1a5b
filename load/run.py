"""`make load`: serve the portal with gunicorn on loopback, run locust against it, and fail
on any error response or on a write that locust saw succeed but the database lacks.

The portal gets its own database: `<name>_load` next to DATABASE_URL's PostgreSQL database
when that is set, else var/load/load.sqlite3 (WAL, immediate transactions, a busy timeout).
It is migrated, seeded (seed_demo) and given load users: an account per locust user, a
tenth of them (at least one each) counsellors, OR members and HR/bestuurder. Each
counsellor gets a key pair locked with the password, so logging in unlocks it. Tasks run
in-process (no broker), mail goes nowhere, passwords use a fast hasher (load/settings.py).
Notifications about anonymous meldingen wait 1 to 5 seconds here (10 to 90 minutes in
production); after the run this script relays them, as the beat task would, and checks
that none is left pending.

Settings: LOAD_USERS (50), LOAD_SECONDS (60), LOAD_SPAWN_RATE (10), LOAD_WORKERS (3
gunicorn processes with 4 threads each). Output in var/load/.
"""

import io
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "var" / "load"
PASSWORD = "Load-test-wachtwoord-2026"  # noqa: S105 - throwaway accounts in a throwaway database
ZERO = uuid.UUID(int=0)
POLLS = 3
NOTIFY_DELAY_SECONDS = (1, 5)  # the random delay of notifications about anonymous meldingen


def setting(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


USERS = setting("LOAD_USERS", 50)
# Locust users per role besides the employees (counsellors, OR members, HR/bestuurder).
PER_ROLE = max(1, USERS // 10)
SECONDS = setting("LOAD_SECONDS", 60)
SPAWN_RATE = setting("LOAD_SPAWN_RATE", 10)
WORKERS = setting("LOAD_WORKERS", 3)


def load_database_url() -> str:
    """A fresh database of our own, never the one DATABASE_URL names."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import environ
        import psycopg

        config = environ.Env.db_url_config(url)
        name = f"{config['NAME']}_load"
        admin = psycopg.connect(
            dbname="postgres",
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            autocommit=True,
        )
        with admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        return url.rsplit("/", 1)[0] + "/" + name
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "load.sqlite3"
    for stale in OUT.glob("load.sqlite3*"):
        stale.unlink()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer; kept in the file
    # Writers queue for the lock (busy timeout) from the start of each transaction.
    return f"sqlite:///{path}?timeout=30&transaction_mode=IMMEDIATE"


def portal_env(database_url: str, debug: bool) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CELERY_BROKER_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="load.settings",
        DATABASE_URL=database_url,
        DEBUG="1" if debug else "0",
        EMAIL_URL="dummymail://",
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(OUT / "media"),
        PORTAL_NOTIFY_DELAY_MIN_SECONDS=str(NOTIFY_DELAY_SECONDS[0]),
        PORTAL_NOTIFY_DELAY_MAX_SECONDS=str(NOTIFY_DELAY_SECONDS[1]),
    )
    return env


def prepare(database_url: str) -> dict[str, Any]:
    """Migrate, seed, add load users and polls; the plan locust follows."""
    # As the portal under test: no broker, tasks in-process (the relay after the run too).
    for broker in ("REDIS_URL", "CELERY_BROKER_URL"):
        os.environ.pop(broker, None)
    os.environ.update(portal_env(database_url, debug=True))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    plan = {"urls": urls(), "accounts": accounts(), "polls": polls(), "per_role": PER_ROLE}
    plan["baseline"] = counts()
    return plan


def urls() -> dict[str, str]:
    from django.urls import NoReverseMatch, reverse

    def optional(name: str) -> str:
        try:
            return reverse(name)
        except NoReverseMatch:
            return ""

    return {
        "login": reverse("login"),
        "two_factor": optional("two_factor_verify"),
        "home": reverse("core:home"),
        "report_create": reverse("vertrouwenspersoon:report-create"),
        "anonymous_create": reverse("vertrouwenspersoon:anonymous-create"),
        "report_list": reverse("vertrouwenspersoon:report-list"),
        "report_detail": reverse("vertrouwenspersoon:report-detail", args=[ZERO]),
        "case_list": reverse("vertrouwenspersoon:case-list"),
        "case_detail": reverse("vertrouwenspersoon:case-detail", args=[ZERO]),
        "case_message": reverse("vertrouwenspersoon:case-message", args=[ZERO]),
        "question_create": reverse("achterban:question-create"),
        "question_list": reverse("achterban:question-list"),
        "question_detail": reverse("achterban:question-detail", args=[ZERO]),
        "qa_list": reverse("achterban:qa-list"),
        "question_inbox": reverse("achterban:question-inbox"),
        "poll_list": reverse("achterban:poll-list"),
        "library": reverse("hr:library-list"),
        "meeting_list": reverse("ondernemingsraad:meeting-list"),
        "minutes_list": reverse("ondernemingsraad:minutes-list"),
        "request_list": reverse("bestuurder:request-list"),
        "zero": str(ZERO),
    }


def accounts() -> dict[str, list[dict[str, str]]]:
    """An account per locust user, so no two share a login (nor a TOTP device)."""
    from django.contrib.auth.hashers import make_password

    from apps.accounts.models import Department, User
    from apps.accounts.roles import Role
    from apps.accounts.services import user_set_roles
    from apps.vertrouwenspersoon import keys

    kinds = {
        "employee": [Role.EMPLOYEE],
        "counsellor": [Role.COUNSELLOR],
        "works_council": [Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER, Role.WORKS_COUNCIL_SECRETARY],
        "management": [Role.EMPLOYEE, Role.HR],
    }
    department = Department.objects.order_by("pk").first()
    password = make_password(PASSWORD)  # hashed once: the accounts share it
    result: dict[str, list[dict[str, str]]] = {}
    for kind in kinds:
        result[kind] = []
        for n in range(USERS if kind == "employee" else PER_ROLE):
            roles = kinds[kind]
            user = User.objects.create(
                username=f"load-{kind}-{n}",
                email=f"load-{kind}-{n}@example.org",
                first_name="Load",
                last_name=f"{kind} {n}",
                password=password,
                department=department,
            )
            if kind == "management" and n % 2:
                roles = [Role.EMPLOYEE, Role.EXECUTIVE]  # every other one a bestuurder
            user_set_roles(actor=None, user=user, roles=roles)
            if Role.COUNSELLOR in roles:  # as on the key page: locked with the login password
                keys.key_pair_create(counsellor=user, secret=PASSWORD)
            result[kind].append(
                {
                    "username": user.username,
                    "password": PASSWORD,
                    "totp_key": totp(user),
                    "executive": Role.EXECUTIVE in roles,
                }
            )
    return result


def totp(user: Any) -> str:
    """A confirmed authenticator app for roles that need two-factor login; its key (hex)."""
    from django.conf import settings

    if "django_otp.plugins.otp_totp" not in settings.INSTALLED_APPS:
        return ""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.accounts.policy import two_factor_required

    if not two_factor_required(user):
        return ""
    return str(TOTPDevice.objects.create(user=user, name="load", confirmed=True).key)


def polls() -> list[str]:
    """Open polls for everyone; their answer pages."""
    from django.urls import reverse
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.achterban import services
    from apps.achterban.models import QuestionKind

    secretary = User.objects.get(username="load-works_council-0")
    now = timezone.now()
    pages = []
    for n in range(POLLS):
        poll = services.poll_create(
            actor=secretary,
            title=f"Belasting {n}",
            introduction="Een peiling voor de belastingtest.",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=7),
            for_everyone=True,
        )
        services.poll_question_add(
            actor=secretary,
            poll=poll,
            text="Welk rooster?",
            kind=QuestionKind.SINGLE,
            options=["Vroeg", "Laat"],
        )
        services.poll_question_add(
            actor=secretary, poll=poll, text="Hoe druk?", kind=QuestionKind.SCALE, scale_min_label="rustig"
        )
        services.poll_question_add(
            actor=secretary, poll=poll, text="Opmerkingen?", kind=QuestionKind.OPEN, required=False
        )
        services.poll_publish(actor=secretary, poll=poll)
        pages.append(reverse("achterban:poll-answer", args=[poll.pk]))
    return pages


def counts() -> dict[str, int]:
    """Rows per kind of write locust makes, and notifications not done."""
    from django.db import connections

    from apps.achterban.models import ConstituencyQuestion, PollParticipation
    from apps.core.models import OutboxMessage
    from apps.vertrouwenspersoon.models import Author, Report, ReportMessage

    connections.close_all()  # a fresh look, after the server wrote
    return {
        "reports": Report.objects.count(),
        "questions": ConstituencyQuestion.objects.count(),
        "poll_answers": PollParticipation.objects.count(),
        "replies": ReportMessage.objects.filter(author=Author.COUNSELLOR).count(),
        "notifications_not_done": OutboxMessage.objects.filter(done_at__isnull=True).count(),
    }


def relay_delayed() -> int:
    """Publish the delayed notifications once their time has come, as the beat task does."""
    from django.db import connections

    from apps.core import outbox

    connections.close_all()
    time.sleep(NOTIFY_DELAY_SECONDS[1] + 1)
    relayed = 0
    while published := outbox.relay():
        relayed += published
    return relayed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(database_url: str, port: int, login_path: str) -> subprocess.Popen[bytes]:
    log = (OUT / "gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(BIN / "gunicorn"),
            "portal.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--threads=4",
            "--timeout=120",
            "--keep-alive=75",  # as a proxy in front would: idle connections stay open between clicks
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=portal_env(database_url, debug=False),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{login_path}", timeout=30):  # noqa: S310
                return server
        except OSError:  # not listening yet, or still loading
            time.sleep(0.5)
    server.kill()
    server.wait()
    sys.exit(f"gunicorn did not start; see {OUT / 'gunicorn.log'}")


def run_locust(port: int, plan_path: Path, result_path: Path) -> int:
    env = {**os.environ, "LOAD_PLAN": str(plan_path), "LOAD_RESULT": str(result_path)}
    command = [
        str(BIN / "locust"),
        "--locustfile",
        str(ROOT / "load" / "locustfile.py"),
        "--headless",
        f"--host=http://127.0.0.1:{port}",
        f"--users={USERS}",
        f"--spawn-rate={SPAWN_RATE}",
        f"--run-time={SECONDS}s",
        "--stop-timeout=30",  # users finish the task they are in, so every write is counted
        "--only-summary",
        f"--csv={OUT / 'locust'}",
        "--loglevel=WARNING",
    ]
    return subprocess.call(command, cwd=ROOT, env=env, timeout=SECONDS + 180)  # noqa: S603


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    database_url = load_database_url()
    print(f"== load: database {database_url.split('?')[0]}, {USERS} users for {SECONDS} s", flush=True)
    plan = prepare(database_url)
    plan_path, result_path = OUT / "plan.json", OUT / "result.json"
    plan_path.write_text(json.dumps(plan))
    result_path.unlink(missing_ok=True)
    port = free_port()
    server = serve(database_url, port, plan["urls"]["login"])
    try:
        locust_status = run_locust(port, plan_path, result_path)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    seen = json.loads(result_path.read_text()) if result_path.exists() else {}
    relayed = relay_delayed()
    print(f"== load: {relayed} delayed notifications (anonymous meldingen) relayed after the run", flush=True)
    after = counts()
    return report(locust_status, plan["baseline"], after, seen)


def report(locust_status: int, before: dict[str, int], after: dict[str, int], seen: dict[str, int]) -> int:
    print("== load: writes (locust saw succeed / new rows in the database)")
    lost = False
    for kind in ("reports", "questions", "poll_answers", "replies"):
        stored = after[kind] - before[kind]
        confirmed = seen.get(kind, 0)
        mark = "ok" if stored == confirmed else "MISMATCH"
        lost = lost or stored != confirmed
        print(f"   {kind:14} {confirmed:6} / {stored:6}  {mark}")
    # Absolute, not against the baseline: the relay after the run also sends seed_demo's
    # delayed notification (its anonymous melding), so nothing at all may be left.
    not_done = after["notifications_not_done"]
    print(f"   notifications still pending: {not_done}")
    print(f"   details: {OUT}/locust_stats.csv, {OUT}/gunicorn.log")
    if locust_status != 0:
        print("== load: FAILED: locust saw error responses (see the summary above)")
    if lost or not seen:
        print("== load: FAILED: the database does not hold what locust saw succeed")
    if not_done:
        print("== load: FAILED: notifications were left pending")
    return 1 if locust_status != 0 or lost or not seen or not_done else 0


if __name__ == "__main__":
    sys.exit(main())
