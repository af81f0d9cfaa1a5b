"""Print the SQL queries of one page, for finding what to fix: run in-process with the
bench settings against the bench database, as the user logged in through the login page
(and, for a reporter's melding page, its receipt code entered). With --explain
(PostgreSQL), each SELECT is run again under EXPLAIN ANALYZE and its execution time and
plan are shown.

    .venv/bin/python -m bench.queries vertrouwenspersoon-01 /vertrouwenspersoon/dossiers/ [--explain]
"""

import os
import re
import sys
import time

REPORTER_PAGE = re.compile(r"/vertrouwenspersoon/meldingen/[0-9a-f-]{36}/")


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.bench"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.core.management.commands.seed_scale import DEFAULT_PASSWORD
    from apps.vertrouwenspersoon.scale import RECEIPT_CODE
    from bench.run import Page, Sessions, credentials_for, fetch_in_process

    username, path = sys.argv[1], sys.argv[2]
    explain = "--explain" in sys.argv[3:]
    unlock = path + "ontgrendelen/" if REPORTER_PAGE.fullmatch(path) else ""
    credentials = {username: credentials_for(username, DEFAULT_PASSWORD)}
    sessions = Sessions(fetch_in_process(Client(HTTP_HOST="127.0.0.1")), credentials, RECEIPT_CODE)
    session = sessions.for_page(Page(path, username, path, None, unlock=unlock))
    session.get(path)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = session.get(path)
        elapsed = time.perf_counter() - started
    for number, query in enumerate(queries.captured_queries, start=1):
        sql = query["sql"]
        print(f"{number:3d} {float(query['time']) * 1000:7.1f} ms  {sql[:300]}")
        if explain and sql.startswith("SELECT") and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
            print("      " + "\n      ".join(plan if "-v" in sys.argv else [plan[0], plan[-1]]))
    print(
        f"HTTP {response.status}, {len(queries)} queries, {elapsed * 1000:.1f} ms, {len(response.body)} bytes"
    )


if __name__ == "__main__":
    main()
