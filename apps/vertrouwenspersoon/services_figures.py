"""The counsellor's anonymised figures: drafted, reviewed, then published to the
OR, HR and the executive. Publishing freezes the suppressed tables.

Reports of one counsellor never overlap in time: a year is published either as one
year report or per quarter, never both, or the difference between the two would
reveal the counts that each of them hides."""

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core.services import audit_record

from . import figures
from .models import AnnualReport

READERS = (Role.WORKS_COUNCIL_MEMBER, Role.HR, Role.EXECUTIVE)
FIRST_YEAR = 2000


def period_end(report: AnnualReport) -> datetime.date:
    last_month = figures.months_of(report.quarter)[-1]
    return datetime.date(report.year, last_month, 1) + relativedelta(months=1, days=-1)


@transaction.atomic
def annual_report_create(*, counsellor: User, year: int, quarter: int) -> AnnualReport:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError(_("Choose a year up to the current one."), code="year")
    report = AnnualReport(counsellor=counsellor, year=year, quarter=quarter)
    # The unique period is checked by the database below, with a plain message.
    report.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as duplicate:
        raise ValidationError(_("You already have figures for this period."), code="duplicate") from duplicate
    assign_perm("view_annualreport", counsellor, report)
    assign_perm("change_annualreport", counsellor, report)
    return report


def _check_draft(report: AnnualReport) -> None:
    if report.is_published:
        raise ValidationError(
            _("These figures have been published and can no longer change."), code="published"
        )


@transaction.atomic
def annual_report_update(*, report: AnnualReport, explanation: str, recommendations: str) -> None:
    _check_draft(report)
    report.explanation = explanation
    report.recommendations = recommendations
    report.full_clean()
    report.save(update_fields=["explanation", "recommendations"])


def _overlapping_publication(report: AnnualReport) -> bool:
    published = AnnualReport.objects.filter(
        counsellor=report.counsellor_id, year=report.year, state=AnnualReport.State.PUBLISHED
    ).exclude(pk=report.pk)
    if report.quarter == AnnualReport.WHOLE_YEAR:
        return published.exists()
    return published.filter(quarter=AnnualReport.WHOLE_YEAR).exists()


@transaction.atomic
def annual_report_publish(*, report: AnnualReport) -> None:
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _check_draft(report)
    end = period_end(report)
    if end >= timezone.localdate():
        raise ValidationError(
            _("The period ends on %(date)s; publish its figures after that.") % {"date": date_format(end)},
            code="period_running",
        )
    if _overlapping_publication(report):
        raise ValidationError(
            _(
                "Figures for part or all of %(year)s are already published. A year is published either "
                "as a whole or per quarter: the difference between the two would reveal small counts."
            )
            % {"year": report.year},
            code="overlap",
        )
    report.figures = figures.compute(report)
    report.state = AnnualReport.State.PUBLISHED
    report.published_at = timezone.now()
    report.save(update_fields=["figures", "state", "published_at"])
    for group in Group.objects.filter(name__in=READERS):
        assign_perm("view_annualreport", group, report)
    audit_record(actor=report.counsellor, action="annual_report_published", target=report)
