"""Proof that whoever runs the portal reads no melding (issue 15).

The operator has everything the server has: the database, the media folder, every
setting (FIELD_ENCRYPTION_KEYS, RECEIPT_CODE_PEPPER, SECRET_KEY), the ORM and the
admin. With all of it they read no report text, message, note, minutes or attachment:
not in a dump, and not through a counsellor account of their own making, even one
given every permission and every counsellor link of the app. The real counsellor
and the reporters, with their own secrets, do read them.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core import crypto, sealing
from apps.core.sealing import ContentKey, KdfCost, Locked, Sealed
from apps.vertrouwenspersoon import services, services_minutes
from apps.vertrouwenspersoon.models import Attachment, Author, Report, ReportKey
from tests.conftest import client_for
from tests.keys import english_client, sign_in
from tests.otp import confirmed_device

pytestmark = pytest.mark.django_db

REPORT_TEXT = "Blind-Kraanvogel: mijn teamleider deelt mijn medische gegevens."
REPLY_TEXT = "Blind-Ijsvogel: het gebeurde weer tijdens het werkoverleg."
MESSAGE_TEXT = "Blind-Roerdomp: zullen we dinsdag bellen?"
NOTE_TEXT = "Blind-Boomklever: melder wil geen formele klacht."
MINUTES_TEXT = "Blind-Grutto: gesprek over de gedeelde gegevens, melder wil advies."
SUMMARY_TEXT = "Blind-Wulp: vertrouwelijkheid medische gegevens geschonden."
BREACH_TEXT = "Blind-Kievit: acuut gevaar, de melder wordt bedreigd."
FILE_NAME = "Blind-Tureluur-bewijs.txt"
FILE_BYTES = b"Blind-Scholekster: schermafdruk van de groepsapp."
ANON_TEXT = "Blind-Lepelaar: er wordt geld verduisterd op de afdeling inkoop."
ANON_MESSAGE = "Blind-Aalscholver: kunt u meer vertellen over de bedragen?"
ANON_FILE_NAME = "Blind-Zilverreiger-facturen.txt"
ANON_FILE_BYTES = b"Blind-Bergeend: factuurnummers 1 tot 9."

NAMED_CONTENT = [REPORT_TEXT, REPLY_TEXT, MESSAGE_TEXT, NOTE_TEXT, MINUTES_TEXT, SUMMARY_TEXT, BREACH_TEXT]
ANON_CONTENT = [ANON_TEXT, ANON_MESSAGE]
ALL_CONTENT = [
    *NAMED_CONTENT,
    *ANON_CONTENT,
    FILE_NAME,
    ANON_FILE_NAME,
    FILE_BYTES.decode(),
    ANON_FILE_BYTES.decode(),
]
# Each piece of content carries a bird no other text in the portal names.
MARKERS = [re.search(r"Blind-(\w+)", text).group(1) for text in ALL_CONTENT]
FERNET_PREFIX = "gAAAAA"
PUPPET_PASSWORD = "marionet-wachtwoord-42"


# --- signing in through the real pages ----------------------------------------------------


def page(response) -> str:
    return response.content.decode()


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def leaked(text: str) -> list[str]:
    return [marker for marker in MARKERS if marker in text]


# --- the case -----------------------------------------------------------------------------


@pytest.fixture
def counsellor(personas):
    user = personas["vertrouwenspersoon"]
    confirmed_device(user)  # the role requires two-factor login: the counsellor has an app
    return user


@pytest.fixture
def reporter(make_user):
    return make_user(
        "melder-blind", [Role.EMPLOYEE], first_name="Hendrika", last_name="Zwanenburg", email="hz@example.org"
    )


def reporter_traces(reporter) -> list[str]:
    return [reporter.first_name, reporter.last_name, reporter.display_name, reporter.email]


@pytest.fixture
def case(counsellor, reporter, personas):
    """A named melding with every kind of content, and an anonymous one with a file."""
    named = services.report_submit(
        reporter=reporter,
        category="pesten",
        text=REPORT_TEXT,
        counsellor=counsellor,
        anonymous=False,
        files=[SimpleUploadedFile(FILE_NAME, FILE_BYTES, content_type="text/plain")],
    )
    key = named.key
    services.message_post(report=named.report, key=key, author=Author.COUNSELLOR, body=MESSAGE_TEXT)
    services.message_post(report=named.report, key=key, author=Author.REPORTER, body=REPLY_TEXT)
    services.note_add(report=named.report, key=key, body=NOTE_TEXT)
    services_minutes.minutes_record(
        report=named.report, key=key, held_on=timezone.localdate(), text=MINUTES_TEXT
    )
    services.summary_propose(report=named.report, key=key, recipient=personas["hr"], text=SUMMARY_TEXT)
    services.confidentiality_break(report=named.report, key=key, reason=BREACH_TEXT)
    anonymous = services.report_submit(
        reporter=None,
        category="fraude",
        text=ANON_TEXT,
        counsellor=counsellor,
        anonymous=True,
        files=[SimpleUploadedFile(ANON_FILE_NAME, ANON_FILE_BYTES, content_type="text/plain")],
    )
    services.message_post(
        report=anonymous.report, key=anonymous.key, author=Author.COUNSELLOR, body=ANON_MESSAGE
    )
    return {"named": named, "anonymous": anonymous}


def case_url(report) -> str:
    return reverse("vertrouwenspersoon:case-detail", args=[report.pk])


def attachment_of(report) -> Attachment:
    return Attachment.objects.get(report=report)


def case_download_url(report) -> str:
    return reverse("vertrouwenspersoon:case-attachment", args=[report.pk, attachment_of(report).pk])


# --- what the operator can take: every row, every file, every setting ------------------------


def raw(value) -> str:
    if isinstance(value, Sealed):
        return value.token
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("latin-1")
    return str(value)


def every_value() -> list[str]:
    """Every field of every row of every model through the ORM (with the field's own
    decoding, as `.values_list` gives it), and every column of every table in raw SQL."""
    values: list[str] = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [field.attname for field in model._meta.concrete_fields]
        for row in model._base_manager.values_list(*names):
            values.extend(raw(value) for value in row)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                values.extend(raw(value) for value in row)
    for session in Session.objects.all():  # what SECRET_KEY opens in the session table
        values.append(repr(session.get_decoded()))
    return values


def every_file() -> list[bytes]:
    return [path.read_bytes() for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def server_decrypted(values: list[str], files: list[bytes]) -> list[bytes]:
    """Whatever the server's Fernet keys open among the values and files."""
    opened = []
    candidates = [value.encode("latin-1", "ignore") for value in values] + files
    for candidate in candidates:
        for token in re.findall(rb"gAAAAA[A-Za-z0-9_\-=]+", candidate):
            try:
                opened.append(crypto.decrypt(token))
            except crypto.WrongEncryptionKey:
                continue
    return opened


def sealed_tokens(values: list[str]) -> list[Sealed]:
    return [Sealed(value) for value in values if value.startswith(sealing.TOKEN_PREFIX)]


def assert_the_operator_reads_nothing() -> None:
    values = every_value()
    files = every_file()
    dump = "\n".join(values)
    assert any(value.startswith(sealing.TOKEN_PREFIX) for value in values)  # the dump sees sealed rows
    assert len(files) == 2  # and both attachments
    assert leaked(dump) == []
    assert [marker for marker in MARKERS for data in files if marker.encode() in data] == []

    decrypted = server_decrypted(values, files)
    assert decrypted, "the dump holds server-encrypted values, which the operator opens"
    assert leaked("\n".join(value.decode("latin-1") for value in decrypted)) == []
    # Anything the server's keys open that could be a content key opens no sealed value.
    tokens = sealed_tokens(values)
    for candidate in [value for value in decrypted if len(value) == sealing.KEY_BYTES]:
        key = ContentKey(candidate)
        for token in tokens:
            with pytest.raises(Locked):
                key.open(token)
        for data in files:
            with pytest.raises(Locked):
                key.open_bytes(data)
    assert not ReportKey.objects.filter(
        holder__in=[ReportKey.Holder.SERVER, ReportKey.Holder.ESCROW]
    ).exists()
    # The pepper, the code's hash or the secret key in place of the receipt code opens no envelope.
    for envelope in ReportKey.objects.filter(holder=ReportKey.Holder.REPORTER).select_related("report"):
        cost = KdfCost(envelope.opslimit, envelope.memlimit)
        guesses = [
            "",
            envelope.report.receipt_code_hash or "",
            settings.SECRET_KEY,
            settings.RECEIPT_CODE_PEPPER,
        ]
        for guess in guesses:
            wrapping = sealing.derive(guess, bytes(envelope.salt), cost, pepper=settings.RECEIPT_CODE_PEPPER)
            with pytest.raises(Locked):
                sealing.unwrap(wrapping, bytes(envelope.envelope))


# --- the puppet counsellor ----------------------------------------------------------------


def puppet_made_in_the_admin(admin: Client, department) -> User:
    """The operator makes an account and gives it the Counsellor role, in the admin."""
    response = admin.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "marionet",
            "password1": PUPPET_PASSWORD,
            "password2": PUPPET_PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, page(response)
    puppet = User.objects.get(username="marionet")
    response = admin.post(
        reverse("admin:accounts_user_change", args=[puppet.pk]),
        {
            "username": "marionet",
            "first_name": "Mario",
            "last_name": "Net",
            "email": "marionet@example.org",
            "department": department.pk,
            "is_active": "on",
            "groups": [Group.objects.get(name=Role.COUNSELLOR).pk],
            "_save": "Save",
        },
    )
    assert response.status_code == 302, page(response)
    puppet.refresh_from_db()
    assert puppet.has_role(Role.COUNSELLOR)
    return puppet


def reassign_in_the_admin(admin: Client, report, to: User) -> None:
    response = admin.post(
        reverse("admin:vertrouwenspersoon_report_change", args=[report.pk]),
        {"counsellor": to.pk, "_save": "Save"},
    )
    assert response.status_code == 302, page(response)
    assert Report.objects.get(pk=report.pk).counsellor_id == to.pk


def every_permission_of_the_app_to(user: User) -> None:
    """guardian's assign_perm for every permission of every model of the app, on every object."""
    for model in apps.get_app_config("vertrouwenspersoon").get_models():
        permissions = Permission.objects.filter(
            content_type__app_label="vertrouwenspersoon", content_type__model=model._meta.model_name
        )
        for permission in permissions:
            codename = f"vertrouwenspersoon.{permission.codename}"
            assign_perm(codename, user)  # model-wide too
            for obj in model._base_manager.all():
                assign_perm(codename, user, obj)


def every_counsellor_link_of_the_app_to(user: User, real: User) -> None:
    """Every foreign key to a counsellor in the app's tables now points at `user`."""
    for model in apps.get_app_config("vertrouwenspersoon").get_models():
        for field in model._meta.concrete_fields:
            if not (field.is_relation and field.related_model is User and "counsellor" in field.name):
                continue
            rows = model._base_manager.filter(**{f"{field.name}__isnull": False})
            if field.unique:  # one row per counsellor (the key pair): take over the real one's
                model._base_manager.filter(**{field.name: user}).delete()
                rows = rows.filter(**{field.name: real})
            rows.update(**{field.name: user})


def assert_shows_no_content(response, reporter=None) -> None:
    text = page(response)
    assert leaked(text) == []
    if reporter is not None:
        assert [trace for trace in reporter_traces(reporter) if trace in text] == []


# --- the proof ----------------------------------------------------------------------------


def test_a_dump_of_every_row_and_file_with_every_setting_reads_no_content(case, counsellor, reporter):
    # Sessions in the table, as in production: the counsellor and the reporter are signed in.
    assert REPORT_TEXT in page(sign_in(counsellor).get(case_url(case["named"].report)))
    reader = sign_in(reporter)
    reader.post(
        reverse("vertrouwenspersoon:report-unlock", args=[case["named"].report.pk]),
        {"code": case["named"].receipt_code},
    )
    assert Session.objects.count() >= 2
    assert_the_operator_reads_nothing()


def test_an_operator_with_everything_reads_nothing_while_counsellor_and_reporters_do(
    case, counsellor, reporter, personas, department, django_capture_on_commit_callbacks
):
    named, anonymous = case["named"].report, case["anonymous"].report

    # (c) The real counsellor, through the login page: password and code.
    real = sign_in(counsellor)
    text = page(real.get(case_url(named)))
    for content in [*NAMED_CONTENT, FILE_NAME, reporter.display_name]:
        assert content in text
    assert downloaded(real.get(case_download_url(named))) == FILE_BYTES
    text = page(real.get(case_url(anonymous)))
    assert ANON_TEXT in text and ANON_MESSAGE in text and ANON_FILE_NAME in text
    assert downloaded(real.get(case_download_url(anonymous))) == ANON_FILE_BYTES

    # (d) The named reporter with their receipt code, the anonymous one on receipt-start.
    named_reporter = sign_in(reporter)
    detail = reverse("vertrouwenspersoon:report-detail", args=[named.pk])
    unlock = reverse("vertrouwenspersoon:report-unlock", args=[named.pk])
    assert named_reporter.get(detail)["Location"] == unlock
    named_reporter.post(unlock, {"code": case["named"].receipt_code})
    text = page(named_reporter.get(detail))
    for content in [REPORT_TEXT, MESSAGE_TEXT, REPLY_TEXT, MINUTES_TEXT, FILE_NAME]:
        assert content in text
    assert NOTE_TEXT not in text  # the counsellor's notes stay private
    download = reverse("vertrouwenspersoon:report-attachment", args=[named.pk, attachment_of(named).pk])
    assert downloaded(named_reporter.get(download)) == FILE_BYTES

    anonymous_reporter = english_client()
    response = anonymous_reporter.post(
        reverse("vertrouwenspersoon:receipt-start"), {"code": case["anonymous"].receipt_code}
    )
    assert response["Location"] == reverse("vertrouwenspersoon:receipt-detail")
    text = page(anonymous_reporter.get(reverse("vertrouwenspersoon:receipt-detail")))
    assert ANON_TEXT in text and ANON_MESSAGE in text and ANON_FILE_NAME in text
    download = reverse("vertrouwenspersoon:receipt-attachment", args=[attachment_of(anonymous).pk])
    assert downloaded(anonymous_reporter.get(download)) == ANON_FILE_BYTES

    # (b) The operator makes a puppet counsellor in the admin ...
    admin = client_for(personas["superuser"])
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        puppet = puppet_made_in_the_admin(admin, department)
    confirmed_device(puppet)  # with the database, the operator links an app of their own
    # ... which logs in through the login page, password and code, and makes its key.
    puppet_browser = sign_in(puppet, PUPPET_PASSWORD)
    made = puppet_browser.post(reverse("vertrouwenspersoon:key"), {"password": PUPPET_PASSWORD})
    assert "Your recovery key" in page(made)
    # The admin moves both cases to the puppet, in the real change page.
    with django_capture_on_commit_callbacks(execute=True):
        reassign_in_the_admin(admin, named, puppet)
        reassign_in_the_admin(admin, anonymous, puppet)

    for report in (named, anonymous):
        response = puppet_browser.get(case_url(report))
        assert response.status_code == 200
        assert "Content locked" in page(response)
        assert_shows_no_content(response, reporter)
        download = puppet_browser.get(case_download_url(report))
        assert download.status_code == 409
        assert_shows_no_content(download, reporter)

    # Every object permission of the app, and every counsellor link, to the puppet.
    every_permission_of_the_app_to(puppet)
    every_counsellor_link_of_the_app_to(puppet, counsellor)
    assert ReportKey.objects.filter(holder=ReportKey.Holder.COUNSELLOR, counsellor=puppet).count() == 2
    pages = [
        reverse("vertrouwenspersoon:case-list"),
        reverse("vertrouwenspersoon:summary-list"),
        reverse("vertrouwenspersoon:report-list"),
        reverse("vertrouwenspersoon:key"),
    ]
    for report in (named, anonymous):
        pages += [case_url(report), case_download_url(report)]
    pages += [
        reverse("vertrouwenspersoon:report-detail", args=[named.pk]),
        reverse("vertrouwenspersoon:report-attachment", args=[named.pk, attachment_of(named).pk]),
    ]
    for url in pages:
        response = puppet_browser.get(url, follow=True)
        assert_shows_no_content(response, reporter)
        if url == case_url(named):
            assert "Content locked" in page(response)
    posted = puppet_browser.post(
        reverse("vertrouwenspersoon:case-message", args=[named.pk]), {"message-body": "Hallo?"}
    )
    assert posted.status_code == 409
    assert_shows_no_content(posted, reporter)
    # Nor does the admin's own change page show anything.
    admin_page = admin.get(reverse("admin:vertrouwenspersoon_report_change", args=[named.pk]))
    assert_shows_no_content(admin_page, reporter)

    # (a) And with all of that done, the dump and the files still hold no content.
    assert_the_operator_reads_nothing()
