"""Reads on meldingen, built on the policy's querysets. Query counts stay flat.

Lists never load the encrypted report text: what a list does not need it does
not decrypt.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from . import policy
from .deadlines import Due, deadlines_of, open_deadlines, with_running_clock
from .models import (
    AnnualReport,
    Attachment,
    Author,
    CaseLogEntry,
    CaseNote,
    ConversationRecord,
    ConversationVersion,
    LogAction,
    ReadEvent,
    Report,
    ReportMessage,
    ReportTally,
    SharedSummary,
    Status,
    TransferProposal,
)

READS_SHOWN = 25
# ReadEvent.what -> what the trail shows.
READ_LABELS = {"melding": _("the report"), "bijlage": _("an attachment")}


def case_list(user: Any, status: str | None) -> QuerySet[Report]:
    """The cases user holds, newest first, with last activity and an open-transfer marker.

    An unknown status is ignored: the whole list is shown.
    """
    cases = policy.reports_handled_by(user)
    if status in Status.values:
        cases = cases.filter(status=status)
    last_activity = (
        CaseLogEntry.objects.filter(report=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]
    )
    open_transfer = TransferProposal.objects.filter(
        report=OuterRef("pk"), state=TransferProposal.State.PENDING
    )
    return (
        cases.defer("text", "receipt_code_hash")
        .annotate(last_activity=Subquery(last_activity), has_open_transfer=Exists(open_transfer))
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class CaseFile:
    """Everything the case page shows next to the report itself."""

    report: Report
    attachments: list[Attachment]  # sent with the report, not with a message
    messages: list[ReportMessage]
    notes: list[CaseNote]
    log: list[CaseLogEntry]
    reads: list[ReadEvent]
    read_count: int
    summaries: list[SharedSummary]
    transfers: list[TransferProposal]
    records: list[ConversationRecord]
    tally: ReportTally | None

    @property
    def deadlines(self) -> list[Due]:
        return open_deadlines(self.report)

    @property
    def deletion_date(self) -> datetime.date | None:
        from .services_retention import deletion_date

        return deletion_date(self.report)

    @property
    def open_transfer(self) -> TransferProposal | None:
        return next((t for t in self.transfers if t.state == TransferProposal.State.PENDING), None)

    @property
    def log_rows(self) -> list[tuple[CaseLogEntry, str]]:
        """Each log entry with its detail as shown: a status by its label."""
        rows = []
        for entry in self.log:
            detail = entry.detail
            if entry.action == LogAction.STATUS_CHANGED and detail in Status.values:
                detail = str(Status(detail).label)
            rows.append((entry, detail))
        return rows

    @property
    def read_rows(self) -> list[tuple[ReadEvent, str]]:
        return [(read, str(READ_LABELS.get(read.what, read.what))) for read in self.reads]


def _report_attachments(report: Report) -> list[Attachment]:
    """The attachments sent with the report itself, not with a message."""
    return list(Attachment.objects.filter(report=report, message__isnull=True))


def _thread(report: Report) -> list[ReportMessage]:
    return list(
        ReportMessage.objects.filter(report=report).prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("created_at"))
        )
    )


def case_get(report: Report) -> CaseFile:
    """The case file of a report the policy already handed out. A fixed number of queries."""
    reads = ReadEvent.objects.filter(report=report).select_related("reader")
    return CaseFile(
        report=report,
        attachments=_report_attachments(report),
        messages=_thread(report),
        notes=list(CaseNote.objects.filter(report=report)),
        log=list(CaseLogEntry.objects.filter(report=report)),
        reads=list(reads[:READS_SHOWN]),
        read_count=reads.count(),
        summaries=list(SharedSummary.objects.filter(report=report).select_related("recipient")),
        transfers=list(TransferProposal.objects.filter(report=report).select_related("to_counsellor")),
        records=_records(report),
        tally=ReportTally.objects.filter(report=report).select_related("department").first(),
    )


def _records(report: Report) -> list[ConversationRecord]:
    """Minutes of conversations, each with its versions, oldest version first."""
    versions = Prefetch("versions", queryset=ConversationVersion.objects.order_by("number"))
    return list(ConversationRecord.objects.filter(report=report).prefetch_related(versions))


@dataclass(frozen=True)
class ReporterFile:
    """What the reporter sees of their own report: never the counsellor's notes."""

    attachments: list[Attachment]
    messages: list[ReportMessage]
    summaries: list[SharedSummary]
    breaches: list[CaseLogEntry]
    counsellor_reads: list[ReadEvent]
    transfer: TransferProposal | None
    records: list[ConversationRecord]


def report_get_for_reporter(report: Report, reads_shown: int) -> ReporterFile:
    """The reporter's view of a report the policy already handed out. A fixed number of queries."""
    reads = ReadEvent.objects.filter(report=report, reader_role=Author.COUNSELLOR).select_related("reader")
    return ReporterFile(
        attachments=_report_attachments(report),
        messages=_thread(report),
        summaries=list(SharedSummary.objects.filter(report=report).select_related("recipient")),
        breaches=list(CaseLogEntry.objects.filter(report=report, action=LogAction.CONFIDENTIALITY_BROKEN)),
        counsellor_reads=list(reads[:reads_shown]),
        transfer=policy.pending_transfer(report),
        records=_records(report),
    )


def summary_list(user: Any) -> QuerySet[SharedSummary]:
    """Summaries shared with user by consent, with the counsellor; nothing of the report itself."""
    return (
        policy.summaries_shared_with(user)
        .select_related("report__counsellor")
        .defer("text", "report__text", "report__receipt_code_hash", "report__category")
        .order_by("-decided_at", "-created_at")
    )


def summary_writer(summary: SharedSummary) -> Any:
    """The counsellor holding the summary's case, read without loading the report's content."""
    report = Report.objects.select_related("counsellor").only("id", "counsellor").get(pk=summary.report_id)
    return report.counsellor


def deadlines_for(user: Any) -> list[Due]:
    """Open deadlines of the cases user holds, most urgent first. Never decrypts content."""
    return deadlines_of(with_running_clock(policy.reports_handled_by(user)))


def annual_report_list(user: Any) -> QuerySet[AnnualReport]:
    return policy.annual_reports_of(user).order_by("-year", "-quarter")


def published_figures_list(user: Any) -> QuerySet[AnnualReport]:
    return (
        policy.published_annual_reports(user).select_related("counsellor").order_by("-year", "-quarter", "pk")
    )


def latest_published_figures(user: Any) -> AnnualReport | None:
    return published_figures_list(user).order_by("-published_at").first()
