"""Writes on meldingen: one transaction each, permissions and case log included,
notifications queued after commit. Nothing here logs content or, for an
anonymous report, anything about the reporter.

Content is sealed with the melding's content key (`key`), which the caller opened with
the counsellor's or the reporter's secret: without it no content can be written or read.
An anonymous melding's rows carry coarse times only (case_log.stamp)."""

import os
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from apps.accounts.models import Department, User
from apps.accounts.roles import Role
from apps.core import outbox
from apps.core.sealing import ContentKey, Locked
from apps.core.services import audit_record

from . import keys, receipts, tasks
from .case_log import log as _log
from .case_log import stamp
from .models import (
    Attachment,
    Author,
    CaseNote,
    LogAction,
    ReadEvent,
    Report,
    ReportKey,
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
    receipt_code: str  # shown once to the reporter, never stored: it opens their envelope
    key: ContentKey


def _participants(report: Report) -> list[User]:
    people = [report.counsellor]
    if report.reporter_id is not None:
        people.append(report.reporter)  # type: ignore[arg-type]
    return people


def _grant_child(perm: str, report: Report, obj: ReportMessage | Attachment) -> None:
    for person in _participants(report):
        assign_perm(perm, person, obj)


def _check_counsellor(user: User) -> None:
    """An active counsellor with a key pair: a melding can be sealed for nobody else."""
    if not (user.is_active and user.has_role(Role.COUNSELLOR) and keys.has_key_pair(user)):
        raise ValidationError(_("Choose a confidential counsellor from the list."), code="not_a_counsellor")


def first_available_counsellor() -> User:
    """The active counsellor with a key pair and the fewest open cases."""
    candidates = list(
        User.objects.filter(is_active=True, groups__name=Role.COUNSELLOR, counsellor_key__isnull=False)
    )
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


def _save_attachments(
    report: Report, key: ContentKey, files: Sequence[UploadedFile], message: ReportMessage | None
) -> None:
    for upload in files:
        attachment = Attachment(
            report=report,
            message=message,
            filename=key.seal(upload.name or "bijlage"),
            content_type=upload.content_type or "application/octet-stream",
            size=upload.size or 0,
            created_at=stamp(report),
        )
        upload.seek(0)
        attachment.file.save("bijlage", ContentFile(key.seal_bytes(upload.read())), save=False)
        if report.is_anonymous:
            _coarse_file_time(attachment)
        attachment.save()
        _grant_child("view_attachment", report, attachment)


def _coarse_file_time(attachment: Attachment) -> None:
    """The file's own time on disk says no more than the rows: the hour."""
    moment = attachment.created_at.timestamp()
    try:
        os.utime(attachment.file.path, (moment, moment))
    except (NotImplementedError, OSError):
        pass  # a storage without local paths keeps its own times


@transaction.atomic
def report_submit(
    *,
    reporter: User | None,
    category: str,
    text: str,
    counsellor: User | None,
    anonymous: bool,
    files: Sequence[UploadedFile] = (),
) -> Submitted:
    """A new melding, sealed with a new content key for its counsellor and for the receipt
    code (returned once). An anonymous one takes no reporter and stores coarse times."""
    if reporter is None and not anonymous:
        raise ValidationError(_("Log in to send a report with your name."), code="named")
    counsellor = counsellor or first_available_counsellor()
    _check_counsellor(counsellor)
    key = ContentKey.new()
    code = receipts.new_code()
    report = Report(
        category=category,
        text=key.seal(text),
        counsellor=counsellor,
        reporter=None if anonymous else reporter,
        is_anonymous=anonymous,
        receipt_code_hash=receipts.code_hash(code) if anonymous else None,
    )
    report.created_at = stamp(report)
    report.full_clean()
    report.save()
    grants: list[tuple[User, tuple[str, ...]]] = [(counsellor, COUNSELLOR_REPORT_PERMS)]
    if reporter is not None and not anonymous:
        grants.append((reporter, REPORTER_REPORT_PERMS))
    _grant_report_perms(report, grants)
    keys.envelopes_create(report=report, key=key, receipt_code=code)
    _save_attachments(report, key, files, message=None)
    _tally(report, department=None if anonymous or reporter is None else reporter.department)
    _log(report, LogAction.SUBMITTED)
    _notify_counsellor(report, "new_report")
    return Submitted(report, code, key)


def _notify_counsellor(report: Report, kind: str) -> None:
    """About an anonymous melding, after a random delay: the mail's time tells nothing."""
    delay = outbox.random_delay() if report.is_anonymous else None
    outbox.enqueue(tasks.notify_counsellor, str(report.pk), kind, delay=delay, created_at=stamp(report))


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
    now = stamp(report)
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
    key: ContentKey,
    author: Author,
    body: str,
    files: Sequence[UploadedFile] = (),
    is_feedback: bool = False,
) -> ReportMessage:
    if not body.strip():
        raise ValidationError(_("Write a message first."), code="empty")
    if report.status == Status.CLOSED:
        raise ValidationError(_("This report is closed; no new messages can be added."), code="closed")
    message = ReportMessage.objects.create(
        report=report,
        author=author,
        body=key.seal(body),
        created_at=stamp(report),
        number=report.messages.count() + 1,
    )
    _grant_child("view_reportmessage", report, message)
    _save_attachments(report, key, files, message=message)
    if author == Author.REPORTER:
        _log(report, LogAction.MESSAGE_REPORTER)
        _notify_counsellor(report, "new_message")
    else:
        _log(report, LogAction.MESSAGE_COUNSELLOR)
        _record_clock(report, is_feedback)
        if report.status == Status.NEW:
            _set_status(report, Status.IN_PROGRESS)
        if report.reporter_id is not None:
            outbox.enqueue(tasks.notify_reporter, str(report.pk), "new_message")
    return message


@transaction.atomic
def note_add(*, report: Report, key: ContentKey, body: str) -> CaseNote:
    if not body.strip():
        raise ValidationError(_("Write a note first."), code="empty")
    note = CaseNote.objects.create(report=report, body=key.seal(body), created_at=stamp(report))
    _log(report, LogAction.NOTE_ADDED)
    return note


def _set_status(report: Report, status: str) -> None:
    report.status = status
    report.closed_at = stamp(report) if status == Status.CLOSED else None
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
        created_at=stamp(report),
    )


# --- consent to share ----------------------------------------------------------------


@transaction.atomic
def summary_propose(*, report: Report, key: ContentKey, recipient: User, text: str) -> SharedSummary:
    if not text.strip():
        raise ValidationError(_("Write the summary first."), code="empty")
    if not recipient.is_active or recipient.pk == report.counsellor_id:
        raise ValidationError(_("Choose an active colleague to share with."), code="recipient")
    summary = SharedSummary.objects.create(
        report=report, recipient=recipient, text=key.seal(text), created_at=stamp(report)
    )
    _log(report, LogAction.SUMMARY_PROPOSED, detail=recipient.display_name)
    return summary


def _decide(
    summary: SharedSummary, expected: str, new_state: str, action: LogAction, shared_text: str = ""
) -> None:
    if summary.state != expected:
        raise ValidationError(_("This summary has already been decided on."), code="decided")
    summary.state = new_state
    summary.decided_at = stamp(summary.report)
    summary.shared_text = shared_text
    summary.save(update_fields=["state", "decided_at", "shared_text"])
    _log(summary.report, action, detail=summary.recipient.display_name)
    # No actor: the reporter decides, and naming them would identify them.
    audit_record(
        actor=None,
        action=f"summary_{action.name.lower()}",
        target=summary,
        details={"recipient": summary.recipient_id},
    )


@transaction.atomic
def summary_consent(*, summary: SharedSummary, key: ContentKey) -> None:
    """The reporter consents: the summary, and only it, becomes readable for its recipient,
    who holds no melding key (so the server can read it too, as the recipient can)."""
    text = key.open(summary.text)
    _decide(summary, SharedSummary.State.PROPOSED, SharedSummary.State.SHARED, LogAction.CONSENT_GIVEN, text)
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
def confidentiality_break(*, report: Report, key: ContentKey, reason: str) -> None:
    """Record that confidentiality is broken (criminal offence or acute danger). Shares nothing."""
    if len(reason.strip()) < 20:
        raise ValidationError(
            _("Explain in at least 20 characters why confidentiality must be broken."), code="reason"
        )
    _log(
        report,
        LogAction.CONFIDENTIALITY_BROKEN,
        detail=report.counsellor.display_name,
        reason=key.seal(reason),
    )


@transaction.atomic
def transfer_propose(*, report: Report, to_counsellor: User) -> TransferProposal:
    _check_counsellor(to_counsellor)
    if to_counsellor.pk == report.counsellor_id:
        raise ValidationError(_("Choose another counsellor."), code="same")
    report.transfer_proposals.filter(state=TransferProposal.State.PENDING).update(
        state=TransferProposal.State.SUPERSEDED
    )
    proposal = TransferProposal.objects.create(
        report=report, to_counsellor=to_counsellor, created_at=stamp(report)
    )
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
def transfer_decide(*, proposal: TransferProposal, accept: bool, key: ContentKey) -> None:
    """The reporter decides; accepting seals the content key for the new counsellor only."""
    if proposal.state != TransferProposal.State.PENDING:
        raise ValidationError(_("This proposal has already been decided on."), code="decided")
    proposal.state = TransferProposal.State.ACCEPTED if accept else TransferProposal.State.DECLINED
    proposal.save(update_fields=["state"])
    # The reporter decides: no actor, which would identify them.
    moved = {"from": proposal.report.counsellor_id, "to": proposal.to_counsellor_id}
    if accept:
        _check_counsellor(proposal.to_counsellor)
        _move_to(proposal.report, proposal.to_counsellor)
        keys.seal_for_counsellor(report=proposal.report, key=key, counsellor=proposal.to_counsellor)
        _log(proposal.report, LogAction.TRANSFERRED, detail=proposal.to_counsellor.display_name)
        audit_record(actor=None, action="report_transferred", target=proposal.report, details=moved)
        _notify_counsellor(proposal.report, "transferred")
    else:
        audit_record(actor=None, action="report_transfer_declined", target=proposal.report, details=moved)


@transaction.atomic
def report_reassign(*, actor: User | None, report: Report, to_counsellor: User) -> None:
    """An administrator moves a case when its counsellor leaves. Metadata only: the new
    counsellor finds the content locked until the reporter consents (report_key_share),
    or a recovery or escrow key re-seals it. The other counsellors are told."""
    _check_counsellor(to_counsellor)
    if to_counsellor.pk == report.counsellor_id:
        return
    previous = report.counsellor
    _move_to(report, to_counsellor)
    _log(report, LogAction.REASSIGNED, detail=to_counsellor.display_name)
    audit_record(
        actor=actor,
        action="report_reassigned",
        target=report,
        details={"from": previous.pk, "to": to_counsellor.pk},
    )
    _notify_counsellor(report, "transferred")
    for other in User.objects.filter(is_active=True, groups__name=Role.COUNSELLOR).exclude(
        pk=to_counsellor.pk
    ):
        outbox.enqueue(tasks.notify_counsellor_about, other.pk, "reassigned")
    if report.reporter_id is not None:
        outbox.enqueue(tasks.notify_reporter, str(report.pk), "reassigned")


@transaction.atomic
def report_key_share(*, report: Report, key: ContentKey) -> None:
    """The reporter lets the case's current counsellor read it (after a reassignment)."""
    if keys.is_sealed_for(report, report.counsellor):
        return
    keys.seal_for_counsellor(report=report, key=key, counsellor=report.counsellor)
    _log(report, LogAction.KEY_SHARED, detail=report.counsellor.display_name)
    audit_record(actor=None, action="report_key_shared", target=report, details={"to": report.counsellor_id})
    _notify_counsellor(report, "unlocked")


# --- keys -----------------------------------------------------------------------------------


def audit_key_recovered(*, counsellor: User) -> None:
    audit_record(actor=counsellor, action="counsellor_key_recovered", target=counsellor)


@transaction.atomic
def reports_reseal_with_recovery(*, counsellor: User, recovery: str) -> int:
    """Cases reassigned to `counsellor` whose previous counsellor's recovery key was given:
    their content keys are sealed for `counsellor`. The number of cases opened."""
    locked = Report.objects.filter(counsellor=counsellor).exclude(
        keys__holder=ReportKey.Holder.COUNSELLOR, keys__counsellor=counsellor
    )
    previous = (
        ReportKey.objects.filter(report__in=locked, holder=ReportKey.Holder.COUNSELLOR)
        .values_list("counsellor", flat=True)
        .distinct()
    )
    opened = 0
    for holder in User.objects.filter(pk__in=previous):
        try:
            private_key = keys.private_key_with_recovery(holder, recovery)
        except Locked:
            continue
        for report in locked.filter(keys__holder=ReportKey.Holder.COUNSELLOR, keys__counsellor=holder):
            key = keys.key_for_counsellor(report, holder, private_key)
            if key is not None:
                keys.seal_for_counsellor(report=report, key=key, counsellor=counsellor)
                _log(report, LogAction.KEY_SHARED, detail=counsellor.display_name)
                opened += 1
        audit_record(
            actor=counsellor,
            action="reports_resealed_with_recovery",
            target=holder,
            details={"cases": opened},
        )
    return opened
