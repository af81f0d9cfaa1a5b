"""Every access decision about meldingen. Views ask nothing else.

Counsellors reach a report through `handle_report`, named reporters through
`follow_report`, recipients of a consented summary through `view_sharedsummary`.
The anonymous reporter reaches exactly one report through a short-lived encrypted
cookie, set after the receipt code was checked; nothing on the server links it
to an account or a session. The cookie also carries the melding's content key,
which the code opened: the server keeps it nowhere.
"""

import json
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core import crypto, sealing
from apps.core.policy import object_with_perm_or_404, objects_with_perm

from .models import AnnualReport, Attachment, ConversationRecord, Report, SharedSummary, TransferProposal

HANDLE = "vertrouwenspersoon.handle_report"
FOLLOW = "vertrouwenspersoon.follow_report"
VIEW_ATTACHMENT = "vertrouwenspersoon.view_attachment"
VIEW_SUMMARY = "vertrouwenspersoon.view_sharedsummary"

RECEIPT_COOKIE = "melding_volgen"
RECEIPT_COOKIE_PATH = "/vertrouwenspersoon/volgen/"
RECEIPT_ACCESS_SECONDS = 30 * 60


def counsellors() -> QuerySet[User]:
    """Counsellors a melding can be sent to: active, with a key pair to seal it for."""
    return User.objects.filter(
        is_active=True, groups__name=Role.COUNSELLOR, counsellor_key__isnull=False
    ).order_by("first_name", "last_name")


def reports_handled_by(user: Any) -> QuerySet[Report]:
    # The permission decides; the counsellor column (moved together with it) lets the
    # database start from this counsellor's reports instead of all of them.
    reports = Report.objects.filter(counsellor_id=user.pk)
    return objects_with_perm(user, HANDLE, reports, groups=False)


def reports_followed_by(user: Any) -> QuerySet[Report]:
    reports = Report.objects.filter(reporter_id=user.pk)  # anonymous reports have none
    return objects_with_perm(user, FOLLOW, reports, groups=False)


def get_report_for_counsellor(user: Any, pk: UUID) -> Report:
    return object_with_perm_or_404(user, HANDLE, Report.objects.select_related("reporter"), pk=pk)


def get_report_for_reporter(user: Any, pk: UUID) -> Report:
    return object_with_perm_or_404(user, FOLLOW, Report.objects.all(), pk=pk)


def get_attachment_for_user(user: Any, pk: UUID) -> Attachment:
    return object_with_perm_or_404(user, VIEW_ATTACHMENT, Attachment.objects.select_related("report"), pk=pk)


def summaries_shared_with(user: Any) -> QuerySet[SharedSummary]:
    shared = SharedSummary.objects.filter(state=SharedSummary.State.SHARED)
    return objects_with_perm(user, VIEW_SUMMARY, shared)


def get_summary_for_recipient(user: Any, pk: UUID) -> SharedSummary:
    shared = SharedSummary.objects.filter(state=SharedSummary.State.SHARED)
    return object_with_perm_or_404(user, VIEW_SUMMARY, shared, pk=pk)


def pending_transfer(report: Report) -> TransferProposal | None:
    return report.transfer_proposals.filter(state=TransferProposal.State.PENDING).first()


# --- the anonymous reporter -------------------------------------------------------


def grant_receipt_access(
    response: HttpResponse, report: Report, key: sealing.ContentKey, secure: bool
) -> None:
    payload = {"report": str(report.pk), "key": sealing.b64(key.raw)}
    token = crypto.encrypt(json.dumps(payload).encode()).decode("ascii")
    response.set_cookie(
        RECEIPT_COOKIE,
        token,
        max_age=RECEIPT_ACCESS_SECONDS,
        path=RECEIPT_COOKIE_PATH,
        secure=secure,
        httponly=True,
        samesite="Strict",
    )


def end_receipt_access(response: HttpResponse) -> None:
    response.delete_cookie(RECEIPT_COOKIE, path=RECEIPT_COOKIE_PATH, samesite="Strict")


def receipt_access(request: HttpRequest) -> tuple[Report, sealing.ContentKey] | None:
    """The report whose receipt code this browser entered in the last 30 minutes, with its key."""
    token = request.COOKIES.get(RECEIPT_COOKIE)
    if not token:
        return None
    try:
        payload = json.loads(crypto.decrypt(token.encode("ascii"), ttl=RECEIPT_ACCESS_SECONDS))
        report = Report.objects.get(pk=UUID(payload["report"]), is_anonymous=True)
        return report, sealing.ContentKey(sealing.unb64(payload["key"]))
    except (crypto.WrongEncryptionKey, sealing.Locked, ValueError, KeyError, TypeError, Report.DoesNotExist):
        return None


def report_for_receipt_code_hash(code_hash: str) -> Report | None:
    return Report.objects.filter(receipt_code_hash=code_hash, is_anonymous=True).first()


def get_attachment_of_report(report: Report, pk: UUID, user: Any | None) -> Attachment:
    """An attachment of a report the caller has already reached (404 otherwise).

    A signed-in reader must also hold the attachment's own permission; the
    anonymous reporter reached the report through the receipt code."""
    if user is not None:
        attachment = get_attachment_for_user(user, pk)
    else:
        attachment = Attachment.objects.filter(report=report, pk=pk).first()  # type: ignore[assignment]
    if attachment is None or attachment.report_id != report.pk:
        raise Http404
    return attachment


def get_summary_of_report(report: Report, pk: UUID) -> SharedSummary:
    """A summary about a report its reporter has already reached (404 otherwise)."""
    summary = SharedSummary.objects.select_related("recipient", "report").filter(report=report, pk=pk).first()
    if summary is None:
        raise Http404
    return summary


def get_record_of_report(report: Report, pk: UUID) -> ConversationRecord:
    """Minutes belonging to a report already handed out; 404 for any other."""
    try:
        return ConversationRecord.objects.select_related("report").get(report=report, pk=pk)
    except ConversationRecord.DoesNotExist as missing:
        raise Http404 from missing


# --- anonymised figures ---------------------------------------------------------------

CHANGE_FIGURES = "vertrouwenspersoon.change_annualreport"
VIEW_FIGURES = "vertrouwenspersoon.view_annualreport"


def annual_reports_of(user: Any) -> QuerySet[AnnualReport]:
    """The figures a counsellor prepares: drafts and published ones."""
    return objects_with_perm(user, CHANGE_FIGURES, AnnualReport.objects.all())


def get_annual_report_for_counsellor(user: Any, pk: int) -> AnnualReport:
    return object_with_perm_or_404(user, CHANGE_FIGURES, AnnualReport.objects.all(), pk=pk)


def published_annual_reports(user: Any) -> QuerySet[AnnualReport]:
    """Published figures the user may read (the OR, HR, the executive; the author too)."""
    published = AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED)
    return objects_with_perm(user, VIEW_FIGURES, published)


def get_published_annual_report(user: Any, pk: int) -> AnnualReport:
    published = AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED)
    return object_with_perm_or_404(user, VIEW_FIGURES, published, pk=pk)
