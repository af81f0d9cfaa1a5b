"""Access cases for the works council's meetings (apps.ondernemingsraad).

The world: an overlegvergadering with an item HR is invited to (and its document),
an OR-intern meeting, a commissie with an HR member and a meeting, published minutes
and a calendar address. Pages answer 404 to whoever may not see the object; the
secretary's steps answer 403 to those who see the meeting but may not act
(`allowed_status=403`).
"""

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.access_cases import Case, World

COUNCIL = frozenset({"or_lid", "or_voorzitter", "or_secretaris"})
CONSULTATION = COUNCIL | {"bestuurder"}
INVITED = CONSULTATION | {"hr"}
COMMITTEE = COUNCIL | {"hr"}
EMPLOYEES = frozenset({"medewerker", "or_lid", "or_voorzitter", "or_secretaris", "hr", "bestuurder"})
NOT_ALL = "those who see it but may not take this step get 403"


def build(world: World) -> World:
    from apps.ondernemingsraad import services
    from apps.ondernemingsraad.models import MeetingKind

    secretary = world["or_secretaris"]

    def plan(kind: str, title: str, days: int, **extra: Any) -> Any:
        return services.meeting_create(
            actor=secretary,
            kind=kind,
            title=title,
            starts_at=timezone.now() + timedelta(days=days),
            location="Vergaderzaal 2",
            chair=extra.pop("chair", world["or_voorzitter"]),
            secretary=extra.pop("secretary", secretary),
            **extra,
        )

    def item(meeting: Any, title: str, invite_hr: bool = False) -> Any:
        made = services.item_propose(
            actor=secretary, meeting=meeting, title=title, kind="bespreking", accept=True
        )
        if invite_hr:
            services.item_update(
                actor=secretary,
                item=made,
                title=title,
                explanation="",
                kind="bespreking",
                duration_minutes=15,
                owner=secretary,
                invited_hr=[world["hr"]],
            )
        return made

    def document(on: Any) -> Any:
        upload = SimpleUploadedFile("stuk.txt", b"vergaderstuk", content_type="text/plain")
        return services.document_add(actor=secretary, item=on, title="Vergaderstuk", upload=upload)

    consultation = plan(MeetingKind.CONSULTATION, "Overlegvergadering", 20)
    invited_item = item(consultation, "Reorganisatie", invite_hr=True)
    item(consultation, "Werkdruk")
    invited_document = document(invited_item)
    services.note_add(actor=world["or_lid"], item=invited_item, kind="notitie", body="Voorbespreking OR")
    action = services.action_add(
        actor=secretary,
        meeting=consultation,
        what="Cijfers opvragen",
        owner=world["or_lid"],
        due_date=timezone.localdate() + timedelta(days=10),
    )
    services.decision_add(
        actor=secretary, meeting=consultation, text="De OR vraagt advies van een deskundige."
    )

    internal = plan(MeetingKind.INTERNAL, "OR-vergadering", 12)
    document(item(internal, "Bonusregeling"))

    committee = services.committee_create(
        actor=secretary,
        name="Commissie personeelsbeleid",
        description="",
        members=[world["or_lid"], world["hr"]],
    )
    plan(
        MeetingKind.COMMITTEE,
        "Commissie",
        8,
        committee=committee,
        chair=world["or_lid"],
        secretary=world["or_lid"],
    )

    published = plan(MeetingKind.INTERNAL, "OR-vergadering mei", -30)
    item(published, "Jaarplan")
    services.meeting_fix_agenda(actor=secretary, meeting=published)
    services.meeting_mark_held(actor=secretary, meeting=published)
    minutes = services.minutes_save(actor=secretary, meeting=published, text="Verslag van de OR-vergadering.")
    services.minutes_approve(actor=world["or_voorzitter"], meeting=published, side="council")
    services.minutes_publish(actor=secretary, meeting=published)

    return {
        "or_consultation": consultation,
        "or_internal": internal,
        "or_invited_item": invited_item,
        "or_invited_document": invited_document,
        "or_action": action,
        "or_committee": committee,
        "or_minutes": minutes,
        "or_calendar_token": services.calendar_token_regenerate(user=world["or_lid"]),
    }


def _meeting(world: World) -> dict[str, Any]:
    return {"pk": world["or_consultation"].pk}


def _item(world: World) -> dict[str, Any]:
    return {"pk": world["or_invited_item"].pk}


def _document(world: World) -> dict[str, Any]:
    return {"pk": world["or_invited_document"].pk}


def _committee(world: World) -> dict[str, Any]:
    return {"pk": world["or_committee"].pk}


def _case(kwargs: Any, visible: frozenset[str], post: bool = False, refuses: bool = False) -> Case:
    return Case(
        kwargs=kwargs,
        visible_to=visible,
        method="post" if post else "get",
        allowed_status=403 if refuses else None,
        reason=NOT_ALL if refuses else "",
    )


P = "ondernemingsraad:"
CASES: dict[str, Case] = {
    P + "meeting-detail": _case(_meeting, CONSULTATION),
    P + "meeting-edit": _case(_meeting, CONSULTATION, refuses=True),
    P + "meeting-packet": _case(_meeting, CONSULTATION),
    P + "meeting-open": _case(_meeting, CONSULTATION, post=True, refuses=True),
    P + "meeting-fix": _case(_meeting, CONSULTATION, post=True, refuses=True),
    P + "meeting-held": _case(_meeting, CONSULTATION, post=True, refuses=True),
    P + "minutes-edit": _case(_meeting, CONSULTATION, refuses=True),
    P + "minutes-approve": _case(_meeting, CONSULTATION, post=True, refuses=True),
    P + "minutes-publish": _case(_meeting, CONSULTATION, post=True, refuses=True),
    P + "action-create": _case(_meeting, CONSULTATION, post=True, refuses=True),
    P + "decision-create": _case(_meeting, CONSULTATION, post=True, refuses=True),
    P + "item-propose": _case(_meeting, CONSULTATION),
    P + "item-detail": _case(_item, INVITED),
    P + "item-edit": _case(_item, INVITED, refuses=True),
    P + "item-decide": _case(_item, INVITED, post=True, refuses=True),
    P + "item-move": _case(_item, INVITED, post=True, refuses=True),
    P + "note-add": _case(_item, COUNCIL, post=True),
    P + "document-upload": _case(_item, INVITED, refuses=True),
    P + "document-detail": _case(_document, INVITED),
    P + "document-version-add": _case(_document, INVITED, post=True, refuses=True),
    P + "document-download": _case(lambda world: {**_document(world), "number": 1}, INVITED),
    P + "document-confidentiality": _case(_document, INVITED, refuses=True),
    P + "action-update": _case(
        lambda world: {"pk": world["or_action"].pk}, CONSULTATION, post=True, refuses=True
    ),
    P + "minutes-detail": _case(lambda world: {"pk": world["or_minutes"].pk}, EMPLOYEES),
    P + "committee-detail": _case(_committee, COMMITTEE),
    P + "committee-edit": _case(_committee, COMMITTEE, refuses=True),
    P + "committee-meeting-create": _case(_committee, COMMITTEE, refuses=True),
    P + "calendar-feed": Case(
        kwargs=lambda world: {"token": world["or_calendar_token"]},
        reason="the secret token authorises; every visitor with it gets the feed",
    ),
}
