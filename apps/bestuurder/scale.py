"""Proposed decisions and advice and consent requests for `seed_scale`, with their parts,
entries and the permission rows `services.request_file` grants (the executive: view,
decide; the OR groups: view, handle; HR: view on a consent request about its policy).
Every policy version published on consent gets the consent request behind it."""

from datetime import timedelta
from typing import Any

from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.core.scale import Bulk, PermRows, ScaleContext, insert, text
from apps.hr.models import PolicyVersion

from . import services
from .models import (
    OPEN_STATES,
    AdviceSubject,
    EntryKind,
    ProposedDecision,
    Request,
    RequestEntry,
    RequestKind,
    RequestPart,
    RequestState,
)

ADVICE_OUTCOMES = (
    RequestState.DECIDED_CONFORM,
    RequestState.DECIDED_CONFORM,
    RequestState.ADVISED,
    RequestState.TERM_EXPIRED,
)


def _consent_request(context: ScaleContext, executive: int, version: PolicyVersion, given: bool) -> Request:
    filed = version.created_at + timedelta(days=3)
    return Request(
        kind=RequestKind.CONSENT,
        title=f"Instemmingsverzoek {version.title}",
        subject=version.subject,
        reasons=text(context, 4),
        consequences=text(context, 2),
        state=RequestState.CONSENT_GIVEN if given else RequestState.IN_PROGRESS,
        answer_due=(filed + timedelta(days=42)).date(),
        policy_version_id=version.pk,
        created_by_id=executive,
        created_at=filed,
        answered_on=(filed + timedelta(days=20)).date() if given else None,
        answer_reasons="De OR stemt in." if given else "",
    )


def _advice_request(context: ScaleContext, executive: int, index: int, total: int) -> Request:
    filed = context.spread(index, total)
    open_request = (context.now - filed).days < 60
    state = context.rng.choice(OPEN_STATES if open_request else ADVICE_OUTCOMES)
    answered = state not in OPEN_STATES
    return Request(
        kind=RequestKind.ADVICE,
        title=f"Adviesaanvraag {index + 1}",
        subject=context.rng.choice(AdviceSubject.values),
        reasons=text(context, 4),
        consequences=text(context, 2),
        state=state,
        answer_due=(filed + timedelta(days=42)).date(),
        created_by_id=executive,
        created_at=filed,
        answered_on=(filed + timedelta(days=30)).date() if answered else None,
        answer_reasons="Positief advies." if answered else "",
        decided_on=(filed + timedelta(days=40)).date() if state == RequestState.DECIDED_CONFORM else None,
    )


def build_requests(context: ScaleContext) -> None:
    executive = context.holders[Role.EXECUTIVE.value][0]
    consents: list[Any] = [
        *(
            _consent_request(context, executive, v, True)
            for v in context.shared.get("consented_versions", [])
        ),
        *(
            _consent_request(context, executive, v, False)
            for v in context.shared.get("submitted_versions", [])
        ),
    ]
    advice_total = max(1, context.size("requests") - len(consents))
    advice = [_advice_request(context, executive, n, advice_total) for n in range(advice_total)]
    requests = insert(context, Request, [*consents, *advice])
    perms = PermRows(context, Request)
    parts = Bulk(context, RequestPart)
    entries = Bulk(context, RequestEntry)
    council = context.group_ids(*sorted(WORKS_COUNCIL_ROLES))
    members = context.holders[Role.WORKS_COUNCIL_MEMBER.value]
    for request in requests:
        perms.group(context.group_ids(Role.EXECUTIVE), request.pk, *services.EXECUTIVE_REQUEST_PERMS)
        perms.group(council, request.pk, *services.WORKS_COUNCIL_REQUEST_PERMS)
        if request.policy_version_id is not None:
            perms.group(context.group_ids(Role.HR), request.pk, "view_request")
        for number in range(1, context.rng.randint(1, 3) + 1):
            parts.add(RequestPart(request_id=request.pk, number=number, title=f"Onderdeel {number}"))
        entries.add(
            RequestEntry(
                request_id=request.pk,
                kind=EntryKind.QUESTION,
                body="Welke gevolgen heeft dit voor de parttimers?",
                author_id=context.rng.choice(members),
                created_at=request.created_at + timedelta(days=5),
            )
        )
    perms.flush()
    parts.flush()
    entries.flush()
    _proposals(context, executive)


def _proposals(context: ScaleContext, executive: int) -> None:
    total = context.size("proposals")
    proposals = insert(
        context,
        ProposedDecision,
        (
            ProposedDecision(
                title=f"Voorgenomen besluit {n + 1}",
                description=text(context, 3),
                kind=context.rng.choice(RequestKind.values),
                announced_on=context.spread(n, total).date(),
                created_by_id=executive,
                created_at=context.spread(n, total),
            )
            for n in range(total)
        ),
    )
    perms = PermRows(context, ProposedDecision)
    readers = context.group_ids(Role.EXECUTIVE, *sorted(WORKS_COUNCIL_ROLES))
    for proposal in proposals:
        perms.group(readers, proposal.pk, "view_proposeddecision")
    perms.flush()
