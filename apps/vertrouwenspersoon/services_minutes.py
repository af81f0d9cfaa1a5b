"""Minutes of a conversation or an oral report (Directive 2019/1937 art. 18): the
counsellor writes them, the reporter may correct them and approves one version.
Every version is kept; an approved record is final."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import outbox
from apps.core.sealing import ContentKey

from . import tasks
from .case_log import log, stamp
from .models import Author, ConversationRecord, ConversationVersion, LogAction, Report, Status


def _check_text(text: str) -> None:
    if not text.strip():
        raise ValidationError(_("Write the minutes first."), code="empty")


def _check_open(record: ConversationRecord) -> None:
    if record.is_approved:
        raise ValidationError(
            _("These minutes have been approved and can no longer change."), code="approved"
        )
    if record.report.status == Status.CLOSED:
        raise ValidationError(_("This report is closed; the minutes can no longer change."), code="closed")


def _notify(report: Report, author: str, kind: str) -> None:
    if author == Author.COUNSELLOR:
        if report.reporter_id is not None:
            outbox.enqueue(tasks.notify_reporter, str(report.pk), "minutes")
    else:
        delay = outbox.random_delay() if report.is_anonymous else None
        outbox.enqueue(tasks.notify_counsellor, str(report.pk), kind, delay=delay, created_at=stamp(report))


def _add_version(record: ConversationRecord, key: ContentKey, author: str, text: str) -> ConversationVersion:
    last = record.versions.aggregate(last=Max("number"))["last"] or 0
    return ConversationVersion.objects.create(
        record=record, number=last + 1, author=author, text=key.seal(text), created_at=stamp(record.report)
    )


@transaction.atomic
def minutes_record(
    *, report: Report, key: ContentKey, held_on: datetime.date, text: str
) -> ConversationRecord:
    _check_text(text)
    if report.status == Status.CLOSED:
        raise ValidationError(_("This report is closed; no minutes can be added."), code="closed")
    if held_on > timezone.localdate():
        raise ValidationError(_("The conversation cannot have taken place in the future."), code="future")
    record = ConversationRecord.objects.create(report=report, held_on=held_on, created_at=stamp(report))
    _add_version(record, key, Author.COUNSELLOR, text)
    log(report, LogAction.MINUTES_SHARED, detail="1")
    _notify(report, Author.COUNSELLOR, "minutes")
    return record


@transaction.atomic
def minutes_revise(
    *, record: ConversationRecord, key: ContentKey, author: Author, text: str
) -> ConversationVersion:
    """A new version: a correction by the reporter, or the counsellor's answer to it."""
    _check_text(text)
    record = ConversationRecord.objects.select_for_update().select_related("report").get(pk=record.pk)
    _check_open(record)
    version = _add_version(record, key, author, text)
    action = LogAction.MINUTES_CORRECTED if author == Author.REPORTER else LogAction.MINUTES_SHARED
    log(record.report, action, detail=str(version.number))
    _notify(record.report, author, "minutes_corrected")
    return version


@transaction.atomic
def minutes_approve(*, record: ConversationRecord, version: int) -> None:
    """The reporter approves the version they read; a newer one must be read first."""
    record = ConversationRecord.objects.select_for_update().select_related("report").get(pk=record.pk)
    _check_open(record)
    latest = record.versions.aggregate(last=Max("number"))["last"]
    if version != latest:
        raise ValidationError(
            _("The minutes have changed since you opened them. Read the new version below."), code="changed"
        )
    record.approved_version = version
    record.approved_at = stamp(record.report)
    record.save(update_fields=["approved_version", "approved_at"])
    log(record.report, LogAction.MINUTES_APPROVED, detail=str(version))
    _notify(record.report, Author.REPORTER, "minutes_approved")
