"""Pages for proposed decisions and requests: the executive files and decides, the OR
handles and answers, HR reads a consent request about its own policy. Each page starts by
asking the policy for the object: 404 for anyone who may not see it, 403 for who sees it
but may not do this."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from apps.accounts.models import User
from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.core.access import access, role
from apps.core.downloads import file_download
from apps.core.form_actions import run_form
from apps.hr import selectors as hr_selectors

from . import policy, selectors, services
from .forms import (
    AdviceAnswerForm,
    ConsentAnswerForm,
    ConsultationForm,
    DecisionForm,
    DocumentForm,
    EntryForm,
    EventForm,
    PollAttachForm,
    ProposalForm,
    RequestForm,
)
from .models import Request, RequestKind, RequestPart

READERS = role(Role.EXECUTIVE, Role.HR, *WORKS_COUNCIL_ROLES)
EXECUTIVE = role(Role.EXECUTIVE)
WORKS_COUNCIL = role(*WORKS_COUNCIL_ROLES)
OR_OFFICERS = role(*policy.OR_OFFICER_ROLES)
PARTICIPANTS = role(Role.EXECUTIVE, *WORKS_COUNCIL_ROLES)
STEP_TAKERS = role(Role.EXECUTIVE, *policy.OR_OFFICER_ROLES)
PAGE_SIZE = 25


def _actor(request: HttpRequest) -> User:
    """The signed-in user: every view here admits only users with a role."""
    return cast(User, request.user)


EVENT_LABELS = {
    "waive": gettext_lazy("The works council waives the suspension and an appeal"),
    "appeal": gettext_lazy("The works council filed an appeal with the Enterprise Chamber"),
    "drop": gettext_lazy("The executive drops the proposal"),
    "court": gettext_lazy("The executive asked the subdistrict court for replacement consent"),
    "court-granted": gettext_lazy("The court granted replacement consent"),
    "court-denied": gettext_lazy("The court denied replacement consent"),
    "applied": gettext_lazy("The regulation is applied without consent"),
    "nullity": gettext_lazy("The works council invoked nullity in writing"),
}


# --- requests --------------------------------------------------------------------------------------


@access(READERS)
@never_cache
def request_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("soort", "")
    kind = kind if kind in RequestKind.values else ""
    requests = selectors.request_list(request.user, kind or None)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "kind": kind,
        "kinds": RequestKind.choices,
        "is_executive": policy.is_executive(request.user),
    }
    return render(request, "bestuurder/request_list.html", context)


def _request_create(request: HttpRequest, kind: str) -> HttpResponse:
    proposal = None
    proposal_pk = request.GET.get("voorgenomen", "")
    if proposal_pk.isdecimal():  # isdigit() passes "²", int() refuses it
        proposal = policy.get_proposal_for_view(request.user, int(proposal_pk))
    initial = {"title": proposal.title, "reasons": proposal.description} if proposal else {}
    form = RequestForm(
        request.POST or None,
        request.FILES or None,
        kind=kind,
        versions=hr_selectors.versions_awaiting_consent(request.user)
        if kind == RequestKind.CONSENT
        else None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = services.request_file(
                actor=_actor(request),
                kind=kind,
                title=data["title"],
                subject=data["subject"],
                reasons=data["reasons"],
                consequences=data["consequences"],
                parts=data["parts"],
                answer_due=data["answer_due"],
                policy_version=data.get("policy_version"),
                proposal=proposal,
                files=data["attachments"],
            )
        except ValidationError as error:
            field = {"answer_due": "answer_due", "subject": "subject", "policy_version": "policy_version"}
            form.add_error(field.get(str(error.code)), error)
        else:
            messages.success(request, _("The request has been filed. The works council has been notified."))
            return redirect("bestuurder:request-detail", pk=filed.pk)
    context = {"form": form, "kind": kind, "proposal": proposal}
    return render(request, "bestuurder/request_form.html", context)


@access(EXECUTIVE)
@never_cache
def advice_create(request: HttpRequest) -> HttpResponse:
    return _request_create(request, RequestKind.ADVICE)


@access(EXECUTIVE)
@never_cache
def consent_create(request: HttpRequest) -> HttpResponse:
    return _request_create(request, RequestKind.CONSENT)


def _consultation_form(
    user: Any, req: Request, perms: policy.RequestPerms, data: Any = None
) -> ConsultationForm:
    """Choices only for who may record the consultation: nobody else's page queries meetings."""
    items = policy.consultation_items_for(user) if perms.can_record_consultation else None
    action = reverse("bestuurder:request-consultation", args=[req.pk])
    return ConsultationForm(data, items=items, action=action)


def _poll_form(user: Any, req: Request, perms: policy.RequestPerms, data: Any = None) -> PollAttachForm:
    polls = policy.attachable_polls(user, req) if perms.can_attach_polls else None
    action = reverse("bestuurder:request-poll-attach", args=[req.pk])
    return PollAttachForm(data, polls=polls, action=action)


def _forms(request: HttpRequest, req: Request, perms: policy.RequestPerms) -> dict[str, Any]:

    def url(name: str) -> str:
        return reverse(f"bestuurder:request-{name}", args=[req.pk])

    events = [
        (event, EVENT_LABELS[event]) for event in services.events_possible(req) if perms.may_record(event)
    ]
    return {
        "document": DocumentForm(action=url("upload")),
        "entry": EntryForm(kinds=perms.entry_kinds, action=url("entry")),
        "consultation": _consultation_form(request.user, req, perms),
        "poll": _poll_form(request.user, req, perms),
        "event": EventForm(events=events, action=url("event")),
    }


def _render_request(request: HttpRequest, req: Request, bound: tuple[str, Any] | None = None) -> HttpResponse:
    perms = policy.RequestPerms(request.user, req)
    forms = _forms(request, req, perms)
    if bound is not None:
        forms[bound[0]] = bound[1]
    item = req.consultation_item
    context = {
        "req": req,
        "file": selectors.request_get(req, perms),
        "perms": perms,
        "forms": forms,
        "consultation_held": policy.consultation_held(req),
        # The meeting's and item's titles only for who may see the item; others see the date.
        "consultation_item_visible": item is not None and policy.can_view_agenda_item(request.user, item),
    }
    return render(request, "bestuurder/request_detail.html", context)


@access(READERS)
@never_cache
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_request(request, policy.get_request_for_view(request.user, pk))


@access(READERS)
@never_cache
def request_document(request: HttpRequest, pk: int, document_pk: Any) -> FileResponse:
    req = policy.get_request_for_view(request.user, pk)
    document = policy.get_document_of(req, document_pk)
    return file_download(document.file.open("rb"), document.filename)


Run = Callable[[dict[str, Any]], object]


def _act(request: HttpRequest, req: Request, name: str, form: Any, run: Run, done: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return run_form(
        request,
        form,
        run,
        done=done,
        success_url=reverse("bestuurder:request-detail", args=[req.pk]),
        show_again=lambda: _render_request(request, req, (name, form)),
    )


@access(EXECUTIVE)
@never_cache
def request_upload(request: HttpRequest, pk: int) -> HttpResponse:
    req = policy.get_request_for_decide(request.user, pk)
    form = DocumentForm(request.POST, request.FILES, action=reverse("bestuurder:request-upload", args=[pk]))

    def run(data: dict[str, Any]) -> object:
        return services.document_add(actor=_actor(request), request=req, files=data["attachments"])

    return _act(request, req, "document", form, run, _("The documents have been added."))


@access(WORKS_COUNCIL)
@never_cache
def request_start(request: HttpRequest, pk: int) -> HttpResponse:
    req = policy.get_request_for_handle(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.request_start(actor=_actor(request), request=req)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The works council is now handling this request."))
    return redirect("bestuurder:request-detail", pk=pk)


@access(PARTICIPANTS)
@never_cache
def request_entry(request: HttpRequest, pk: int) -> HttpResponse:
    req = policy.get_request_for_view(request.user, pk)
    perms = policy.RequestPerms(request.user, req)
    if not perms.entry_kinds:
        raise PermissionDenied
    form = EntryForm(
        request.POST, kinds=perms.entry_kinds, action=reverse("bestuurder:request-entry", args=[pk])
    )

    def run(data: dict[str, Any]) -> object:
        return services.entry_add(actor=_actor(request), request=req, kind=data["kind"], body=data["body"])

    return _act(request, req, "entry", form, run, _("The entry has been added."))


@access(OR_OFFICERS)
@never_cache
def request_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    req = policy.get_request_for_officer(request.user, pk)
    form = _consultation_form(request.user, req, policy.RequestPerms(request.user, req), request.POST)

    def run(data: dict[str, Any]) -> object:
        return services.request_record_consultation(actor=_actor(request), request=req, item=data["item"])

    return _act(request, req, "consultation", form, run, _("The consultation meeting has been recorded."))


@access(OR_OFFICERS)
@never_cache
def request_poll_attach(request: HttpRequest, pk: int) -> HttpResponse:
    req = policy.get_request_for_officer(request.user, pk)
    form = _poll_form(request.user, req, policy.RequestPerms(request.user, req), request.POST)

    def run(data: dict[str, Any]) -> object:
        return services.request_poll_attach(actor=_actor(request), request=req, poll=data["poll"])

    return _act(request, req, "poll", form, run, _("The poll's results have been attached."))


@access(OR_OFFICERS)
@never_cache
def request_poll_detach(request: HttpRequest, pk: int, poll_pk: Any) -> HttpResponse:
    req = policy.get_request_for_officer(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    attachment = policy.get_attached_poll(req, poll_pk)
    if attachment is None:  # already removed (e.g. a second click): nothing to do
        messages.info(request, _("This poll is not attached to the request."))
        return redirect("bestuurder:request-detail", pk=pk)
    try:
        services.request_poll_detach(actor=_actor(request), request=req, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The poll has been removed from the request."))
    return redirect("bestuurder:request-detail", pk=pk)


@access(STEP_TAKERS)
@never_cache
def request_event(request: HttpRequest, pk: int) -> HttpResponse:
    req = policy.get_request_for_view(request.user, pk)
    perms = policy.RequestPerms(request.user, req)
    if not (perms.officer or perms.decide):
        raise PermissionDenied
    events = [(event, EVENT_LABELS[event]) for event in EVENT_LABELS if perms.may_record(event)]
    form = EventForm(request.POST, events=events, action=reverse("bestuurder:request-event", args=[pk]))

    def run(data: dict[str, Any]) -> object:
        return services.request_record_event(
            actor=_actor(request), request=req, event=data["event"], on=data["on"]
        )

    return _act(request, req, "event", form, run, _("The step has been recorded."))


def _parts(req: Request) -> list[RequestPart]:
    return list(RequestPart.objects.filter(request=req))


@access(OR_OFFICERS)
@never_cache
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The OR's answer: advice per part, or consent given, conditional or refused."""
    req = policy.get_request_for_officer(request.user, pk)
    form_class: Any = AdviceAnswerForm if req.is_advice else ConsentAnswerForm
    form = form_class(request.POST or None, parts=_parts(req))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if req.is_advice:
                advice = [services.PartAdvice(p, outcome, reasons) for p, outcome, reasons in form.per_part()]
                services.advice_answer(
                    actor=_actor(request), request=req, advice=advice, reasons=data["reasons"]
                )
            else:
                services.consent_answer(
                    actor=_actor(request),
                    request=req,
                    outcome=data["outcome"],
                    reasons=data["reasons"],
                    conditions=data["conditions"],
                )
        except ValidationError as error:
            form.add_error("reasons" if error.code == "reasons" else None, error)
        else:
            messages.success(request, _("The answer of the works council has been recorded."))
            return redirect("bestuurder:request-detail", pk=pk)
    context = {
        "req": req,
        "form": form,
        "can_answer": policy.can_answer(request.user, req),
        "consultation_held": policy.consultation_held(req),
    }
    return render(request, "bestuurder/request_answer.html", context)


@access(EXECUTIVE)
@never_cache
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The executive's written decision on an advice, part by part."""
    req = policy.get_request_for_decide(request.user, pk)
    parts = _parts(req)
    form = DecisionForm(request.POST or None, parts=parts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decisions = [services.PartDecision(p, outcome, reasons) for p, outcome, reasons in form.per_part()]
        try:
            services.advice_decide(
                actor=_actor(request),
                request=req,
                decisions=decisions,
                reasons=data["reasons"],
                decided_on=data["decided_on"],
            )
        except ValidationError as error:
            field = {"reasons": "reasons", "decided_on": "decided_on"}.get(str(error.code))
            form.add_error(field, error)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("bestuurder:request-detail", pk=pk)
    can_decide = policy.RequestPerms(request.user, req).can_decide
    return render(
        request,
        "bestuurder/request_decide.html",
        {"req": req, "form": form, "parts": parts, "can_decide": can_decide},
    )


# --- proposed decisions ------------------------------------------------------------------------------


@access(PARTICIPANTS)
@never_cache
def proposal_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.proposal_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "is_executive": policy.is_executive(request.user)}
    return render(request, "bestuurder/proposal_list.html", context)


@access(EXECUTIVE)
@never_cache
def proposal_create(request: HttpRequest) -> HttpResponse:
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = services.proposal_create(actor=_actor(request), **form.cleaned_data)
        messages.success(request, _("The proposed decision has been saved."))
        return redirect("bestuurder:proposal-detail", pk=proposal.pk)
    return render(request, "bestuurder/proposal_form.html", {"form": form})


@access(PARTICIPANTS)
@never_cache
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = policy.get_proposal_for_view(request.user, pk)
    linked = getattr(proposal, "request", None)
    context = {"proposal": proposal, "linked": linked, "is_executive": policy.is_executive(request.user)}
    return render(request, "bestuurder/proposal_detail.html", context)
