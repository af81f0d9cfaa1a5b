"""The access matrix for this app's URLs alone, with only this app's sample objects.

tests/core/test_access_matrix.py runs the same cases across the whole portal;
this one keeps the achterban part runnable on its own."""

import pytest

from tests.access_cases import CASES, Case
from tests.access_cases_apps import achterban as achterban_cases
from tests.conftest import PERSONAS, client_for
from tests.core.test_access_matrix import actual_outcome, expected_outcome
from tests.url_walk import all_entries, sample_path

pytestmark = pytest.mark.django_db


def test_every_persona_gets_what_each_achterban_url_declares(personas):
    world = dict(personas)
    world.update(achterban_cases.build(world))
    entries = [entry for entry in all_entries() if entry.name.startswith("achterban:")]
    assert len(entries) >= 20
    failures = []
    for entry in entries:
        url = sample_path(entry, world)
        case = CASES.get(entry.name, Case())
        for persona in PERSONAS:
            user = personas[persona]
            response = getattr(client_for(user), case.method)(url + case.query)
            expected = expected_outcome(entry, persona, user)
            actual = actual_outcome(response, expected, case.allowed_status)
            if actual != expected:
                failures.append(f"{entry.name} {url} as {persona}: expected {expected}, got {actual}")
    assert failures == [], "\n".join(failures)
