"""Demo year of works council meetings for `seed_demo` (development only).

Monthly OR-intern meetings, an overlegvergadering every two months with the
bestuurder (chair alternating), and a commissie personeelsbeleid with the HR
adviser. Past meetings are held, minuted and mostly published; the coming ones
have an open agenda with proposals. Idempotent: it seeds only an empty app.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from . import services
from .models import ActionStatus, ItemKind, Meeting, MeetingKind, MeetingStatus, NoteKind

INTERNAL_ITEMS = [
    ("Opening en vaststellen agenda", ItemKind.INFORMATION, 5),
    ("Terugkoppeling uit de commissie personeelsbeleid", ItemKind.INFORMATION, 15),
    ("Voorbereiding overlegvergadering", ItemKind.DISCUSSION, 40),
    ("Achterbanraadpleging werkdruk", ItemKind.DECISION, 30),
    ("Rondvraag en sluiting", ItemKind.INFORMATION, 10),
]
CONSULTATION_TOPICS = [
    "Algemene gang van zaken eerste halfjaar",
    "Voorgenomen reorganisatie Klantenservice (adviesaanvraag art. 25)",
    "Nieuw verzuimbeleid (instemmingsverzoek art. 27)",
    "Invoering hybride werken en thuiswerkvergoeding",
    "Algemene gang van zaken en begroting volgend jaar",
    "Nieuwe regeling klokkenluiders",
    "Opleidingsplan en loopbaanbudget",
]
COMMITTEE_TOPICS = [
    "Evaluatie thuiswerkregeling",
    "Conceptverzuimbeleid doornemen met HR",
    "Beoordelingscyclus en gesprekscyclus",
    "Werkdrukmeting Klantenservice",
]


MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def _month(moment: datetime) -> str:
    return f"{MONTHS[moment.month - 1]} {moment.year}"


def _at(days: int, hour: int) -> datetime:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def seed_meetings(context: Any) -> None:
    if Meeting.objects.exists():
        return
    users = context.users
    committee = services.committee_create(
        actor=users["or-secretaris"],
        name="Commissie personeelsbeleid",
        description=(
            "Bereidt de standpunten van de OR voor over personeelsbeleid (art. 27 WOR): verzuim, "
            "opleidingen, beoordeling en werktijden. Werkt samen met een HR-adviseur."
        ),
        members=[users["or-lid"], users["or-voorzitter"], users["hr"]],
    )
    for month in range(-10, 3):
        _internal(users, days=month * 30 + 2)
    chair_executive = False
    for index, month in enumerate(range(-10, 3, 2)):
        _consultation(
            users, days=month * 30 + 9, topic=CONSULTATION_TOPICS[index], executive_chairs=chair_executive
        )
        chair_executive = not chair_executive
    for index, month in enumerate(range(-9, 3, 3)):
        _committee_meeting(users, committee, days=month * 30 + 16, topic=COMMITTEE_TOPICS[index])


def _items(
    actor: Any, meeting: Meeting, items: Sequence[tuple[str, str, int]], owner: Any = None
) -> list[Any]:
    return [
        services.item_propose(
            actor=actor,
            meeting=meeting,
            title=title,
            kind=kind,
            duration_minutes=minutes,
            owner=owner,
            explanation="",
            accept=True,
        )
        for title, kind, minutes in items
    ]


def _close(users: Any, meeting: Meeting, minutes_text: str, publish: bool) -> None:
    """A past meeting: agenda fixed in time, held, minuted, approved and (maybe) published."""
    secretary = meeting.secretary or users["or-secretaris"]
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.AGENDA_FIXED, agenda_fixed_at=meeting.starts_at - timedelta(days=9)
    )
    meeting.refresh_from_db()
    services.meeting_mark_held(actor=secretary, meeting=meeting)
    services.minutes_save(actor=secretary, meeting=meeting, text=minutes_text)
    if not publish:
        return
    council = users["or-lid"] if meeting.kind == MeetingKind.COMMITTEE else users["or-voorzitter"]
    services.minutes_approve(actor=council, meeting=meeting, side=services.COUNCIL)
    if meeting.is_consultation:
        services.minutes_approve(actor=users["bestuurder"], meeting=meeting, side=services.EXECUTIVE)
    minutes = services.minutes_publish(actor=secretary, meeting=meeting)
    type(minutes).objects.filter(pk=minutes.pk).update(published_at=meeting.starts_at + timedelta(days=16))


def _internal(users: Any, days: int) -> None:
    secretary = users["or-secretaris"]
    start = _at(days, 13)
    meeting = services.meeting_create(
        actor=secretary,
        kind=MeetingKind.INTERNAL,
        title=f"OR-vergadering {_month(start)}",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        location="Vergaderzaal De Linde",
        chair=users["or-voorzitter"],
        secretary=secretary,
    )
    items = _items(secretary, meeting, INTERNAL_ITEMS)
    services.note_add(
        actor=users["or-lid"],
        item=items[2],
        kind=NoteKind.POSITION,
        body="We willen dat de bestuurder eerst de cijfers over verloop en verzuim deelt.",
    )
    if days < -3:
        services.decision_add(
            actor=secretary,
            meeting=meeting,
            item=items[3],
            text="De OR houdt een korte enquête onder de achterban over werkdruk.",
        )
        action = services.action_add(
            actor=secretary,
            meeting=meeting,
            item=items[3],
            what="Vragenlijst werkdruk opstellen en afstemmen met de commissie",
            owner=users["or-lid"],
            due_date=(start + timedelta(days=21)).date(),
        )
        if days < -40:
            services.action_set_status(actor=secretary, action=action, status=ActionStatus.DONE)
        _close(
            users,
            meeting,
            "Aanwezig: voltallige OR.\n\nDe OR besprak de voorbereiding van het overleg en besloot "
            "de achterban te raadplegen over werkdruk. Actiepunten staan in de actielijst.",
            publish=days < -30,
        )


def _consultation(users: Any, days: int, topic: str, executive_chairs: bool) -> None:
    secretary = users["or-secretaris"]
    start = _at(days, 10)
    meeting = services.meeting_create(
        actor=secretary,
        kind=MeetingKind.CONSULTATION,
        title=f"Overlegvergadering {_month(start)}",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        location="Directiekamer, 3e verdieping",
        online_link="https://vergaderen.example.org/overleg",
        chair=users["bestuurder"] if executive_chairs else users["or-voorzitter"],
        secretary=secretary,
    )
    opening, main, other = _items(
        secretary,
        meeting,
        [
            ("Opening, mededelingen en verslag vorige vergadering", ItemKind.INFORMATION, 10),
            (topic, ItemKind.DECISION, 45),
            ("Stand van zaken actiepunten", ItemKind.DISCUSSION, 15),
        ],
        owner=users["bestuurder"],
    )
    services.item_update(
        actor=secretary,
        item=main,
        title=main.title,
        explanation=(
            f"De bestuurder licht toe: {topic.lower()}. HR is uitgenodigd voor de personele gevolgen."
        ),
        kind=main.kind,
        duration_minutes=main.duration_minutes,
        owner=users["bestuurder"],
        invited_hr=[users["hr"]],
    )
    services.document_add(
        actor=users["bestuurder"],
        item=main,
        title=f"Notitie bestuurder: {topic}",
        upload=_file("notitie-bestuurder.txt", f"Notitie van de bestuurder over {topic}."),
    )
    services.note_add(
        actor=users["or-voorzitter"],
        item=main,
        kind=NoteKind.QUESTION,
        body=(
            "Welke alternatieven zijn overwogen, en wat betekent dit voor de medewerkers van de avonddienst?"
        ),
    )
    if days > 0:
        services.item_propose(
            actor=users["or-lid"],
            meeting=meeting,
            title="Vraag van de achterban over parkeerbeleid",
            kind=ItemKind.DISCUSSION,
            explanation="Meerdere collega's vroegen naar de nieuwe parkeerregeling.",
        )
        return
    services.decision_add(
        actor=secretary,
        meeting=meeting,
        item=main,
        text=f"De bestuurder en de OR spreken af het onderwerp '{topic}' binnen zes weken af te ronden.",
    )
    action = services.action_add(
        actor=secretary,
        meeting=meeting,
        item=main,
        what="Aanvullende cijfers over de personele gevolgen aanleveren",
        owner=users["bestuurder"],
        due_date=(start + timedelta(days=14)).date(),
    )
    if days < -45:  # delivered long ago; only the latest overleg's figures are still awaited
        services.action_set_status(actor=secretary, action=action, status=ActionStatus.DONE)
    _close(
        users,
        meeting,
        f"Aanwezig: de bestuurder, de OR en (bij punt 2) de HR-adviseur.\n\n{topic}: "
        "de bestuurder lichtte het voornemen toe; de OR stelde vragen over de gevolgen voor "
        "de medewerkers. Afspraken staan in de besluitenlijst.",
        publish=days < -20,
    )


def _committee_meeting(users: Any, committee: Any, days: int, topic: str) -> None:
    start = _at(days, 15)
    meeting = services.meeting_create(
        actor=users["or-lid"],
        kind=MeetingKind.COMMITTEE,
        committee=committee,
        title=f"Commissie personeelsbeleid: {topic}",
        starts_at=start,
        ends_at=start + timedelta(hours=1, minutes=30),
        location="Kamer 2.14",
        chair=users["or-voorzitter"],
        secretary=users["or-lid"],
    )
    _items(users["or-lid"], meeting, [(topic, ItemKind.DISCUSSION, 60)], owner=users["hr"])
    if days < 0:
        _close(
            users,
            meeting,
            f"{topic}: HR gaf een toelichting; de commissie stelt een advies op voor de OR.",
            publish=False,
        )
