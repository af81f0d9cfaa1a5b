"""The case log and the moment a row about a melding is stored.

An anonymous melding keeps only coarse times (the hour, rounded down): its timestamps
must not match the second of a request in a web server's or a login's records.
"""

import datetime

from django.utils import timezone

from apps.core.sealing import Sealed

from .models import CaseLogEntry, LogAction, Report


def stamp(report: Report) -> datetime.datetime:
    now = timezone.now()
    return now.replace(minute=0, second=0, microsecond=0) if report.is_anonymous else now


def log(report: Report, action: LogAction, detail: str = "", reason: Sealed | str = "") -> CaseLogEntry:
    return CaseLogEntry.objects.create(
        report=report, action=action, detail=detail, reason=reason, created_at=stamp(report)
    )
