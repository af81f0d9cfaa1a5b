"""Meldingen for `seed_scale`, in the shapes `services.report_submit` and `message_post`
leave behind: the report with its permission rows (counsellor: view, change, handle;
named reporter: view, follow), its tally, case log and messages (with their permission
rows), and per counsellor a published year of figures for each past year.

Sealed as the services seal them: every counsellor gets a key pair locked with the seed
password (`keys.key_pair_create`, so logging in unlocks it), and every report a content
key of its own that seals its text and messages, with a COUNSELLOR envelope for its
counsellor and a REPORTER envelope under the receipt code. That code is RECEIPT_CODE for
every scale report, documented like the password, so the benchmark can open a named
reporter's page (report-unlock). An anonymous report's `receipt_code_hash` stays a unique
placeholder: nobody follows those up, and a real scrypt hash per report would take hours
(and equal codes would collide on the unique hash). Anonymous reports keep coarse times,
rounded to the hour like `case_log.stamp`."""

import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core import sealing
from apps.core.scale import PermRows, Rows, ScaleContext, insert
from apps.core.sealing import ContentKey, KdfCost

from . import figures, keys, services, services_figures
from .models import (
    AnnualReport,
    Author,
    CaseLogEntry,
    Category,
    CounsellorKey,
    LogAction,
    Report,
    ReportKey,
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
# The receipt code of every scale report (seed data only; real codes are random, shown once).
RECEIPT_CODE = "BENCH0SCA1E02026"  # shown as BENC-H0SC-A1E0-2026
# Argon2id's lowest cost for the reporters' envelopes, for scale data only: the configured
# cost (about 0.2 s each) would take half a day for 200,000 reports. The cost is stored in
# each envelope, so these open like any other, only cheaper to attack: never real content.
SCALE_RECEIPT_COST = KdfCost(opslimit=1, memlimit=8192)


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


def _coarse(moment: datetime) -> datetime:
    """A moment about an anonymous report as `case_log.stamp` stores it: the hour."""
    return moment.replace(minute=0, second=0, microsecond=0)


class _Writers:
    def __init__(self, context: ScaleContext) -> None:
        self.reports = Rows(context, Report, REPORT_COLUMNS)
        self.envelopes = Rows(
            context,
            ReportKey,
            ("report_id", "holder", "counsellor_id", "envelope", "salt", "opslimit", "memlimit"),
        )
        self.report_perms = PermRows(context, Report)
        self.message_perms = PermRows(context, ReportMessage)
        self.tallies = Rows(
            context, ReportTally, ("report_id", "counsellor_id", "year", "month", "category", "department_id")
        )
        self.log = Rows(context, CaseLogEntry, ("report_id", "created_at", "action", "detail", "reason"))
        self.messages = Rows(
            context, ReportMessage, ("id", "report_id", "created_at", "author", "body", "number")
        )

    def flush(self) -> None:
        for writer in vars(self).values():
            writer.flush()


def counsellor_keys(context: ScaleContext) -> dict[int, bytes]:
    """A key pair per counsellor, locked with the seed password as at the key page (the
    recovery key is dropped: nobody needs it); their public keys by counsellor id."""
    counsellors = context.holders[Role.COUNSELLOR.value]
    for counsellor in User.objects.filter(pk__in=counsellors):
        keys.key_pair_create(counsellor=counsellor, secret=context.password)
    rows = CounsellorKey.objects.filter(counsellor_id__in=counsellors).values_list(
        "counsellor_id", "public_key"
    )
    context.counts[CounsellorKey._meta.label] += len(counsellors)
    return {counsellor: bytes(public_key) for counsellor, public_key in rows}


def _envelopes(writers: _Writers, report: dict[str, Any], key: ContentKey, public_key: bytes) -> None:
    """What `keys.envelopes_create` writes: the counsellor's and the reporter's (no escrow)."""
    writers.envelopes.add(
        report_id=report["id"],
        holder=ReportKey.Holder.COUNSELLOR,
        counsellor_id=report["counsellor_id"],
        envelope=sealing.seal_for(public_key, key),
        salt=None,
        opslimit=None,
        memlimit=None,
    )
    salt = sealing.new_salt()
    wrapping = keys.receipt_wrapping_key(RECEIPT_CODE, salt, SCALE_RECEIPT_COST)
    writers.envelopes.add(
        report_id=report["id"],
        holder=ReportKey.Holder.REPORTER,
        counsellor_id=None,
        envelope=sealing.wrap(wrapping, key.raw),
        salt=salt,
        opslimit=SCALE_RECEIPT_COST.opslimit,
        memlimit=SCALE_RECEIPT_COST.memlimit,
    )


def build_reports(context: ScaleContext) -> None:
    counsellors = context.holders[Role.COUNSELLOR.value]
    public_keys = counsellor_keys(context)
    total = context.size("reports")
    writers = _Writers(context)
    for index in range(total):
        created = context.spread(index, total)
        status, acknowledged, closed = _clock(context, created)
        category = context.rng.choice(Category.values)
        anonymous = context.rng.random() < ANONYMOUS_SHARE
        if anonymous:  # rounded after the draws, so the same seed gives the same data as ever
            created = _coarse(created)
            acknowledged = acknowledged and _coarse(acknowledged)
            closed = closed and _coarse(closed)
        feedback = (
            acknowledged + timedelta(days=30)
            if category == Category.WRONGDOING and status == Status.CLOSED and acknowledged
            else None
        )
        key = ContentKey.new()
        report: dict[str, Any] = {
            "id": uuid.uuid4(),
            "created_at": created,
            "category": category,
            "status": status,
            "closed_at": closed,
            "counsellor_id": context.rng.choice(counsellors),
            "reporter_id": None if anonymous else context.rng.choice(context.employees),
            "is_anonymous": anonymous,
            # Not a real code's hash: nobody can follow these up; unique like real ones
            # (the envelope opens with RECEIPT_CODE, but no hash leads to it).
            "receipt_code_hash": secrets.token_hex(32) if anonymous else None,
            "text": key.seal(context.rng.choice(TEXTS)),
            "acknowledged_at": acknowledged,
            "feedback_given_at": feedback,
            "retention_reason": "",
        }
        writers.reports.add(**report)
        _envelopes(writers, report, key, public_keys[report["counsellor_id"]])
        _children(context, report, key, writers)
    writers.flush()
    build_figures(context)


def _children(context: ScaleContext, report: dict[str, Any], key: ContentKey, writers: _Writers) -> None:
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
        for number, (author, moment, body) in enumerate(thread, start=1):
            message = uuid.uuid4()
            writers.messages.add(
                id=message, report_id=pk, created_at=moment, author=author, body=key.seal(body), number=number
            )
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
