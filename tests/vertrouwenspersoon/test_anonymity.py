"""Proof that an anonymous melding leaves no trace of who sent it.

Nothing in the database points at the sender's account, no table holds their name,
no log line, session, cookie or e-mail carries their name, the text or the receipt
code, and the receipt code itself is stored only as a hash.
"""

import contextlib
import logging
import re
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core import outbox, sealing
from apps.core.models import AuditEvent
from apps.vertrouwenspersoon import receipts, services
from apps.vertrouwenspersoon.models import Author, CaseLogEntry, ReadEvent, Report
from tests.keys import content_key

pytestmark = pytest.mark.django_db

TEXT = "Anoniem-Bruine-Otter: mijn manager maakt seksueel getinte opmerkingen."
FILE_NAME = "Bestand-Bruine-Otter.txt"
FILE_BYTES = b"Bijlage-Bruine-Otter: chatbericht van vrijdag."
CODE_PATTERN = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def sender(make_user):
    return make_user(
        "melder-ax", [Role.EMPLOYEE], first_name="Adelheid", last_name="Xanderbeek", email="ax@example.org"
    )


@pytest.fixture
def counsellor(make_user):
    return make_user(
        "vp-hk", [Role.COUNSELLOR], first_name="Hendrika", last_name="Kortlever", email="hk@example.org"
    )


def traces_of(user: User) -> list[str]:
    return [user.username, user.first_name, user.last_name, user.get_full_name(), user.email]


@pytest.fixture
def all_logs(caplog):
    """Capture every log record at DEBUG, SQL with its parameters included, for the block."""

    @contextlib.contextmanager
    def capture():
        loggers = [logging.root] + [
            logger
            for logger in logging.root.manager.loggerDict.values()
            if isinstance(logger, logging.Logger)
        ]
        levels = {logger: logger.level for logger in loggers}
        quiet = [logger for logger in loggers if not logger.propagate]  # django.request, for one
        for logger in loggers:
            logger.setLevel(logging.DEBUG)
        for logger in quiet:
            logger.addHandler(caplog.handler)
        forced = connection.force_debug_cursor
        connection.force_debug_cursor = True
        try:
            with caplog.at_level(logging.DEBUG):
                yield caplog
        finally:
            connection.force_debug_cursor = forced
            for logger in quiet:
                logger.removeHandler(caplog.handler)
            for logger, level in levels.items():
                logger.setLevel(level)

    return capture


def logged_text(caplog) -> str:
    return caplog.text + "\n".join(record.getMessage() for record in caplog.records)


def rows_pointing_at(user: User) -> list[str]:
    """Every foreign key to the user model, in every model, that holds this user."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                count = model._base_manager.filter(**{field.name: user}).count()
                if count:
                    found.append(f"{model._meta.label}.{field.name}: {count}")
    return found


def table_dump(prefixes: tuple[str, ...] | None = None) -> str:
    """Every value of every table (or of the tables starting with a prefix), as text."""
    values: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if prefixes is not None and not table.startswith(prefixes):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                values.extend(
                    str(bytes(v).decode("latin-1") if isinstance(v, memoryview) else v) for v in row
                )
    return "\n".join(values)


def assert_no_trace_of_sender(sender: User) -> None:
    report = Report.objects.get()
    assert report.reporter_id is None and report.is_anonymous
    assert rows_pointing_at(sender) == []
    assert not AuditEvent.objects.filter(target_type="accounts.user", target_id=str(sender.pk)).exists()
    dump = table_dump(("vertrouwenspersoon_", "core_auditevent"))
    assert str(report.pk.hex) in dump or str(report.pk) in dump  # the dump does see the report
    assert [trace for trace in traces_of(sender) if trace in dump] == []
    with sealing.opened(content_key(report)):  # the reason as the counsellor reads it
        for entry in CaseLogEntry.objects.filter(report=report):
            assert not any(trace in f"{entry.detail} {entry.reason}" for trace in traces_of(sender))


def assert_code_only_hashed(code: str) -> None:
    report = Report.objects.get()
    assert report.receipt_code_hash == receipts.code_hash(code) != code
    dump = table_dump()
    assert code not in dump and receipts.display(code) not in dump


# --- through the service ----------------------------------------------------------------


def submit_anonymously(sender, counsellor):
    return services.report_submit(
        reporter=sender,
        category="seksuele-intimidatie",
        text=TEXT,
        counsellor=counsellor,
        anonymous=True,
        files=[SimpleUploadedFile(FILE_NAME, FILE_BYTES, content_type="text/plain")],
    )


def test_the_service_links_an_anonymous_report_to_no_account(sender, counsellor):
    submitted = submit_anonymously(sender, counsellor)
    # The anonymous reporter follows up with the code: a message and a read, still without account.
    services.message_post(
        report=submitted.report, key=submitted.key, author=Author.REPORTER, body="Aanvulling"
    )
    services.read_record(report=submitted.report, reader=sender, role=Author.REPORTER, what="melding")
    assert ReadEvent.objects.get().reader is None
    assert_no_trace_of_sender(sender)
    assert_code_only_hashed(submitted.receipt_code)


def test_the_service_logs_nothing_about_an_anonymous_report(sender, counsellor, all_logs):
    with all_logs() as caplog:
        submitted = submit_anonymously(sender, counsellor)
    logged = logged_text(caplog)
    assert "INSERT" in logged  # the SQL was captured
    for secret in [
        *traces_of(sender),
        TEXT,
        "Otter",
        submitted.receipt_code,
        receipts.display(submitted.receipt_code),
    ]:
        assert secret not in logged


# --- through the page ------------------------------------------------------------------


def post_anonymous_report(client, counsellor):
    return client.post(
        reverse("vertrouwenspersoon:anonymous-create"),
        {
            "category": "seksuele-intimidatie",
            "text": TEXT,
            "counsellor": counsellor.pk,
            "attachments": [SimpleUploadedFile(FILE_NAME, FILE_BYTES, content_type="text/plain")],
            "submission": uuid.uuid4().hex,
        },
    )


@pytest.fixture
def sent(sender, counsellor, login, all_logs, django_capture_on_commit_callbacks):
    """An anonymous report sent through the page, with what the submission left behind."""
    client = login(sender)
    with all_logs() as caplog, django_capture_on_commit_callbacks(execute=True):
        response = post_anonymous_report(client, counsellor)
    assert response.status_code == 200
    [shown] = CODE_PATTERN.findall(response.content.decode())
    return {
        "client": client,
        "response": response,
        "code": receipts.normalise(shown),
        "logged": logged_text(caplog),
    }


def test_the_page_links_an_anonymous_report_to_no_account(sent, sender):
    assert_no_trace_of_sender(sender)


def test_the_page_shows_the_code_once_and_stores_only_its_hash(sent):
    assert "no-store" in sent["response"]["Cache-Control"]
    assert_code_only_hashed(sent["code"])


def test_the_page_logs_neither_sender_nor_text_nor_code(sent, sender):
    logged = sent["logged"]
    assert "INSERT" in logged  # the SQL was captured
    for secret in [*traces_of(sender), TEXT, "Otter", sent["code"], receipts.display(sent["code"])]:
        assert secret not in logged


def test_the_session_and_cookies_hold_nothing_about_the_report(sent):
    report = Report.objects.get()
    client = sent["client"]
    secrets = [str(report.pk), report.pk.hex, sent["code"], receipts.display(sent["code"])]
    session = client.session
    # The idle-logout clock (a time stamp, written at most once a minute) says nothing about the report.
    allowed = {"_auth_user_id", "_auth_user_backend", "_auth_user_hash", "portal_last_activity"}
    assert set(session.keys()) <= allowed
    stored = Session.objects.get(session_key=session.session_key)
    for secret in secrets:
        assert secret not in str(stored.get_decoded()) and secret not in stored.session_data
    assert "messages" not in sent["response"].cookies
    for morsel in sent["response"].cookies.values():
        assert not any(secret in morsel.value for secret in secrets)


def test_the_counsellor_mail_names_nobody_and_holds_no_content(sent, sender, counsellor, settings):
    assert mail.outbox == []  # sent after a random delay, by the relay
    with freeze_time(timezone.now() + timedelta(seconds=settings.PORTAL_NOTIFY_DELAY_MAX_SECONDS + 1)):
        outbox.relay()
    [message] = mail.outbox
    assert message.to == [counsellor.email]
    whole = f"{message.subject}\n{message.body}".lower()
    forbidden = [*traces_of(sender), TEXT, "otter", "seksuele-intimidatie", "intimidatie", sent["code"]]
    assert [secret for secret in forbidden if secret.lower() in whole] == []


def test_a_named_report_through_the_page_does_link_the_reporter(sender, counsellor, login):
    """The counterpart, so the checks above are known to see a link when there is one."""
    response = login(sender).post(
        reverse("vertrouwenspersoon:report-create"),
        {
            "category": "pesten",
            "text": TEXT,
            "counsellor": counsellor.pk,
            "submission": uuid.uuid4().hex,
        },
    )
    assert response.status_code == 200 and response.context["named_report"] is not None
    assert Report.objects.get().reporter == sender
    assert rows_pointing_at(sender) != []
