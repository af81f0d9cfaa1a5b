"""Retention: a closed case is deleted retention_months after closing, or later when
its counsellor extended it with a reason. Deleting removes the report with its
messages, notes, files, log, reads, summaries and permission rows; what stays is
the content-free tally for the figures and an audit row saying that it was deleted."""

import datetime
from functools import partial
from uuid import UUID

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core.sealing import ContentKey
from apps.core.services import audit_record

from . import conf
from .case_log import log
from .models import Attachment, LogAction, Report, Status

MIN_REASON_LENGTH = 10


def deletion_date(report: Report) -> datetime.date | None:
    """The day the retention task deletes this case; None while it is open."""
    if report.status != Status.CLOSED or report.closed_at is None:
        return None
    standard = timezone.localdate(report.closed_at) + relativedelta(months=conf.retention_months())
    return max(standard, report.retention_extended_until or standard)


@transaction.atomic
def report_extend_retention(*, report: Report, key: ContentKey, until: datetime.date, reason: str) -> None:
    standard = deletion_date(report)
    if standard is None:
        raise ValidationError(_("Only a closed case has a retention period."), code="open")
    if until <= standard:
        raise ValidationError(
            _("Choose a date after %(date)s, when the case would be deleted anyway.")
            % {"date": date_format(standard)},
            code="too_early",
        )
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise ValidationError(_("Explain why the case must be kept longer."), code="reason")
    report.retention_extended_until = until
    report.retention_reason = key.seal(reason)
    report.save(update_fields=["retention_extended_until", "retention_reason"])
    log(report, LogAction.RETENTION_EXTENDED, detail=until.isoformat(), reason=key.seal(reason))
    audit_record(actor=None, action="report_retention_extended", target=report)


def reports_due_for_deletion(today: datetime.date) -> QuerySet[Report]:
    closed_before = today - relativedelta(months=conf.retention_months()) + datetime.timedelta(days=1)
    cutoff = timezone.make_aware(datetime.datetime.combine(closed_before, datetime.time.min))
    return Report.objects.filter(status=Status.CLOSED, closed_at__lt=cutoff).filter(
        Q(retention_extended_until__isnull=True) | Q(retention_extended_until__lte=today)
    )


def _delete_files(names: list[str]) -> None:
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


@transaction.atomic
def report_delete(*, report_id: UUID) -> bool:
    """Delete one case for good. Files go only once the deletion is committed."""
    report = Report.objects.select_for_update().only("pk").filter(pk=report_id).first()
    if report is None:
        return False  # already deleted: running twice is harmless
    names = list(Attachment.objects.filter(report=report).values_list("file", flat=True))
    audit_record(actor=None, action="report_deleted_retention", target=report)
    report.delete()
    transaction.on_commit(partial(_delete_files, names))
    return True


def retention_purge(*, today: datetime.date | None = None) -> int:
    """Delete every case past its retention date; each in its own transaction."""
    due = reports_due_for_deletion(today or timezone.localdate()).values_list("pk", flat=True)
    return sum(report_delete(report_id=pk) for pk in list(due))
