"""Minutes of a conversation (Directive 2019/1937 art. 18): the counsellor writes them,
the reporter reads, corrects and approves one version; the approval is logged."""

import datetime
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from apps.accounts.roles import Role
from apps.core import outbox
from apps.vertrouwenspersoon import receipts, services, services_minutes
from apps.vertrouwenspersoon.models import (
    Author,
    CaseLogEntry,
    ConversationRecord,
    ConversationVersion,
    LogAction,
    Status,
)
from tests.conftest import client_for
from tests.keys import content_key, plain

pytestmark = pytest.mark.django_db

TEXT = "Mijn leidinggevende dreigt mij te ontslaan als ik de fraude meld."
MINUTES = "Melder vertelt dat de leidinggevende op 3 februari dreigde met ontslag."
CORRECTED = (
    "Melder vertelt dat de leidinggevende op 4 februari dreigde met ontslag, in bijzijn van een collega."
)
TODAY = datetime.date(2025, 3, 1)
START = reverse("vertrouwenspersoon:receipt-start")
RECEIPT_DETAIL = reverse("vertrouwenspersoon:receipt-detail")


@pytest.fixture(autouse=True)
def frozen_clock():
    with freeze_time("2025-03-01 10:00:00"):
        yield


def english(user=None):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def submit(personas, anonymous=False):
    return services.report_submit(
        reporter=personas["medewerker"],
        category="fraude",
        text=TEXT,
        counsellor=personas["vertrouwenspersoon"],
        anonymous=anonymous,
    )


@pytest.fixture
def report(personas):
    return submit(personas).report


@pytest.fixture
def record(report):
    return services_minutes.minutes_record(
        report=report, key=content_key(report), held_on=datetime.date(2025, 2, 27), text=MINUTES
    )


@pytest.fixture
def reporter(personas):
    return english(personas["medewerker"])


def minutes_url(report, record):
    return reverse("vertrouwenspersoon:report-minutes", args=[report.pk, record.pk])


def detail_url(report):
    return reverse("vertrouwenspersoon:report-detail", args=[report.pk])


def correct(client, url, text=CORRECTED):
    return client.post(url, {"decision": "correct", "text": text})


def approve(client, url, version):
    return client.post(url, {"decision": "approve", "version": str(version)})


def versions(record):
    return list(ConversationVersion.objects.filter(record=record).values_list("number", "author"))


# --- the counsellor records ---------------------------------------------------------------


def post_minutes(personas, report, held_on="2025-02-27", text=MINUTES):
    url = reverse("vertrouwenspersoon:case-minutes", args=[report.pk])
    return english(personas["vertrouwenspersoon"]).post(
        url, {"minutes-held_on": held_on, "minutes-text": text}
    )


def test_counsellor_records_minutes_and_the_reporter_gets_a_mail_without_content(
    personas, report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_minutes(personas, report)
    assert response.status_code == 302
    record = ConversationRecord.objects.get(report=report)
    assert record.held_on == datetime.date(2025, 2, 27)
    assert versions(record) == [(1, Author.COUNSELLOR)]
    [message] = mail.outbox
    assert message.to == [personas["medewerker"].email]
    assert settings.PORTAL_BASE_URL.rstrip("/") + detail_url(report) in message.body
    for secret in (MINUTES, TEXT, "fraude", "Fraud", "27-02-2025", "2025-02-27"):
        assert secret not in message.subject + message.body


def test_the_named_reporter_sees_the_minutes_on_the_report_page(report, record, reporter):
    page = reporter.get(detail_url(report)).content.decode()
    assert MINUTES in page
    assert minutes_url(report, record) in page
    assert "Approve version 1" in page


def test_a_future_conversation_date_is_refused_with_the_text_kept(personas, report):
    response = post_minutes(personas, report, held_on="2025-03-02")
    assert response.status_code == 200
    assert "held_on" in response.context["forms"]["minutes"].errors
    assert MINUTES in response.content.decode()
    assert not ConversationRecord.objects.exists()


def test_empty_minutes_are_refused_on_the_counsellor_form(personas, report):
    response = post_minutes(personas, report, text="   ")
    assert response.status_code == 200
    assert "text" in response.context["forms"]["minutes"].errors
    assert not ConversationRecord.objects.exists()


def test_no_minutes_can_be_added_to_a_closed_case(personas, report):
    services.report_set_status(report=report, status=Status.CLOSED)
    with pytest.raises(ValidationError):
        services_minutes.minutes_record(report=report, key=content_key(report), held_on=TODAY, text=MINUTES)


def test_another_counsellor_gets_404_on_the_counsellor_minutes_form(report, make_user):
    other = make_user("tweede_vp", [Role.COUNSELLOR])
    url = reverse("vertrouwenspersoon:case-minutes", args=[report.pk])
    response = english(other).post(url, {"minutes-held_on": "2025-02-27", "minutes-text": MINUTES})
    assert response.status_code == 404
    assert not ConversationRecord.objects.exists()


# --- the named reporter corrects and approves ---------------------------------------------------


def test_reporter_corrects_and_the_counsellor_is_notified_without_content(
    personas, report, record, reporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = correct(reporter, minutes_url(report, record))
    assert response.status_code == 302 and response["Location"] == detail_url(report)
    assert versions(record) == [(1, Author.COUNSELLOR), (2, Author.REPORTER)]
    assert plain(report, ConversationVersion.objects.get(record=record, number=2).text) == CORRECTED
    assert CaseLogEntry.objects.filter(report=report, action=LogAction.MINUTES_CORRECTED).count() == 1
    [message] = mail.outbox
    assert message.to == [personas["vertrouwenspersoon"].email]
    assert CORRECTED not in message.body and MINUTES not in message.body
    assert CORRECTED in reporter.get(detail_url(report)).content.decode()


def test_reporter_approves_the_latest_version_and_it_is_logged(report, record, reporter):
    correct(reporter, minutes_url(report, record))
    response = approve(reporter, minutes_url(report, record), 2)
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.approved_version, record.is_approved) == (2, True)
    entry = CaseLogEntry.objects.get(report=report, action=LogAction.MINUTES_APPROVED)
    assert entry.detail == "2"


def test_approval_notifies_the_counsellor(
    personas, report, record, reporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(reporter, minutes_url(report, record), 1)
    [message] = mail.outbox
    assert message.to == [personas["vertrouwenspersoon"].email] and MINUTES not in message.body


def test_approving_an_older_version_is_refused_with_a_message(report, record, reporter):
    services_minutes.minutes_revise(
        record=record, key=content_key(report), author=Author.COUNSELLOR, text=CORRECTED
    )
    response = approve(reporter, minutes_url(report, record), 1)
    assert response.status_code == 409
    assert "The minutes have changed since you opened them" in response.content.decode()
    record.refresh_from_db()
    assert not record.is_approved
    assert not CaseLogEntry.objects.filter(action=LogAction.MINUTES_APPROVED).exists()


@pytest.mark.parametrize("version", ["", "twee", "-1"])
def test_approving_without_a_version_number_is_a_bad_request(report, record, reporter, version):
    response = reporter.post(minutes_url(report, record), {"decision": "approve", "version": version})
    assert response.status_code == 400
    record.refresh_from_db()
    assert not record.is_approved


def test_an_unknown_decision_is_a_bad_request(report, record, reporter):
    assert reporter.post(minutes_url(report, record), {"decision": "wissen"}).status_code == 400


def test_after_approval_nothing_can_change(personas, report, record, reporter):
    approve(reporter, minutes_url(report, record), 1)

    response = correct(reporter, minutes_url(report, record))
    assert response.status_code == 409
    assert "can no longer change" in response.content.decode()
    assert approve(reporter, minutes_url(report, record), 1).status_code == 409
    with pytest.raises(ValidationError):
        services_minutes.minutes_revise(
            record=record, key=content_key(report), author=Author.COUNSELLOR, text=CORRECTED
        )

    revise = reverse("vertrouwenspersoon:case-minutes-revise", args=[report.pk])
    response = english(personas["vertrouwenspersoon"]).post(
        revise, {"revise-record": str(record.pk), "revise-text": CORRECTED}
    )
    assert response.status_code == 200 and "record" in response.context["forms"]["revise"].errors
    assert versions(record) == [(1, Author.COUNSELLOR)]
    assert CaseLogEntry.objects.filter(action=LogAction.MINUTES_APPROVED).count() == 1


def test_the_approved_minutes_show_no_buttons_any_more(report, record, reporter):
    approve(reporter, minutes_url(report, record), 1)
    page = reporter.get(detail_url(report)).content.decode()
    assert MINUTES in page and "Approve version" not in page and "Send my correction" not in page


def test_an_empty_correction_is_shown_again_with_an_error(report, record, reporter):
    response = correct(reporter, minutes_url(report, record), text="   ")
    assert response.status_code == 400
    assert response.context["correction"][0] == record.pk
    assert "text" in response.context["correction"][1].errors
    assert versions(record) == [(1, Author.COUNSELLOR)]


def test_a_get_on_the_minutes_action_is_not_allowed(report, record, reporter):
    assert reporter.get(minutes_url(report, record)).status_code == 405


def test_counsellor_answers_a_correction_with_a_new_version(personas, report, record, reporter):
    correct(reporter, minutes_url(report, record))
    revise = reverse("vertrouwenspersoon:case-minutes-revise", args=[report.pk])
    response = english(personas["vertrouwenspersoon"]).post(
        revise, {"revise-record": str(record.pk), "revise-text": MINUTES + " Aangevuld."}
    )
    assert response.status_code == 302
    assert versions(record) == [(1, Author.COUNSELLOR), (2, Author.REPORTER), (3, Author.COUNSELLOR)]
    assert approve(reporter, minutes_url(report, record), 2).status_code == 409
    assert approve(reporter, minutes_url(report, record), 3).status_code == 302


# --- who may not ----------------------------------------------------------------------------


@pytest.fixture
def another_employee(make_user):
    return make_user("collega", [Role.EMPLOYEE])


@pytest.mark.parametrize(
    "persona", ["another_employee", "hr", "andere_vertrouwenspersoon", "vertrouwenspersoon", "bestuurder"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anyone_but_the_reporter_gets_404_on_the_minutes(
    personas, another_employee, report, record, persona, method
):
    user = another_employee if persona == "another_employee" else personas[persona]
    data = {"decision": "approve", "version": "1"} if method == "post" else None
    response = getattr(english(user), method)(minutes_url(report, record), data)
    assert response.status_code == 404
    record.refresh_from_db()
    assert not record.is_approved


def test_anonymous_is_sent_to_log_in_from_the_minutes(report, record):
    response = english().post(minutes_url(report, record), {"decision": "approve", "version": "1"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_minutes_of_another_report_are_not_found_under_this_one(personas, report, reporter):
    other_report = submit(personas).report
    other_record = services_minutes.minutes_record(
        report=other_report, key=content_key(other_report), held_on=TODAY, text=MINUTES
    )
    url = reverse("vertrouwenspersoon:report-minutes", args=[report.pk, other_record.pk])
    assert approve(reporter, url, 1).status_code == 404


# --- the anonymous reporter, with the receipt code ----------------------------------------------


@pytest.fixture
def anonymous_case(personas):
    submitted = submit(personas, anonymous=True)
    record = services_minutes.minutes_record(
        report=submitted.report, key=submitted.key, held_on=datetime.date(2025, 2, 28), text=MINUTES
    )
    relay_after_the_delay()  # the counsellor has been told of the new report
    mail.outbox.clear()
    client = english()
    client.defaults["REMOTE_ADDR"] = "10.0.0.7"
    assert (
        client.post(START, {"code": receipts.display(submitted.receipt_code)})["Location"] == RECEIPT_DETAIL
    )
    return submitted.report, record, client


def relay_after_the_delay():
    """What the relay sends once the random delay of anonymous notifications has passed."""
    with freeze_time(timezone.now() + timedelta(seconds=settings.PORTAL_NOTIFY_DELAY_MAX_SECONDS + 1)):
        outbox.relay()


def receipt_minutes_url(record):
    return reverse("vertrouwenspersoon:receipt-minutes", args=[record.pk])


def test_the_anonymous_reporter_reads_the_minutes(anonymous_case):
    report, record, client = anonymous_case
    page = client.get(RECEIPT_DETAIL).content.decode()
    assert MINUTES in page and receipt_minutes_url(record) in page


def test_recording_minutes_for_an_anonymous_report_mails_nobody(personas, django_capture_on_commit_callbacks):
    report = submit(personas, anonymous=True).report
    with django_capture_on_commit_callbacks(execute=True):
        services_minutes.minutes_record(report=report, key=content_key(report), held_on=TODAY, text=MINUTES)
    assert mail.outbox == []


def test_the_anonymous_reporter_corrects_and_approves(
    personas, anonymous_case, django_capture_on_commit_callbacks
):
    report, record, client = anonymous_case
    with django_capture_on_commit_callbacks(execute=True):
        response = correct(client, receipt_minutes_url(record))
    assert response.status_code == 302 and response["Location"] == f"{RECEIPT_DETAIL}?klaar=corrected"
    assert versions(record) == [(1, Author.COUNSELLOR), (2, Author.REPORTER)]
    assert mail.outbox == []  # about an anonymous report: sent after a random delay, by the relay
    relay_after_the_delay()
    [message] = mail.outbox
    assert message.to == [personas["vertrouwenspersoon"].email] and CORRECTED not in message.body

    assert approve(client, receipt_minutes_url(record), 1).status_code == 409
    response = approve(client, receipt_minutes_url(record), 2)
    assert response["Location"] == f"{RECEIPT_DETAIL}?klaar=approved"
    record.refresh_from_db()
    assert record.approved_version == 2
    assert CaseLogEntry.objects.filter(report=report, action=LogAction.MINUTES_APPROVED).exists()
    assert correct(client, receipt_minutes_url(record)).status_code == 409


def test_the_anonymous_reporter_gets_the_empty_correction_back(anonymous_case):
    _, record, client = anonymous_case
    response = correct(client, receipt_minutes_url(record), text="")
    assert response.status_code == 400
    assert "text" in response.context["correction"][1].errors


def test_without_the_receipt_code_the_minutes_cannot_be_approved(anonymous_case):
    _, record, _ = anonymous_case
    response = approve(english(), receipt_minutes_url(record), 1)
    assert response.status_code == 302 and response["Location"] == START
    record.refresh_from_db()
    assert not record.is_approved


def test_a_receipt_code_reaches_no_minutes_of_another_report(anonymous_case, record):
    _, _, client = anonymous_case
    assert approve(client, receipt_minutes_url(record), 1).status_code == 404
    record.refresh_from_db()
    assert not record.is_approved
