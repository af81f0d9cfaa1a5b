"""Writes on the works council's meetings: one transaction each, permissions
reconciled from the meeting's kind and people, audit rows, mails queued after commit.

Who may see what is decided in one place, `_wanted_meeting_perms`; every write that
changes a meeting's audience, an item's invitations or a document calls the sync
functions, which make the guardian rows match exactly (adding and removing).
"""

import secrets
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from apps.accounts.models import User
from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.core import outbox
from apps.core.services import audit_access_change, audit_record

from . import policy, tasks
from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    CalendarToken,
    Committee,
    Decision,
    Document,
    DocumentVersion,
    ItemState,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    NoteKind,
    PreparationNote,
)

Principal = User | Group
Wanted = dict[tuple[str, int, str], Principal]  # (kind, pk, codename) -> user or group

# --- permissions ----------------------------------------------------------------------


def _group(role: Role) -> Group:
    # get_or_create: transactional tests flush the groups the migration made.
    return Group.objects.get_or_create(name=role.value)[0]


def _council_groups() -> list[Group]:
    return [_group(role) for role in sorted(WORKS_COUNCIL_ROLES)]


def _add(wanted: Wanted, codename: str, principals: Iterable[Principal | None]) -> None:
    for principal in principals:
        if principal is not None:
            kind = "group" if isinstance(principal, Group) else "user"
            wanted[(kind, principal.pk, codename)] = principal


def _reconcile(obj: Model, wanted: Wanted, actor: User) -> None:
    """Make obj's object permissions exactly `wanted`; the audit trail records what changed."""
    user_model: Any = get_user_obj_perms_model(obj)
    group_model: Any = get_group_obj_perms_model(obj)
    user_rows = user_model.objects.filter(content_object=obj)
    group_rows = group_model.objects.filter(content_object=obj)
    have: set[tuple[str, int, str]] = {
        ("user", pk, code) for pk, code in user_rows.values_list("user_id", "permission__codename")
    } | {("group", pk, code) for pk, code in group_rows.values_list("group_id", "permission__codename")}
    granted, revoked = set(wanted) - have, have - set(wanted)
    missing: dict[tuple[str, str], list[Principal]] = {}
    for key in granted:
        missing.setdefault((key[0], key[2]), []).append(wanted[key])
    for (_kind, codename), principals in missing.items():
        assign_perm(codename, principals, obj)  # one bulk insert per permission and kind
    for kind, pk, code in revoked:
        principal: Principal = User(pk=pk) if kind == "user" else Group(pk=pk)
        remove_perm(code, principal, obj)
    audit_access_change(actor=actor, target=obj, granted=granted, revoked=revoked)


def _audience(meeting: Meeting) -> list[Principal]:
    """Who sees the whole meeting."""
    if meeting.kind == MeetingKind.INTERNAL:
        return list(_council_groups())
    if meeting.kind == MeetingKind.CONSULTATION:
        return [*_council_groups(), _group(Role.EXECUTIVE)]
    assert meeting.committee is not None  # noqa: S101 - full_clean guarantees it
    return list(meeting.committee.members.filter(is_active=True))


def _wanted_meeting_perms(meeting: Meeting) -> Wanted:
    wanted: Wanted = {}
    audience = _audience(meeting)
    _add(wanted, "view_meeting", audience)
    _add(wanted, "propose_item", audience)
    # Needs view_meeting too: an OR member outside a commissie still sees nothing of it.
    _add(wanted, "prepare_meeting", _council_groups())
    _add(wanted, "manage_meeting", [meeting.secretary])
    if meeting.kind == MeetingKind.COMMITTEE:
        _add(wanted, "approve_minutes_council", [meeting.chair])
    else:
        _add(wanted, "manage_meeting", [_group(Role.WORKS_COUNCIL_SECRETARY)])
        _add(wanted, "approve_minutes_council", [_group(Role.WORKS_COUNCIL_CHAIR)])
    if meeting.kind == MeetingKind.CONSULTATION:
        _add(wanted, "approve_minutes_executive", [_group(Role.EXECUTIVE)])
    return wanted


def _invited(item: AgendaItem) -> list[User]:
    if item.state != ItemState.ACCEPTED:
        return []
    return list(item.invited_hr.filter(is_active=True))


def _sync_document(document: Document, audience: list[Principal], invited: list[User], actor: User) -> None:
    wanted: Wanted = {}
    _add(wanted, "view_document", [*audience, *invited])
    _reconcile(document, wanted, actor)


def _sync_item(item: AgendaItem, actor: User, audience: list[Principal] | None = None) -> None:
    audience = _audience(item.meeting) if audience is None else audience
    invited = _invited(item)
    wanted: Wanted = {}
    _add(wanted, "view_agendaitem", invited)
    _reconcile(item, wanted, actor)
    for document in item.documents.only("pk"):
        _sync_document(document, audience, invited, actor)


def _sync_meeting(meeting: Meeting, actor: User) -> None:
    _reconcile(meeting, _wanted_meeting_perms(meeting), actor)
    audience = _audience(meeting)
    for item in meeting.items.select_related("meeting"):
        _sync_item(item, actor, audience)


def _save(obj: Model) -> None:
    obj.full_clean()
    obj.save()


# --- committees -----------------------------------------------------------------------


def _sync_committee(committee: Committee, actor: User) -> None:
    wanted: Wanted = {}
    _add(wanted, "view_committee", [*_council_groups(), *committee.members.all()])
    _add(wanted, "change_committee", [_group(Role.WORKS_COUNCIL_SECRETARY), _group(Role.WORKS_COUNCIL_CHAIR)])
    _reconcile(committee, wanted, actor)
    for meeting in committee.meetings.select_related("committee", "chair", "secretary"):
        _sync_meeting(meeting, actor)


@transaction.atomic
def committee_create(*, actor: User, name: str, description: str, members: Iterable[User]) -> Committee:
    committee = Committee(name=name, description=description)
    _save(committee)
    committee.members.set(list(members))
    _sync_committee(committee, actor)
    audit_record(actor=actor, action="or_committee_created", target=committee)
    return committee


@transaction.atomic
def committee_update(
    *, actor: User, committee: Committee, name: str, description: str, members: Iterable[User]
) -> Committee:
    committee.name = name
    committee.description = description
    _save(committee)
    committee.members.set(list(members))
    _sync_committee(committee, actor)
    audit_record(actor=actor, action="or_committee_updated", target=committee)
    return committee


# --- meetings -------------------------------------------------------------------------


def _check_people(meeting: Meeting) -> None:
    if meeting.kind == MeetingKind.COMMITTEE:
        if meeting.committee is None:
            raise ValidationError({"committee": _("Choose the committee.")}, code="committee")
        members = set(meeting.committee.members.values_list("pk", flat=True))
        for field in ("chair", "secretary"):
            person = getattr(meeting, field)
            if person is not None and person.pk not in members:
                raise ValidationError({field: _("Choose a member of the committee.")}, code="not_a_member")
    else:
        meeting.committee = None
        if meeting.secretary is not None and not meeting.secretary.is_works_council_member:
            raise ValidationError({"secretary": _("Choose a member of the works council.")}, code="secretary")
        if meeting.chair is not None:
            allowed = meeting.chair.is_works_council_member or (
                meeting.kind == MeetingKind.CONSULTATION and meeting.chair.has_role(Role.EXECUTIVE)
            )
            if not allowed:
                raise ValidationError(
                    {
                        "chair": _(
                            "The chair is the works council chair or, for a consultation, the executive."
                        )
                    },
                    code="chair",
                )
    if meeting.ends_at is not None and meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")}, code="ends_at")


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    location: str = "",
    online_link: str = "",
    chair: User | None = None,
    secretary: User | None = None,
    committee: Committee | None = None,
) -> Meeting:
    """A bestuurder's new overlegvergadering is a request; the secretary then opens the agenda."""
    requested = kind == MeetingKind.CONSULTATION and not actor.has_role(Role.WORKS_COUNCIL_SECRETARY)
    meeting = Meeting(
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_link=online_link,
        chair=chair,
        secretary=secretary,
        committee=committee,
        requested_by=actor,
        status=MeetingStatus.REQUESTED if requested else MeetingStatus.AGENDA_OPEN,
    )
    _check_people(meeting)
    _save(meeting)
    _sync_meeting(meeting, actor)
    audit_record(actor=actor, action="or_meeting_created", target=meeting, details={"kind": kind})
    return meeting


MEETING_FIELDS = ("title", "starts_at", "ends_at", "location", "online_link", "chair", "secretary")


@transaction.atomic
def meeting_update(*, actor: User, meeting: Meeting, **fields: Any) -> Meeting:
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(meeting, name, value)
    _check_people(meeting)
    _save(meeting)
    _sync_meeting(meeting, actor)
    audit_record(actor=actor, action="or_meeting_updated", target=meeting)
    return meeting


def _set_status(actor: User, meeting: Meeting, status: MeetingStatus, allowed_from: Iterable[str]) -> None:
    if meeting.status not in allowed_from:
        raise ValidationError(
            _("This step is not possible now: the meeting is %(status)s."),
            code="status",
            params={"status": meeting.get_status_display()},
        )
    meeting.status = status
    meeting.save(update_fields=["status", "agenda_fixed_at", "suspended"])
    audit_record(actor=actor, action="or_meeting_status", target=meeting, details={"status": status.value})


@transaction.atomic
def meeting_open_agenda(*, actor: User, meeting: Meeting) -> None:
    _set_status(actor, meeting, MeetingStatus.AGENDA_OPEN, [MeetingStatus.REQUESTED])


@transaction.atomic
def meeting_fix_agenda(*, actor: User, meeting: Meeting) -> bool:
    """Fix the agenda and mail the participants a link. True when art. 14's 7 days were not met."""
    items = meeting.items.all()
    if items.filter(state=ItemState.PROPOSED).exists():
        raise ValidationError(_("Accept or decline the proposed items first."), code="proposals")
    if not items.filter(state=ItemState.ACCEPTED).exists():
        raise ValidationError(_("Put at least one item on the agenda first."), code="empty")
    meeting.agenda_fixed_at = timezone.now()
    _set_status(
        actor, meeting, MeetingStatus.AGENDA_FIXED, [MeetingStatus.REQUESTED, MeetingStatus.AGENDA_OPEN]
    )
    outbox.enqueue(tasks.send_agenda_fixed, str(meeting.pk))
    return meeting.agenda_late()


@transaction.atomic
def meeting_mark_held(*, actor: User, meeting: Meeting, suspended: bool = False) -> None:
    meeting.suspended = suspended
    _set_status(actor, meeting, MeetingStatus.HELD, [MeetingStatus.AGENDA_FIXED])


# --- minutes --------------------------------------------------------------------------


@transaction.atomic
def minutes_save(*, actor: User, meeting: Meeting, text: str) -> Minutes:
    if not text.strip():
        raise ValidationError(_("Write the minutes first."), code="empty")
    if meeting.status not in (MeetingStatus.HELD, MeetingStatus.DRAFT_MINUTES):
        raise ValidationError(
            _("The minutes can be written after the meeting, until they are approved."), code="status"
        )
    minutes = Minutes.objects.filter(meeting=meeting).first() or Minutes(meeting=meeting)
    minutes.text = text
    minutes.drafted_by = actor
    _save(minutes)
    if meeting.status == MeetingStatus.HELD:
        _set_status(actor, meeting, MeetingStatus.DRAFT_MINUTES, [MeetingStatus.HELD])
    return minutes


COUNCIL = "council"
EXECUTIVE = "executive"


@transaction.atomic
def minutes_approve(*, actor: User, meeting: Meeting, side: str) -> None:
    """The works council approves first; for an overlegvergadering the executive then too."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError(_("There are no minutes to approve yet."), code="status")
    now = timezone.now()
    if side == COUNCIL:
        _set_status(actor, meeting, MeetingStatus.APPROVED_BY_COUNCIL, [MeetingStatus.DRAFT_MINUTES])
        minutes.council_approved_by, minutes.council_approved_at = actor, now
    elif side == EXECUTIVE and meeting.is_consultation:
        _set_status(actor, meeting, MeetingStatus.APPROVED_BY_EXECUTIVE, [MeetingStatus.APPROVED_BY_COUNCIL])
        minutes.executive_approved_by, minutes.executive_approved_at = actor, now
    else:
        raise ValidationError(_("This meeting's minutes need no approval by the executive."), code="side")
    minutes.save()


@transaction.atomic
def minutes_publish(*, actor: User, meeting: Meeting) -> Minutes:
    """Publish to all employees: only when everyone who must approve has agreed."""
    ready = (
        MeetingStatus.APPROVED_BY_EXECUTIVE if meeting.is_consultation else MeetingStatus.APPROVED_BY_COUNCIL
    )
    if meeting.status != ready:
        raise ValidationError(
            _(
                "The minutes can be published once the works council and, for a consultation, "
                "the executive approved them."
            ),
            code="status",
        )
    minutes = Minutes.objects.get(meeting=meeting)
    minutes.published_at = timezone.now()
    minutes.save(update_fields=["published_at"])
    _set_status(actor, meeting, MeetingStatus.PUBLISHED, [ready])
    assign_perm("view_minutes", _group(Role.EMPLOYEE), minutes)
    return minutes


# --- agenda items ---------------------------------------------------------------------


def _next_position(meeting: Meeting) -> int:
    highest = meeting.items.filter(state=ItemState.ACCEPTED).aggregate(top=Max("position"))["top"]
    return (highest or 0) + 1


def _check_agenda_open(meeting: Meeting) -> None:
    if not meeting.agenda_is_open:
        raise ValidationError(_("The agenda of this meeting is fixed."), code="fixed")


def _check_invited(users: Iterable[User]) -> list[User]:
    users = list(users)
    if any(not user.has_role(Role.HR) for user in users):
        raise ValidationError({"invited_hr": _("Only HR advisers can be invited to an item.")}, code="not_hr")
    return users


@transaction.atomic
def item_propose(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    explanation: str = "",
    kind: str,
    duration_minutes: int = 15,
    owner: User | None = None,
    accept: bool = False,
) -> AgendaItem:
    """Propose an item; the secretary's own items (accept=True) go straight on the agenda."""
    _check_agenda_open(meeting)
    item = AgendaItem(
        meeting=meeting,
        title=title,
        explanation=explanation,
        kind=kind,
        duration_minutes=duration_minutes,
        owner=owner or actor,
        proposed_by=actor,
        state=ItemState.ACCEPTED if accept else ItemState.PROPOSED,
        position=_next_position(meeting) if accept else 0,
    )
    _save(item)
    audit_record(actor=actor, action="or_item_proposed", target=item)
    return item


@transaction.atomic
def item_update(
    *,
    actor: User,
    item: AgendaItem,
    title: str,
    explanation: str,
    kind: str,
    duration_minutes: int,
    owner: User | None,
    invited_hr: Iterable[User],
) -> AgendaItem:
    if item.meeting.status_at_least(MeetingStatus.HELD):
        raise ValidationError(_("The meeting has been held; its agenda can no longer change."), code="held")
    invited = _check_invited(invited_hr)
    item.title, item.explanation, item.kind = title, explanation, kind
    item.duration_minutes, item.owner = duration_minutes, owner
    _save(item)
    item.invited_hr.set(invited)
    _sync_item(item, actor)
    audit_record(actor=actor, action="or_item_updated", target=item, details={"invited_hr": len(invited)})
    return item


@transaction.atomic
def item_decide(*, actor: User, item: AgendaItem, accept: bool) -> None:
    _check_agenda_open(item.meeting)
    item.state = ItemState.ACCEPTED if accept else ItemState.REJECTED
    item.position = _next_position(item.meeting) if accept else 0
    item.save(update_fields=["state", "position"])
    _sync_item(item, actor)
    audit_record(actor=actor, action="or_item_decided", target=item, details={"state": item.state})


@transaction.atomic
def item_move(*, actor: User, item: AgendaItem, up: bool) -> None:
    """Swap the item with its neighbour on the agenda."""
    _check_agenda_open(item.meeting)
    if item.state != ItemState.ACCEPTED:
        raise ValidationError(_("Only items on the agenda can be moved."), code="state")
    accepted = list(item.meeting.items.filter(state=ItemState.ACCEPTED).order_by("position", "pk"))
    index = next(i for i, other in enumerate(accepted) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(accepted):
        return
    accepted[index], accepted[target] = accepted[target], accepted[index]
    for position, other in enumerate(accepted, start=1):
        if other.position != position:
            AgendaItem.objects.filter(pk=other.pk).update(position=position)


@transaction.atomic
def note_add(*, actor: User, item: AgendaItem, kind: str, body: str) -> PreparationNote:
    if not body.strip():
        raise ValidationError(_("Write the note first."), code="empty")
    if kind not in NoteKind.values:
        raise ValidationError(_("Choose a kind of note."), code="kind")
    note = PreparationNote(item=item, author=actor, kind=kind, body=body)
    _save(note)
    return note


# --- documents ------------------------------------------------------------------------


def _store_version(document: Document, upload: UploadedFile, actor: User) -> DocumentVersion:
    number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        filename=(upload.name or "document")[:200],
        content_type=upload.content_type or "application/octet-stream",
        size=upload.size or 0,
        uploaded_by=actor,
    )
    version.file.save("document", upload, save=False)
    version.save()
    return version


@transaction.atomic
def document_add(*, actor: User, item: AgendaItem, title: str, upload: UploadedFile) -> Document:
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")}, code="title")
    document = Document(item=item, title=title, created_by=actor)
    _save(document)
    _store_version(document, upload, actor)
    _sync_document(document, _audience(item.meeting), _invited(item), actor)
    audit_record(actor=actor, action="or_document_added", target=document)
    return document


@transaction.atomic
def document_version_add(*, actor: User, document: Document, upload: UploadedFile) -> DocumentVersion:
    version = _store_version(document, upload, actor)
    audit_record(
        actor=actor, action="or_document_version", target=document, details={"number": version.number}
    )
    return version


@transaction.atomic
def document_set_confidentiality(
    *,
    actor: User,
    document: Document,
    confidential: bool,
    imposed_by: User | None = None,
    scope: str = "",
    until: date | None = None,
    exempt: Iterable[User] = (),
) -> Document:
    """Art. 20 WOR: whoever imposes secrecy says beforehand what, until when, and who is exempt."""
    if confidential:
        errors: dict[str, str] = {}
        if imposed_by is None:
            errors["imposed_by"] = _("Say who imposes the secrecy.")
        if not scope.strip():
            errors["scope"] = _("Say what the secrecy covers.")
        if until is None:
            errors["until"] = _("Say until when the secrecy lasts.")
        elif until < timezone.localdate():
            errors["until"] = _("The end of the secrecy cannot be in the past.")
        if errors:
            raise ValidationError(errors, code="confidentiality")
    document.confidential = confidential
    document.confidentiality_imposed_by = imposed_by if confidential else None
    document.confidentiality_scope = scope if confidential else ""
    document.confidential_until = until if confidential else None
    _save(document)
    document.confidentiality_exempt.set(list(exempt) if confidential else [])
    audit_record(
        actor=actor,
        action="or_document_confidentiality",
        target=document,
        details={"confidential": confidential},
    )
    return document


# --- actions and decisions ------------------------------------------------------------


def _check_item_of(meeting: Meeting, item: AgendaItem | None) -> None:
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("Choose an item of this meeting.")}, code="item")


@transaction.atomic
def action_add(
    *, actor: User, meeting: Meeting, what: str, owner: User, due_date: date, item: AgendaItem | None = None
) -> ActionItem:
    _check_item_of(meeting, item)
    action = ActionItem(meeting=meeting, item=item, what=what, owner=owner, due_date=due_date)
    _save(action)
    audit_record(actor=actor, action="or_action_added", target=action)
    return action


@transaction.atomic
def action_set_status(*, actor: User, action: ActionItem, status: str) -> None:
    if status not in ActionStatus.values:
        raise ValidationError(_("Unknown status."), code="status")
    action.status = status
    action.save(update_fields=["status"])
    audit_record(actor=actor, action="or_action_status", target=action, details={"status": status})


@transaction.atomic
def decision_add(*, actor: User, meeting: Meeting, text: str, item: AgendaItem | None = None) -> Decision:
    _check_item_of(meeting, item)
    decision = Decision(meeting=meeting, item=item, text=text)
    _save(decision)
    audit_record(actor=actor, action="or_decision_added", target=decision)
    return decision


def action_claim_reminder(*, action_id: int, which: str) -> bool:
    """Mark one reminder as sent; False when it already was (another run got there first)."""
    field = "early_reminder_sent_at" if which == "early" else "due_reminder_sent_at"
    claimed = ActionItem.objects.filter(pk=action_id, **{f"{field}__isnull": True}).update(
        **{field: timezone.now()}
    )
    return bool(claimed)


# --- the calendar feed ----------------------------------------------------------------


@transaction.atomic
def calendar_token_regenerate(*, user: User) -> str:
    """A new secret feed address; the old one stops working. The secret is shown once."""
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(
        user=user, defaults={"token_hash": policy.calendar_token_hash(token)}
    )
    audit_record(actor=user, action="or_calendar_token_new", target=user)
    return token


@transaction.atomic
def calendar_token_revoke(*, user: User) -> None:
    CalendarToken.objects.filter(user=user).delete()
    audit_record(actor=user, action="or_calendar_token_revoked", target=user)
