"""Meetings, items and documents for the works council tests, made through the services."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.ondernemingsraad import services
from apps.ondernemingsraad.models import ItemKind, MeetingKind

NOTE_TEXT = "Voorbespreking: wij willen eerst de werkdrukcijfers zien (GEHEIM-NOTITIE-42)."
ITEM_EXPLANATION = "Toelichting bij de reorganisatie van de klantenservice (TOELICHTING-77)."


def upload(name="notitie.txt", content=b"Inhoud van het stuk"):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def plan(personas, kind=MeetingKind.CONSULTATION, days=20, actor="or_secretaris", **fields):
    fields.setdefault("title", f"Vergadering {kind}")
    fields.setdefault("location", "Vergaderzaal 2")
    return services.meeting_create(
        actor=personas[actor],
        kind=kind,
        starts_at=timezone.now() + timedelta(days=days),
        secretary=fields.pop("secretary", personas["or_secretaris"]),
        chair=fields.pop("chair", personas["or_voorzitter"]),
        **fields,
    )


def add_item(
    personas,
    meeting,
    title="Reorganisatie klantenservice",
    accept=True,
    invite_hr=False,
    actor="or_secretaris",
):
    item = services.item_propose(
        actor=personas[actor],
        meeting=meeting,
        title=title,
        explanation=ITEM_EXPLANATION,
        kind=ItemKind.DISCUSSION,
        accept=accept,
    )
    if invite_hr:
        services.item_update(
            actor=personas["or_secretaris"],
            item=item,
            title=item.title,
            explanation=item.explanation,
            kind=item.kind,
            duration_minutes=item.duration_minutes,
            owner=item.owner,
            invited_hr=[personas["hr"]],
        )
    return item


def add_document(personas, item, title="Adviesaanvraag reorganisatie", actor="or_secretaris"):
    return services.document_add(actor=personas[actor], item=item, title=title, upload=upload())


@pytest.fixture
def consultation(personas):
    return plan(personas)


@pytest.fixture
def internal(personas):
    return plan(personas, kind=MeetingKind.INTERNAL, title="OR-vergadering")


@pytest.fixture
def invited_item(personas, consultation):
    return add_item(personas, consultation, invite_hr=True)


@pytest.fixture
def other_item(personas, consultation):
    return add_item(personas, consultation, title="Werkdruk in de zomer")


@pytest.fixture
def note(personas, invited_item):
    return services.note_add(actor=personas["or_lid"], item=invited_item, kind="notitie", body=NOTE_TEXT)


@pytest.fixture
def committee(personas):
    return services.committee_create(
        actor=personas["or_secretaris"],
        name="Commissie personeelsbeleid",
        description="Bereidt instemmingsverzoeken over personeelsbeleid voor.",
        members=[personas["or_lid"], personas["hr"]],
    )
