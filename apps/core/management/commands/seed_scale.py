"""Fill an empty database with a large organisation, for the benchmark (`make bench`).

At --scale 1: 20,000 employees, 200,000 meldingen over ten years, 5,000 meetings with
50,000 documents, 100 polls with 10,000 respondents each, policies, requests, questions,
news, and the guardian permission rows that go with all of them. Rows are written with
bulk_create in batches; see apps/core/scale.py and each app's scale.py.

Meldingen are sealed as the services seal them: each counsellor's key pair is locked with
the password (logging in unlocks it), and every melding's reporter envelope opens with
the one documented scale receipt code (apps/vertrouwenspersoon/scale.py, RECEIPT_CODE).

It refuses a database that already holds users: it is meant for a fresh database
(`make bench` creates one), never for a real one.
"""

import random
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.scale import build_people
from apps.achterban.scale import build_constituency
from apps.bestuurder.scale import build_requests
from apps.core.scale import ScaleContext, historic_timestamps, reused_ciphertexts
from apps.hr.scale import build_policies
from apps.ondernemingsraad.scale import build_meetings
from apps.vertrouwenspersoon.scale import build_reports

# Documented for the benchmark's users, like seed_demo's; the command refuses a non-empty database.
DEFAULT_PASSWORD = "Welkom-schaal-2026"  # noqa: S105

BUILDERS: tuple[tuple[str, Callable[[ScaleContext], None]], ...] = (
    ("people", build_people),
    ("meldingen", build_reports),
    ("meetings", build_meetings),
    ("policies", build_policies),
    ("requests", build_requests),
    ("achterban", build_constituency),
)


class Command(BaseCommand):
    help = "Fill an empty database with a large organisation's data (benchmark; DEBUG or bench settings)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 = 20,000 employees (default).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (same seed, same data).")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password of every user.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or getattr(settings, "PORTAL_BENCH", False)):
            raise CommandError(
                "seed_scale runs only with DEBUG on or the bench settings (portal.settings.bench)."
            )
        scale = options["scale"]
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        existing = User.objects.count()
        if existing:
            raise CommandError(
                f"The database already holds {existing} users; seed_scale fills an empty database only. "
                "Use a fresh database (make bench creates one; BENCH_RESEED=1 recreates it)."
            )
        context = ScaleContext(
            scale=scale,
            now=timezone.now(),
            password_hash=make_password(options["password"]),
            password=options["password"],
            rng=random.Random(options["seed"]),  # noqa: S311 - generated data, not security
            log=self.stdout.write,
        )
        started = time.perf_counter()
        with historic_timestamps(), reused_ciphertexts():
            for name, build in BUILDERS:
                step = time.perf_counter()
                with transaction.atomic():
                    build(context)
                self.stdout.write(f"{name}: {time.perf_counter() - step:.1f} s")
        if connection.vendor == "postgresql":
            # Statistics for the planner, and the visibility map for index-only scans, as
            # autovacuum would leave them on a database that grew over the years.
            with connection.cursor() as cursor:
                # VACUUM cannot run in a transaction (a test's); ANALYZE can.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        elapsed = time.perf_counter() - started
        rows = sum(context.counts.values())
        self.stdout.write(self.style.SUCCESS(f"Seeded {rows:,} rows at scale {scale:g} in {elapsed:.0f} s."))
        for label, count in sorted(context.counts.items()):
            self.stdout.write(f"  {label}: {count:,}")
