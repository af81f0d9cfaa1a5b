"""Every URL with the personas that may reach it, in the access matrix's world."""

import os
import re
from dataclasses import dataclass
from typing import Any

from tests.access_cases import CASES, EXEMPT, Case, build_world
from tests.conftest import PERSONAS
from tests.core.test_access_matrix import expected_outcome, grant_admin_model_permissions
from tests.url_walk import Entry, all_entries, sample_path


@dataclass(frozen=True)
class Visit:
    entry: Entry
    url: str  # a concrete path
    persona: str
    case: Case

    @property
    def name(self) -> str:
        return self.entry.name

    def __str__(self) -> str:
        return f"{self.name} {self.url} as {self.persona}"


def fuzz_world(personas: dict[str, Any]) -> dict[str, Any]:
    """The access matrix's world: personas, sample objects, the staff persona's admin rights."""
    grant_admin_model_permissions(personas["staff"])
    return build_world(personas)


def visits(personas: dict[str, Any], world: dict[str, Any]) -> list[Visit]:
    """Every (URL, persona) pair the rules admit and where the persona may see the object.
    FUZZ_ONLY=<regex> narrows it to the URL names that match, for a deeper local run."""
    only = re.compile(os.environ.get("FUZZ_ONLY", ""))
    found = []
    for entry in all_entries():
        if entry.name in EXEMPT or not only.search(entry.name):
            continue
        try:
            url = sample_path(entry, world)
        except AssertionError:
            continue  # no sample object yet: the access-matrix test reports that
        case = CASES.get(entry.name, Case())
        for persona in PERSONAS:
            if expected_outcome(entry, persona, personas[persona]) == "allowed":
                found.append(Visit(entry, url, persona, case))
    return found


def open_anonymous_report(world: dict[str, Any], client: Any) -> None:
    """An anonymous report, opened with its receipt code in the anonymous persona's client:
    the receipt pages then show that report and its forms."""
    from django.urls import reverse

    from apps.vertrouwenspersoon import services
    from apps.vertrouwenspersoon.models import Author

    submitted = services.report_submit(
        reporter=None,
        category="pesten",
        text="Anonieme melding voor de fuzz-test.",
        counsellor=world["vertrouwenspersoon"],
        anonymous=True,
    )
    services.message_post(
        report=submitted.report, key=submitted.key, author=Author.COUNSELLOR, body="Een vraag terug."
    )
    response = client.post(reverse("vertrouwenspersoon:receipt-start"), {"code": submitted.receipt_code})
    assert response.status_code == 302, "the receipt code did not open the report"
