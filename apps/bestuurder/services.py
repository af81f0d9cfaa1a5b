"""Writes on proposed decisions and requests: one transaction each, with object
permissions, audit rows for every state change and notifications after commit.

The procedures (see ../shared/domain.md):
- advice (art. 25, 26): ontvangen -> in behandeling -> overleg gevoerd -> advies uitgebracht
  -> besluit conform | besluit afwijkend (suspended one month) -> afgezien | beroep ingesteld | verlopen;
- consent (art. 27): ontvangen -> in behandeling -> overleg gevoerd -> instemming |
  voorwaardelijke instemming | geweigerd -> ingetrokken | kantonrechter -> toestemming verleend |
  geweigerd; side path: toegepast zonder instemming -> nietigheid ingeroepen (within one month).
No state can be skipped: every function checks where the request stands and says why not.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from apps.accounts.models import User
from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.achterban.models import ConstituencyPoll
from apps.core import outbox
from apps.core.services import audit_record
from apps.hr import services as hr_services
from apps.hr.models import PolicySubject, PolicyVersion
from apps.ondernemingsraad.models import AgendaItem
from apps.ondernemingsraad.selectors import agenda_item_was_discussed

from . import conf, policy, tasks
from .models import (
    AdviceOutcome,
    AdviceSubject,
    DecisionOutcome,
    EntryKind,
    ProposedDecision,
    Request,
    RequestDocument,
    RequestEntry,
    RequestKind,
    RequestPart,
    RequestPoll,
    RequestState,
)

EXECUTIVE_REQUEST_PERMS = ("view_request", "decide_request")
WORKS_COUNCIL_REQUEST_PERMS = ("view_request", "handle_request")
MIN_REASONS = 10


def _group(role: Role) -> Group:
    return Group.objects.get_or_create(name=role.value)[0]


def _today() -> date:
    return timezone.localdate()


def _set_state(actor: Any, request: Request, state: str) -> None:
    old = request.state
    request.state = state
    request.full_clean()
    request.save()
    audit_record(
        actor=actor, action="request_state_changed", target=request, details={"from": old, "to": state}
    )


def _refuse(message: str, code: str = "state") -> ValidationError:
    return ValidationError(message, code=code)


def _require_reasons(text: str, code: str = "reasons") -> str:
    if len(text.strip()) < MIN_REASONS:
        raise ValidationError(
            _("Give the reasons in at least %(count)d characters.") % {"count": MIN_REASONS}, code=code
        )
    return text.strip()


def _not_in_future(day: date, code: str = "date") -> None:
    if day > _today():
        raise ValidationError(_("This date cannot be in the future."), code=code)


def _notify(request: Request, kind: str) -> None:
    outbox.enqueue(tasks.notify_request, str(request.pk), kind)


# --- proposed decisions ---------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *, actor: User, title: str, description: str, kind: str, announced_on: date
) -> ProposedDecision:
    proposal = ProposedDecision(
        title=title, description=description, kind=kind, announced_on=announced_on, created_by=actor
    )
    proposal.full_clean()
    proposal.save()
    for role in (Role.EXECUTIVE, *WORKS_COUNCIL_ROLES):
        assign_perm("view_proposeddecision", _group(role), proposal)
    audit_record(actor=actor, action="proposal_created", target=proposal)
    return proposal


# --- filing a request --------------------------------------------------------------------------


def _check_subject(kind: str, subject: str) -> None:
    allowed = AdviceSubject.values if kind == RequestKind.ADVICE else PolicySubject.values
    if subject not in allowed or subject == PolicySubject.OTHER:
        raise ValidationError(_("Choose one of the subjects the law lists."), code="subject")


def _save_documents(actor: User, request: Request, files: Sequence[UploadedFile]) -> None:
    for upload in files:
        document = RequestDocument(
            request=request,
            filename=upload.name or "document",
            content_type=upload.content_type or "application/octet-stream",
            size=upload.size or 0,
            uploaded_by=actor,
        )
        document.file.save("document", upload, save=False)
        document.save()


@transaction.atomic
def request_file(
    *,
    actor: User,
    kind: str,
    title: str,
    subject: str,
    reasons: str,
    consequences: str,
    parts: Sequence[str] = (),
    answer_due: date | None = None,
    policy_version: PolicyVersion | None = None,
    proposal: ProposedDecision | None = None,
    files: Sequence[UploadedFile] = (),
) -> Request:
    """The executive files an advice or consent request with its parts and documents."""
    if not actor.has_role(Role.EXECUTIVE):
        raise PermissionDenied
    _check_subject(kind, subject)
    answer_due = answer_due or _today() + timedelta(days=conf.answer_term_days())
    if answer_due < _today():
        raise ValidationError(_("The agreed answer date cannot be in the past."), code="answer_due")
    if policy_version is not None and kind != RequestKind.CONSENT:
        raise ValidationError(_("Only a consent request is about a policy version."), code="policy_version")
    if proposal is not None:
        proposal = ProposedDecision.objects.select_for_update().get(pk=proposal.pk)
        if proposal.state != ProposedDecision.State.ANNOUNCED:
            raise ValidationError(_("This proposed decision has already become a request."), code="proposal")
    request = Request(
        kind=kind,
        title=title,
        subject=subject,
        reasons=reasons,
        consequences=consequences,
        answer_due=answer_due,
        policy_version=policy_version,
        proposed_decision=proposal,
        created_by=actor,
    )
    request.full_clean()
    request.save()
    titles = [part.strip() for part in parts if part.strip()] or [title]
    for number, part in enumerate(titles, start=1):
        RequestPart.objects.create(request=request, number=number, title=part[:300])
    for perm in EXECUTIVE_REQUEST_PERMS:
        assign_perm(perm, _group(Role.EXECUTIVE), request)
    for role in WORKS_COUNCIL_ROLES:
        for perm in WORKS_COUNCIL_REQUEST_PERMS:
            assign_perm(perm, _group(role), request)
    if policy_version is not None:
        # HR drafted this policy and needs the outcome to publish it (read only).
        assign_perm("view_request", _group(Role.HR), request)
        hr_services.policy_submit_to_works_council(actor=actor, version=policy_version)
    if proposal is not None:
        proposal.state = ProposedDecision.State.REQUESTED
        proposal.save(update_fields=["state"])
    _save_documents(actor, request, files)
    audit_record(actor=actor, action="request_filed", target=request, details={"kind": kind})
    _notify(request, "filed")
    return request


@transaction.atomic
def document_add(*, actor: User, request: Request, files: Sequence[UploadedFile]) -> None:
    if not files:
        raise ValidationError(_("Choose a file first."), code="empty")
    _save_documents(actor, request, files)
    audit_record(actor=actor, action="request_document_added", target=request, details={"count": len(files)})


# --- the OR's handling -----------------------------------------------------------------------------


@transaction.atomic
def request_start(*, actor: User, request: Request) -> None:
    if request.state != RequestState.RECEIVED:
        raise _refuse(_("The works council is already handling this request."))
    _set_state(actor, request, RequestState.IN_PROGRESS)


@transaction.atomic
def entry_add(*, actor: User, request: Request, kind: str, body: str) -> RequestEntry:
    perms = policy.RequestPerms(actor, request)
    if kind not in perms.entry_kinds:
        raise PermissionDenied
    if not body.strip():
        raise ValidationError(_("Write the text first."), code="body")
    if not request.is_open:
        raise _refuse(_("The handling of this request is finished: no entries can be added."))
    entry = RequestEntry(request=request, kind=kind, body=body, author=actor)
    entry.full_clean()
    entry.save()
    if kind != EntryKind.ANSWER and request.state == RequestState.RECEIVED:
        _set_state(actor, request, RequestState.IN_PROGRESS)
    if kind == EntryKind.QUESTION:
        _notify(request, "question")
    return entry


@transaction.atomic
def request_record_consultation(*, actor: User, request: Request, item: AgendaItem) -> None:
    """Link the request to the agenda item of the overlegvergadering at which it was discussed
    (OR-secretaris or voorzitter). `policy.can_answer` requires it (art. 25 lid 2, 27 lid 2 WOR).

    The item must be one the actor may see, of an overlegvergadering that has been held; its
    meeting's date is kept in `consultation_held_on`. The link can be corrected until the OR
    answers."""
    if not policy.RequestPerms(actor, request).officer:
        raise PermissionDenied
    if request.state not in (RequestState.RECEIVED, RequestState.IN_PROGRESS, RequestState.CONSULTED):
        raise _refuse(_("The consultation can only be recorded before the works council answers."))
    # One answer for an item the actor may not see and for one not discussed: nothing leaks.
    if not policy.can_view_agenda_item(actor, item) or not agenda_item_was_discussed(item):
        raise ValidationError(
            _("Choose an agenda item of a consultation meeting that has been held."), code="item"
        )
    held_on = timezone.localtime(item.meeting.starts_at).date()
    _not_in_future(held_on, code="item")
    if held_on < timezone.localtime(request.created_at).date():
        raise ValidationError(_("The meeting cannot be before the request was filed."), code="item")
    request.consultation_item = item
    request.consultation_held_on = held_on
    audit_record(
        actor=actor,
        action="request_consultation_linked",
        target=request,
        details={"item": item.pk, "date": held_on.isoformat()},
    )
    _set_state(actor, request, RequestState.CONSULTED)


# --- constituency polls as support ----------------------------------------------------------------


@transaction.atomic
def request_poll_attach(*, actor: User, request: Request, poll: ConstituencyPoll) -> RequestPoll:
    """An officer attaches a closed poll's results to the request as support for the OR's answer."""
    if not policy.RequestPerms(actor, request).officer:
        raise PermissionDenied
    if request.state not in (RequestState.RECEIVED, RequestState.IN_PROGRESS, RequestState.CONSULTED):
        raise _refuse(_("Polls can be attached only until the works council answers."))
    if not policy.may_attach_poll(actor, poll):
        raise ValidationError(
            _("Only a closed poll can be attached: its results are final only then."), code="poll"
        )
    if RequestPoll.objects.filter(request=request, poll=poll).exists():
        raise ValidationError(_("This poll is already attached to the request."), code="poll")
    link = RequestPoll(request=request, poll=poll, attached_by=actor)
    link.full_clean()
    link.save()
    audit_record(actor=actor, action="request_poll_attached", target=request, details={"poll": poll.title})
    return link


@transaction.atomic
def request_poll_detach(*, actor: User, request: Request, attachment: RequestPoll) -> None:
    if not policy.RequestPerms(actor, request).officer:
        raise PermissionDenied
    if attachment.request_id != request.pk:
        raise ValidationError(_("This poll is not attached to the request."), code="poll")
    if request.state not in (RequestState.RECEIVED, RequestState.IN_PROGRESS, RequestState.CONSULTED):
        raise _refuse(_("Polls can be removed only until the works council answers."))
    title = attachment.poll.title
    attachment.delete()
    audit_record(actor=actor, action="request_poll_detached", target=request, details={"poll": title})


def _check_can_answer(actor: User, request: Request, kind: str) -> None:
    if request.kind != kind:
        raise _refuse(_("This is not the right answer for this kind of request."))
    if not policy.RequestPerms(actor, request).officer:
        raise PermissionDenied
    if request.state in (RequestState.RECEIVED, RequestState.IN_PROGRESS) or not policy.consultation_held(
        request
    ):
        raise _refuse(
            _(
                "The works council can answer only after the request was discussed at a consultation "
                "meeting (overlegvergadering). Record that meeting first."
            ),
            code="not_consulted",
        )
    if not policy.can_answer(actor, request):
        raise _refuse(_("The works council has already answered this request."), code="answered")


@dataclass(frozen=True)
class PartAdvice:
    part: RequestPart
    outcome: str
    reasons: str


@transaction.atomic
def advice_answer(*, actor: User, request: Request, advice: Sequence[PartAdvice], reasons: str) -> None:
    """The OR's advice: positive, negative or conditional for every part, with reasons."""
    _check_can_answer(actor, request, RequestKind.ADVICE)
    parts = {part.pk: part for part in request.parts.all()}
    given = {item.part.pk: item for item in advice}
    if set(given) != set(parts):
        raise ValidationError(_("Give the advice on every part of the request."), code="parts")
    for pk, item in given.items():
        if item.outcome not in AdviceOutcome.values:
            raise ValidationError(_("Choose an advice for every part."), code="parts")
        if item.outcome != AdviceOutcome.POSITIVE and not item.reasons.strip():
            raise ValidationError(
                _("Part %(number)s: explain a negative or conditional advice.")
                % {"number": parts[pk].number},
                code="parts",
            )
        part = parts[pk]
        part.advice = item.outcome
        part.advice_reasons = item.reasons.strip()
        part.save(update_fields=["advice", "advice_reasons"])
    request.answer_reasons = _require_reasons(reasons)
    request.answered_on = _today()
    _set_state(actor, request, RequestState.ADVISED)
    _notify(request, "answered")


CONSENT_OUTCOMES = {
    "instemming": RequestState.CONSENT_GIVEN,
    "voorwaardelijk": RequestState.CONSENT_CONDITIONAL,
    "weigering": RequestState.CONSENT_REFUSED,
}


@transaction.atomic
def consent_answer(
    *, actor: User, request: Request, outcome: str, reasons: str, conditions: str = ""
) -> None:
    """The OR's answer to a consent request: given, conditional or refused, with reasons."""
    _check_can_answer(actor, request, RequestKind.CONSENT)
    if outcome not in CONSENT_OUTCOMES:
        raise ValidationError(_("Choose the works council's answer."), code="outcome")
    if outcome == "voorwaardelijk" and not conditions.strip():
        raise ValidationError(_("Write down the conditions of the consent."), code="conditions")
    request.answer_reasons = _require_reasons(reasons)
    request.answer_conditions = conditions.strip() if outcome == "voorwaardelijk" else ""
    request.answered_on = _today()
    state = CONSENT_OUTCOMES[outcome]
    _set_state(actor, request, state)
    if request.policy_version is not None and state != RequestState.CONSENT_REFUSED:
        hr_services.policy_consent_obtained(actor=actor, version=request.policy_version)
    _notify(request, "answered")


# --- the executive's decision ----------------------------------------------------------------------


@dataclass(frozen=True)
class PartDecision:
    part: RequestPart
    outcome: str
    reasons: str


@transaction.atomic
def advice_decide(
    *, actor: User, request: Request, decisions: Sequence[PartDecision], reasons: str, decided_on: date
) -> None:
    """The written decision, answering every part of the advice. Deviating from the advice on
    any part suspends the decision for one month (art. 25 lid 6) and opens the appeal term (art. 26)."""
    if not policy.RequestPerms(actor, request).decide:
        raise PermissionDenied
    if not request.is_advice:
        raise _refuse(_("Only an advice request is decided this way."))
    if request.state != RequestState.ADVISED:
        raise _refuse(
            _("The executive decides after the works council has given its advice."), code="not_advised"
        )
    parts = {part.pk: part for part in request.parts.all()}
    given = {item.part.pk: item for item in decisions}
    if set(given) != set(parts):
        raise ValidationError(_("Answer every part of the advice."), code="parts")
    deviates = False
    for pk, item in given.items():
        part = parts[pk]
        if item.outcome not in DecisionOutcome.values:
            raise ValidationError(_("Choose a decision for every part."), code="parts")
        if not item.reasons.strip():
            raise ValidationError(
                _("Part %(number)s: give the reasons for the decision on this part.")
                % {"number": part.number},
                code="parts",
            )
        # Following a negative advice means not taking that part of the decision: still conform.
        deviates = deviates or item.outcome == DecisionOutcome.DEVIATES
        part.decision = item.outcome
        part.decision_reasons = item.reasons.strip()
        part.save(update_fields=["decision", "decision_reasons"])
    _not_in_future(decided_on, code="decided_on")
    if request.answered_on and decided_on < request.answered_on:
        raise ValidationError(_("The decision cannot be dated before the advice."), code="decided_on")
    request.decision_reasons = _require_reasons(reasons)
    request.decided_on = decided_on
    _set_state(actor, request, RequestState.DECIDED_DEVIATING if deviates else RequestState.DECIDED_CONFORM)
    _notify(request, "decided")


# --- follow-up events ----------------------------------------------------------------------------------

EVENT_FROM: dict[str, tuple[str, ...]] = {
    "waive": (RequestState.DECIDED_DEVIATING,),
    "appeal": (RequestState.DECIDED_DEVIATING,),
    "drop": (RequestState.CONSENT_REFUSED,),
    "court": (RequestState.CONSENT_REFUSED,),
    "court-granted": (RequestState.COURT_REQUESTED,),
    "court-denied": (RequestState.COURT_REQUESTED,),
    "applied": (
        RequestState.RECEIVED,
        RequestState.IN_PROGRESS,
        RequestState.CONSULTED,
        RequestState.CONSENT_REFUSED,
        RequestState.DROPPED,
        RequestState.COURT_REQUESTED,
        RequestState.COURT_DENIED,
    ),
    "nullity": (RequestState.APPLIED_WITHOUT_CONSENT,),
}
EVENT_KIND = {
    "waive": RequestKind.ADVICE,
    "appeal": RequestKind.ADVICE,
    "drop": RequestKind.CONSENT,
    "court": RequestKind.CONSENT,
    "court-granted": RequestKind.CONSENT,
    "court-denied": RequestKind.CONSENT,
    "applied": RequestKind.CONSENT,
    "nullity": RequestKind.CONSENT,
}
EVENT_TO = {
    "waive": RequestState.SUSPENSION_WAIVED,
    "appeal": RequestState.APPEAL_FILED,
    "drop": RequestState.DROPPED,
    "court": RequestState.COURT_REQUESTED,
    "court-granted": RequestState.COURT_GRANTED,
    "court-denied": RequestState.COURT_DENIED,
    "applied": RequestState.APPLIED_WITHOUT_CONSENT,
    "nullity": RequestState.NULLITY_INVOKED,
}
EVENT_DATE_FIELD = {
    "waive": "waived_on",
    "appeal": "appeal_filed_on",
    "court": "court_requested_on",
    "court-granted": "court_decided_on",
    "court-denied": "court_decided_on",
    "applied": "applied_without_consent_on",
    "nullity": "nullity_invoked_on",
}


def events_possible(request: Request) -> list[str]:
    return [
        event
        for event, states in EVENT_FROM.items()
        if request.kind == EVENT_KIND[event] and request.state in states
    ]


@transaction.atomic
def request_record_event(*, actor: User, request: Request, event: str, on: date) -> None:
    """A step after the answer: the OR waives the suspension, appeals, records that a regulation
    is applied without consent or invokes nullity; the executive drops a refused request, asks
    the subdistrict court for replacement consent and records its outcome."""
    if event not in EVENT_TO:
        raise ValidationError(_("Unknown step."), code="event")
    if not policy.RequestPerms(actor, request).may_record(event):
        raise PermissionDenied
    if event not in events_possible(request):
        raise _refuse(
            _("This step is not possible while the request is “%(state)s”.")
            % {"state": request.get_state_display()}
        )
    _not_in_future(on, code="on")
    if event == "appeal" and request.appeal_deadline is not None and on > request.appeal_deadline:
        raise ValidationError(
            _("The appeal term ended on %(date)s.") % {"date": request.appeal_deadline.strftime("%d-%m-%Y")},
            code="on",
        )
    if event == "nullity" and request.nullity_deadline is not None and on > request.nullity_deadline:
        raise ValidationError(
            _("The term to invoke nullity ended on %(date)s.")
            % {"date": request.nullity_deadline.strftime("%d-%m-%Y")},
            code="on",
        )
    if event in EVENT_DATE_FIELD:
        setattr(request, EVENT_DATE_FIELD[event], on)
    _set_state(actor, request, EVENT_TO[event])
    version = request.policy_version
    if version is not None:
        if event == "court-granted":
            hr_services.policy_consent_obtained(actor=actor, version=version)
        elif event in ("drop", "court-denied"):
            hr_services.policy_consent_failed(actor=actor, version=version)


# --- clocks ---------------------------------------------------------------------------------------


@transaction.atomic
def requests_expire_terms(*, today: date) -> int:
    """Deviating decisions whose appeal term passed without an appeal: the term expired."""
    expired = 0
    for request in Request.objects.select_for_update().filter(state=RequestState.DECIDED_DEVIATING):
        deadline = request.appeal_deadline
        if deadline is not None and deadline < today:
            _set_state(None, request, RequestState.TERM_EXPIRED)
            expired += 1
    return expired
