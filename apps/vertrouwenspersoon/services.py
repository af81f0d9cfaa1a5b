"""Writes on meldingen: one transaction each, permissions and case log included,
notifications queued after commit. Nothing here logs content or, for an
anonymous report, anything about the reporter."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from apps.accounts.models import Department, User
from apps.accounts.roles import Role
from apps.core import outbox
from apps.core.services import audit_record

from . import receipts, tasks
from .models import (
    Attachment,
    Author,
    CaseLogEntry,
    CaseNote,
    LogAction,
    ReadEvent,
    Report,
    ReportMessage,
    ReportTally,
    ReportUserObjectPermission,
    SharedSummary,
    Status,
    TransferProposal,
)

COUNSELLOR_REPORT_PERMS = ("view_report", "change_report", "handle_report")
REPORTER_REPORT_PERMS = ("view_report", "follow_report")


@dataclass(frozen=True)
class Submitted:
    report: Report
    receipt_code: str | None  # shown once to an anonymous reporter, never stored


def _log(report: Report, action: LogAction, detail: str = "", reason: str = "") -> None:
    CaseLogEntry.objects.create(report=report, action=action, detail=detail, reason=reason)


def _participants(report: Report) -> list[User]:
    people = [report.counsellor]
    if report.reporter_id is not None:
        people.append(report.reporter)  # type: ignore[arg-type]
    return people


def _grant_child(perm: str, report: Report, obj: ReportMessage | Attachment) -> None:
    for person in _participants(report):
        assign_perm(perm, person, obj)


def _check_counsellor(user: User) -> None:
    if not (user.is_active and user.has_role(Role.COUNSELLOR)):
        raise ValidationError(_("Choose a confidential counsellor from the list."), code="not_a_counsellor")


def first_available_counsellor() -> User:
    """The active counsellor with the fewest open cases."""
    candidates = list(User.objects.filter(is_active=True, groups__name=Role.COUNSELLOR))
    if not candidates:
        raise ValidationError(
            _("No confidential counsellor is available at the moment."), code="no_counsellor"
        )
    open_statuses = [status for status in Status.values if status != Status.CLOSED]
    open_cases = dict(
        Report.objects.filter(counsellor__in=candidates, status__in=open_statuses)
        .values("counsellor")
        .annotate(n=Count("*"))  # COUNT(*): read from the (counsellor, status) index alone
        .values_list("counsellor", "n")
    )
    return min(candidates, key=lambda user: (open_cases.get(user.pk, 0), user.pk))


def _save_attachments(report: Report, files: Sequence[UploadedFile], message: ReportMessage | None) -> None:
    for upload in files:
        attachment = Attachment(
            report=report,
            message=message,
            filename=upload.name or "bijlage",
            content_type=upload.content_type or "application/octet-stream",
            size=upload.size or 0,
        )
        attachment.file.save("bijlage", upload, save=False)
        attachment.save()
        _grant_child("view_attachment", report, attachment)


@transaction.atomic
def report_submit(
    *,
    reporter: User,
    category: str,
    text: str,
    counsellor: User | None,
    anonymous: bool,
    files: Sequence[UploadedFile] = (),
) -> Submitted:
    counsellor = counsellor or first_available_counsellor()
    _check_counsellor(counsellor)
    code = receipts.new_code() if anonymous else None
    report = Report(
        category=category,
        text=text,
        counsellor=counsellor,
        reporter=None if anonymous else reporter,
        is_anonymous=anonymous,
        receipt_code_hash=receipts.code_hash(code) if code else None,
    )
    report.full_clean()
    report.save()
    grants: list[tuple[User, tuple[str, ...]]] = [(counsellor, COUNSELLOR_REPORT_PERMS)]
    if not anonymous:
        grants.append((reporter, REPORTER_REPORT_PERMS))
    _grant_report_perms(report, grants)
    _save_attachments(report, files, message=None)
    _tally(report, department=None if anonymous else reporter.department)
    _log(report, LogAction.SUBMITTED)
    outbox.enqueue(tasks.notify_counsellor, str(report.pk), "new_report")
    return Submitted(report, code)


def _grant_report_perms(report: Report, grants: list[tuple[User, tuple[str, ...]]]) -> None:
    """The report's object permissions in two queries (assign_perm takes five per permission)."""
    wanted = {codename for _user, codenames in grants for codename in codenames}
    permission_ids = dict(
        Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Report), codename__in=wanted
        ).values_list("codename", "pk")
    )
    ReportUserObjectPermission.objects.bulk_create(
        [
            ReportUserObjectPermission(user=user, permission_id=permission_ids[code], content_object=report)
            for user, codenames in grants
            for code in codenames
        ],
        ignore_conflicts=True,  # like assign_perm: a permission held already is no error
    )


def _tally(report: Report, department: Department | None) -> None:
    received = timezone.localtime(report.created_at)
    ReportTally.objects.create(
        report=report,
        counsellor=report.counsellor,
        year=received.year,
        month=received.month,
        category=report.category,
        department=department,
    )


@transaction.atomic
def report_set_department(*, report: Report, department: Department | None) -> None:
    """The department the figures count the report under; the counsellor decides."""
    ReportTally.objects.filter(report=report).update(department=department)
    _log(report, LogAction.DEPARTMENT_SET, detail=department.name if department else "")


def _record_clock(report: Report, is_feedback: bool) -> None:
    """A counsellor's message acknowledges receipt; one marked so also reports on the follow-up."""
    now = timezone.now()
    if report.acknowledged_at is None:
        report.acknowledged_at = now
        report.save(update_fields=["acknowledged_at"])
        _log(report, LogAction.ACKNOWLEDGED)
    if is_feedback and report.feedback_given_at is None:
        report.feedback_given_at = now
        report.save(update_fields=["feedback_given_at"])
        _log(report, LogAction.FEEDBACK_GIVEN)


@transaction.atomic
def message_post(
    *,
    report: Report,
    author: Author,
    body: str,
    files: Sequence[UploadedFile] = (),
    is_feedback: bool = False,
) -> ReportMessage:
    if not body.strip():
        raise ValidationError(_("Write a message first."), code="empty")
    if report.status == Status.CLOSED:
        raise ValidationError(_("This report is closed; no new messages can be added."), code="closed")
    message = ReportMessage.objects.create(report=report, author=author, body=body)
    _grant_child("view_reportmessage", report, message)
    _save_attachments(report, files, message=message)
    if author == Author.REPORTER:
        _log(report, LogAction.MESSAGE_REPORTER)
        outbox.enqueue(tasks.notify_counsellor, str(report.pk), "new_message")
    else:
        _log(report, LogAction.MESSAGE_COUNSELLOR)
        _record_clock(report, is_feedback)
        if report.status == Status.NEW:
            _set_status(report, Status.IN_PROGRESS)
        if report.reporter_id is not None:
            outbox.enqueue(tasks.notify_reporter, str(report.pk), "new_message")
    return message


@transaction.atomic
def note_add(*, report: Report, body: str) -> CaseNote:
    if not body.strip():
        raise ValidationError(_("Write a note first."), code="empty")
    note = CaseNote.objects.create(report=report, body=body)
    _log(report, LogAction.NOTE_ADDED)
    return note


def _set_status(report: Report, status: str) -> None:
    report.status = status
    report.closed_at = timezone.now() if status == Status.CLOSED else None
    report.save(update_fields=["status", "closed_at"])
    _log(report, LogAction.STATUS_CHANGED, detail=status)


@transaction.atomic
def report_set_status(*, report: Report, status: str) -> None:
    if status not in Status.values:
        raise ValidationError(_("Unknown status."), code="invalid")
    if status != report.status:
        _set_status(report, status)


def read_record(*, report: Report, reader: User | None, role: Author, what: str) -> None:
    """Record a read of the report's content. The anonymous reporter is recorded without account."""
    ReadEvent.objects.create(
        report=report,
        reader=reader if role == Author.COUNSELLOR or not report.is_anonymous else None,
        reader_role=role,
        what=what,
    )


# --- consent to share ----------------------------------------------------------------


@transaction.atomic
def summary_propose(*, report: Report, recipient: User, text: str) -> SharedSummary:
    if not text.strip():
        raise ValidationError(_("Write the summary first."), code="empty")
    if not recipient.is_active or recipient.pk == report.counsellor_id:
        raise ValidationError(_("Choose an active colleague to share with."), code="recipient")
    summary = SharedSummary.objects.create(report=report, recipient=recipient, text=text)
    _log(report, LogAction.SUMMARY_PROPOSED, detail=recipient.display_name)
    return summary


def _decide(summary: SharedSummary, expected: str, new_state: str, action: LogAction) -> None:
    if summary.state != expected:
        raise ValidationError(_("This summary has already been decided on."), code="decided")
    summary.state = new_state
    summary.decided_at = timezone.now()
    summary.save(update_fields=["state", "decided_at"])
    _log(summary.report, action, detail=summary.recipient.display_name)
    # No actor: the reporter decides, and naming them would identify them.
    audit_record(
        actor=None,
        action=f"summary_{action.name.lower()}",
        target=summary,
        details={"recipient": summary.recipient_id},
    )


@transaction.atomic
def summary_consent(*, summary: SharedSummary) -> None:
    _decide(summary, SharedSummary.State.PROPOSED, SharedSummary.State.SHARED, LogAction.CONSENT_GIVEN)
    assign_perm("view_sharedsummary", summary.recipient, summary)


@transaction.atomic
def summary_decline(*, summary: SharedSummary) -> None:
    _decide(summary, SharedSummary.State.PROPOSED, SharedSummary.State.DECLINED, LogAction.CONSENT_DECLINED)


@transaction.atomic
def summary_revoke(*, summary: SharedSummary) -> None:
    _decide(summary, SharedSummary.State.SHARED, SharedSummary.State.REVOKED, LogAction.CONSENT_REVOKED)
    remove_perm("view_sharedsummary", summary.recipient, summary)


# --- breaking confidentiality, transfer, reassignment ---------------------------------------


@transaction.atomic
def confidentiality_break(*, report: Report, reason: str) -> None:
    """Record that confidentiality is broken (criminal offence or acute danger). Shares nothing."""
    if len(reason.strip()) < 20:
        raise ValidationError(
            _("Explain in at least 20 characters why confidentiality must be broken."), code="reason"
        )
    _log(report, LogAction.CONFIDENTIALITY_BROKEN, detail=report.counsellor.display_name, reason=reason)


@transaction.atomic
def transfer_propose(*, report: Report, to_counsellor: User) -> TransferProposal:
    _check_counsellor(to_counsellor)
    if to_counsellor.pk == report.counsellor_id:
        raise ValidationError(_("Choose another counsellor."), code="same")
    report.transfer_proposals.filter(state=TransferProposal.State.PENDING).update(
        state=TransferProposal.State.SUPERSEDED
    )
    proposal = TransferProposal.objects.create(report=report, to_counsellor=to_counsellor)
    _log(report, LogAction.TRANSFER_PROPOSED, detail=to_counsellor.display_name)
    audit_record(
        actor=report.counsellor,
        action="report_transfer_proposed",
        target=report,
        details={"to": to_counsellor.pk},
    )
    return proposal


def _move_to(report: Report, new_counsellor: User) -> None:
    old = report.counsellor
    for perm in COUNSELLOR_REPORT_PERMS:
        remove_perm(perm, old, report)
        assign_perm(perm, new_counsellor, report)
    for message in report.messages.only("pk"):  # only("pk"): moving permissions decrypts nothing
        remove_perm("view_reportmessage", old, message)
        assign_perm("view_reportmessage", new_counsellor, message)
    for attachment in report.attachments.only("pk"):
        remove_perm("view_attachment", old, attachment)
        assign_perm("view_attachment", new_counsellor, attachment)
    report.counsellor = new_counsellor
    report.save(update_fields=["counsellor"])
    ReportTally.objects.filter(report=report).update(counsellor=new_counsellor)


@transaction.atomic
def transfer_decide(*, proposal: TransferProposal, accept: bool) -> None:
    if proposal.state != TransferProposal.State.PENDING:
        raise ValidationError(_("This proposal has already been decided on."), code="decided")
    proposal.state = TransferProposal.State.ACCEPTED if accept else TransferProposal.State.DECLINED
    proposal.save(update_fields=["state"])
    # The reporter decides: no actor, which would identify them.
    moved = {"from": proposal.report.counsellor_id, "to": proposal.to_counsellor_id}
    if accept:
        _check_counsellor(proposal.to_counsellor)
        _move_to(proposal.report, proposal.to_counsellor)
        _log(proposal.report, LogAction.TRANSFERRED, detail=proposal.to_counsellor.display_name)
        audit_record(actor=None, action="report_transferred", target=proposal.report, details=moved)
        outbox.enqueue(tasks.notify_counsellor, str(proposal.report.pk), "transferred")
    else:
        audit_record(actor=None, action="report_transfer_declined", target=proposal.report, details=moved)


@transaction.atomic
def report_reassign(*, actor: User | None, report: Report, to_counsellor: User) -> None:
    """An administrator moves a case when its counsellor leaves. Metadata only."""
    _check_counsellor(to_counsellor)
    if to_counsellor.pk == report.counsellor_id:
        return
    _move_to(report, to_counsellor)
    _log(report, LogAction.REASSIGNED, detail=to_counsellor.display_name)
    audit_record(actor=actor, action="report_reassigned", target=report)
    outbox.enqueue(tasks.notify_counsellor, str(report.pk), "transferred")
    if report.reporter_id is not None:
        outbox.enqueue(tasks.notify_reporter, str(report.pk), "reassigned")
