"""Meldingen for `seed_scale`, in the shapes `services.report_submit` and `message_post`
leave behind: the report with its permission rows (counsellor: view, change, handle;
named reporter: view, follow), its tally, case log and messages (with their permission
rows), and per counsellor a published year of figures for each past year."""

import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from apps.accounts.roles import Role
from apps.core.scale import PermRows, Rows, ScaleContext, insert

from . import figures, services, services_figures
from .models import (
    AnnualReport,
    Author,
    CaseLogEntry,
    Category,
    LogAction,
    Report,
    ReportMessage,
    ReportTally,
    Status,
)

TEXTS = (
    "Mijn leidinggevende maakt in het werkoverleg kleinerende opmerkingen over mijn werk.",
    "Een collega stuurt mij berichten die ik als intimiderend ervaar.",
    "Ik vermoed dat bij inkoop offertes achteraf worden aangepast.",
    "Er verdwijnen regelmatig spullen uit het magazijn.",
    "Bij een sollicitatieronde werd een kandidaat volgens mij afgewezen om haar afkomst.",
    "Een klant werd agressief aan de balie en niemand greep in.",
    "Ik word buitengesloten door mijn team sinds ik een fout meldde.",
    "Ik wil graag vertrouwelijk overleggen over een situatie op mijn afdeling.",
)
COUNSELLOR_MESSAGE = "Dank voor je melding. Zullen we deze week een gesprek plannen?"
REPORTER_MESSAGE = "Donderdagochtend past mij goed."
ANONYMOUS_SHARE = 0.25
REPLY_SHARE = 0.3


def _clock(context: ScaleContext, created: datetime) -> tuple[str, datetime | None, datetime | None]:
    """Status, acknowledgement and closing moment of a report submitted at `created`."""
    age = (context.now - created).days
    acknowledged = created + timedelta(hours=context.rng.uniform(2, 120))
    if age > 120 or (age > 14 and context.rng.random() < 0.2):
        closed = min(context.now, acknowledged + timedelta(days=context.rng.uniform(7, 90)))
        return Status.CLOSED, min(acknowledged, closed), closed
    if age < 14 and context.rng.random() < 0.6:
        return Status.NEW, None, None
    return Status.IN_PROGRESS, min(acknowledged, context.now), None


REPORT_COLUMNS = (
    "id", "created_at", "category", "status", "closed_at", "counsellor_id", "reporter_id", "is_anonymous",
    "receipt_code_hash", "text", "acknowledged_at", "feedback_given_at", "retention_reason",
)  # fmt: skip


class _Writers:
    def __init__(self, context: ScaleContext) -> None:
        self.reports = Rows(context, Report, REPORT_COLUMNS)
        self.report_perms = PermRows(context, Report)
        self.message_perms = PermRows(context, ReportMessage)
        self.tallies = Rows(
            context, ReportTally, ("report_id", "counsellor_id", "year", "month", "category", "department_id")
        )
        self.log = Rows(context, CaseLogEntry, ("report_id", "created_at", "action", "detail", "reason"))
        self.messages = Rows(context, ReportMessage, ("id", "report_id", "created_at", "author", "body"))

    def flush(self) -> None:
        for writer in vars(self).values():
            writer.flush()


def build_reports(context: ScaleContext) -> None:
    counsellors = context.holders[Role.COUNSELLOR.value]
    total = context.size("reports")
    writers = _Writers(context)
    for index in range(total):
        created = context.spread(index, total)
        status, acknowledged, closed = _clock(context, created)
        category = context.rng.choice(Category.values)
        anonymous = context.rng.random() < ANONYMOUS_SHARE
        feedback = (
            acknowledged + timedelta(days=30)
            if category == Category.WRONGDOING and status == Status.CLOSED and acknowledged
            else None
        )
        report = {
            "id": uuid.uuid4(),
            "created_at": created,
            "category": category,
            "status": status,
            "closed_at": closed,
            "counsellor_id": context.rng.choice(counsellors),
            "reporter_id": None if anonymous else context.rng.choice(context.employees),
            "is_anonymous": anonymous,
            # Not a real code's hash: nobody can follow these up; unique like real ones.
            "receipt_code_hash": secrets.token_hex(32) if anonymous else None,
            "text": context.rng.choice(TEXTS),
            "acknowledged_at": acknowledged,
            "feedback_given_at": feedback,
            "retention_reason": "",
        }
        writers.reports.add(**report)
        _children(context, report, writers)
    writers.flush()
    build_figures(context)


def _children(context: ScaleContext, report: dict[str, Any], writers: _Writers) -> None:
    pk, counsellor, reporter = report["id"], report["counsellor_id"], report["reporter_id"]
    participants = [counsellor]
    writers.report_perms.user(counsellor, pk, *services.COUNSELLOR_REPORT_PERMS)
    if reporter is not None:
        participants.append(reporter)
        writers.report_perms.user(reporter, pk, *services.REPORTER_REPORT_PERMS)
    received = timezone.localtime(report["created_at"])
    writers.tallies.add(
        report_id=pk,
        counsellor_id=counsellor,
        year=received.year,
        month=received.month,
        category=report["category"],
        department_id=context.department_of.get(reporter) if reporter else None,
    )
    log = writers.log
    log.add(report_id=pk, created_at=report["created_at"], action=LogAction.SUBMITTED, detail="", reason="")
    acknowledged = report["acknowledged_at"]
    if acknowledged is not None:
        thread = [(Author.COUNSELLOR, acknowledged, COUNSELLOR_MESSAGE)]
        if context.rng.random() < REPLY_SHARE:
            thread.append((Author.REPORTER, acknowledged + timedelta(hours=20), REPORTER_MESSAGE))
        for author, moment, body in thread:
            message = uuid.uuid4()
            writers.messages.add(id=message, report_id=pk, created_at=moment, author=author, body=body)
            for person in participants:
                writers.message_perms.user(person, message, "view_reportmessage")
            action = (
                LogAction.MESSAGE_COUNSELLOR if author == Author.COUNSELLOR else LogAction.MESSAGE_REPORTER
            )
            log.add(report_id=pk, created_at=moment, action=action, detail="", reason="")
        log.add(report_id=pk, created_at=acknowledged, action=LogAction.ACKNOWLEDGED, detail="", reason="")
    if report["closed_at"] is not None:
        log.add(
            report_id=pk,
            created_at=report["closed_at"],
            action=LogAction.STATUS_CHANGED,
            detail=Status.CLOSED,
            reason="",
        )


def build_figures(context: ScaleContext) -> None:
    """Each past year published per counsellor (as `annual_report_publish` freezes it), and
    this year's draft, computed live on the counsellor's figures page."""
    this_year = timezone.localtime(context.now).year
    zone = timezone.get_current_timezone()
    reports = []
    for counsellor in context.holders[Role.COUNSELLOR.value]:
        for year in range(this_year - 9, this_year + 1):
            published = year < this_year
            report = AnnualReport(
                counsellor_id=counsellor,
                year=year,
                quarter=AnnualReport.WHOLE_YEAR,
                state=AnnualReport.State.PUBLISHED if published else AnnualReport.State.DRAFT,
                explanation="Het aantal meldingen is vergelijkbaar met vorig jaar.",
                created_at=datetime(year + published, 1, 10, tzinfo=zone),
                published_at=datetime(year + 1, 1, 15, tzinfo=zone) if published else None,
            )
            if published:
                report.figures = figures.compute(report)
            reports.append(report)
    insert(context, AnnualReport, reports)
    perms = PermRows(context, AnnualReport)
    readers = context.group_ids(*services_figures.READERS)
    for report in reports:
        perms.user(report.counsellor_id, report.pk, "view_annualreport", "change_annualreport")
        if report.is_published:
            perms.group(readers, report.pk, "view_annualreport")
    perms.flush()
