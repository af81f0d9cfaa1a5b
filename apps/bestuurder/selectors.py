"""Reads on proposed decisions and requests, built on the policy's querysets.
Query counts stay flat: lists select their relations in one go."""

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.achterban.models import ConstituencyPoll
from apps.achterban.selectors import PollResults, QuestionResult, poll_results
from apps.core import audit_words
from apps.core.models import AuditEvent
from apps.hr.models import PolicyVersion

from . import policy
from .models import (
    CONSENT_STATES,
    OPEN_STATES,
    SHARED_ENTRY_KINDS,
    ProposedDecision,
    Request,
    RequestDocument,
    RequestEntry,
    RequestKind,
    RequestPart,
    RequestPoll,
    RequestState,
)

PANEL_ROWS = 5
EVENT_LABELS = {
    "request_filed": _("Request filed"),
    "request_document_added": _("Documents added"),
    "request_state_changed": _("State changed from “%(from)s” to “%(to)s”"),
    "request_consultation_linked": _("Linked to the consultation meeting of %(date)s"),
    "request_poll_attached": _("Constituency poll “%(poll)s” attached"),
    "request_poll_detached": _("Constituency poll “%(poll)s” removed"),
}


def describe_event(event: AuditEvent) -> str:
    return audit_words.describe_event(event, EVENT_LABELS, RequestState)


def request_list(user: Any, kind: str | None = None, open_only: bool = False) -> QuerySet[Request]:
    requests = policy.requests_visible_to(user)
    if kind in RequestKind.values:
        requests = requests.filter(kind=kind)
    if open_only:
        requests = requests.filter(state__in=OPEN_STATES)
    return (
        requests.select_related("policy_version")
        .annotate(part_count=Count("parts"))
        .defer("reasons", "consequences", "answer_reasons", "decision_reasons")
        .order_by("-created_at", "-pk")
    )


def consent_for_version(version: PolicyVersion) -> Request | None:
    """The consent (or the court's replacement consent) that covers exactly this version."""
    return (
        Request.objects.filter(kind=RequestKind.CONSENT, policy_version=version, state__in=CONSENT_STATES)
        .order_by("-answered_on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class AttachedPoll:
    """A poll attached as support, with its figures: suppressed for small groups by
    `poll_results`, and without open answers (raw text stays with the works council)."""

    attachment: RequestPoll
    poll: ConstituencyPoll
    results: PollResults | None


def _figures_only(question: QuestionResult) -> QuestionResult:
    return replace(question, open_answers=[], open_answers_hidden=False)


def _shared_results(results: PollResults | None) -> PollResults | None:
    if results is None:
        return None
    return replace(
        results,
        questions=[_figures_only(question) for question in results.questions],
        departments=[
            replace(department, questions=[_figures_only(q) for q in department.questions])
            for department in results.departments
        ],
    )


def attached_polls(request: Request) -> list[AttachedPoll]:
    """The polls attached to a request with their results. A few queries per attached poll
    (the OR attaches a handful at most)."""
    attachments = RequestPoll.objects.filter(request=request).select_related("poll", "attached_by")
    return [
        AttachedPoll(attachment, attachment.poll, _shared_results(poll_results(attachment.poll)))
        for attachment in attachments
    ]


@dataclass(frozen=True)
class RequestFile:
    request: Request
    parts: list[RequestPart]
    entries: list[RequestEntry]
    documents: list[RequestDocument]
    history: list[AuditEvent]
    polls: list[AttachedPoll]

    @property
    def history_rows(self) -> list[tuple[AuditEvent, str]]:
        return [(event, describe_event(event)) for event in self.history]


def history(target: Any) -> list[AuditEvent]:
    """Who changed what, when: the audit rows of one object."""
    return list(
        AuditEvent.objects.filter(
            target_type=target._meta.label_lower, target_id=str(target.pk)
        ).select_related("actor")
    )


def request_get(request: Request, perms: policy.RequestPerms) -> RequestFile:
    entries = RequestEntry.objects.filter(request=request).select_related("author")
    if not perms.sees_internal_entries:
        entries = entries.filter(kind__in=SHARED_ENTRY_KINDS)
    return RequestFile(
        request=request,
        parts=list(RequestPart.objects.filter(request=request)),
        entries=list(entries),
        documents=list(RequestDocument.objects.filter(request=request).select_related("uploaded_by")),
        history=history(request),
        polls=attached_polls(request),
    )


def proposal_list(user: Any) -> QuerySet[ProposedDecision]:
    return policy.proposals_visible_to(user).select_related("request").order_by("-announced_on", "-pk")


# --- home panels ----------------------------------------------------------------------------------


def executive_panel(user: Any) -> list[Request]:
    """Open requests and decisions whose terms are running, newest first."""
    watched = (
        *OPEN_STATES,
        RequestState.ADVISED,
        RequestState.DECIDED_DEVIATING,
        RequestState.CONSENT_REFUSED,
    )
    return list(request_list(user).filter(state__in=watched)[:PANEL_ROWS])


def works_council_panel(user: Any) -> list[Request]:
    """What awaits the OR's answer, the earliest answer date first."""
    watched = (*OPEN_STATES, RequestState.DECIDED_DEVIATING, RequestState.APPLIED_WITHOUT_CONSENT)
    return list(request_list(user).filter(state__in=watched).order_by("answer_due", "pk")[:PANEL_ROWS])
