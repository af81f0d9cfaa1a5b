"""The access matrix for this app's URLs alone (the full matrix walks every app)."""

import pytest

from tests.access_cases import CASES, Case, build_world
from tests.conftest import PERSONAS, client_for
from tests.core.test_access_matrix import actual_outcome, expected_outcome
from tests.url_walk import all_entries, sample_path

pytestmark = pytest.mark.django_db


def test_every_persona_gets_what_each_works_council_url_declares(personas):
    world = build_world(personas)
    failures = []
    entries = [entry for entry in all_entries() if entry.name.startswith("ondernemingsraad:")]
    assert len(entries) > 30
    for entry in entries:
        url = sample_path(entry, world)
        case = CASES.get(entry.name, Case())
        for persona in PERSONAS:
            response = getattr(client_for(personas[persona]), case.method)(url + case.query)
            expected = expected_outcome(entry, persona, personas[persona])
            actual = actual_outcome(response, expected, case.allowed_status)
            if actual != expected:
                failures.append(f"{entry.name} {url} as {persona}: expected {expected}, got {actual}")
    assert failures == [], "\n".join(failures)
