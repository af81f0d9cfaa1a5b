"""The benchmark behind `make bench`.

1. Creates and migrates the bench database (PostgreSQL when DATABASE_URL is set, else
   var/bench.sqlite3) and seeds it with `seed_scale` unless it is seeded already
   (BENCH_SCALE, default 1; BENCH_RESEED=1 starts from an empty database).
2. Serves the portal with gunicorn (2 workers) on 127.0.0.1 under portal.settings.bench.
3. Signs in as each role (a session as the login form leaves it; see `signed_in_cookie`).
4. For every page: median and p95 latency over BENCH_REQUESTS sequential requests,
   interleaved with its baseline (bench/baseline.py), the SQL queries of one request
   (X-Bench-Queries header) and the throughput at BENCH_CLIENTS concurrent clients.
5. Prints the table and writes it with the machine's details to docs/benchmarks.md.

Run: `make bench`, or `.venv/bin/python -m bench.run` (same environment variables).
"""

import http.client
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


# --- signing in ---------------------------------------------------------------------------


def signed_in_cookie(user: Any) -> str:
    """The Cookie header of a session as the login form leaves it: signed in with the
    model backend and, for a user whose role requires two-factor login, verified with an
    authenticator app the way django_otp records it (the device's persistent id)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = _second_factor(user)
    if device is not None:
        from django_otp import DEVICE_ID_SESSION_KEY

        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _second_factor(user: Any) -> Any:
    """The confirmed authenticator app a real login would have verified, if any is needed."""
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


# --- the pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    persona: str  # username
    path: str
    baseline: str | None


def pages() -> list[Page]:
    """The pages each role uses most, with the objects they show (read from the database)."""
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.achterban.models import ConstituencyPoll
    from apps.ondernemingsraad.models import Meeting, MeetingKind
    from apps.vertrouwenspersoon.models import AnnualReport, Report, Status

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
    assert case and meeting and poll and published and draft, "the bench database lacks sample objects"  # noqa: S101
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
    for name, value in reply.getheaders():  # repeated headers (Set-Cookie) joined
        received[name.lower()] = f"{received[name.lower()]}, {value}" if name.lower() in received else value
    queries = received.get(QUERY_HEADER.lower())
    return Response(reply.status, seconds, int(queries) if queries else None, received, content)


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
    port: int, page: Page, config: Config, cookie_for: Callable[[str], str]
) -> tuple[Measured, Measured]:
    cookie = cookie_for(page.persona)
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


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def measure_submit(
    port: int, persona: str, config: Config, cookie_for: Callable[[str], str], anonymous: bool
) -> Measured:
    """POST the melding form (named or anonymous) and time until the redirect or receipt page."""
    cookie = cookie_for(persona)
    form_path = "/vertrouwenspersoon/melding/nieuw/"
    form = request(port, form_path, cookie)
    token = CSRF_FIELD.search(form.body)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", form.headers.get("set-cookie", ""))
    measured = Measured()
    if form.status != 200 or token is None or csrf_cookie is None:
        measured.errors.append(f"{form_path}: no form (HTTP {form.status})")
        return measured
    cookie = f"{cookie}; csrftoken={csrf_cookie.group(1)}"
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://{HOST}:{port}{form_path}",
    }
    for n in range(config.warmup + config.requests):
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "category": "pesten",
                "text": f"Benchmarkmelding {n}: mijn leidinggevende maakt kleinerende opmerkingen.",
                "counsellor": "",
                "anonymous": "anonymous" if anonymous else "named",
                "submission": uuid.uuid4().hex,
            }
        ).encode()
        reply = request(port, form_path, cookie, "POST", body, headers)
        if n >= config.warmup:
            _check(measured, form_path, reply, expected=200 if anonymous else 302)
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
        "Each page is requested by one signed-in user of its role, "
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

    from apps.accounts.models import User

    host = machine()
    sizes = data_sizes()
    targets = pages()

    def cookie_for(username: str) -> str:
        return signed_in_cookie(User.objects.get(username=username))

    connection.close()
    port = free_port()
    server = start_gunicorn(port)
    results: list[tuple[Page, Measured, Measured]] = []
    submits: list[tuple[str, Measured]] = []
    try:
        for page in targets:
            print(f"  {page.name} ...", flush=True)
            measured, baseline = measure_page(port, page, config, cookie_for)
            results.append((page, measured, baseline))
        for name, anonymous in (("submit a melding (named)", False), ("submit a melding (anonymous)", True)):
            print(f"  {name} ...", flush=True)
            submits.append((name, measure_submit(port, EMPLOYEE, config, cookie_for, anonymous)))
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
