"""The counsellor's pages: their cases, one case, and the actions on it.

Every case page starts with one line: `policy.get_report_for_counsellor`, which
answers 404 to anyone but the counsellor holding the case (other counsellors,
staff and superusers included). Every read of the report is recorded.

The content opens only with the case's content key, from the counsellor's own
envelope and their private key unlocked in this session: a counsellor whose key
is not unlocked is sent to unlock it; one for whom the case is not sealed (an
admin reassigned it) sees its metadata and "inhoud vergrendeld".
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apps.accounts.roles import Role
from apps.core import sealing
from apps.core.access import SIGNED_IN, access, role
from apps.core.form_actions import run_form
from apps.core.sealing import ContentKey
from apps.vertrouwenspersoon import (
    keys,
    policy,
    selectors,
    services,
    services_minutes,
    services_retention,
    unlocking,
)
from apps.vertrouwenspersoon.forms_counsellor import (
    CASE_FORMS,
    BreachForm,
    CaseForm,
    DepartmentForm,
    MessageForm,
    MinutesForm,
    MinutesReviseForm,
    NoteForm,
    RetentionForm,
    StatusForm,
    SummaryForm,
    TransferForm,
)
from apps.vertrouwenspersoon.models import Author, Report, Status
from apps.vertrouwenspersoon.views.downloads import attachment_response

COUNSELLOR = role(Role.COUNSELLOR)
# Case pages admit every signed-in user and let the policy answer 404 to all but
# the counsellor holding the case: a 403 would tell that the case exists.
CASE_HOLDER = SIGNED_IN
PAGE_SIZE = 25
DEADLINES_SHOWN = 20


@access(COUNSELLOR)
@never_cache
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    cases = selectors.case_list(request.user, status or None)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    deadlines = selectors.deadlines_for(request.user)
    context = {
        "key_state": _key_state(request),
        "page": page,
        "status": status,
        "statuses": Status.choices,
        "deadlines": deadlines[:DEADLINES_SHOWN],
        "more_deadlines": max(0, len(deadlines) - DEADLINES_SHOWN),
    }
    return render(request, "vertrouwenspersoon/case_list.html", context)


def _form(form_class: type[CaseForm], request: HttpRequest, report: Report, **kwargs: Any) -> CaseForm:
    action = reverse(form_class.url_name, args=[report.pk])
    return form_class(report=report, counsellor=request.user, action=action, **kwargs)  # type: ignore[arg-type]


def _key_state(request: HttpRequest) -> str:
    """ "none" (no key pair yet), "locked" (not unlocked in this session) or "open"."""
    if not keys.has_key_pair(request.user):  # type: ignore[arg-type]
        return "none"
    return "open" if unlocking.counsellor_private_key(request) else "locked"


def _to_key_page(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("vertrouwenspersoon:key") + "?" + urlencode({"next": request.get_full_path()}))


def _render_case(
    request: HttpRequest,
    report: Report,
    key: ContentKey | None,
    bound: CaseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page, with `bound` (a form that failed) in place of its empty twin."""
    if key is not None:
        services.read_record(report=report, reader=request.user, role=Author.COUNSELLOR, what="melding")  # type: ignore[arg-type]
    forms = {
        form_class.prefix_name: bound if type(bound) is form_class else _form(form_class, request, report)
        for form_class in CASE_FORMS
    }
    context = {
        "case": selectors.case_get(report),
        "report": report,
        "forms": forms,
        "is_closed": report.status == Status.CLOSED,
        "locked": key is None,
    }
    with sealing.opened(key):
        return render(request, "vertrouwenspersoon/case_detail.html", context, status=status)


@access(CASE_HOLDER)
@never_cache
def case_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    report = policy.get_report_for_counsellor(request.user, pk)
    if unlocking.counsellor_private_key(request) is None:
        return _to_key_page(request)
    return _render_case(request, report, unlocking.case_key(request, report))


CaseAction = Callable[[HttpRequest, Report, ContentKey | None], HttpResponse]


def case_post(view: CaseAction) -> Callable[..., HttpResponseBase]:
    """A POST-only action on a case. The report is looked up first, so anyone but
    its counsellor gets 404 whatever the method, the same as for a missing case."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: UUID) -> HttpResponseBase:
        report = policy.get_report_for_counsellor(request.user, pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if unlocking.counsellor_private_key(request) is None:
            return _to_key_page(request)
        return view(request, report, unlocking.case_key(request, report))

    return never_cache(wrapped)


def _locked(request: HttpRequest, report: Report) -> HttpResponse:
    """An action that needs the content, on a case whose content is locked for this counsellor."""
    return _render_case(request, report, None, status=409)


def _act(
    request: HttpRequest,
    report: Report,
    key: ContentKey | None,
    form_class: type[CaseForm],
    run: Callable[[dict[str, Any]], object],
    done: str,
    error_field: str | dict[str, str],
) -> HttpResponse:
    """Validate the form, call one service, and redirect; or show the case with the errors."""
    form = _form(form_class, request, report, data=request.POST, files=request.FILES)
    return run_form(
        request,
        form,
        run,
        done=done,
        success_url=reverse("vertrouwenspersoon:case-detail", args=[report.pk]),
        show_again=lambda: _render_case(request, report, key, form),
        error_field=error_field,
    )


@access(CASE_HOLDER)
@case_post
def case_message(request: HttpRequest, report: Report, key: ContentKey | None) -> HttpResponse:
    if key is None:
        return _locked(request, report)

    def run(data: dict[str, Any]) -> object:
        return services.message_post(
            report=report,
            key=key,
            author=Author.COUNSELLOR,
            body=data["body"],
            files=data["attachments"],
            is_feedback=data["is_feedback"],
        )

    return _act(request, report, key, MessageForm, run, _("Your message has been sent."), "body")


@access(CASE_HOLDER)
@case_post
def case_note(request: HttpRequest, report: Report, key: ContentKey | None) -> HttpResponse:
    if key is None:
        return _locked(request, report)

    def run(data: dict[str, Any]) -> object:
        return services.note_add(report=report, key=key, body=data["body"])

    return _act(request, report, key, NoteForm, run, _("Your note has been saved."), "body")


@access(CASE_HOLDER)
@case_post
def case_status(request: HttpRequest, report: Report, key: ContentKey | None) -> HttpResponse:
    def run(data: dict[str, Any]) -> object:
        return services.report_set_status(report=report, status=data["status"])

    return _act(request, report, key, StatusForm, run, _("The status has been changed."), "status")


@access(CASE_HOLDER)
@case_post
def case_summary(request: HttpRequest, report: Report, key: ContentKey | None) -> HttpResponse:
    if key is None:
        return _locked(request, report)

    def run(data: dict[str, Any]) -> object:
        return services.summary_propose(
            report=report, key=key, recipient=data["recipient"], text=data["text"]
        )

    done = _("The summary waits for the reporter's consent. Nothing is shared before they agree.")
    return _act(request, report, key, SummaryForm, run, done, {"empty": "text", "recipient": "recipient"})


@access(CASE_HOLDER)
@case_post
def case_breach(request: HttpRequest, report: Report, key: ContentKey | None) -> HttpResponse:
    if key is None:
        return _locked(request, report)

    def run(data: dict[str, Any]) -> object:
        return services.confidentiality_break(report=report, key=key, reason=data["reason"])

    done = _("Your decision and its reason are recorded in the case log. Nothing has been shared.")
    return _act(request, report, key, BreachForm, run, done, "reason")


@access(CASE_HOLDER)
@case_post
def case_transfer(request: HttpRequest, report: Report, key: ContentKey | None) -> HttpResponse:
    def run(data: dict[str, Any]) -> object:
        return services.transfer_propose(report=report, to_counsellor=data["to_counsellor"])

    done = _("The transfer waits for the reporter's consent.")
    return _act(request, report, key, TransferForm, run, done, "to_counsellor")


@access(CASE_HOLDER)
@never_cache
def case_attachment(request: HttpRequest, pk: UUID, attachment_pk: UUID) -> HttpResponseBase:
    report = policy.get_report_for_counsellor(request.user, pk)
    attachment = policy.get_attachment_of_report(report, attachment_pk, request.user)
    if unlocking.counsellor_private_key(request) is None:
        return _to_key_page(request)
    key = unlocking.case_key(request, report)
    if key is None:
        return _locked(request, report)
    services.read_record(report=report, reader=request.user, role=Author.COUNSELLOR, what="bijlage")  # type: ignore[arg-type]
    return attachment_response(attachment, key)


@access(CASE_HOLDER)
@case_post
def case_department(request: HttpRequest, report: Report, key: ContentKey | None) -> HttpResponse:
    def run(data: dict[str, Any]) -> object:
        return services.report_set_department(report=report, department=data["department"])

    return _act(request, report, key, DepartmentForm, run, _("The department has been saved."), "department")


@access(CASE_HOLDER)
@case_post
def case_retention(request: HttpRequest, report: Report, key: ContentKey | None) -> HttpResponse:
    if key is None:
        return _locked(request, report)

    def run(data: dict[str, Any]) -> object:
        return services_retention.report_extend_retention(
            report=report, key=key, until=data["until"], reason=data["reason"]
        )

    done = _("The case is kept longer; the reason is in the case log.")
    return _act(request, report, key, RetentionForm, run, done, {"reason": "reason", "too_early": "until"})


@access(CASE_HOLDER)
@case_post
def case_minutes(request: HttpRequest, report: Report, key: ContentKey | None) -> HttpResponse:
    if key is None:
        return _locked(request, report)

    def run(data: dict[str, Any]) -> object:
        return services_minutes.minutes_record(
            report=report, key=key, held_on=data["held_on"], text=data["text"]
        )

    done = _("The minutes are shared with the reporter, who can correct and approve them.")
    return _act(request, report, key, MinutesForm, run, done, {"empty": "text", "future": "held_on"})


@access(CASE_HOLDER)
@case_post
def case_minutes_revise(request: HttpRequest, report: Report, key: ContentKey | None) -> HttpResponse:
    if key is None:
        return _locked(request, report)

    def run(data: dict[str, Any]) -> object:
        return services_minutes.minutes_revise(
            record=data["record"], key=key, author=Author.COUNSELLOR, text=data["text"]
        )

    done = _("The new version is shared with the reporter.")
    return _act(request, report, key, MinutesReviseForm, run, done, {"empty": "text"})
