"""Reads on the works council's meetings, built on the policy's querysets.

Every list has a fixed number of queries, however many meetings, items or
documents it shows.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import Role

from . import policy
from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Decision,
    Document,
    DocumentVersion,
    ItemState,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    PreparationNote,
)

UPCOMING = "komend"
PAST = "geweest"
PANEL_SIZE = 5
CALENDAR_PAST_DAYS = 365


def agenda_item_was_discussed(item: AgendaItem) -> bool:
    """True when the item's meeting is an overlegvergadering that has been held (or later).

    For the advice and consent requests (art. 25 and 27 WOR need at least one overleg)."""
    meeting = item.meeting
    return (
        meeting.kind == MeetingKind.CONSULTATION
        and item.state == ItemState.ACCEPTED
        and meeting.status_at_least(MeetingStatus.HELD)
    )


def meeting_list(user: Any, when: str) -> QuerySet[Meeting]:
    """Visible meetings, upcoming (soonest first) or past (latest first)."""
    start_of_today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    meetings = policy.meetings_visible_to(user).select_related("committee", "chair")
    if when == PAST:
        return meetings.filter(starts_at__lt=start_of_today).order_by("-starts_at", "-pk")
    return meetings.filter(starts_at__gte=start_of_today).order_by("starts_at", "pk")


def invited_item_list(user: Any) -> QuerySet[AgendaItem]:
    """Items an HR adviser was invited to, with their meeting's date (not its agenda)."""
    meeting_visible = policy.meetings_visible_to(user).filter(pk=OuterRef("meeting_id"))
    return (
        policy.items_by_invitation(user)
        .filter(~Exists(meeting_visible))  # per invited item, not over every visible meeting
        .select_related("meeting")
        .order_by("-meeting__starts_at", "position")
    )


def proposed_chair(kind: str) -> User | None:
    """For an overlegvergadering the chair alternates: the other side than last time."""
    if kind != MeetingKind.CONSULTATION:
        return policy.users_with_role(Role.WORKS_COUNCIL_CHAIR).first()
    last = (
        Meeting.objects.filter(kind=MeetingKind.CONSULTATION, chair__isnull=False)
        .select_related("chair")
        .order_by("-starts_at")
        .first()
    )
    executive_last = last is not None and last.chair is not None and last.chair.has_role(Role.EXECUTIVE)
    if last is None or executive_last:
        return policy.users_with_role(Role.WORKS_COUNCIL_CHAIR).first()
    return policy.users_with_role(Role.EXECUTIVE).first()


def default_secretary() -> User | None:
    return policy.users_with_role(Role.WORKS_COUNCIL_SECRETARY).first()


def _documents(user: Any) -> QuerySet[Document]:
    return (
        policy.documents_visible_to(user)
        .annotate(latest_version=Max("versions__number"))
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class Agenda:
    meeting: Meeting
    items: list[AgendaItem]  # each with .visible_documents and, for the OR, .note_count
    proposals: list[AgendaItem]
    declined: list[AgendaItem]
    carried_actions: list[ActionItem]
    actions: list[ActionItem]
    decisions: list[Decision]
    minutes: Minutes | None

    @property
    def total_minutes(self) -> int:
        return sum(item.duration_minutes for item in self.items)


def meeting_agenda(user: Any, meeting: Meeting, access: policy.MeetingAccess) -> Agenda:
    """The meeting page for a user who sees the whole meeting. A fixed number of queries."""
    items: QuerySet[AgendaItem] = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("owner", "proposed_by")
        .prefetch_related(Prefetch("documents", queryset=_documents(user), to_attr="visible_documents"))
        .order_by("position", "pk")
    )
    if access.can_prepare:
        items = items.annotate(note_count=Count("notes"))
    all_items = list(items)
    earlier = policy.meetings_visible_to(user).filter(
        kind=meeting.kind, committee=meeting.committee, starts_at__lt=meeting.starts_at
    )
    return Agenda(
        meeting=meeting,
        items=[item for item in all_items if item.state == ItemState.ACCEPTED],
        proposals=[item for item in all_items if item.state == ItemState.PROPOSED],
        declined=[item for item in all_items if item.state == ItemState.REJECTED],
        carried_actions=list(
            ActionItem.objects.filter(meeting__in=earlier, status=ActionStatus.OPEN)
            .select_related("owner", "meeting")
            .order_by("due_date", "pk")
        ),
        actions=list(meeting.actions.select_related("owner").order_by("due_date", "pk")),
        decisions=list(meeting.decisions.select_related("item").order_by("pk")),
        minutes=Minutes.objects.filter(meeting=meeting).first(),
    )


@dataclass(frozen=True)
class ItemPage:
    item: AgendaItem
    documents: list[Document]
    notes: list[PreparationNote]
    invited: list[User]


def item_page(user: Any, item: AgendaItem, access: policy.ItemAccess) -> ItemPage:
    return ItemPage(
        item=item,
        documents=list(_documents(user).filter(item=item).select_related("confidentiality_imposed_by")),
        notes=list(policy.notes_for(access, item)),
        invited=list(item.invited_hr.order_by("first_name", "last_name")) if not access.by_invitation else [],
    )


def document_versions(document: Document) -> list[DocumentVersion]:
    return list(document.versions.select_related("uploaded_by").order_by("-number"))


def action_list(user: Any, status: str | None) -> QuerySet[ActionItem]:
    actions = policy.actions_visible_to(user).select_related("owner", "meeting__committee")
    if status in ActionStatus.values:
        actions = actions.filter(status=status)
    return actions.order_by("due_date", "pk")


def decision_list(user: Any) -> QuerySet[Decision]:
    return (
        policy.decisions_visible_to(user)
        .select_related("meeting__committee", "item")
        .order_by("-meeting__starts_at", "pk")
    )


def published_minutes_list(user: Any) -> QuerySet[Minutes]:
    return (
        policy.published_minutes_visible_to(user)
        .select_related("meeting__committee")
        .defer("text")  # the lists show the meeting, not the minutes themselves
        .order_by("-published_at", "-pk")
    )


def committee_list(user: Any) -> QuerySet[Any]:
    return (
        policy.committees_visible_to(user)
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name")
    )


def committee_meetings(user: Any, committee: Any) -> list[Meeting]:
    return list(
        policy.meetings_visible_to(user)
        .filter(committee=committee)
        .select_related("chair")
        .order_by("-starts_at")
    )


# --- home panels and the calendar ---------------------------------------------------------


def panel_meetings(user: Any) -> dict[str, Any]:
    """The next meetings the user sees and their own open actions: two queries (+ policy)."""
    return {
        "meetings": list(meeting_list(user, UPCOMING)[:PANEL_SIZE]),
        "actions": list(
            policy.actions_visible_to(user)
            .filter(owner=user, status=ActionStatus.OPEN)
            .order_by("due_date", "pk")[:PANEL_SIZE]
        ),
    }


def panel_minutes(user: Any) -> list[Minutes]:
    return list(published_minutes_list(user)[:PANEL_SIZE])


@dataclass(frozen=True)
class CalendarEntry:
    meeting: Meeting
    path: str  # the page the user may open: the meeting, or (HR) their item


def calendar_entries(user: Any) -> list[CalendarEntry]:
    """Meetings from a year back on that the user sees, or was invited to an item of."""
    from django.urls import reverse

    since = timezone.now() - timedelta(days=CALENDAR_PAST_DAYS)
    visible = list(policy.meetings_visible_to(user).filter(starts_at__gte=since).order_by("starts_at"))
    entries = [CalendarEntry(m, reverse("ondernemingsraad:meeting-detail", args=[m.pk])) for m in visible]
    seen = {m.pk for m in visible}
    invited = invited_item_list(user).filter(meeting__starts_at__gte=since)
    for item in invited:
        if item.meeting_id not in seen:
            seen.add(item.meeting_id)
            entries.append(
                CalendarEntry(item.meeting, reverse("ondernemingsraad:item-detail", args=[item.pk]))
            )
    return entries


def open_action_count(user: Any) -> int:
    return policy.actions_visible_to(user).filter(Q(status=ActionStatus.OPEN)).count()


def meeting_people(meeting: Meeting) -> QuerySet[User]:
    """Who can chair, take an action or be secretary: the meeting's own people."""
    if meeting.kind == MeetingKind.COMMITTEE and meeting.committee is not None:
        return meeting.committee.members.filter(is_active=True).order_by("first_name", "last_name")
    roles = [
        r.value for r in (Role.WORKS_COUNCIL_MEMBER, Role.WORKS_COUNCIL_CHAIR, Role.WORKS_COUNCIL_SECRETARY)
    ]
    if meeting.kind == MeetingKind.CONSULTATION:
        roles.append(Role.EXECUTIVE.value)
    return (
        User.objects.filter(is_active=True, groups__name__in=roles)
        .distinct()
        .order_by("first_name", "last_name")
    )
