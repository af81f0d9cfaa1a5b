"""Meetings for `seed_scale`: OR-intern meetings, overlegvergaderingen and commissie
meetings over the years, each with its agenda, documents (one stored file shared by
every version), minutes, actions and decisions, and the permission rows
`services._sync_meeting` would reconcile: the same audience rules, written in bulk."""

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile

from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.core.scale import Bulk, PermRows, ScaleContext, chunks, insert, text

from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Committee,
    Decision,
    Document,
    DocumentVersion,
    ItemKind,
    ItemState,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    NoteKind,
    PreparationNote,
    document_storage,
)

ITEMS_PER_MEETING = 5
COMMITTEES = 8
KINDS = ((MeetingKind.INTERNAL, 0.45), (MeetingKind.CONSULTATION, 0.25), (MeetingKind.COMMITTEE, 0.30))
ITEM_TITLES = (
    "Opening en mededelingen",
    "Verslag vorige vergadering",
    "Adviesaanvraag reorganisatie",
    "Werkdruk en verzuim",
    "Thuiswerkregeling",
    "Begroting medezeggenschap",
    "Rondvraag",
)
COUNCIL_ROLES = sorted(WORKS_COUNCIL_ROLES)


class _Sets:
    """The bulk writers of one run."""

    def __init__(self, context: ScaleContext) -> None:
        self.meeting_perms = PermRows(context, Meeting)
        self.item_perms = PermRows(context, AgendaItem)
        self.document_perms = PermRows(context, Document)
        self.minutes_perms = PermRows(context, Minutes)
        self.versions = Bulk(context, DocumentVersion)
        self.invited = Bulk(context, AgendaItem.invited_hr.through)
        self.notes = Bulk(context, PreparationNote)
        self.actions = Bulk(context, ActionItem)
        self.decisions = Bulk(context, Decision)

    def flush(self) -> None:
        for bulk in vars(self).values():
            bulk.flush()


def _committees(context: ScaleContext) -> dict[int, list[int]]:
    """Committee id -> member ids: four OR members, an HR adviser and an employee."""
    council = context.holders[Role.WORKS_COUNCIL_MEMBER.value]
    committees = insert(
        context,
        Committee,
        (
            Committee(
                name=f"Commissie {n + 1}", description=text(context, 2), created_at=context.moment(3650)
            )
            for n in range(max(2, round(COMMITTEES * min(1.0, context.scale * 10))))
        ),
    )
    members: dict[int, list[int]] = {}
    through = Bulk(context, Committee.members.through)
    perms = PermRows(context, Committee)
    for committee in committees:
        people = [
            *context.rng.sample(council, min(4, len(council))),
            context.rng.choice(context.holders[Role.HR.value]),
            context.rng.choice(context.employees),
        ]
        members[committee.pk] = sorted(set(people))
        for person in members[committee.pk]:
            through.add(Committee.members.through(committee_id=committee.pk, user_id=person))
            perms.user(person, committee.pk, "view_committee")
        perms.group(context.group_ids(*COUNCIL_ROLES), committee.pk, "view_committee")
        perms.group(
            context.group_ids(Role.WORKS_COUNCIL_SECRETARY, Role.WORKS_COUNCIL_CHAIR),
            committee.pk,
            "change_committee",
        )
    through.flush()
    perms.flush()
    return members


def _status(context: ScaleContext, meeting: Meeting) -> str:
    days_ago = (context.now - meeting.starts_at).days
    if days_ago < 0:
        return MeetingStatus.AGENDA_FIXED if days_ago > -7 else MeetingStatus.AGENDA_OPEN
    if days_ago < 14:
        return MeetingStatus.HELD
    if days_ago < 45:
        return MeetingStatus.DRAFT_MINUTES
    return MeetingStatus.PUBLISHED


def build_meetings(context: ScaleContext) -> None:
    committees = _committees(context)
    chair, secretary = context.named["or-voorzitter"], context.named["or-secretaris"]
    executive = context.holders[Role.EXECUTIVE.value][0]
    total = context.size("meetings")
    documents_per_item = max(1, round(context.size("documents") / (total * ITEMS_PER_MEETING)))
    stored = document_storage.save("or-documenten/schaal-voorbeeld", ContentFile(b"%PDF-1.4 voorbeeld"))
    sets = _Sets(context)
    for chunk in chunks(range(total), 500):
        meetings = []
        for index in chunk:
            kind = context.rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
            starts = context.spread(index, total, ahead_days=90).replace(
                hour=14, minute=0, second=0, microsecond=0
            )
            committee = context.rng.choice(list(committees)) if kind == MeetingKind.COMMITTEE else None
            meeting = Meeting(
                kind=kind,
                committee_id=committee,
                title=f"{MeetingKind(kind).label} {starts:%d-%m-%Y}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                location="Vergaderzaal 1",
                chair_id=committees[committee][0] if committee else (chair if index % 2 else executive),
                secretary_id=committees[committee][-1] if committee else secretary,
                requested_by_id=secretary,
                created_at=starts - timedelta(days=30),
            )
            meeting.status = _status(context, meeting)
            if meeting.status != MeetingStatus.AGENDA_OPEN:
                meeting.agenda_fixed_at = starts - timedelta(days=10)
            meetings.append(meeting)
        insert(context, Meeting, meetings)
        items = _agendas(context, meetings, sets)
        documents = _documents(context, items, documents_per_item)
        for document in documents:
            sets.versions.add(
                DocumentVersion(
                    document_id=document.pk,
                    number=1,
                    file=stored,
                    filename=f"stuk-{document.pk}.pdf",
                    content_type="application/pdf",
                    size=18,
                    uploaded_by_id=document.created_by_id,
                    uploaded_at=document.created_at,
                )
            )
        _permissions(context, meetings, items, documents, committees, sets)
        _follow_up(context, meetings, items, sets)
    sets.flush()


def _agendas(context: ScaleContext, meetings: list[Meeting], sets: _Sets) -> list[AgendaItem]:
    council = context.holders[Role.WORKS_COUNCIL_MEMBER.value]
    items = []
    for meeting in meetings:
        for position in range(1, ITEMS_PER_MEETING + 1):
            proposed = meeting.status == MeetingStatus.AGENDA_OPEN and position == ITEMS_PER_MEETING
            items.append(
                AgendaItem(
                    meeting_id=meeting.pk,
                    position=0 if proposed else position,
                    title=ITEM_TITLES[(meeting.pk + position) % len(ITEM_TITLES)],
                    explanation=text(context, 2),
                    owner_id=context.rng.choice(council),
                    duration_minutes=context.rng.choice((15, 20, 30)),
                    kind=context.rng.choice(ItemKind.values),
                    proposed_by_id=meeting.secretary_id,
                    state=ItemState.PROPOSED if proposed else ItemState.ACCEPTED,
                    created_at=meeting.created_at,
                )
            )
    insert(context, AgendaItem, items)
    by_pk = {meeting.pk: meeting for meeting in meetings}
    for item in items:
        item.meeting = by_pk[item.meeting_id]
        if item.meeting.kind != MeetingKind.COMMITTEE and context.rng.random() < 0.3:
            sets.notes.add(
                PreparationNote(
                    item_id=item.pk,
                    author_id=item.owner_id,
                    kind=context.rng.choice(NoteKind.values),
                    body="Standpunt van de OR: eerst de gevolgen voor de medewerkers in kaart brengen.",
                    created_at=item.meeting.starts_at - timedelta(days=3),
                )
            )
    return items


def _documents(context: ScaleContext, items: list[AgendaItem], per_item: int) -> list[Document]:
    documents = []
    for item in items:
        for n in range(context.rng.randint(max(0, per_item - 1), per_item + 1)):
            documents.append(
                Document(
                    item_id=item.pk,
                    title=f"Bijlage {n + 1} bij {item.title.lower()}",
                    created_by_id=item.owner_id,
                    created_at=item.meeting.starts_at - timedelta(days=12),
                )
            )
    return insert(context, Document, documents)


def _audience(
    context: ScaleContext, meeting: Meeting, committees: dict[int, list[int]]
) -> tuple[list[int], list[int]]:
    """(group ids, user ids) that see the whole meeting, as services._audience decides."""
    if meeting.kind == MeetingKind.INTERNAL:
        return context.group_ids(*COUNCIL_ROLES), []
    if meeting.kind == MeetingKind.CONSULTATION:
        return context.group_ids(*COUNCIL_ROLES, Role.EXECUTIVE), []
    return [], committees[meeting.committee_id]  # type: ignore[index]


def _permissions(
    context: ScaleContext,
    meetings: list[Meeting],
    items: list[AgendaItem],
    documents: list[Document],
    committees: dict[int, list[int]],
    sets: _Sets,
) -> None:
    audiences = {meeting.pk: _audience(context, meeting, committees) for meeting in meetings}
    council = context.group_ids(*COUNCIL_ROLES)
    for meeting in meetings:
        groups, users = audiences[meeting.pk]
        perms = sets.meeting_perms
        perms.group(groups, meeting.pk, "view_meeting", "propose_item")
        for user in users:
            perms.user(user, meeting.pk, "view_meeting", "propose_item")
        perms.group(council, meeting.pk, "prepare_meeting")
        perms.user(meeting.secretary_id, meeting.pk, "manage_meeting")  # type: ignore[arg-type]
        if meeting.kind == MeetingKind.COMMITTEE:
            perms.user(meeting.chair_id, meeting.pk, "approve_minutes_council")  # type: ignore[arg-type]
        else:
            perms.group(context.group_ids(Role.WORKS_COUNCIL_SECRETARY), meeting.pk, "manage_meeting")
            perms.group(context.group_ids(Role.WORKS_COUNCIL_CHAIR), meeting.pk, "approve_minutes_council")
        if meeting.kind == MeetingKind.CONSULTATION:
            perms.group(context.group_ids(Role.EXECUTIVE), meeting.pk, "approve_minutes_executive")
    invited: dict[int, list[int]] = {}
    for item in items:
        if item.meeting.kind == MeetingKind.CONSULTATION and item.state == ItemState.ACCEPTED:
            if context.rng.random() < 0.1:
                adviser = context.rng.choice(context.holders[Role.HR.value])
                invited[item.pk] = [adviser]
                sets.invited.add(AgendaItem.invited_hr.through(agendaitem_id=item.pk, user_id=adviser))
                sets.item_perms.user(adviser, item.pk, "view_agendaitem")
    item_meeting = {item.pk: item.meeting_id for item in items}
    for document in documents:
        groups, users = audiences[item_meeting[document.item_id]]
        sets.document_perms.group(groups, document.pk, "view_document")
        for user in [*users, *invited.get(document.item_id, [])]:
            sets.document_perms.user(user, document.pk, "view_document")


def _follow_up(context: ScaleContext, meetings: list[Meeting], items: list[AgendaItem], sets: _Sets) -> None:
    first_item: dict[int, Any] = {}
    for item in items:
        first_item.setdefault(item.meeting_id, item.pk)
    employees = context.group_ids(Role.EMPLOYEE)
    minutes: list[Minutes] = []
    for meeting in meetings:
        if meeting.starts_at > context.now:
            continue
        owner = context.rng.choice(context.holders[Role.WORKS_COUNCIL_MEMBER.value])
        due = (meeting.starts_at + timedelta(days=30)).date()
        sets.actions.add(
            ActionItem(
                meeting_id=meeting.pk,
                item_id=first_item.get(meeting.pk),
                what="Uitzoeken wat de regeling kost",
                owner_id=owner,
                due_date=due,
                status=ActionStatus.DONE
                if (context.now - meeting.starts_at).days > 60
                else ActionStatus.OPEN,
                created_at=meeting.starts_at,
            )
        )
        sets.decisions.add(
            Decision(
                meeting_id=meeting.pk,
                item_id=first_item.get(meeting.pk),
                text="De OR stemt in met het voorstel.",
                created_at=meeting.starts_at,
            )
        )
        if meeting.status in (MeetingStatus.DRAFT_MINUTES, MeetingStatus.PUBLISHED):
            minutes.append(_minutes(context, meeting))
    insert(context, Minutes, minutes)
    for written in minutes:
        if written.published_at is not None:
            sets.minutes_perms.group(employees, written.pk, "view_minutes")


def _minutes(context: ScaleContext, meeting: Meeting) -> Minutes:
    published = meeting.status == MeetingStatus.PUBLISHED
    approved = meeting.starts_at + timedelta(days=20)
    by_executive = published and meeting.kind == MeetingKind.CONSULTATION
    return Minutes(
        meeting_id=meeting.pk,
        text=text(context, 6),
        drafted_by_id=meeting.secretary_id,
        updated_at=approved,
        council_approved_by_id=meeting.chair_id if published else None,
        council_approved_at=approved if published else None,
        executive_approved_by_id=context.holders[Role.EXECUTIVE.value][0] if by_executive else None,
        executive_approved_at=approved if by_executive else None,
        published_at=approved + timedelta(days=1) if published else None,
    )
