"""The anonymous zone: an anonymous melding sent by a signed-in employee stores nothing
that a signed-out one would not. Every table is compared before and after: no link to
the account, no name, session key, address or browser, coarse times only, the
employee's session untouched, and the counsellor's e-mail sent later, at random."""

import datetime
import os
import re
import time
import uuid

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from apps.accounts.middleware import LAST_ACTIVITY_KEY, STAMP_INTERVAL_SECONDS
from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core import outbox, sealing, vault
from apps.core.models import OutboxMessage
from apps.vertrouwenspersoon import services
from apps.vertrouwenspersoon.models import Report
from tests.keys import hour

pytestmark = pytest.mark.django_db

TEXT = "Zone-Grauwe-Gans: mijn afdelingshoofd vervalst de urenregistratie."
FILE_NAME = "Zone-Grauwe-Gans.txt"
FILE_BYTES = b"Zone-Grauwe-Gans: foto van het urenbriefje."
USER_AGENT = "Zender-Browser/9.87 (Zone-Test; Kwikstaart)"
ADDRESS = "127.0.0.1"
CODE_PATTERN = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")
CREATE = reverse("vertrouwenspersoon:anonymous-create")
MELDING_APP = "vertrouwenspersoon"


@pytest.fixture
def sender(make_user):
    return make_user(
        "zender-zone",
        [Role.EMPLOYEE],
        first_name="Gerritje",
        last_name="Kwastjes",
        email="gk-zone@example.org",
    )


@pytest.fixture
def counsellor(personas):
    return personas["vertrouwenspersoon"]


@pytest.fixture
def signed_in(sender, counsellor, login, django_capture_on_commit_callbacks):
    """The employee's browser: signed in, with a vault (they follow a named melding of their own)."""
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(
            reporter=sender, category="pesten", text="Eerdere melding", counsellor=counsellor, anonymous=False
        )
    client = login(sender)
    assert vault.COOKIE in client.cookies and settings.SESSION_COOKIE_NAME in client.cookies
    # The last click was two minutes ago: any request that saw this session would stamp it anew.
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - 2 * STAMP_INTERVAL_SECONDS
    session.save()
    return client


# --- every table, before and after ------------------------------------------------------------


def value_of(value):
    if isinstance(value, sealing.Sealed):
        return value.token
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def snapshot() -> dict[tuple[str, object], dict[str, object]]:
    """Every row of every table: (model, pk) -> {field: value}."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [field.attname for field in model._meta.concrete_fields]
        pk = model._meta.pk.attname
        for values in model._base_manager.values(*fields):
            rows[(model._meta.label, values[pk])] = {name: value_of(values[name]) for name in fields}
    return rows


def new_or_changed(before, after) -> dict[tuple[str, object], dict[str, object]]:
    return {key: row for key, row in after.items() if before.get(key) != row}


def user_foreign_keys(label: str) -> list[str]:
    model = apps.get_model(label)
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    ]


def as_text(value) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def traces(sender, session_key: str) -> list[str]:
    return [
        sender.username,
        sender.first_name,
        sender.last_name,
        sender.display_name,
        sender.email,
        session_key,
        ADDRESS,
        USER_AGENT,
        "Kwikstaart",  # a fragment of the browser string
    ]


def submit(client: Client, counsellor):
    return client.post(
        CREATE,
        {
            "category": "fraude",
            "text": TEXT,
            "counsellor": counsellor.pk,
            "attachments": [SimpleUploadedFile(FILE_NAME, FILE_BYTES, content_type="text/plain")],
            "submission": uuid.uuid4().hex,
        },
        HTTP_USER_AGENT=USER_AGENT,
        REMOTE_ADDR=ADDRESS,
    )


def shape(rows, sender, counsellor) -> list[tuple]:
    """What the new rows look like, without what differs between any two meldingen
    (keys, tokens, codes): which tables, which fields are set, which user each user
    foreign key holds, and the values of choice and yes/no fields."""
    shaped = []
    for (label, _pk), row in rows.items():
        model = apps.get_model(label)
        user_fields = set(user_foreign_keys(label))
        described = []
        for field in model._meta.concrete_fields:
            value = row[field.attname]
            if field.attname in user_fields:
                kind = {None: None, sender.pk: "the sender", counsellor.pk: "the counsellor"}.get(
                    value, "another"
                )
            elif value is None or isinstance(value, bool) or field.choices:
                kind = value
            elif isinstance(value, datetime.datetime):
                kind = ("datetime", hour(value)) if label.startswith(MELDING_APP) else "datetime"
            else:
                kind = type(value).__name__
            described.append((field.attname, kind))
        shaped.append((label, tuple(described)))
    return sorted(shaped, key=repr)


# --- the proof --------------------------------------------------------------------------------


@pytest.fixture
def sent_signed_in(signed_in, sender, counsellor, django_capture_on_commit_callbacks):
    session_key = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    session_before = Session.objects.values().get(session_key=session_key)
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(signed_in, counsellor)
    assert response.status_code == 200
    assert CODE_PATTERN.search(response.content.decode())
    return {
        "client": signed_in,
        "response": response,
        "session_key": session_key,
        "session_before": session_before,
        "rows": new_or_changed(before, after := snapshot()),
        "deleted": sorted(set(before) - set(after), key=repr),
    }


def test_the_signed_in_submission_stores_an_anonymous_melding(sent_signed_in):
    report = Report.objects.get(is_anonymous=True)
    assert report.reporter_id is None
    assert (Report._meta.label, report.pk) in sent_signed_in["rows"]


def test_no_new_row_points_at_the_senders_account(sent_signed_in, sender):
    pointing = [
        (label, name)
        for (label, _pk), row in sent_signed_in["rows"].items()
        for name in user_foreign_keys(label)
        if row[name] == sender.pk
    ]
    assert pointing == []
    audited = [
        row
        for (label, _pk), row in sent_signed_in["rows"].items()
        if label == "core.AuditEvent" and row["target_type"] == "accounts.user"
    ]
    assert audited == []


def test_no_new_row_holds_a_name_the_session_key_the_address_or_the_browser(sent_signed_in, sender):
    found = [
        (label, name, trace)
        for (label, _pk), row in sent_signed_in["rows"].items()
        for name, value in row.items()
        for trace in traces(sender, sent_signed_in["session_key"])
        if trace in as_text(value)
    ]
    assert found == []


def test_the_session_row_and_the_login_records_are_unchanged(sent_signed_in):
    after = Session.objects.values().get(session_key=sent_signed_in["session_key"])
    assert after == sent_signed_in["session_before"]
    assert sent_signed_in["deleted"] == []
    changed = {label for label, _pk in sent_signed_in["rows"]}
    assert not changed & {Session._meta.label, AccessAttempt._meta.label, AccessLog._meta.label}
    assert not changed & {AccessFailureLog._meta.label}
    assert not {label for label in changed if label.startswith(("axes.", "sessions.", "accounts."))}


def test_every_time_in_the_meldings_rows_is_rounded_to_the_hour(sent_signed_in):
    times = [
        (label, name, value)
        for (label, _pk), row in sent_signed_in["rows"].items()
        if label.startswith(MELDING_APP)
        for name, value in row.items()
        if isinstance(value, datetime.datetime)
    ]
    assert times  # the melding's rows do carry times
    assert [(label, name) for label, name, value in times if not hour(value)] == []
    queued = [row for (label, _pk), row in sent_signed_in["rows"].items() if label == "core.OutboxMessage"]
    assert queued and all(hour(row["created_at"]) for row in queued)


def test_the_response_neither_sets_nor_deletes_the_session_or_vault_cookie(sent_signed_in, sender):
    cookies = sent_signed_in["response"].cookies
    assert settings.SESSION_COOKIE_NAME not in cookies
    assert vault.COOKIE not in cookies
    client = sent_signed_in["client"]
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == sent_signed_in["session_key"]
    response = client.get(reverse("vertrouwenspersoon:report-list"))
    assert response.status_code == 200 and response.wsgi_request.user == sender


def test_the_page_does_not_greet_the_signed_in_sender(sent_signed_in, sender):
    page = sent_signed_in["response"].content.decode()
    assert sender.first_name not in page and sender.last_name not in page


def test_being_signed_in_makes_no_difference_to_what_is_stored(
    sent_signed_in, sender, counsellor, django_capture_on_commit_callbacks
):
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(Client(), counsellor)
    assert response.status_code == 200
    signed_out_rows = new_or_changed(before, snapshot())

    assert shape(sent_signed_in["rows"], sender, counsellor) == shape(signed_out_rows, sender, counsellor)
    assert len(signed_out_rows) == len(sent_signed_in["rows"])


def test_the_counsellor_is_told_only_after_the_random_delay(
    signed_in, counsellor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    assert not OutboxMessage.objects.filter(done_at__isnull=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        submit(signed_in, counsellor)
    assert mail.outbox == []
    [queued] = OutboxMessage.objects.filter(done_at__isnull=True)
    assert queued.task.endswith(".notify_counsellor")
    delay = queued.not_before - timezone.now()
    assert datetime.timedelta(seconds=settings.PORTAL_NOTIFY_DELAY_MIN_SECONDS - 5) <= delay
    assert delay <= datetime.timedelta(seconds=settings.PORTAL_NOTIFY_DELAY_MAX_SECONDS)

    assert outbox.relay() == 0  # not yet
    assert mail.outbox == []
    with freeze_time(queued.not_before + datetime.timedelta(seconds=1)):
        assert outbox.relay() == 1
    assert [message.to for message in mail.outbox] == [[counsellor.email]]
    assert OutboxMessage.objects.get(pk=queued.pk).done_at is not None


def test_the_attachment_file_on_disk_carries_the_hour_only(sent_signed_in):
    report = Report.objects.get(is_anonymous=True)
    attachment = report.attachments.get()
    modified = datetime.datetime.fromtimestamp(os.stat(attachment.file.path).st_mtime, tz=datetime.UTC)
    assert hour(modified)
    assert modified == attachment.created_at


def test_the_login_page_leads_to_the_anonymous_pages_without_logging_in(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{CREATE}"' in page
    assert f'href="{reverse("vertrouwenspersoon:receipt-start")}"' in page
    response = client.get(CREATE)
    assert response.status_code == 200 and "form" in response.context
