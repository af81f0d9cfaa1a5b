"""Every access decision about proposed decisions and requests. Views ask nothing else.

Who holds what (object permissions, given by the services when a request is filed):
- the Bestuurder group: `view` and `decide` on every request, `view` on every proposed decision;
- the OR groups (lid, voorzitter, secretaris): `view` and `handle`; `view` on proposed decisions;
- the HR group: `view` only, and only on a consent request about a policy version HR drafted,
  so HR learns the outcome it needs to publish. HR never sees advice requests, and nobody but the
  OR reads the OR's internal entries (expert advice, constituency consultation).
Anyone else gets 404, the same as for a request that does not exist.

Within the OR, the voorzitter and the secretaris link the request to the agenda item of the
overlegvergadering at which it was discussed, attach closed constituency polls as support
and give the answer; every OR member can add entries to the handling.

Meetings and polls belong to other apps: which agenda items and polls an officer may choose
is asked of `apps.ondernemingsraad.policy` and `apps.achterban.policy`, never queried around
them. Attached polls need no permission of their own: whoever sees the request sees their
results, as `apps.achterban.selectors.poll_results` gives them (small groups suppressed).
"""

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.achterban import policy as achterban_policy
from apps.achterban.models import ConstituencyPoll
from apps.core.policy import ObjectPerms, object_with_perm_or_404, objects_with_perm
from apps.ondernemingsraad import policy as meetings_policy
from apps.ondernemingsraad.models import STATUS_ORDER, AgendaItem, ItemState, MeetingKind, MeetingStatus
from apps.ondernemingsraad.selectors import agenda_item_was_discussed

from . import conf
from .models import (
    OPEN_STATES,
    EntryKind,
    ProposedDecision,
    Request,
    RequestDocument,
    RequestPoll,
    RequestState,
)

VIEW = "bestuurder.view_request"
HANDLE = "bestuurder.handle_request"
DECIDE = "bestuurder.decide_request"
VIEW_PROPOSAL = "bestuurder.view_proposeddecision"

OR_OFFICER_ROLES = (Role.WORKS_COUNCIL_CHAIR, Role.WORKS_COUNCIL_SECRETARY)

# Follow-up events and who records them.
OR_EVENTS = frozenset({"waive", "appeal", "applied", "nullity"})
EXECUTIVE_EVENTS = frozenset({"drop", "court", "court-granted", "court-denied"})


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_or_officer(user: Any) -> bool:
    return _active(user) and bool(user.has_role(*OR_OFFICER_ROLES))


def is_works_council(user: Any) -> bool:
    return _active(user) and bool(user.has_role(*WORKS_COUNCIL_ROLES))


def is_executive(user: Any) -> bool:
    return _active(user) and bool(user.has_role(Role.EXECUTIVE))


# --- requests ---------------------------------------------------------------------------------


def requests_visible_to(user: Any) -> QuerySet[Request]:
    return objects_with_perm(user, VIEW, Request.objects.all())


def get_request_for_view(user: Any, pk: int) -> Request:
    requests = Request.objects.select_related("policy_version", "consultation_item__meeting")
    return object_with_perm_or_404(user, VIEW, requests, pk=pk)


class RequestPerms:
    """What one user may do with one request, read in two queries."""

    def __init__(self, user: Any, request: Request) -> None:
        perms = ObjectPerms(user, [request])
        self.user = user
        self.request = request
        self.handle = perms.has(HANDLE, request)
        self.decide = perms.has(DECIDE, request) and is_executive(user)
        self.officer = self.handle and is_or_officer(user)

    @property
    def sees_internal_entries(self) -> bool:
        return self.handle

    @property
    def entry_kinds(self) -> list[str]:
        kinds: list[str] = []
        if self.handle:
            kinds += [EntryKind.QUESTION, EntryKind.EXPERT, EntryKind.CONSTITUENCY]
        if self.decide:
            kinds.append(EntryKind.ANSWER)
        return kinds

    @property
    def can_record_consultation(self) -> bool:
        return self.officer and self.request.state in (
            RequestState.RECEIVED,
            RequestState.IN_PROGRESS,
            RequestState.CONSULTED,
        )

    @property
    def can_attach_polls(self) -> bool:
        """Support for the answer is gathered while the OR handles the request, not after."""
        return self.officer and self.request.state in OPEN_STATES

    @property
    def can_answer(self) -> bool:
        return can_answer(self.user, self.request)

    @property
    def can_decide(self) -> bool:
        return self.decide and self.request.is_advice and self.request.state == RequestState.ADVISED

    def may_record(self, event: str) -> bool:
        if event in OR_EVENTS:
            return self.officer
        if event in EXECUTIVE_EVENTS:
            return self.decide
        return False


def consultation_held(request: Request) -> bool:
    """Was the request discussed at an overlegvergadering (art. 25 lid 2, art. 27 lid 2)?

    Only when it is linked to an agenda item of an overlegvergadering that has been held
    (services.request_record_consultation). A date alone, as requests recorded before the
    link existed have, is not enough: an officer links the item first."""
    item = request.consultation_item
    return item is not None and agenda_item_was_discussed(item)


def can_answer(user: Any, request: Request) -> bool:
    """The OR's officers answer, and only after the request was discussed at an overleg."""
    return (
        is_or_officer(user)
        and ObjectPerms(user, [request]).has(HANDLE, request)
        and request.state == RequestState.CONSULTED
        and consultation_held(request)
    )


def get_request_for_handle(user: Any, pk: int) -> Request:
    """404 when the user cannot see the request, 403 when they may not handle it for the OR."""
    request = get_request_for_view(user, pk)
    if not RequestPerms(user, request).handle:
        raise PermissionDenied
    return request


def get_request_for_officer(user: Any, pk: int) -> Request:
    request = get_request_for_view(user, pk)
    if not RequestPerms(user, request).officer:
        raise PermissionDenied
    return request


def get_request_for_decide(user: Any, pk: int) -> Request:
    request = get_request_for_view(user, pk)
    if not RequestPerms(user, request).decide:
        raise PermissionDenied
    return request


# --- the overlegvergadering and the constituency polls ------------------------------------------

HELD_STATUSES = STATUS_ORDER[STATUS_ORDER.index(MeetingStatus.HELD) :]


def consultation_items_for(user: Any) -> QuerySet[AgendaItem]:
    """The agenda items an officer may link a request to: accepted items of the
    overlegvergaderingen the user sees (ondernemingsraad policy) that have been held, from
    the last `conf.consultation_lookback_days()` days, the newest meeting first."""
    if not is_or_officer(user):
        return AgendaItem.objects.none()
    since = timezone.now() - timedelta(days=conf.consultation_lookback_days())
    meetings = meetings_policy.meetings_visible_to(user).filter(
        kind=MeetingKind.CONSULTATION, status__in=HELD_STATUSES, starts_at__gte=since
    )
    return (
        AgendaItem.objects.filter(meeting__in=meetings, state=ItemState.ACCEPTED)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-meeting__pk", "position", "pk")
    )


def can_view_agenda_item(user: Any, item: AgendaItem) -> bool:
    """The ondernemingsraad policy's answer: through the meeting, or an invitation (HR)."""
    try:
        meetings_policy.get_item(user, item.pk)
    except Http404:
        return False
    return True


def attachable_polls(user: Any, request: Request) -> QuerySet[ConstituencyPoll]:
    """Closed polls an officer may attach: the works council's polls (achterban policy) that
    closed in the last `conf.poll_lookback_days()` days and are not attached yet, newest first."""
    if not is_or_officer(user):
        return ConstituencyPoll.objects.none()
    now = timezone.now()
    since = now - timedelta(days=conf.poll_lookback_days())
    attached = RequestPoll.objects.filter(request=request).values("poll_id")
    return (
        achterban_policy.polls_for_works_council(user)
        .filter(published_at__isnull=False, closes_at__gte=since)
        .filter(Q(closed_at__isnull=False) | Q(closes_at__lte=now))
        .exclude(pk__in=attached)
        .order_by("-closes_at", "title")
    )


def may_attach_poll(user: Any, poll: ConstituencyPoll) -> bool:
    """The poll is one of the works council's (achterban policy) and it is closed."""
    return (
        is_or_officer(user)
        and achterban_policy.polls_for_works_council(user).filter(pk=poll.pk).exists()
        and poll.is_closed
    )


def get_attached_poll(request: Request, poll_pk: Any) -> RequestPoll | None:
    """The attachment of a poll to a request the caller already reached, if there is one."""
    return RequestPoll.objects.filter(request=request, poll_id=poll_pk).select_related("poll").first()


def get_document_of(request: Request, pk: Any) -> RequestDocument:
    """A document of a request the caller already reached; 404 otherwise."""
    document = RequestDocument.objects.filter(request=request, pk=pk).first()
    if document is None:
        raise Http404
    return document


# --- proposed decisions ----------------------------------------------------------------------


def proposals_visible_to(user: Any) -> QuerySet[ProposedDecision]:
    return objects_with_perm(user, VIEW_PROPOSAL, ProposedDecision.objects.all())


def get_proposal_for_view(user: Any, pk: int) -> ProposedDecision:
    return object_with_perm_or_404(user, VIEW_PROPOSAL, ProposedDecision.objects.all(), pk=pk)
