"""Every access decision about the works council's meetings. Views ask nothing else.

- A meeting is seen through `view_meeting`: the OR groups for OR-intern meetings,
  the OR groups and the Bestuurder group for overlegvergaderingen, the named
  members for a commissie meeting. Everyone else gets 404.
- An HR adviser invited to an agenda item holds `view_agendaitem` on that item and
  `view_document` on its documents, and nothing on the meeting: the rest of the
  agenda, the meeting page and every preparation note answer 404.
- Preparation notes need `prepare_meeting` as well as `view_meeting`; only the OR
  groups hold it, so the bestuurder and HR never reach a note.
- Published minutes are seen through `view_minutes`, given to the Medewerker group.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.models import User
from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.core.policy import ObjectPerms, has_object_perm, object_with_perm_or_404, objects_with_perm

from .models import (
    ActionItem,
    AgendaItem,
    CalendarToken,
    Committee,
    Decision,
    Document,
    ItemState,
    Meeting,
    MeetingKind,
    Minutes,
    PreparationNote,
)

VIEW_MEETING = "ondernemingsraad.view_meeting"
PREPARE = "ondernemingsraad.prepare_meeting"
PROPOSE = "ondernemingsraad.propose_item"
MANAGE = "ondernemingsraad.manage_meeting"
APPROVE_COUNCIL = "ondernemingsraad.approve_minutes_council"
APPROVE_EXECUTIVE = "ondernemingsraad.approve_minutes_executive"
VIEW_ITEM = "ondernemingsraad.view_agendaitem"
VIEW_DOCUMENT = "ondernemingsraad.view_document"
VIEW_MINUTES = "ondernemingsraad.view_minutes"
VIEW_COMMITTEE = "ondernemingsraad.view_committee"
CHANGE_COMMITTEE = "ondernemingsraad.change_committee"


@dataclass(frozen=True)
class MeetingAccess:
    """What one user may do with one meeting; every flag implies `can_view`."""

    can_view: bool = False
    can_prepare: bool = False
    can_propose: bool = False
    can_manage: bool = False
    can_approve_council: bool = False
    can_approve_executive: bool = False

    @property
    def can_upload(self) -> bool:
        return self.can_propose or self.can_manage


NO_ACCESS = MeetingAccess()


def meeting_access(user: Any, meeting: Meeting) -> MeetingAccess:
    """All of the user's permissions on a meeting, in two queries."""
    perms = ObjectPerms(user, [meeting])
    if not perms.has(VIEW_MEETING, meeting):
        return NO_ACCESS
    return MeetingAccess(
        can_view=True,
        can_prepare=perms.has(PREPARE, meeting),
        can_propose=perms.has(PROPOSE, meeting),
        can_manage=perms.has(MANAGE, meeting),
        can_approve_council=perms.has(APPROVE_COUNCIL, meeting),
        can_approve_executive=perms.has(APPROVE_EXECUTIVE, meeting),
    )


# --- meetings -------------------------------------------------------------------------


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    # Per row: every list narrows the meetings first (by date, kind, committee), and the
    # works council's groups see nearly all of them.
    return objects_with_perm(user, VIEW_MEETING, Meeting.objects.all(), per_row=True)


def get_meeting(user: Any, pk: int) -> tuple[Meeting, MeetingAccess]:
    """The meeting and what the user may do with it; 404 alike for missing and not visible."""
    meeting = Meeting.objects.select_related("committee", "chair", "secretary").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    access = meeting_access(user, meeting)
    if not access.can_view:
        raise Http404
    return meeting, access


def require(allowed: bool) -> None:
    """403 for a user who sees the object but may not do this."""
    if not allowed:
        raise PermissionDenied


def creatable_kinds(user: Any) -> list[MeetingKind]:
    """Kinds of meeting the user may plan from the meeting pages (commissie meetings are
    planned from their committee's page by its members)."""
    kinds: list[MeetingKind] = []
    if user.has_role(Role.WORKS_COUNCIL_SECRETARY):
        kinds.append(MeetingKind.INTERNAL)
    if user.has_role(Role.WORKS_COUNCIL_SECRETARY, Role.EXECUTIVE):
        kinds.append(MeetingKind.CONSULTATION)
    return kinds


def council_members() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, groups__name__in=[r.value for r in WORKS_COUNCIL_ROLES])
        .distinct()
        .order_by("first_name", "last_name")
    )


def users_with_role(role: Role) -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name=role.value).order_by("first_name", "last_name")


# --- agenda items ---------------------------------------------------------------------


@dataclass(frozen=True)
class ItemAccess:
    meeting: MeetingAccess
    by_invitation: bool  # an invited HR adviser: this item only

    @property
    def can_prepare(self) -> bool:
        return self.meeting.can_prepare


def get_item(user: Any, pk: int) -> tuple[AgendaItem, ItemAccess]:
    """An agenda item the user may see: through its meeting, or (HR) through an invitation."""
    item = (
        AgendaItem.objects.select_related("meeting__committee", "owner", "proposed_by").filter(pk=pk).first()
    )
    if item is None:
        raise Http404
    access = meeting_access(user, item.meeting)
    if access.can_view:
        return item, ItemAccess(access, by_invitation=False)
    if item.state == ItemState.ACCEPTED and has_object_perm(user, VIEW_ITEM, item):
        return item, ItemAccess(NO_ACCESS, by_invitation=True)
    raise Http404


def items_by_invitation(user: Any) -> QuerySet[AgendaItem]:
    """Accepted items the user was invited to (HR), whatever their meeting."""
    accepted = AgendaItem.objects.filter(state=ItemState.ACCEPTED)
    return objects_with_perm(user, VIEW_ITEM, accepted, groups=False)  # invitations name a person


def notes_for(access: ItemAccess, item: AgendaItem) -> QuerySet[PreparationNote]:
    """Voorbespreking notes: the works council only; everyone else gets none."""
    if not access.can_prepare:
        return PreparationNote.objects.none()
    return PreparationNote.objects.filter(item=item).select_related("author")


# --- documents ------------------------------------------------------------------------


def documents_visible_to(user: Any) -> QuerySet[Document]:
    return objects_with_perm(user, VIEW_DOCUMENT, Document.objects.all(), per_row=True)  # narrowed by item


def get_document(user: Any, pk: int) -> Document:
    return object_with_perm_or_404(
        user,
        VIEW_DOCUMENT,
        Document.objects.select_related("item__meeting", "confidentiality_imposed_by", "created_by"),
        pk=pk,
    )


def document_access(user: Any, document: Document) -> MeetingAccess:
    return meeting_access(user, document.item.meeting)


# --- minutes, actions, decisions --------------------------------------------------------


def published_minutes_visible_to(user: Any) -> QuerySet[Minutes]:
    published = Minutes.objects.filter(published_at__isnull=False)
    return objects_with_perm(user, VIEW_MINUTES, published, per_row=True)  # newest first, by index


def get_published_minutes(user: Any, pk: int) -> Minutes:
    return object_with_perm_or_404(
        user,
        VIEW_MINUTES,
        Minutes.objects.filter(published_at__isnull=False).select_related("meeting"),
        pk=pk,
    )


def actions_visible_to(user: Any) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(meeting__in=meetings_visible_to(user))


def get_action_to_update(user: Any, pk: int) -> ActionItem:
    """404 unless the user sees its meeting; 403 unless they own it or manage the meeting."""
    action = ActionItem.objects.select_related("meeting").filter(pk=pk).first()
    if action is None:
        raise Http404
    access = meeting_access(user, action.meeting)
    if not access.can_view:
        raise Http404
    require(access.can_manage or action.owner_id == user.pk)
    return action


def decisions_visible_to(user: Any) -> QuerySet[Decision]:
    return Decision.objects.filter(meeting__in=meetings_visible_to(user))


# --- committees -----------------------------------------------------------------------


def committees_visible_to(user: Any) -> QuerySet[Committee]:
    return objects_with_perm(user, VIEW_COMMITTEE, Committee.objects.all())


def get_committee(user: Any, pk: int) -> Committee:
    return object_with_perm_or_404(user, VIEW_COMMITTEE, Committee.objects.all(), pk=pk)


def can_change_committee(user: Any, committee: Committee) -> bool:
    return has_object_perm(user, CHANGE_COMMITTEE, committee)


def can_plan_committee_meeting(user: Any, committee: Committee) -> bool:
    """Members plan their committee's meetings."""
    return bool(committee.members.filter(pk=user.pk).exists())


# --- the calendar feed ----------------------------------------------------------------


def calendar_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_for_calendar_token(token: str) -> User | None:
    """The active owner of a feed token; None for an unknown, revoked or malformed one."""
    if not token or len(token) > 100:
        return None
    found = CalendarToken.objects.select_related("user").filter(token_hash=calendar_token_hash(token)).first()
    if found is None or not found.user.is_active:
        return None
    return found.user
