"""Retention through Redis and a real Celery worker: the beat task deletes an expired
case, its files included, on whichever database the suite runs (PostgreSQL on CI;
`make test` also runs this file on SQLite)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts.roles import Role
from apps.core.models import AuditEvent
from apps.vertrouwenspersoon import services, tasks
from apps.vertrouwenspersoon.models import (
    Attachment,
    Report,
    ReportKey,
    ReportTally,
    ReportUserObjectPermission,
    Status,
)
from tests.factories import UserFactory
from tests.integration.conftest import LiveWorker, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def closed_case(closed_days_ago: int) -> tuple[Report, str]:
    reporter = UserFactory(username=f"melder{closed_days_ago}", roles=[Role.EMPLOYEE])
    counsellor = UserFactory(username=f"vp{closed_days_ago}", roles=[Role.COUNSELLOR])
    upload = SimpleUploadedFile("verslag.txt", b"vertrouwelijke bijlage", content_type="text/plain")
    report = services.report_submit(
        reporter=reporter,
        category="pesten",
        text="Vertrouwelijk.",
        counsellor=counsellor,
        anonymous=False,
        files=[upload],
    ).report
    services.report_set_status(report=report, status=Status.CLOSED)
    closed_at = timezone.now() - datetime.timedelta(days=closed_days_ago)
    Report.objects.filter(pk=report.pk).update(closed_at=closed_at)
    return report, Attachment.objects.get(report=report).file.name


def test_the_worker_deletes_an_expired_case_and_its_files(live_worker: LiveWorker) -> None:
    expired, expired_file = closed_case(closed_days_ago=800)
    recent, recent_file = closed_case(closed_days_ago=30)
    storage = Attachment._meta.get_field("file").storage
    assert storage.exists(expired_file)

    tasks.purge_expired_reports.delay()
    live_worker.release()
    wait_until(lambda: not Report.objects.filter(pk=expired.pk).exists(), "the worker to delete the case")
    wait_until(lambda: not storage.exists(expired_file), "the file to be removed from storage")

    assert tasks.purge_expired_reports.name in live_worker.received
    assert not ReportUserObjectPermission.objects.filter(content_object_id=expired.pk).exists()
    assert not ReportKey.objects.filter(report_id=expired.pk).exists()  # no envelope of its key is left
    assert ReportKey.objects.filter(report_id=recent.pk).exists()
    assert ReportTally.objects.filter(report__isnull=True).count() == 1  # the count for the figures stays
    assert AuditEvent.objects.filter(action="report_deleted_retention", target_id=str(expired.pk)).exists()
    assert Report.objects.filter(pk=recent.pk).exists() and storage.exists(recent_file)
