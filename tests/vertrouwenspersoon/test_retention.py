"""Retention: a closed case is deleted for good after the retention period, files included."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time

from apps.accounts.roles import Role
from apps.core.models import AuditEvent
from apps.vertrouwenspersoon import services, services_minutes, tasks
from apps.vertrouwenspersoon.models import (
    Attachment,
    AttachmentUserObjectPermission,
    Author,
    CaseLogEntry,
    CaseNote,
    ConversationRecord,
    ConversationVersion,
    DeadlineReminder,
    LogAction,
    ReadEvent,
    Report,
    ReportGroupObjectPermission,
    ReportMessage,
    ReportMessageUserObjectPermission,
    ReportTally,
    ReportUserObjectPermission,
    SharedSummary,
    SharedSummaryUserObjectPermission,
    Status,
    TransferProposal,
)
from apps.vertrouwenspersoon.services_retention import deletion_date, report_extend_retention, retention_purge
from tests.conftest import client_for
from tests.keys import content_key, plain

pytestmark = pytest.mark.django_db

TEXT = "Mijn collega maakt al maanden seksueel getinte opmerkingen over mij."
MESSAGE = "Kunt u vertellen wanneer dit voor het eerst gebeurde?"
NOTE = "Melder maakt een geloofwaardige indruk; gesprek gepland."
SUMMARY = "Melder ervaart ongewenst gedrag van een collega; graag een gesprek."
MINUTES = "Gesprek op de tweede verdieping; melder vertelt over drie voorvallen."
REASON = "Er loopt nog een procedure bij de klachtencommissie."
CLOSED_AT = "2023-01-10 10:00:00"
STANDARD = datetime.date(2025, 1, 10)  # CLOSED_AT + 24 months


def submit(personas, category="seksuele-intimidatie", files=(), at="2022-12-01 09:00:00"):
    with freeze_time(at):
        return services.report_submit(
            reporter=personas["medewerker"],
            category=category,
            text=TEXT,
            counsellor=personas["vertrouwenspersoon"],
            anonymous=False,
            files=files,
        ).report


def close(report, at=CLOSED_AT):
    with freeze_time(at):
        services.report_set_status(report=report, status=Status.CLOSED)
    report.refresh_from_db()
    return report


def upload(name="bewijs.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 schermafdrukken", content_type="application/pdf")


def storage():
    return Attachment._meta.get_field("file").storage


@pytest.fixture
def full_case(personas):
    """A closed case with everything a case can hold."""
    report = submit(personas, files=[upload()])
    key = content_key(report)
    with freeze_time("2022-12-05 10:00:00"):
        services.message_post(
            report=report, key=key, author=Author.COUNSELLOR, body=MESSAGE, files=[upload("a.pdf")]
        )
        services.message_post(report=report, key=key, author=Author.REPORTER, body="In september.")
        services.note_add(report=report, key=key, body=NOTE)
        summary = services.summary_propose(report=report, key=key, recipient=personas["hr"], text=SUMMARY)
        services.summary_consent(summary=summary, key=key)
        services.read_record(
            report=report, reader=personas["vertrouwenspersoon"], role=Author.COUNSELLOR, what="melding"
        )
        services_minutes.minutes_record(
            report=report, key=key, held_on=datetime.date(2022, 12, 5), text=MINUTES
        )
        DeadlineReminder.objects.create(report=report, deadline="terugkoppeling", stage="binnenkort")
    return close(report)


@pytest.fixture
def purge(django_capture_on_commit_callbacks):
    """Run the purge on `today`, with the after-commit work (file removal) executed."""

    def run(today):
        with freeze_time(today), django_capture_on_commit_callbacks(execute=True):
            return retention_purge(today=datetime.date.fromisoformat(today))

    return run


# --- the date -------------------------------------------------------------------------------


def test_an_open_case_has_no_deletion_date(personas):
    assert deletion_date(submit(personas)) is None


def test_a_closed_case_is_deleted_24_months_after_closing(personas):
    assert deletion_date(close(submit(personas))) == STANDARD


def test_the_retention_period_follows_the_setting(personas, settings):
    settings.PORTAL_RETENTION_MONTHS = 6
    assert deletion_date(close(submit(personas))) == datetime.date(2023, 7, 10)


def test_reopening_a_case_takes_away_its_deletion_date(personas):
    report = close(submit(personas))
    services.report_set_status(report=report, status=Status.IN_PROGRESS)
    assert deletion_date(report) is None


# --- the purge ------------------------------------------------------------------------------


def test_purge_deletes_a_case_past_its_date_with_everything_in_it(full_case, purge):
    pk = full_case.pk
    messages = list(ReportMessage.objects.filter(report=full_case).values_list("pk", flat=True))
    attachments = list(Attachment.objects.filter(report=full_case).values_list("pk", flat=True))
    summaries = list(SharedSummary.objects.filter(report=full_case).values_list("pk", flat=True))
    assert len(messages) == 2 and len(attachments) == 2 and len(summaries) == 1
    assert ReportUserObjectPermission.objects.filter(content_object_id=pk).exists()
    assert ReportMessageUserObjectPermission.objects.filter(content_object_id__in=messages).exists()
    assert AttachmentUserObjectPermission.objects.filter(content_object_id__in=attachments).exists()
    assert SharedSummaryUserObjectPermission.objects.filter(content_object_id__in=summaries).exists()

    assert purge("2025-01-10") == 1

    assert not Report.objects.filter(pk=pk).exists()
    for model in (ReportMessage, Attachment, CaseNote, CaseLogEntry, ReadEvent, SharedSummary):
        assert not model.objects.filter(report_id=pk).exists(), model
    assert not TransferProposal.objects.filter(report_id=pk).exists()
    assert not DeadlineReminder.objects.filter(report_id=pk).exists()
    assert not ConversationRecord.objects.filter(report_id=pk).exists()
    assert not ConversationVersion.objects.exists()
    assert not ReportUserObjectPermission.objects.filter(content_object_id=pk).exists()
    assert not ReportGroupObjectPermission.objects.filter(content_object_id=pk).exists()
    assert not ReportMessageUserObjectPermission.objects.filter(content_object_id__in=messages).exists()
    assert not AttachmentUserObjectPermission.objects.filter(content_object_id__in=attachments).exists()
    assert not SharedSummaryUserObjectPermission.objects.filter(content_object_id__in=summaries).exists()


def test_purge_removes_the_encrypted_files_from_storage(full_case, purge):
    names = list(Attachment.objects.filter(report=full_case).values_list("file", flat=True))
    assert len(names) == 2 and all(storage().exists(name) for name in names)
    purge("2025-01-10")
    assert not any(storage().exists(name) for name in names)


def test_files_stay_when_the_deletion_is_not_committed(full_case, django_capture_on_commit_callbacks):
    names = list(Attachment.objects.filter(report=full_case).values_list("file", flat=True))
    with freeze_time("2025-01-10"), django_capture_on_commit_callbacks(execute=False) as pending:
        retention_purge(today=datetime.date(2025, 1, 10))
    assert pending, "the files are removed only after commit"
    assert all(storage().exists(name) for name in names)


def test_purge_keeps_the_tally_without_the_report(full_case, purge):
    tally = ReportTally.objects.get(report=full_case)
    purge("2025-01-10")
    tally.refresh_from_db()
    assert tally.report_id is None
    assert (tally.year, tally.month, tally.category) == (2022, 12, "seksuele-intimidatie")


def test_purge_writes_a_content_free_audit_entry(personas, full_case, purge):
    purge("2025-01-10")
    event = AuditEvent.objects.get(action="report_deleted_retention")
    assert (event.target_type, event.target_id) == ("vertrouwenspersoon.report", str(full_case.pk))
    assert event.actor is None and event.details == {}
    stored = str(event.__dict__)
    for content in (TEXT, MESSAGE, NOTE, SUMMARY, MINUTES, "seksuele", personas["medewerker"].username):
        assert content not in stored


def test_purge_leaves_open_cases_alone(personas, purge):
    old_open = submit(personas, at="2019-01-01 09:00:00")
    assert purge("2025-01-10") == 0
    assert Report.objects.filter(pk=old_open.pk).exists()


def test_purge_leaves_a_case_alone_until_its_deletion_date(personas, purge):
    report = close(submit(personas))
    assert purge("2025-01-09") == 0
    assert Report.objects.filter(pk=report.pk).exists()
    assert purge("2025-01-10") == 1


def test_purge_leaves_recently_closed_cases_alone(personas, purge):
    recent = close(submit(personas, at="2024-05-01 09:00:00"), at="2024-06-01 10:00:00")
    assert purge("2025-01-10") == 0
    assert Report.objects.filter(pk=recent.pk).exists()


def test_purge_leaves_an_extended_case_alone_until_the_new_date(personas, purge):
    report = close(submit(personas))
    report_extend_retention(
        report=report, key=content_key(report), until=datetime.date(2025, 6, 1), reason=REASON
    )
    assert purge("2025-03-01") == 0
    assert Report.objects.filter(pk=report.pk).exists()
    assert purge("2025-06-01") == 1
    assert not Report.objects.filter(pk=report.pk).exists()


def test_purge_follows_the_retention_setting(personas, purge, settings):
    settings.PORTAL_RETENTION_MONTHS = 6
    report = close(submit(personas))
    assert purge("2023-07-09") == 0
    assert purge("2023-07-10") == 1
    assert not Report.objects.filter(pk=report.pk).exists()


def test_running_the_purge_twice_deletes_nothing_more(personas, full_case, purge):
    kept = close(submit(personas, at="2024-05-01 09:00:00"), at="2024-06-01 10:00:00")
    assert purge("2025-01-10") == 1
    assert purge("2025-01-10") == 0
    assert AuditEvent.objects.filter(action="report_deleted_retention").count() == 1
    assert list(Report.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_beat_task_purges_as_of_today(full_case, django_capture_on_commit_callbacks):
    with freeze_time("2025-01-10 03:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_expired_reports.delay().get() == 1
    assert not Report.objects.filter(pk=full_case.pk).exists()


# --- extending ------------------------------------------------------------------------------


def test_extending_records_the_date_and_reason_in_the_log_and_audit(personas):
    report = close(submit(personas))
    report_extend_retention(
        report=report, key=content_key(report), until=datetime.date(2026, 1, 1), reason=REASON
    )
    report.refresh_from_db()
    assert report.retention_extended_until == datetime.date(2026, 1, 1)
    assert deletion_date(report) == datetime.date(2026, 1, 1)
    entry = CaseLogEntry.objects.get(report=report, action=LogAction.RETENTION_EXTENDED)
    assert (entry.detail, plain(report, entry.reason)) == ("2026-01-01", REASON)
    event = AuditEvent.objects.get(action="report_retention_extended")
    assert REASON not in str(event.__dict__)


def test_an_open_case_cannot_be_extended(personas):
    report = submit(personas)
    with pytest.raises(ValidationError) as error:
        report_extend_retention(
            report=report, key=content_key(report), until=datetime.date(2030, 1, 1), reason=REASON
        )
    assert error.value.code == "open"
    assert not CaseLogEntry.objects.filter(action=LogAction.RETENTION_EXTENDED).exists()


@pytest.mark.parametrize("until", [STANDARD, STANDARD - datetime.timedelta(days=1)])
def test_the_new_date_must_be_after_the_standard_date(personas, until):
    report = close(submit(personas))
    with pytest.raises(ValidationError) as error:
        report_extend_retention(report=report, key=content_key(report), until=until, reason=REASON)
    assert error.value.code == "too_early"
    report.refresh_from_db()
    assert report.retention_extended_until is None


@pytest.mark.parametrize("reason", ["", "   ", "procedure"])
def test_extending_needs_a_reason(personas, reason):
    report = close(submit(personas))
    with pytest.raises(ValidationError) as error:
        report_extend_retention(
            report=report, key=content_key(report), until=datetime.date(2026, 1, 1), reason=reason
        )
    assert error.value.code == "reason"
    assert not CaseLogEntry.objects.filter(action=LogAction.RETENTION_EXTENDED).exists()


# --- the form on the case page --------------------------------------------------------------


@pytest.fixture
def today():
    with freeze_time("2025-03-01 10:00:00"):
        yield


@pytest.fixture
def closed_case(personas, today):
    report = submit(personas, at="2024-09-01 09:00:00")
    return close(report, at="2024-10-15 10:00:00")  # deleted on 15 October 2026


def english(user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post_retention(user, report, until="2027-03-01", reason=REASON):
    url = reverse("vertrouwenspersoon:case-retention", args=[report.pk])
    return english(user).post(url, {"retention-until": until, "retention-reason": reason})


def test_the_case_page_tells_when_a_closed_case_is_deleted(personas, closed_case):
    url = reverse("vertrouwenspersoon:case-detail", args=[closed_case.pk])
    page = english(personas["vertrouwenspersoon"]).get(url).content.decode()
    assert "15-10-2026" in page
    assert 'id="retention-form"' in page


def test_counsellor_extends_the_retention_on_the_case_page(personas, closed_case):
    response = post_retention(personas["vertrouwenspersoon"], closed_case)
    assert response.status_code == 302
    assert response["Location"] == reverse("vertrouwenspersoon:case-detail", args=[closed_case.pk])
    closed_case.refresh_from_db()
    assert closed_case.retention_extended_until == datetime.date(2027, 3, 1)
    assert CaseLogEntry.objects.filter(report=closed_case, action=LogAction.RETENTION_EXTENDED).exists()


def test_a_date_too_early_keeps_the_reason_with_an_error(personas, closed_case):
    response = post_retention(personas["vertrouwenspersoon"], closed_case, until="2026-10-15")
    assert response.status_code == 200
    form = response.context["forms"]["retention"]
    assert "until" in form.errors
    assert REASON in response.content.decode()
    closed_case.refresh_from_db()
    assert closed_case.retention_extended_until is None


def test_a_short_reason_is_refused_and_kept(personas, closed_case):
    response = post_retention(personas["vertrouwenspersoon"], closed_case, reason="lopend")
    assert response.status_code == 200
    assert "reason" in response.context["forms"]["retention"].errors
    assert "lopend" in response.content.decode()
    closed_case.refresh_from_db()
    assert closed_case.retention_extended_until is None


def test_a_missing_date_is_refused_with_the_reason_kept(personas, closed_case):
    response = post_retention(personas["vertrouwenspersoon"], closed_case, until="")
    assert response.status_code == 200
    assert "until" in response.context["forms"]["retention"].errors
    assert REASON in response.content.decode()


def test_an_open_case_cannot_be_extended_on_the_case_page(personas, today):
    report = submit(personas, at="2025-02-01 09:00:00")
    response = post_retention(personas["vertrouwenspersoon"], report)
    assert response.status_code == 200
    assert response.context["forms"]["retention"].non_field_errors()
    report.refresh_from_db()
    assert report.retention_extended_until is None


def test_another_counsellor_gets_404_on_the_retention_form(closed_case, make_user):
    other = make_user("tweede_vp", [Role.COUNSELLOR])
    assert post_retention(other, closed_case).status_code == 404
    closed_case.refresh_from_db()
    assert closed_case.retention_extended_until is None


@pytest.mark.parametrize("persona", ["hr", "medewerker", "bestuurder", "superuser"])
def test_others_get_404_on_the_retention_form(personas, closed_case, persona):
    assert post_retention(personas[persona], closed_case).status_code == 404
    closed_case.refresh_from_db()
    assert closed_case.retention_extended_until is None


def test_anonymous_is_sent_to_log_in_from_the_retention_form(closed_case):
    response = post_retention(None, closed_case)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
