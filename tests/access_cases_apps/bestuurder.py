"""Requests: an advice request with a document, linked to an agenda item of a held
overlegvergadering and with a closed constituency poll attached, and a proposed decision.
HR sees neither (HR reads only consent requests about its own policies; tests/bestuurder
covers that)."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.bestuurder import services
from tests.access_cases import Case, World
from tests.bestuurder.helpers import closed_poll, consult
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
    consult(world["or_secretaris"], request)
    poll = closed_poll(world["or_secretaris"], title="Peiling reorganisatie")
    services.request_poll_attach(actor=world["or_secretaris"], request=request, poll=poll)
    return {
        "advice_request": request,
        "document": request.documents.get(),
        "proposal": proposal,
        "request_poll": poll,
    }


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
    "bestuurder:request-poll-attach": Case(kwargs=_request, visible_to=OFFICERS, method="post"),
    # The first officer removes the poll; a second removal is a harmless redirect.
    "bestuurder:request-poll-detach": Case(
        kwargs=lambda world: {"pk": world["advice_request"].pk, "poll_pk": world["request_poll"].pk},
        visible_to=OFFICERS,
        method="post",
    ),
    "bestuurder:request-answer": Case(kwargs=_request, visible_to=OFFICERS),
    "bestuurder:request-decide": Case(kwargs=_request, visible_to=EXECUTIVE),
    "bestuurder:request-event": Case(kwargs=_request, visible_to=EXECUTIVE | OFFICERS, method="post"),
    "bestuurder:proposal-detail": Case(
        kwargs=lambda world: {"pk": world["proposal"].pk}, visible_to=PARTICIPANTS
    ),
}
