"""The reporter's pages: sending a melding and following it up, named or anonymously.

Named and anonymous follow-up share one set of actions working on a `FollowUp`: the
report, resolved before the action runs, and who follows it (the signed-in reporter,
or None for someone who entered a receipt code). The named variant resolves the
report through `policy.get_report_for_reporter` (404 for anyone else), the anonymous
one through the receipt-access cookie. Either way the content opens only with the
melding's content key, which the receipt code opened: a named reporter enters the code
once per session (the account alone is not enough), the anonymous one with every visit.

For an anonymous report nothing here writes to the session, the messages framework
(its storage may fall back to the session) or a log; the receipt code is shown once,
in the response to the POST, and lives nowhere else.
"""

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core import sealing
from apps.core.access import PUBLIC, SIGNED_IN, access, role
from apps.core.sealing import ContentKey
from apps.vertrouwenspersoon import keys, policy, receipts, selectors, services, services_minutes, unlocking
from apps.vertrouwenspersoon.forms import (
    UNKNOWN_CODE,
    MessageForm,
    MinutesCorrectionForm,
    ReceiptCodeForm,
    ReportForm,
)
from apps.vertrouwenspersoon.models import (
    Author,
    Report,
    SharedSummary,
    Status,
)
from apps.vertrouwenspersoon.views.downloads import attachment_response

EMPLOYEE = role(Role.EMPLOYEE)

RECEIPT_ATTEMPTS = 5  # failed receipt codes per client ...
RECEIPT_WINDOW_SECONDS = 15 * 60  # ... within this window, then
RECEIPT_LOCK_SECONDS = 15 * 60  # every attempt is refused for this long
SUBMISSION_MEMORY_SECONDS = 60 * 60
READS_SHOWN = 50

# Outcomes of an action, shown after the redirect: a flash message for a named
# reporter, a fixed key in the query string for an anonymous one (no session).
NOTICES = {
    "sent": gettext_lazy("Your message has been sent."),
    "consent": gettext_lazy("You gave your consent: the summary is now shared."),
    "decline": gettext_lazy("You declined: the summary is not shared."),
    "revoke": gettext_lazy("You withdrew your consent: the summary is no longer shared."),
    "accept": gettext_lazy("You agreed: your report has been transferred to the new counsellor."),
    "reject": gettext_lazy("You declined the transfer: your counsellor stays the same."),
    "approved": gettext_lazy("You approved the minutes. They can no longer change."),
    "corrected": gettext_lazy("Your correction has been sent to your counsellor."),
    "shared": gettext_lazy("Your new counsellor can now read your report."),
}
NOTICE_PARAMETER = "klaar"
OPEN_SUMMARY_STATES = (SharedSummary.State.PROPOSED, SharedSummary.State.SHARED)


@dataclass(frozen=True)
class FollowUp:
    report: Report
    user: User | None  # None: the anonymous reporter, known only by the receipt cookie
    key: ContentKey

    @property
    def anonymous(self) -> bool:
        return self.user is None

    def url(self, action: str, **kwargs: Any) -> str:
        if self.user is None:
            return reverse(f"vertrouwenspersoon:receipt-{action}", kwargs=kwargs)
        return reverse(f"vertrouwenspersoon:report-{action}", kwargs={"pk": self.report.pk, **kwargs})


Action = Callable[..., HttpResponseBase]


def _named(action: Action) -> Action:
    """The action for a signed-in reporter: the report comes from the URL, 404 for anyone else."""

    @wraps(action)
    def view(request: HttpRequest, pk: UUID, **kwargs: Any) -> HttpResponseBase:
        report = policy.get_report_for_reporter(request.user, pk)
        key = unlocking.named_reporter_key(request, report)
        if key is None:
            return redirect("vertrouwenspersoon:report-unlock", pk=report.pk)
        return action(request, FollowUp(report, request.user, key), **kwargs)  # type: ignore[arg-type]

    # Signed in is enough to ask: the policy answers 404 to everyone but the reporter,
    # so nobody learns from a 403 that the object exists.
    return access(SIGNED_IN)(never_cache(view))


def _anonymous(action: Action) -> Action:
    """The action for the anonymous reporter: the report comes from the receipt cookie."""

    @wraps(action)
    def view(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
        found = policy.receipt_access(request)
        if found is None:
            return redirect("vertrouwenspersoon:receipt-start")
        report, key = found
        return action(request, FollowUp(report, None, key), **kwargs)

    return access(PUBLIC)(never_cache(view))


# --- sending a report ------------------------------------------------------------------


def _report_form(request: HttpRequest, anonymous: bool) -> ReportForm:
    if request.method == "POST":
        return ReportForm(request.POST, request.FILES, anonymous=anonymous)
    return ReportForm(anonymous=anonymous)


@access(EMPLOYEE)
@never_cache
def report_create(request: HttpRequest) -> HttpResponse:
    """A melding with the reporter's name. The anonymous one has a page of its own."""
    form = _report_form(request, anonymous=False)
    if request.method == "POST" and form.is_valid():
        submitted = _submit(request, form, reporter=request.user)  # type: ignore[arg-type]
        if submitted is not None:
            unlocking.remember_report_key(request, submitted.report, submitted.key)
            return _show_receipt_code(request, submitted.receipt_code, submitted.report)
    return _render_create(request, form)


@access(PUBLIC)
@never_cache
def anonymous_create(request: HttpRequest) -> HttpResponse:
    """A melding without a name, reachable without logging in. The anonymous zone
    (core.middleware.AnonymousZoneMiddleware) hides any session from this page, so being
    signed in changes nothing that is stored."""
    form = _report_form(request, anonymous=True)
    if request.method == "POST" and form.is_valid():
        submitted = _submit(request, form, reporter=None)
        if submitted is not None:
            return _show_receipt_code(request, submitted.receipt_code, None)
    return _render_create(request, form)


def _render_create(request: HttpRequest, form: ReportForm) -> HttpResponse:
    """The form, with what the reporter must know before they write (the escrow, if on)."""
    escrow_holder = (settings.PORTAL_ESCROW_HOLDER or _("the organisation")) if keys.escrow_enabled() else ""
    context = {"form": form, "anonymous": form.anonymous, "escrow_holder": escrow_holder}
    return render(request, "vertrouwenspersoon/report_create.html", context)


def _submit(request: HttpRequest, form: ReportForm, reporter: User | None) -> services.Submitted | None:
    """Send the report once: a reloaded or double-clicked form adds no second report."""
    data = form.cleaned_data
    once = "vertrouwenspersoon:submitted:" + hashlib.sha256(data["submission"].encode()).hexdigest()
    if data["submission"] and not cache.add(once, True, SUBMISSION_MEMORY_SECONDS):
        form.add_error(None, _("This report has already been sent; it was not sent a second time."))
        return None
    try:
        return services.report_submit(
            reporter=reporter,
            category=data["category"],
            text=data["text"],
            counsellor=data["counsellor"],
            anonymous=form.anonymous,
            files=data["attachments"],
        )
    except ValidationError as error:
        cache.delete(once)
        form.add_error(None, error.messages)
        return None


def _show_receipt_code(request: HttpRequest, code: str, named_report: Report | None) -> HttpResponse:
    """The only time the code exists outside the reporter's head: this response (never cached)."""
    context = {
        "code": receipts.display(code),
        "follow_up_url": request.build_absolute_uri(reverse("vertrouwenspersoon:receipt-start")),
        "named_report": named_report,
    }
    response = render(request, "vertrouwenspersoon/receipt_code.html", context)
    response["Cache-Control"] = "no-store"
    return response


@access(EMPLOYEE)
@never_cache
def report_list(request: HttpRequest) -> HttpResponse:
    reports = (
        policy.reports_followed_by(request.user)
        .select_related("counsellor")
        .defer("text", "receipt_code_hash")
        .order_by("-created_at")
    )
    return render(request, "vertrouwenspersoon/report_list.html", {"reports": reports})


# --- following up: one set of actions for both variants -------------------------------------


def _render_detail(
    request: HttpRequest,
    follow: FollowUp,
    reply_form: MessageForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
    correction: tuple[UUID, MinutesCorrectionForm] | None = None,
) -> HttpResponse:
    report = follow.report
    services.read_record(report=report, reader=follow.user, role=Author.REPORTER, what="melding")
    file = selectors.report_get_for_reporter(report, reads_shown=READS_SHOWN)
    summaries = [(summary, follow.url("summary-decide", summary_pk=summary.pk)) for summary in file.summaries]
    notice = NOTICES.get(request.GET.get(NOTICE_PARAMETER, "")) if follow.anonymous else None
    context = {
        "follow": follow,
        "report": report,
        "thread": file.messages,
        "report_attachments": file.attachments,
        "pending_summaries": [row for row in summaries if row[0].state == SharedSummary.State.PROPOSED],
        "shared_summaries": [row for row in summaries if row[0].state == SharedSummary.State.SHARED],
        "earlier_summaries": [row[0] for row in summaries if row[0].state not in OPEN_SUMMARY_STATES],
        "transfer": file.transfer,
        "transfer_url": follow.url("transfer-decide"),
        "breaches": file.breaches,
        "reads": [(read, selectors.READ_LABELS.get(read.what, read.what)) for read in file.counsellor_reads],
        "is_closed": report.status == Status.CLOSED,
        "reply_form": reply_form or MessageForm(action=follow.url("reply")),
        "errors": errors or [],
        "notice": notice,
        "download_url_name": _attachment_url_name(follow),
        "records": [(record, follow.url("minutes", record_pk=record.pk)) for record in file.records],
        "correction": correction,
        "asks_key_share": not keys.is_sealed_for(report, report.counsellor),
        "key_share_url": follow.url("key-share"),
    }
    with sealing.opened(follow.key):
        return render(request, "vertrouwenspersoon/report_detail.html", context, status=status)


def _attachment_url_name(follow: FollowUp) -> str:
    kind = "receipt" if follow.anonymous else "report"
    return f"vertrouwenspersoon:{kind}-attachment"


def _done(request: HttpRequest, follow: FollowUp, outcome: str) -> HttpResponse:
    """Back to the report, telling how the action went, without touching the session when anonymous."""
    if follow.anonymous:
        return redirect(f"{follow.url('detail')}?{NOTICE_PARAMETER}={outcome}")
    messages.success(request, NOTICES[outcome])
    return redirect(follow.url("detail"))


def _post_only() -> HttpResponse:
    return HttpResponseNotAllowed(["POST"])


def _detail(request: HttpRequest, follow: FollowUp) -> HttpResponse:
    return _render_detail(request, follow)


def _reply(request: HttpRequest, follow: FollowUp) -> HttpResponse:
    if request.method != "POST":
        return _post_only()
    form = MessageForm(request.POST, request.FILES, action=follow.url("reply"))
    if form.is_valid():
        try:
            services.message_post(
                report=follow.report,
                key=follow.key,
                author=Author.REPORTER,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _done(request, follow, "sent")
    return _render_detail(request, follow, reply_form=form)


def _summary_decide(request: HttpRequest, follow: FollowUp, summary_pk: UUID) -> HttpResponse:
    summary = policy.get_summary_of_report(follow.report, summary_pk)
    if request.method != "POST":
        return _post_only()
    decision = request.POST.get("decision", "")
    if decision not in ("consent", "decline", "revoke"):
        return HttpResponseBadRequest()
    try:
        if decision == "consent":
            services.summary_consent(summary=summary, key=follow.key)
        elif decision == "decline":
            services.summary_decline(summary=summary)
        else:
            services.summary_revoke(summary=summary)
    except ValidationError as error:
        return _render_detail(request, follow, errors=error.messages, status=409)
    return _done(request, follow, decision)


def _transfer_decide(request: HttpRequest, follow: FollowUp) -> HttpResponse:
    if request.method != "POST":
        return _post_only()
    decision = request.POST.get("decision", "")
    if decision not in ("accept", "decline"):
        return HttpResponseBadRequest()
    # The decision holds for the proposal the reporter saw, never for a newer one.
    proposal = policy.pending_transfer(follow.report)
    if proposal is None or str(proposal.pk) != request.POST.get("proposal"):
        changed = _("This proposal has changed or has already been decided on. Check it again below.")
        return _render_detail(request, follow, errors=[changed], status=409)
    try:
        services.transfer_decide(proposal=proposal, accept=decision == "accept", key=follow.key)
    except ValidationError as error:
        return _render_detail(request, follow, errors=error.messages, status=409)
    return _done(request, follow, "accept" if decision == "accept" else "reject")


def _minutes(request: HttpRequest, follow: FollowUp, record_pk: UUID) -> HttpResponse:
    """Approve the version read (`version`), or send a corrected one (`text`)."""
    record = policy.get_record_of_report(follow.report, record_pk)
    if request.method != "POST":
        return _post_only()
    decision = request.POST.get("decision", "")
    try:
        if decision == "approve":
            version = request.POST.get("version", "")
            if not version.isdecimal():  # isdigit() passes "²", int() refuses it
                return HttpResponseBadRequest()
            services_minutes.minutes_approve(record=record, version=int(version))
            return _done(request, follow, "approved")
        if decision != "correct":
            return HttpResponseBadRequest()
        form = MinutesCorrectionForm(request.POST)
        if form.is_valid():
            services_minutes.minutes_revise(
                record=record, key=follow.key, author=Author.REPORTER, text=form.cleaned_data["text"]
            )
            return _done(request, follow, "corrected")
        return _render_detail(request, follow, correction=(record.pk, form), status=400)
    except ValidationError as error:
        return _render_detail(request, follow, errors=error.messages, status=409)


def _attachment(request: HttpRequest, follow: FollowUp, attachment_pk: UUID) -> FileResponse:
    attachment = policy.get_attachment_of_report(follow.report, attachment_pk, follow.user)
    services.read_record(report=follow.report, reader=follow.user, role=Author.REPORTER, what="bijlage")
    return attachment_response(attachment, follow.key)


def _key_share(request: HttpRequest, follow: FollowUp) -> HttpResponse:
    """The reporter lets the counsellor who now holds the case read it (after a reassignment)."""
    if request.method != "POST":
        return _post_only()
    services.report_key_share(report=follow.report, key=follow.key)
    return _done(request, follow, "shared")


report_detail = _named(_detail)
report_reply = _named(_reply)
report_summary_decide = _named(_summary_decide)
report_transfer_decide = _named(_transfer_decide)
report_attachment = _named(_attachment)
report_minutes = _named(_minutes)
report_key_share = _named(_key_share)

receipt_detail = _anonymous(_detail)
receipt_reply = _anonymous(_reply)
receipt_summary_decide = _anonymous(_summary_decide)
receipt_transfer_decide = _anonymous(_transfer_decide)
receipt_attachment = _anonymous(_attachment)
receipt_minutes = _anonymous(_minutes)
receipt_key_share = _anonymous(_key_share)


# --- the receipt code -------------------------------------------------------------------------


def _client_key(request: HttpRequest, purpose: str) -> str:
    """A cache key per client address; the address itself is never stored."""
    address = str(request.META.get("REMOTE_ADDR", ""))
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    return f"vertrouwenspersoon:receipt-{purpose}:{digest}"


def _locked(request: HttpRequest) -> bool:
    return cache.get(_client_key(request, "lock")) is not None


def _count_failure(request: HttpRequest) -> bool:
    """Count a wrong code; True when this client is now locked out."""
    key = _client_key(request, "failures")
    cache.add(key, 0, RECEIPT_WINDOW_SECONDS)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RECEIPT_WINDOW_SECONDS)
        failures = 1
    if failures < RECEIPT_ATTEMPTS:
        return False
    cache.set(_client_key(request, "lock"), True, RECEIPT_LOCK_SECONDS)
    cache.delete(key)
    return True


def _render_start(request: HttpRequest, form: ReceiptCodeForm, locked: bool = False) -> HttpResponse:
    context = {
        "form": form,
        "locked": locked,
        "lock_minutes": RECEIPT_LOCK_SECONDS // 60,
        "stopped": "gestopt" in request.GET,
        "open_report": not locked and policy.receipt_access(request) is not None,
    }
    status = 429 if locked and request.method == "POST" else 200
    return render(request, "vertrouwenspersoon/receipt_start.html", context, status=status)


@access(PUBLIC)
@never_cache
def receipt_start(request: HttpRequest) -> HttpResponse:
    if _locked(request):
        return _render_start(request, ReceiptCodeForm(), locked=True)
    if request.method != "POST":
        return _render_start(request, ReceiptCodeForm())
    form = ReceiptCodeForm(request.POST)
    report, key = None, None
    if form.is_valid():
        report = policy.report_for_receipt_code_hash(receipts.code_hash(form.cleaned_data["code"]))
        key = keys.key_for_receipt_code(report, form.cleaned_data["code"]) if report else None
    if report is None or key is None:
        entered = str(form.data.get("code", "")).strip()
        if entered and _count_failure(request):
            return _render_start(request, ReceiptCodeForm(), locked=True)
        if not form.has_error("code"):
            form.add_error("code", UNKNOWN_CODE)
        return _render_start(request, form)
    response = redirect("vertrouwenspersoon:receipt-detail")
    policy.grant_receipt_access(response, report, key, secure=request.is_secure())
    return response


# --- a named reporter opens their melding with its receipt code, once per session ------------


@access(SIGNED_IN)
@never_cache
def report_unlock(request: HttpRequest, pk: UUID) -> HttpResponse:
    report = policy.get_report_for_reporter(request.user, pk)
    if unlocking.named_reporter_key(request, report) is not None:
        return redirect("vertrouwenspersoon:report-detail", pk=report.pk)
    bridged = keys.bridge_to_named_reporter(report)
    if bridged is not None:  # a melding from before the receipt codes: it gets one now, shown once
        unlocking.remember_report_key(request, report, bridged[0])
        return _show_receipt_code(request, bridged[1], report)
    locked = _locked(request)
    form = ReceiptCodeForm(request.POST if request.method == "POST" and not locked else None)
    if form.is_valid():
        key = keys.key_for_receipt_code(report, form.cleaned_data["code"])
        if key is not None:
            unlocking.remember_report_key(request, report, key)
            return redirect("vertrouwenspersoon:report-detail", pk=report.pk)
        if _count_failure(request):
            locked = True
        else:
            form.add_error("code", UNKNOWN_CODE)
    context = {"form": form, "report": report, "locked": locked, "lock_minutes": RECEIPT_LOCK_SECONDS // 60}
    return render(request, "vertrouwenspersoon/report_unlock.html", context, status=429 if locked else 200)


@access(PUBLIC)
@require_POST
def receipt_stop(request: HttpRequest) -> HttpResponse:
    response = redirect(reverse("vertrouwenspersoon:receipt-start") + "?gestopt")
    policy.end_receipt_access(response)
    return response
