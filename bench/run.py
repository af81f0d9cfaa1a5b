"""The benchmark behind `make bench`.

1. Creates and migrates the bench database (PostgreSQL when DATABASE_URL is set, else
   var/bench.sqlite3) and seeds it with `seed_scale` unless it is seeded already
   (BENCH_SCALE, default 1; BENCH_RESEED=1 starts from an empty database).
2. Serves the portal with gunicorn (2 workers) on 127.0.0.1 under portal.settings.bench.
3. Logs in as each role through the login page, as a browser does (`log_in`): the password,
   then the two-factor code where the role asks for it, so the counsellor's key pair
   unlocks through the login hook; the reporter also enters the receipt code (report-unlock).
4. For every page: median and p95 latency over BENCH_REQUESTS sequential requests,
   interleaved with its baseline (bench/baseline.py), the SQL queries of one request
   (X-Bench-Queries header) and the throughput at BENCH_CLIENTS concurrent clients.
5. Prints the table and writes it with the machine's details to docs/benchmarks.md.

Run: `make bench`, or `.venv/bin/python -m bench.run` (same environment variables).
"""

import http.client
import http.cookies
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
OUTPUT = ROOT / "docs" / "benchmarks.md"
HOST = "127.0.0.1"
WORKERS = 2
QUERY_HEADER = "X-Bench-Queries"
EMPLOYEE = "medewerker-00001"  # a user seed_scale always makes
NOTES = "\n## Notes\n"
LOGIN_PATH = "/account/inloggen/"
TWO_FACTOR_PATH = "/account/inloggen/code/"
REPORT_FORM = "/vertrouwenspersoon/melding/nieuw/"
ANONYMOUS_FORM = "/vertrouwenspersoon/anoniem/"
TOTP_STEP = 30  # seconds, django_otp's default
SESSION_REUSE_SECONDS = 600  # a persona logs in again after this (counsellors idle out after 15 min)

# Targets (docs/benchmarks.md explains them).
RATIO_TARGET = 3.0
P95_TARGET_MS = 150.0
SUBMIT_TARGET_MS = 100.0


@dataclass(frozen=True)
class Config:
    scale: float
    requests: int
    warmup: int
    clients: int
    throughput_seconds: float
    reseed: bool
    output: Path

    @classmethod
    def from_env(cls) -> "Config":
        return cls(
            scale=float(os.environ.get("BENCH_SCALE", "1")),
            requests=int(os.environ.get("BENCH_REQUESTS", "100")),
            warmup=int(os.environ.get("BENCH_WARMUP", "10")),
            clients=int(os.environ.get("BENCH_CLIENTS", "10")),
            throughput_seconds=float(os.environ.get("BENCH_THROUGHPUT_SECONDS", "5")),
            reseed=os.environ.get("BENCH_RESEED", "") not in ("", "0"),
            output=Path(os.environ.get("BENCH_OUTPUT", str(OUTPUT))),
        )


# --- the database -------------------------------------------------------------------------


def prepare_database(config: Config) -> dict[str, Any]:
    """Create, migrate and (once) seed the bench database. Returns what seeding recorded."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        path = Path(database["NAME"])
        if config.reseed and path.exists():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        _create_postgres_database(database, drop=config.reseed)
    print("Migrating the bench database ...", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    record_file = VAR / f"bench-seed-{connection.vendor}-{Path(str(database['NAME'])).name}.json"
    from apps.accounts.models import User

    if User.objects.exists():
        if not User.objects.filter(username=EMPLOYEE).exists():
            raise SystemExit(
                f"{database['NAME']} holds users but was not filled by seed_scale: "
                "point DATABASE_URL at a database of its own (or BENCH_RESEED=1 to empty it)."
            )
        record = json.loads(record_file.read_text()) if record_file.exists() else {}
        if record and record.get("scale") != config.scale:
            print(
                f"Note: the database was seeded at scale {record.get('scale')}, not {config.scale}; "
                "measuring what is there (BENCH_RESEED=1 seeds again).",
                flush=True,
            )
        return record
    print(f"Seeding at scale {config.scale:g} (seed_scale) ...", flush=True)
    started = time.perf_counter()
    call_command("seed_scale", scale=config.scale)
    record = {
        "scale": config.scale,
        "seconds": round(time.perf_counter() - started, 1),
        "database": connection.vendor,
        "date": datetime.now().astimezone().isoformat(timespec="minutes"),
    }
    VAR.mkdir(exist_ok=True)
    record_file.write_text(json.dumps(record))
    return record


def _create_postgres_database(database: dict[str, Any], drop: bool) -> None:
    import psycopg

    name = database["NAME"]
    if name in ("portal", "postgres"):
        raise SystemExit(
            f"Refusing to benchmark on the database {name!r}: point DATABASE_URL at a bench database."
        )
    params = {
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as maintenance:
        exists = maintenance.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        quoted = psycopg.sql.Identifier(name)
        if exists and drop:
            maintenance.execute(psycopg.sql.SQL("DROP DATABASE {} WITH (FORCE)").format(quoted))
            exists = None
        if not exists:
            maintenance.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(quoted))


# --- logging in -----------------------------------------------------------------------------

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT_CODE_SHOWN = re.compile(rb"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")
# method, path, Cookie header, body, headers -> the response (over HTTP, or a test client)
Fetch = Callable[[str, str, str, bytes | None, dict[str, str]], "Response"]


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str
    totp_key: bytes | None = None  # the authenticator app's key, for roles with two-factor login


@dataclass
class Session:
    """One browser: its cookies, kept from every response, sent with every request."""

    fetch: Fetch
    cookies: dict[str, str] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    unlocked: set[str] = field(default_factory=set)  # report-unlock paths done in this session

    @property
    def cookie(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def send(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> "Response":
        reply = self.fetch(method, path, self.cookie, body, headers or {})
        for name, value in reply.cookies.items():
            if value:
                self.cookies[name] = value
            else:  # deleted (logout, the anonymous zone's cookies)
                self.cookies.pop(name, None)
        return reply

    def get(self, path: str) -> "Response":
        return self.send("GET", path)

    def post(self, path: str, form: "Response", fields: dict[str, str]) -> "Response":
        """Post `fields` with the CSRF token of the page `form`, as its form would."""
        token = CSRF_FIELD.search(form.body)
        data = {"csrfmiddlewaretoken": token.group(1).decode() if token else "", **fields}
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.send("POST", path, urlencode(data).encode(), headers)


class LoginFailed(Exception):
    pass


def log_in(fetch: Fetch, credentials: Credentials) -> Session:
    """Log in through the login page: the password, then the two-factor code if the portal
    asks for it on the way to the home page. The login view's hook unlocks a counsellor's
    key pair with the password, into the session's vault (its cookie is kept here)."""
    session = Session(fetch)
    form = session.get(LOGIN_PATH)
    reply = session.post(
        LOGIN_PATH, form, {"username": credentials.username, "password": credentials.password}
    )
    for _ in range(6):  # the home page, by way of the code step
        if reply.status == 200 and not reply.path.startswith(LOGIN_PATH):  # nor the code step
            return session
        if reply.status != 302:
            raise LoginFailed(f"{credentials.username}: {reply.path} answered HTTP {reply.status}")
        location = reply.headers["location"]
        if location.startswith(TWO_FACTOR_PATH):
            if credentials.totp_key is None:
                raise LoginFailed(f"{credentials.username}: asked for a code, but has no authenticator key")
            reply = _enter_code(session, location, credentials.totp_key)
        else:
            reply = session.get(location)
    raise LoginFailed(f"{credentials.username}: the login did not end on a page")


_CODE_STEP_USED: dict[bytes, int] = {}  # authenticator key -> the last step whose code was sent


def _enter_code(session: Session, path: str, key: bytes) -> "Response":
    """The authenticator's current code. Each code is accepted once: when this 30-second
    step's code was used already (by a login just before, here or in another process),
    the next step's is."""
    for _ in range(2):
        form = session.get(path)
        step = int(time.time() // TOTP_STEP)
        if _CODE_STEP_USED.get(key, -1) >= step:  # used by a login in this process: wait for the next
            time.sleep(TOTP_STEP - time.time() % TOTP_STEP + 1)
            step = int(time.time() // TOTP_STEP)
        _CODE_STEP_USED[key] = step
        reply = session.post(path, form, {"otp_token": totp_code(key)})
        if reply.status != 200:  # accepted: on to the page asked for
            break
        time.sleep(TOTP_STEP - time.time() % TOTP_STEP + 1)
    return reply


def unlock_report(session: Session, unlock_path: str, code: str) -> None:
    """A named reporter enters the receipt code (report-unlock), once per session."""
    form = session.get(unlock_path)
    reply = session.post(unlock_path, form, {"code": code})
    if reply.status != 302:
        raise LoginFailed(f"{unlock_path}: the receipt code did not open the report (HTTP {reply.status})")
    session.unlocked.add(unlock_path)


def totp_code(key: bytes) -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(key, step=TOTP_STEP).token():06d}"


def credentials_for(username: str, password: str) -> Credentials:
    """What a person logs in with: the password and, where needed, their authenticator app
    (read from the database before the server starts; made if the user has none yet)."""
    from apps.accounts.models import User

    device = _second_factor(User.objects.get(username=username))
    return Credentials(username, password, bytes(device.bin_key) if device is not None else None)


def _second_factor(user: Any) -> Any:
    """The confirmed authenticator app a real login would ask a code of, if any is needed."""
    from django.conf import settings

    if "django_otp.plugins.otp_totp" not in settings.INSTALLED_APPS:
        return None
    from django_otp.plugins.otp_totp.models import TOTPDevice

    try:
        from apps.accounts.policy import has_two_factor_device, two_factor_required
    except ImportError:  # no two-factor rules in this version of the portal
        return None
    if not (two_factor_required(user) or has_two_factor_device(user)):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)


class Sessions:
    """One logged-in session per persona, reused for its pages (a counsellor's code works
    once per 30 seconds), renewed after SESSION_REUSE_SECONDS; receipt codes entered as
    the pages need them."""

    def __init__(self, fetch: Fetch, credentials: dict[str, Credentials], receipt_code: str = "") -> None:
        self.fetch = fetch
        self.credentials = credentials
        self.receipt_code = receipt_code
        self.sessions: dict[str, Session] = {}

    def for_page(self, page: "Page") -> Session:
        session = self.sessions.get(page.persona)
        if session is None or time.monotonic() - session.started > SESSION_REUSE_SECONDS:
            session = self.sessions[page.persona] = log_in(self.fetch, self.credentials[page.persona])
        if page.unlock and page.unlock not in session.unlocked:
            unlock_report(session, page.unlock, self.receipt_code)
        return session

    def cookie(self, page: "Page") -> str:
        return self.for_page(page).cookie


# --- the pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    persona: str  # username
    path: str
    baseline: str | None
    unlock: str = ""  # a named reporter's report-unlock page, where the receipt code is entered


def pages() -> list[Page]:
    """The pages each role uses most, with the objects they show (read from the database)."""
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.achterban.models import ConstituencyPoll
    from apps.ondernemingsraad.models import Meeting, MeetingKind
    from apps.vertrouwenspersoon.models import AnnualReport, Author, Report, Status

    counsellor = User.objects.get(username="vertrouwenspersoon-01")
    case = (
        Report.objects.filter(counsellor=counsellor, status=Status.IN_PROGRESS)
        .order_by("-created_at")
        .first()
    )
    case = case or Report.objects.filter(counsellor=counsellor).order_by("-created_at").first()
    meeting = (
        Meeting.objects.filter(kind=MeetingKind.CONSULTATION, starts_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    poll = (
        ConstituencyPoll.objects.filter(closed_at__isnull=False, for_everyone=True)
        .order_by("-opens_at")
        .first()
    )
    figures = AnnualReport.objects.filter(counsellor=counsellor, state=AnnualReport.State.PUBLISHED)
    published = figures.order_by("-year").first()
    draft = AnnualReport.objects.filter(counsellor=counsellor, state=AnnualReport.State.DRAFT).first()
    named = Report.objects.filter(is_anonymous=False, reporter__isnull=False).order_by("-created_at")
    # A named report in progress with a reply of its reporter, else one with any messages.
    followed = (
        named.filter(status=Status.IN_PROGRESS, messages__author=Author.REPORTER).first()
        or named.filter(messages__isnull=False).first()
        or named.first()
    )
    assert case and meeting and poll and published and draft and followed, (  # noqa: S101
        "the bench database lacks sample objects"
    )
    reporter = User.objects.get(pk=followed.reporter_id).username
    employee, member, hr, executive, vp = (
        EMPLOYEE,
        "or-lid-01",
        "hr-01",
        "bestuurder-01",
        "vertrouwenspersoon-01",
    )
    bench = "/__bench__"
    return [
        Page("home · employee", employee, "/", f"{bench}/home-employee/"),
        Page("home · OR member", member, "/", f"{bench}/home-works-council/"),
        Page("home · HR", hr, "/", f"{bench}/home-hr/"),
        Page("home · executive", executive, "/", f"{bench}/home-executive/"),
        Page("home · counsellor", vp, "/", f"{bench}/home-counsellor/"),
        Page("counsellor case list", vp, "/vertrouwenspersoon/dossiers/", f"{bench}/case-list/"),
        Page(
            "counsellor case page", vp, f"/vertrouwenspersoon/dossiers/{case.pk}/", f"{bench}/case/{case.pk}/"
        ),
        Page(
            "reporter's melding page",
            reporter,
            f"/vertrouwenspersoon/meldingen/{followed.pk}/",
            f"{bench}/report/{followed.pk}/",
            unlock=f"/vertrouwenspersoon/meldingen/{followed.pk}/ontgrendelen/",
        ),
        Page("meeting list (upcoming)", member, "/or/vergaderingen/", f"{bench}/meeting-list/"),
        Page("meeting list (past)", member, "/or/vergaderingen/?when=geweest", f"{bench}/past-meeting-list/"),
        Page(
            "agenda page with documents",
            member,
            f"/or/vergaderingen/{meeting.pk}/",
            f"{bench}/meeting/{meeting.pk}/",
        ),
        Page("policy library", employee, "/regelingen/", f"{bench}/library/"),
        Page(
            "poll results",
            employee,
            f"/achterban/peilingen/{poll.pk}/resultaten/",
            f"{bench}/poll/{poll.pk}/",
        ),
        Page(
            "anonymised figures (published)",
            hr,
            f"/vertrouwenspersoon/jaarcijfers/{published.pk}/",
            f"{bench}/figures/{published.pk}/",
        ),
        Page(
            "anonymised figures (counsellor's draft)",
            vp,
            f"/vertrouwenspersoon/cijfers/{draft.pk}/",
            f"{bench}/draft-figures/{draft.pk}/",
        ),
    ]


# --- HTTP ---------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    seconds: float
    queries: int | None
    headers: dict[str, str]
    body: bytes
    cookies: dict[str, str] = field(default_factory=dict)  # set by the response ("" deleted)
    path: str = ""


def request(
    port: int,
    path: str,
    cookie: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """One request on a new connection (gunicorn's sync workers close it after each response)."""
    sent = {"Cookie": cookie, "Host": f"{HOST}:{port}", **(headers or {})}
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=sent)
        reply = connection.getresponse()
        content = reply.read()
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    received: dict[str, str] = {}
    cookies: dict[str, str] = {}
    for name, value in reply.getheaders():  # repeated headers (Set-Cookie) joined
        received[name.lower()] = f"{received[name.lower()]}, {value}" if name.lower() in received else value
        if name.lower() == "set-cookie":
            jar = http.cookies.SimpleCookie()
            jar.load(value)
            cookies.update({key: morsel.value for key, morsel in jar.items()})
    queries = received.get(QUERY_HEADER.lower())
    return Response(
        reply.status, seconds, int(queries) if queries else None, received, content, cookies, path
    )


def fetch_over_http(port: int) -> Fetch:
    def fetch(method: str, path: str, cookie: str, body: bytes | None, headers: dict[str, str]) -> Response:
        return request(port, path, cookie, method, body, headers)

    return fetch


def fetch_in_process(client: Any) -> Fetch:
    """The same requests through a Django test client, in this process (bench/queries.py,
    tests/perf/test_bench_harness.py): no server, the same views and middleware."""

    def fetch(method: str, path: str, cookie: str, body: bytes | None, headers: dict[str, str]) -> Response:
        content_type = headers.get("Content-Type", "application/octet-stream")
        started = time.perf_counter()
        # The Cookie header wins over the client's own cookie jar: the Session keeps the cookies.
        reply = client.generic(method, path, body or b"", content_type, headers={"Cookie": cookie})
        seconds = time.perf_counter() - started
        received = {name.lower(): value for name, value in reply.items()}
        cookies = {name: morsel.value for name, morsel in reply.cookies.items()}
        queries = received.get(QUERY_HEADER.lower())
        return Response(
            reply.status_code,
            seconds,
            int(queries) if queries else None,
            received,
            reply.content,
            cookies,
            path,
        )

    return fetch


@dataclass
class Measured:
    samples: list[float] = field(default_factory=list)  # seconds
    queries: int | None = None
    errors: list[str] = field(default_factory=list)
    throughput: float | None = None

    @property
    def median_ms(self) -> float:
        return 1000 * statistics.median(self.samples) if self.samples else float("nan")

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.samples)
        return (
            1000 * ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            if ordered
            else float("nan")
        )


def _check(measured: Measured, path: str, reply: Response, expected: int = 200) -> None:
    if reply.status != expected:
        measured.errors.append(f"{path}: HTTP {reply.status}")
    measured.samples.append(reply.seconds)
    measured.queries = reply.queries


def throughput(port: int, path: str, cookie: str, clients: int, seconds: float) -> float:
    """Requests per second (200 OK only) with `clients` clients sending back to back."""
    done = [0] * clients
    deadline = time.perf_counter() + seconds

    def client(index: int) -> None:
        while time.perf_counter() < deadline:
            if request(port, path, cookie).status == 200:
                done[index] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started)


def measure_page(
    port: int, page: Page, config: Config, cookie_for: Callable[[Page], str]
) -> tuple[Measured, Measured]:
    cookie = cookie_for(page)
    measured, baseline = Measured(), Measured()
    for _ in range(config.warmup):
        request(port, page.path, cookie)
        if page.baseline:
            request(port, page.baseline, cookie)
    for _ in range(config.requests):  # interleaved: both see the same load on a shared machine
        _check(measured, page.path, request(port, page.path, cookie))
        if page.baseline:
            _check(baseline, page.baseline, request(port, page.baseline, cookie))
    measured.throughput = throughput(port, page.path, cookie, config.clients, config.throughput_seconds)
    if page.baseline:
        baseline.throughput = throughput(
            port, page.baseline, cookie, config.clients, config.throughput_seconds
        )
    return measured, baseline


def measure_submit(config: Config, session: Session, anonymous: bool) -> Measured:
    """POST the melding form and time until the page with the receipt code: the named form
    in the employee's session, the anonymous one on its public page (no session)."""
    form_path = ANONYMOUS_FORM if anonymous else REPORT_FORM
    form = session.get(form_path)
    measured = Measured()
    if form.status != 200 or CSRF_FIELD.search(form.body) is None:
        measured.errors.append(f"{form_path}: no form (HTTP {form.status})")
        return measured
    for n in range(config.warmup + config.requests):
        fields = {
            "category": "pesten",
            "text": f"Benchmarkmelding {n}: mijn leidinggevende maakt kleinerende opmerkingen.",
            "counsellor": "",
            "submission": uuid.uuid4().hex,
        }
        reply = session.post(form_path, form, fields)
        if n >= config.warmup:
            _check(measured, form_path, reply)
            if reply.status == 200 and not RECEIPT_CODE_SHOWN.search(reply.body):
                measured.errors.append(f"{form_path}: no receipt code shown")
    return measured


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def start_gunicorn(port: int) -> subprocess.Popen[bytes]:
    VAR.mkdir(exist_ok=True)
    log = (VAR / "bench-gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(WORKERS),
            "--timeout",
            "120",
        ],  # fmt: skip
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {VAR / 'bench-gunicorn.log'}")
        try:
            if request(port, "/account/inloggen/", "").status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 seconds")


# --- the report ---------------------------------------------------------------------------


def machine() -> dict[str, str]:
    from django import get_version
    from django.db import connection

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total = next((line for line in meminfo.read_text().splitlines() if line.startswith("MemTotal")), "")
        memory = f"{int(total.split()[1]) / 1024 / 1024:.1f} GiB" if total else memory
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            import sqlite3

            database = f"SQLite {sqlite3.sqlite_version}"
    import gunicorn

    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores",
        "memory": memory,
        "system": platform.platform(),
        "Python": platform.python_version(),
        "Django": get_version(),
        "gunicorn": f"{gunicorn.__version__}, {WORKERS} sync workers",
        "database": database,
        "load average at start": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }


def data_sizes() -> dict[str, int]:
    from django.apps import apps

    from apps.accounts.models import User
    from apps.achterban.models import ConstituencyPoll, PollAnswer, PollResponse
    from apps.ondernemingsraad.models import Document, Meeting
    from apps.vertrouwenspersoon.models import Report

    permission_rows = sum(
        model.objects.count() for model in apps.get_models() if model.__name__.endswith("ObjectPermission")
    )
    return {
        "users": User.objects.count(),
        "meldingen": Report.objects.count(),
        "meetings": Meeting.objects.count(),
        "meeting documents": Document.objects.count(),
        "polls": ConstituencyPoll.objects.count(),
        "poll responses": PollResponse.objects.count(),
        "poll answers": PollAnswer.objects.count(),
        "object permission rows": permission_rows,
    }


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def table(results: list[tuple[Page, Measured, Measured]], submits: list[tuple[str, Measured]]) -> list[str]:
    lines = [
        "| page | role | median ms | p95 ms | queries | req/s | baseline median ms | baseline p95 ms "
        "| baseline queries | baseline req/s | ratio | ≤ 3× | p95 < 150 ms |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|:-:|",
    ]
    for page, measured, baseline in results:
        ratio = measured.median_ms / baseline.median_ms
        cells = [
            page.name,
            f"`{page.persona}`",
            f"{measured.median_ms:.1f}",
            f"{measured.p95_ms:.1f}",
            str(measured.queries),
            rate(measured.throughput),
            f"{baseline.median_ms:.1f}",
            f"{baseline.p95_ms:.1f}",
            str(baseline.queries),
            rate(baseline.throughput),
            f"{ratio:.1f}×",
            mark(ratio <= RATIO_TARGET),
            mark(measured.p95_ms < P95_TARGET_MS),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "| write | median ms | p95 ms | queries | < 100 ms median |", "|---|--:|--:|--:|:-:|"]
    for name, measured in submits:
        lines.append(
            f"| {name} | {measured.median_ms:.1f} | {measured.p95_ms:.1f} | {measured.queries} "
            f"| {mark(measured.median_ms < SUBMIT_TARGET_MS)} |"
        )
    return lines


def write_report(
    config: Config,
    seeded: dict[str, Any],
    host: dict[str, str],
    sizes: dict[str, int],
    lines: list[str],
    errors: list[str],
) -> None:
    seeding = (
        f"`seed_scale --scale {seeded['scale']:g}` took {seeded['seconds']:.0f} s on {seeded['database']} "
        f"({seeded['date']})."
        if seeded.get("seconds")
        else "The database was seeded by an earlier run (no seeding time recorded)."
    )
    text = [
        "# Benchmarks",
        "",
        f"Measured with `make bench` on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}. "
        "Written by bench/run.py; run it again to refresh this page.",
        "",
        "Each page is requested by one user of its role, logged in through the login page (the "
        "password, then the two-factor code where the role asks for it, so a counsellor's key unlocks "
        "as in real use; the reporter also entered the receipt code), "
        f"{config.requests} times one after the other (after {config.warmup} warm-up requests), "
        "interleaved with its **baseline**: a bare Django view in the same gunicorn process, behind the "
        "same middleware (session, user, locale, CSRF), that runs one indexed query for the same rows and "
        "renders a minimal template (bench/baseline.py). The ratio is the page's median over the "
        "baseline's. Queries are those of one request, counted by a bench-only middleware. Throughput: "
        f"requests per second with {config.clients} clients sending back to back for "
        f"{config.throughput_seconds:g} s. Client and server share the machine.",
        "",
        f"Targets: median within {RATIO_TARGET:g}× of the baseline and p95 under {P95_TARGET_MS:g} ms "
        f"for every page; submitting a melding under {SUBMIT_TARGET_MS:g} ms median. Query counts per "
        "page do not grow with the data: tests/perf and the apps' tests assert that with small and "
        "larger data.",
        "",
        "## Results",
        "",
        *lines,
        "",
        "## Data set",
        "",
        f"Scale {seeded.get('scale', config.scale):g} (1 = the organisation the portal is sized for). "
        + seeding,
        "",
        "| rows | count |",
        "|---|--:|",
        *(f"| {name} | {count:,} |" for name, count in sizes.items()),
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in host.items()),
        "",
    ]
    if errors:
        text += ["## Errors", "", *(f"- {error}" for error in errors[:20]), ""]
    notes = ""  # a hand-written "## Notes" section at the end survives the next run
    if config.output.exists() and NOTES in config.output.read_text():
        notes = NOTES + config.output.read_text().split(NOTES, 1)[1]
    config.output.parent.mkdir(parents=True, exist_ok=True)
    config.output.write_text("\n".join(text) + notes)


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.bench"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    config = Config.from_env()
    seeded = prepare_database(config)
    from django.db import connection

    from apps.core.management.commands.seed_scale import DEFAULT_PASSWORD
    from apps.vertrouwenspersoon.scale import RECEIPT_CODE

    host = machine()
    sizes = data_sizes()
    targets = pages()
    personas = {page.persona for page in targets} | {EMPLOYEE}
    credentials = {username: credentials_for(username, DEFAULT_PASSWORD) for username in personas}
    connection.close()
    port = free_port()
    server = start_gunicorn(port)
    sessions = Sessions(fetch_over_http(port), credentials, receipt_code=RECEIPT_CODE)
    results: list[tuple[Page, Measured, Measured]] = []
    submits: list[tuple[str, Measured]] = []
    try:
        for page in targets:
            print(f"  {page.name} ...", flush=True)
            measured, baseline = measure_page(port, page, config, sessions.cookie)
            results.append((page, measured, baseline))
        employee = sessions.for_page(Page("submit", EMPLOYEE, REPORT_FORM, None))
        for name, session in (
            ("submit a melding (named)", employee),
            ("submit a melding (anonymous)", Session(fetch_over_http(port))),
        ):
            print(f"  {name} ...", flush=True)
            submits.append((name, measure_submit(config, session, anonymous=session is not employee)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    host["load average at end"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    errors = [error for _, m, b in results for error in (*m.errors, *b.errors)]
    errors += [error for _, m in submits for error in m.errors]
    lines = table(results, submits)
    print("\n".join(lines))
    if errors:
        print(f"{len(errors)} requests failed, e.g. {errors[:3]}", file=sys.stderr)
    write_report(config, seeded, host, sizes, lines, errors)
    shown = config.output.relative_to(ROOT) if config.output.is_relative_to(ROOT) else config.output
    print(f"Written to {shown}")


if __name__ == "__main__":
    main()
