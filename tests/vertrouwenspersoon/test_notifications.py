"""E-mails about meldingen carry a link and nothing else; anonymous reporters get none."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from apps.accounts.roles import Role
from apps.core import outbox
from apps.vertrouwenspersoon import services
from apps.vertrouwenspersoon.models import Author, Category

pytestmark = pytest.mark.django_db

TEXT = "Inhoud-Stille-Reiger: de afdelingschef pest mij."
MESSAGE = "Bericht-Stille-Reiger: ik wil graag praten."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.PORTAL_BASE_URL = "https://portaal.example.org"


@pytest.fixture
def reporter(make_user):
    return make_user(
        "melder-rg", [Role.EMPLOYEE], first_name="Reinier", last_name="Gansbeek", email="rg@example.org"
    )


@pytest.fixture
def counsellor(make_user):
    # Not the "vertrouwenspersoon" persona: that username is also a word in every link.
    return make_user(
        "vp-hk", [Role.COUNSELLOR], first_name="Hendrika", last_name="Kortlever", email="hk@example.org"
    )


def submit(counsellor, reporter, anonymous=False):
    return services.report_submit(
        reporter=reporter,
        category=Category.SEXUAL_HARASSMENT,
        text=TEXT,
        counsellor=counsellor,
        anonymous=anonymous,
    )


def assert_link_only(message, reporter, counsellor) -> None:
    whole = f"{message.subject}\n{message.body}".lower()
    for secret in (
        TEXT,
        MESSAGE,
        "Reiger",
        Category.SEXUAL_HARASSMENT.value,
        str(Category.SEXUAL_HARASSMENT.label),
    ):
        assert secret.lower() not in whole
    for person in (reporter, counsellor):
        for trace in (person.username, person.first_name, person.last_name, person.email):
            assert trace.lower() not in whole
    assert "intimidatie" not in whole and "harassment" not in whole
    assert message.alternatives == [] and message.attachments == []


def relay_after_the_delay() -> None:
    """Notifications about anonymous reports wait a random delay; then the relay sends them."""
    with freeze_time(timezone.now() + timedelta(seconds=settings.PORTAL_NOTIFY_DELAY_MAX_SECONDS + 1)):
        outbox.relay()


def case_link(report) -> str:
    return "https://portaal.example.org" + reverse("vertrouwenspersoon:case-detail", args=[report.pk])


@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
def test_a_new_report_mails_the_counsellor_a_link_only(
    counsellor, reporter, anonymous, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(counsellor, reporter, anonymous=anonymous)
    if anonymous:
        assert mail.outbox == []  # not on commit: the mail's time would tell when it was sent
        assert outbox.relay() == 0 and mail.outbox == []  # nor by the relay before the delay
        relay_after_the_delay()
    [message] = mail.outbox
    assert message.to == [counsellor.email]
    assert case_link(submitted.report) in message.body
    assert_link_only(message, reporter, counsellor)
    if submitted.receipt_code:
        assert submitted.receipt_code not in message.body


def test_a_reporter_message_mails_the_counsellor_a_link_only(
    counsellor, reporter, django_capture_on_commit_callbacks
):
    submitted = submit(counsellor, reporter)
    report = submitted.report
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(report=report, key=submitted.key, author=Author.REPORTER, body=MESSAGE)
    [message] = mail.outbox
    assert message.to == [counsellor.email]
    assert case_link(report) in message.body
    assert_link_only(message, reporter, counsellor)


def test_a_counsellor_message_mails_a_named_reporter_a_link_only(
    counsellor, reporter, django_capture_on_commit_callbacks
):
    submitted = submit(counsellor, reporter)
    report = submitted.report
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(report=report, key=submitted.key, author=Author.COUNSELLOR, body=MESSAGE)
    [message] = mail.outbox
    assert message.to == [reporter.email]
    link = "https://portaal.example.org" + reverse("vertrouwenspersoon:report-detail", args=[report.pk])
    assert link in message.body
    assert_link_only(message, reporter, counsellor)


def test_an_anonymous_reporter_gets_no_mail(counsellor, reporter, django_capture_on_commit_callbacks):
    submitted = submit(counsellor, reporter, anonymous=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(
            report=submitted.report, key=submitted.key, author=Author.COUNSELLOR, body=MESSAGE
        )
    assert mail.outbox == []


def test_a_transferred_case_mails_the_new_counsellor_a_link_only(
    counsellor, reporter, make_user, django_capture_on_commit_callbacks
):
    new = make_user("nieuwe-vp", [Role.COUNSELLOR])
    submitted = submit(counsellor, reporter, anonymous=True)
    report = submitted.report
    relay_after_the_delay()  # the first counsellor has been told of the new report
    mail.outbox.clear()
    proposal = services.transfer_propose(report=report, to_counsellor=new)
    with django_capture_on_commit_callbacks(execute=True):
        services.transfer_decide(proposal=proposal, accept=True, key=submitted.key)
    assert mail.outbox == []  # an anonymous report's: after the delay
    relay_after_the_delay()
    [message] = mail.outbox
    assert message.to == [new.email]
    assert case_link(report) in message.body
    assert_link_only(message, reporter, counsellor)


def test_a_reassigned_case_tells_the_named_reporter_it_moved_and_nothing_else(
    counsellor, reporter, make_user, django_capture_on_commit_callbacks
):
    new = make_user("opvolger-vp", [Role.COUNSELLOR])
    report = submit(counsellor, reporter).report
    with django_capture_on_commit_callbacks(execute=True):
        services.report_reassign(actor=None, report=report, to_counsellor=new)
    [to_reporter] = [message for message in mail.outbox if message.to == [reporter.email]]
    assert "overgedragen" in to_reporter.body and "bericht" not in to_reporter.subject.lower()
    assert_link_only(to_reporter, reporter, counsellor)


def test_a_counsellor_without_an_address_gets_no_mail(
    counsellor, reporter, django_capture_on_commit_callbacks
):
    counsellor.email = ""
    counsellor.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(counsellor, reporter)
    assert mail.outbox == []


def test_nothing_is_mailed_before_the_transaction_commits(
    counsellor, reporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(counsellor, reporter)
    assert mail.outbox == [] and len(callbacks) == 1
