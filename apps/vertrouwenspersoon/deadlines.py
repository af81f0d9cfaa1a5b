"""The statutory clock of a report, computed from its dates.

Every report: acknowledge receipt within acknowledge_days (statutory for a
whistleblower report, good practice for the others). A whistleblower report: inform
the reporter about the follow-up within feedback_months of the acknowledgement, or
of the end of the acknowledgement term when none was sent (Directive 2019/1937 art. 9).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import conf
from .models import Category, Deadline, Report, Status

CLOCK_FIELDS = (
    "pk",
    "created_at",
    "category",
    "status",
    "acknowledged_at",
    "feedback_given_at",
    "counsellor_id",
)


@dataclass(frozen=True)
class Due:
    report: Report
    deadline: Deadline
    due_on: datetime.date
    statutory: bool

    @property
    def days_left(self) -> int:
        return (self.due_on - timezone.localdate()).days

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def acknowledge_due_on(report: Report) -> datetime.date:
    return _day(report.created_at) + datetime.timedelta(days=conf.acknowledge_days())


def feedback_due_on(report: Report) -> datetime.date:
    start = _day(report.acknowledged_at) if report.acknowledged_at else acknowledge_due_on(report)
    return start + relativedelta(months=conf.feedback_months())


def open_deadlines(report: Report) -> list[Due]:
    if report.status == Status.CLOSED:
        return []
    due = []
    if report.acknowledged_at is None:
        due.append(
            Due(report, Deadline.ACKNOWLEDGE, acknowledge_due_on(report), report.is_whistleblower_report)
        )
    if report.is_whistleblower_report and report.feedback_given_at is None:
        due.append(Due(report, Deadline.FEEDBACK, feedback_due_on(report), True))
    return due


def deadlines_of(reports: Iterable[Report]) -> list[Due]:
    """All open deadlines of these reports, the most urgent first."""
    due = [item for report in reports for item in open_deadlines(report)]
    return sorted(due, key=lambda item: (item.due_on, str(item.report.pk)))


def with_running_clock(reports: QuerySet[Report]) -> QuerySet[Report]:
    """The open reports among these with a deadline still running; loads no content."""
    running = Q(acknowledged_at__isnull=True) | Q(
        category=Category.WRONGDOING, feedback_given_at__isnull=True
    )
    # "status in (the open ones)" can use the (counsellor, status) index; "not closed" cannot.
    open_statuses = [status for status in Status.values if status != Status.CLOSED]
    return reports.filter(running, status__in=open_statuses).only(*CLOCK_FIELDS)
