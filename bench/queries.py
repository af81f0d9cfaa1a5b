"""Print the SQL queries of one page, for finding what to fix: run in-process with the
bench settings against the bench database. With --explain (PostgreSQL), each SELECT is
run again under EXPLAIN ANALYZE and its execution time and plan are shown.

    .venv/bin/python -m bench.queries vertrouwenspersoon-01 /vertrouwenspersoon/dossiers/ [--explain]
"""

import os
import sys
import time


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.bench"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import User
    from bench.run import signed_in_cookie

    username, path = sys.argv[1], sys.argv[2]
    explain = "--explain" in sys.argv[3:]
    name, _, value = signed_in_cookie(User.objects.get(username=username)).partition("=")
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[name] = value
    client.get(path)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
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
        f"HTTP {response.status_code}, {len(queries)} queries, {elapsed * 1000:.1f} ms, "
        f"{len(response.content)} bytes"
    )


if __name__ == "__main__":
    main()
