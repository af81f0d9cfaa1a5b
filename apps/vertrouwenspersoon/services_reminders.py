"""Reminders of the statutory deadlines, mailed to the counsellor once per stage
(due soon, overdue). The mail says how many deadlines need attention, nothing more."""

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone

from apps.core import outbox

from . import conf, tasks
from .deadlines import Due, deadlines_of, with_running_clock
from .models import DeadlineReminder, Report

CLOCK_FIELDS = (
    "pk",
    "created_at",
    "category",
    "status",
    "acknowledged_at",
    "feedback_given_at",
    "counsellor_id",
)


def _stage(due: Due, today: datetime.date) -> str | None:
    days_left = (due.due_on - today).days
    if days_left < 0:
        return DeadlineReminder.Stage.OVERDUE
    if days_left <= conf.reminder_days_before():
        return DeadlineReminder.Stage.DUE_SOON
    return None


@transaction.atomic
def deadline_reminders_send(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    running = with_running_clock(Report.objects.all())
    per_counsellor: Counter[int] = Counter()
    for due in deadlines_of(running):
        stage = _stage(due, today)
        if stage is None:
            continue
        _, created = DeadlineReminder.objects.get_or_create(
            report=due.report, deadline=due.deadline, stage=stage
        )
        if created:
            per_counsellor[due.report.counsellor_id] += 1
    for counsellor_id, count in per_counsellor.items():
        outbox.enqueue(tasks.notify_deadlines, counsellor_id, count)
    return sum(per_counsellor.values())
