"""Requests: an advice request with a document, and a proposed decision. HR sees neither
(HR reads only consent requests about its own policies; tests/bestuurder covers that)."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.bestuurder import services
from tests.access_cases import Case, World
from tests.hr.helpers import file_request

EXECUTIVE = frozenset({"bestuurder"})
OFFICERS = frozenset({"or_voorzitter", "or_secretaris"})
WORKS_COUNCIL = frozenset({"or_lid", "or_voorzitter", "or_secretaris"})
PARTICIPANTS = EXECUTIVE | WORKS_COUNCIL


def build(world: World) -> World:
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 reorganisatieplan", content_type="application/pdf")
    request = file_request(world["bestuurder"], files=[upload])
    proposal = services.proposal_create(
        actor=world["bestuurder"],
        title="Nieuwe vestiging Utrecht",
        description="Verhuizing van de backoffice naar Utrecht.",
        kind="advies",
        announced_on=request.created_at.date(),
    )
    return {"advice_request": request, "document": request.documents.get(), "proposal": proposal}


def _request(world: World) -> dict[str, Any]:
    return {"pk": world["advice_request"].pk}


CASES: dict[str, Case] = {
    "bestuurder:request-detail": Case(kwargs=_request, visible_to=PARTICIPANTS),
    "bestuurder:request-document": Case(
        kwargs=lambda world: {"pk": world["advice_request"].pk, "document_pk": world["document"].pk},
        visible_to=PARTICIPANTS,
    ),
    "bestuurder:request-upload": Case(kwargs=_request, visible_to=EXECUTIVE, method="post"),
    "bestuurder:request-start": Case(kwargs=_request, visible_to=WORKS_COUNCIL, method="post"),
    "bestuurder:request-entry": Case(kwargs=_request, visible_to=PARTICIPANTS, method="post"),
    "bestuurder:request-consultation": Case(kwargs=_request, visible_to=OFFICERS, method="post"),
    "bestuurder:request-answer": Case(kwargs=_request, visible_to=OFFICERS),
    "bestuurder:request-decide": Case(kwargs=_request, visible_to=EXECUTIVE),
    "bestuurder:request-event": Case(kwargs=_request, visible_to=EXECUTIVE | OFFICERS, method="post"),
    "bestuurder:proposal-detail": Case(
        kwargs=lambda world: {"pk": world["proposal"].pk}, visible_to=PARTICIPANTS
    ),
}
