"""Every access decision about proposed decisions and requests. Views ask nothing else.

Who holds what (object permissions, given by the services when a request is filed):
- the Bestuurder group: `view` and `decide` on every request, `view` on every proposed decision;
- the OR groups (lid, voorzitter, secretaris): `view` and `handle`; `view` on proposed decisions;
- the HR group: `view` only, and only on a consent request about a policy version HR drafted,
  so HR learns the outcome it needs to publish. HR never sees advice requests, and nobody but the
  OR reads the OR's internal entries (expert advice, constituency consultation).
Anyone else gets 404, the same as for a request that does not exist.

Within the OR, the voorzitter and the secretaris record the consultation meeting and the
answer; every OR member can add entries to the handling.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.core.policy import ObjectPerms, object_with_perm_or_404, objects_with_perm

from .models import (
    EntryKind,
    ProposedDecision,
    Request,
    RequestDocument,
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
    return object_with_perm_or_404(user, VIEW, Request.objects.select_related("policy_version"), pk=pk)


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

    For now the OR-secretaris or -voorzitter records the date of that meeting
    (services.request_record_consultation). This is the one place to connect it to
    the meetings' agenda items once they exist."""
    return request.consultation_held_on is not None


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
