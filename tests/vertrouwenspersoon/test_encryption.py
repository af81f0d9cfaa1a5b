"""Proof that melding content is encrypted at rest, in the database and on disk,
and that rotate_encryption_keys moves all of it to a new key."""

import contextlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from apps.core import crypto
from apps.core.encryption_check import verify_encryption_keys
from apps.core.models import EncryptionCanary
from apps.vertrouwenspersoon import services
from apps.vertrouwenspersoon.models import (
    Attachment,
    Author,
    CaseLogEntry,
    CaseNote,
    ConversationVersion,
    LogAction,
    Report,
    ReportMessage,
    SharedSummary,
    attachment_storage,
)

pytestmark = pytest.mark.django_db

REPORT_TEXT = "Melding-Kwetsbaar-Olifant: mijn chef kleineert mij dagelijks."
MESSAGE_TEXT = "Bericht-Paarse-Giraf: kunnen we donderdag praten?"
NOTE_TEXT = "Notitie-Groene-Zebra: melder klinkt gespannen."
SUMMARY_TEXT = "Samenvatting-Gele-Pinguin: conflict tussen chef en medewerker."
BREACH_TEXT = "Geheimhouding-Rode-Walrus: acuut gevaar voor een collega."
FILE_NAME = "Bijlagenaam-Blauwe-Kikker.txt"
FILE_BYTES = b"Bestandsinhoud-Oranje-Neushoorn: schermafdruk van het bericht."
SECRETS = [REPORT_TEXT, MESSAGE_TEXT, NOTE_TEXT, SUMMARY_TEXT, BREACH_TEXT, FILE_NAME, FILE_BYTES.decode()]

OLD_KEY = settings.FIELD_ENCRYPTION_KEYS[0]
NEW_KEY = crypto.generate_key()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def use_keys():
    """use_keys(NEW_KEY, OLD_KEY) configures FIELD_ENCRYPTION_KEYS for the rest of the test."""
    with contextlib.ExitStack() as stack:

        def use(*keys: str) -> None:
            stack.enter_context(override_settings(FIELD_ENCRYPTION_KEYS=list(keys)))
            crypto.reset_keys()

        yield use
    crypto.reset_keys()


@pytest.fixture
def case(personas):
    """A named report with every kind of confidential content."""
    upload = SimpleUploadedFile(FILE_NAME, FILE_BYTES, content_type="text/plain")
    report = services.report_submit(
        reporter=personas["medewerker"],
        category="pesten",
        text=REPORT_TEXT,
        counsellor=personas["vertrouwenspersoon"],
        anonymous=False,
        files=[upload],
    ).report
    services.message_post(report=report, author=Author.COUNSELLOR, body=MESSAGE_TEXT)
    services.note_add(report=report, body=NOTE_TEXT)
    summary = services.summary_propose(report=report, recipient=personas["hr"], text=SUMMARY_TEXT)
    services.summary_consent(summary=summary)
    services.confidentiality_break(report=report, reason=BREACH_TEXT)
    verify_encryption_keys()  # stores the canary
    return report


def database_dump() -> str:
    """Every value of every table, as text: what a leaked backup would show."""
    values: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("latin-1")
                    values.append(str(value))
    return "\n".join(values)


def files_on_disk(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def assert_content_reads_back(report: Report) -> None:
    report = Report.objects.get(pk=report.pk)
    assert report.text == REPORT_TEXT
    assert ReportMessage.objects.get(report=report).body == MESSAGE_TEXT
    assert CaseNote.objects.get(report=report).body == NOTE_TEXT
    assert SharedSummary.objects.get(report=report).text == SUMMARY_TEXT
    assert (
        CaseLogEntry.objects.get(report=report, action=LogAction.CONFIDENTIALITY_BROKEN).reason == BREACH_TEXT
    )
    attachment = Attachment.objects.get(report=report)
    assert attachment.filename == FILE_NAME
    with attachment.file.open("rb") as stored:
        assert stored.read() == FILE_BYTES


# --- at rest ------------------------------------------------------------------------


def test_the_database_dump_holds_no_content_and_no_file_name(case):
    dump = database_dump()
    # the dump does see the rows (SQLite stores a UUID as hex, PostgreSQL with dashes)
    assert (case.pk.hex in dump or str(case.pk) in dump) and "pesten" in dump
    leaked = [secret for secret in SECRETS if secret in dump]
    assert leaked == []
    # Not even a fragment of the content: every marker word is absent.
    assert not any(word in dump for word in ("Olifant", "Giraf", "Zebra", "Pinguin", "Walrus", "Kikker"))


def test_the_file_on_disk_is_encrypted_and_not_named_after_the_upload(case, media):
    attachment = case.attachments.get()
    with open(attachment.file.path, "rb") as stored:  # the raw bytes, not through the storage
        raw = stored.read()
    assert FILE_BYTES not in raw and b"Neushoorn" not in raw
    assert raw.startswith(b"gAAAAA")  # a Fernet token
    names = [path.name for path in files_on_disk(media)]
    assert names and not any("Kikker" in name or name.endswith(".txt") for name in names)


def test_content_reads_back_through_the_models_and_the_storage(case):
    assert_content_reads_back(case)


def test_content_cannot_be_read_without_the_key(case, use_keys):
    use_keys(NEW_KEY)
    with pytest.raises(crypto.WrongEncryptionKey):
        Report.objects.get(pk=case.pk)
    stored_name = Attachment.objects.values_list("file", flat=True).get()  # a random name, not secret
    with pytest.raises(crypto.WrongEncryptionKey):
        attachment_storage.open(stored_name)


# --- key rotation ---------------------------------------------------------------------


def rotate(**options) -> str:
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def encrypted_values() -> int:
    """How many encrypted values the case fixture stored: fields, the file and the canary."""
    return (
        2 * Report.objects.count()  # the text and the reason to keep it longer
        + ReportMessage.objects.count()
        + ConversationVersion.objects.count()
        + CaseNote.objects.count()
        + SharedSummary.objects.count()
        + 2 * CaseLogEntry.objects.count()  # every entry has an encrypted detail and reason
        + 2 * Attachment.objects.count()  # the file name and the file
        + EncryptionCanary.objects.count()
    )


def test_after_rotation_only_the_new_key_is_needed(case, use_keys):
    use_keys(NEW_KEY, OLD_KEY)
    assert f"Done: {encrypted_values()} rotated, 0 already current." in rotate()
    use_keys(NEW_KEY)  # the old key is gone
    assert_content_reads_back(case)
    verify_encryption_keys()
    use_keys(OLD_KEY)
    with pytest.raises(crypto.WrongEncryptionKey):
        Report.objects.get(pk=case.pk)
    with pytest.raises(crypto.WrongEncryptionKey):
        verify_encryption_keys()


def test_rotation_counts_per_field_and_covers_the_canary(case, use_keys):
    use_keys(NEW_KEY, OLD_KEY)
    output = rotate()
    assert "vertrouwenspersoon.Report.text: 1 rotated" in output
    assert "vertrouwenspersoon.Attachment.filename: 1 rotated" in output
    assert "vertrouwenspersoon.Attachment.file (files): 1 rotated" in output
    assert "vertrouwenspersoon.CaseLogEntry.reason: " in output
    assert "core.EncryptionCanary.token: 1 rotated" in output


def test_rotation_can_run_again_and_then_changes_nothing(case, use_keys, media):
    use_keys(NEW_KEY, OLD_KEY)
    rotate()
    tokens = database_dump()
    files = {path: path.read_bytes() for path in files_on_disk(media)}
    assert f"Done: 0 rotated, {encrypted_values()} already current." in rotate()
    assert database_dump() == tokens
    assert {path: path.read_bytes() for path in files_on_disk(media)} == files


def test_rotation_in_small_batches_reaches_every_row(personas, use_keys):
    for n in range(5):
        services.report_submit(
            reporter=personas["medewerker"],
            category="fraude",
            text=f"melding {n}",
            counsellor=personas["vertrouwenspersoon"],
            anonymous=False,
        )
    use_keys(NEW_KEY, OLD_KEY)
    assert "vertrouwenspersoon.Report.text: 5 rotated, 0 already current" in rotate(batch_size=2)
    use_keys(NEW_KEY)
    assert sorted(Report.objects.values_list("text", flat=True)) == [f"melding {n}" for n in range(5)]


def test_content_written_after_the_new_key_is_first_is_already_current(personas, use_keys):
    use_keys(NEW_KEY, OLD_KEY)
    services.report_submit(
        reporter=personas["medewerker"],
        category="fraude",
        text="nieuw",
        counsellor=personas["vertrouwenspersoon"],
        anonymous=True,
    )
    assert "vertrouwenspersoon.Report.text: 0 rotated, 1 already current" in rotate()


def test_rotation_stops_when_the_old_key_is_missing(case, use_keys):
    use_keys(NEW_KEY)
    with pytest.raises(CommandError, match="old key"):
        rotate()
    use_keys(OLD_KEY)
    assert_content_reads_back(case)


def test_rotation_leaves_no_temporary_files(case, use_keys, media):
    """Files are replaced through a temporary file, so an interrupted run loses nothing."""
    before = {path.name for path in files_on_disk(media)}
    use_keys(NEW_KEY, OLD_KEY)
    rotate()
    assert {path.name for path in files_on_disk(media)} == before


def test_the_command_help_documents_the_procedure():
    from apps.vertrouwenspersoon.management.commands.rotate_encryption_keys import Command

    text = " ".join(Command().create_parser("manage.py", "rotate_encryption_keys").format_help().split())
    assert "Put the new key FIRST in FIELD_ENCRYPTION_KEYS and keep the old key after it" in text
    assert "Run this command" in text
    assert "Remove the old key from FIELD_ENCRYPTION_KEYS" in text
