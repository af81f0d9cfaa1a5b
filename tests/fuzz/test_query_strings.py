"""Every URL, as every persona that may reach it, survives hostile query strings.

A fixed battery: every parameter the views read set to "", NUL, -1, a 20-digit number, "abc",
"²", Arabic-Indic digits, "1e309", an impossible date, RTL text with emoji; repeated parameters,
10,000-character values, percent-encoding garbage. The first string goes to every URL, which
shows whether its view reads the query string at all; the views that do get the whole battery,
spread over the personas that may reach them. Then Hypothesis query strings for every
(URL, persona) pair: FUZZ_EXAMPLES (default 3) where the view reads the query, one elsewhere.
Nothing may answer 5xx or show exception text.
"""

import zlib
from collections import defaultdict

import pytest
from hypothesis import given, seed

from tests.conftest import client_for
from tests.fuzz.checks import assert_sound, describe, query_reads, request, short
from tests.fuzz.hostile import PARAMETERS, battery, examples, fuzz_settings, query_string
from tests.fuzz.reach import Visit, fuzz_world, open_anonymous_report, visits

pytestmark = pytest.mark.django_db


def test_the_parameters_the_views_read_are_fuzzed():
    assert {"page", "status", "soort", "voorgenomen", "when", "a", "b", "klaar", "gestopt"} <= set(PARAMETERS)


def _fuzz(client, visit: Visit, count: int, failures: list[str]) -> None:
    @fuzz_settings(count)
    @seed(zlib.crc32(f"{visit.name}|{visit.persona}".encode()))  # stable: URLs hold fresh UUIDs
    @given(query=query_string)
    def run(query: str) -> None:
        assert_sound(request(client, "get", f"{visit.url}?{query}"))

    try:
        run()
    except Exception as error:  # collect every broken page, then fail once
        failures.append(f"{visit}: {describe(error)}")


def _try(client, visit: Visit, query: str, failures: list[str]) -> None:
    try:
        assert_sound(request(client, "get", f"{visit.url}?{query}"))
    except Exception as error:
        failures.append(f"{visit} ?{short(query)}: {describe(error)}")


def test_no_query_string_breaks_a_page(personas):
    world = fuzz_world(personas)
    clients = {name: client_for(user) for name, user in personas.items()}
    open_anonymous_report(world, clients["anonymous"])
    by_url: dict[str, list[Visit]] = defaultdict(list)
    for visit in visits(personas, world):
        by_url[visit.url].append(visit)
    failures: list[str] = []
    first, *rest = battery()
    for group in by_url.values():
        with query_reads() as reads:
            _try(clients[group[0].persona], group[0], first, failures)
        for number, query in enumerate(rest if reads.seen else [], start=1):
            visit = group[number % len(group)]
            _try(clients[visit.persona], visit, query, failures)
        for visit in group:
            _fuzz(clients[visit.persona], visit, examples(3) if reads.seen else 1, failures)
    assert failures == [], f"{len(failures)} broken:\n" + "\n".join(failures)
