"""Proof that melding content is sealed at rest, in the database and on disk, with the
melding's own key (which the server's key alone does not open), and that
rotate_encryption_keys moves what is still server-encrypted (case-log metadata, summaries
shared with consent, the canary) to a new key."""

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

from apps.core import crypto, sealing
from apps.core.encryption_check import verify_encryption_keys
from apps.core.models import EncryptionCanary
from apps.vertrouwenspersoon import services
from apps.vertrouwenspersoon.models import (
    Attachment,
    Author,
    CaseLogEntry,
    CaseNote,
    LogAction,
    Report,
    ReportMessage,
    SharedSummary,
)
from tests.keys import content_key, plain

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
    submitted = services.report_submit(
        reporter=personas["medewerker"],
        category="pesten",
        text=REPORT_TEXT,
        counsellor=personas["vertrouwenspersoon"],
        anonymous=False,
        files=[upload],
    )
    report, key = submitted.report, submitted.key
    services.message_post(report=report, key=key, author=Author.COUNSELLOR, body=MESSAGE_TEXT)
    services.note_add(report=report, key=key, body=NOTE_TEXT)
    summary = services.summary_propose(report=report, key=key, recipient=personas["hr"], text=SUMMARY_TEXT)
    services.summary_consent(summary=summary, key=key)
    services.confidentiality_break(report=report, key=key, reason=BREACH_TEXT)
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


def sealed_values(report: Report) -> list[sealing.Sealed]:
    """Every sealed value the case fixture stored."""
    report = Report.objects.get(pk=report.pk)
    breach = CaseLogEntry.objects.get(report=report, action=LogAction.CONFIDENTIALITY_BROKEN)
    return [
        report.text,
        ReportMessage.objects.get(report=report).body,
        CaseNote.objects.get(report=report).body,
        SharedSummary.objects.get(report=report).text,
        breach.reason,
        Attachment.objects.get(report=report).filename,
    ]


def assert_content_reads_back(report: Report) -> None:
    """The content opens with the melding's key; the summary shared with consent and the
    log's metadata with the server's key."""
    report = Report.objects.get(pk=report.pk)
    assert plain(report, report.text) == REPORT_TEXT
    assert plain(report, ReportMessage.objects.get(report=report).body) == MESSAGE_TEXT
    assert plain(report, CaseNote.objects.get(report=report).body) == NOTE_TEXT
    summary = SharedSummary.objects.get(report=report)
    assert plain(report, summary.text) == SUMMARY_TEXT
    assert summary.shared_text == SUMMARY_TEXT  # consented: readable for its recipient
    breach = CaseLogEntry.objects.get(report=report, action=LogAction.CONFIDENTIALITY_BROKEN)
    assert plain(report, breach.reason) == BREACH_TEXT
    assert breach.detail == report.counsellor.display_name
    attachment = Attachment.objects.get(report=report)
    assert plain(report, attachment.filename) == FILE_NAME
    with attachment.file.open("rb") as stored:
        assert content_key(report).open_bytes(stored.read()) == FILE_BYTES


# --- at rest ------------------------------------------------------------------------


def test_the_database_dump_holds_no_content_and_no_file_name(case):
    dump = database_dump()
    # the dump does see the rows (SQLite stores a UUID as hex, PostgreSQL with dashes)
    assert (case.pk.hex in dump or str(case.pk) in dump) and "pesten" in dump
    leaked = [secret for secret in SECRETS if secret in dump]
    assert leaked == []
    # Not even a fragment of the content: every marker word is absent.
    assert not any(word in dump for word in ("Olifant", "Giraf", "Zebra", "Pinguin", "Walrus", "Kikker"))


def test_the_file_on_disk_is_sealed_and_not_named_after_the_upload(case, media):
    attachment = case.attachments.get()
    with open(attachment.file.path, "rb") as stored:  # the raw bytes, not through the storage
        raw = stored.read()
    assert FILE_BYTES not in raw and b"Neushoorn" not in raw
    assert not raw.startswith(b"gAAAAA")  # no Fernet token: not the server's key
    assert content_key(case).open_bytes(raw) == FILE_BYTES  # sealed with the melding's key
    names = [path.name for path in files_on_disk(media)]
    assert names and not any("Kikker" in name or name.endswith(".txt") for name in names)


def test_content_reads_back_through_the_models_and_the_storage(case):
    assert_content_reads_back(case)


def test_all_content_is_sealed_with_the_melding_key(case):
    key = content_key(case)
    values = sealed_values(case)
    assert all(isinstance(value, sealing.Sealed) and value.key_id == key.key_id for value in values)


def test_the_server_key_alone_does_not_open_the_content(case):
    """The server holds FIELD_ENCRYPTION_KEYS, but the content is not encrypted with them."""
    for value in sealed_values(case):
        assert str(value) == "[vergrendeld]"  # outside opened(key): never the text
        with pytest.raises(crypto.WrongEncryptionKey):
            crypto.decrypt(value.token.encode("ascii"))
        with pytest.raises(sealing.Locked):
            sealing.ContentKey.new().open(value)  # nor does any other melding's key
    with Attachment.objects.get(report=case).file.open("rb") as stored:
        raw = stored.read()
    with pytest.raises(crypto.WrongEncryptionKey):
        crypto.decrypt(raw)
    with pytest.raises(sealing.Locked):
        sealing.ContentKey.new().open_bytes(raw)


def test_server_encrypted_metadata_cannot_be_read_without_the_server_key(case, use_keys):
    use_keys(NEW_KEY)
    with pytest.raises(crypto.WrongEncryptionKey):
        CaseLogEntry.objects.filter(report=case).first()
    with pytest.raises(crypto.WrongEncryptionKey):
        SharedSummary.objects.get(report=case)
    # The sealed content does not depend on the server key at all.
    report = Report.objects.get(pk=case.pk)
    assert plain(report, report.text) == REPORT_TEXT


# --- key rotation ---------------------------------------------------------------------


def rotate(**options) -> str:
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def encrypted_values() -> int:
    """How many server-encrypted values the case fixture stored. Sealed content (the
    report, messages, notes, minutes, summaries' text, reasons, file names and files) is
    not the server's to rotate: it holds no key for it."""
    return (
        SharedSummary.objects.count()  # the text shared with consent
        + CaseLogEntry.objects.count()  # every entry has an encrypted detail
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
        SharedSummary.objects.get(report=case)
    with pytest.raises(crypto.WrongEncryptionKey):
        verify_encryption_keys()


def test_rotation_counts_per_field_and_covers_the_canary(case, use_keys):
    use_keys(NEW_KEY, OLD_KEY)
    output = rotate()
    assert "vertrouwenspersoon.SharedSummary.shared_text: 1 rotated" in output
    assert f"vertrouwenspersoon.CaseLogEntry.detail: {CaseLogEntry.objects.count()} rotated" in output
    assert "core.EncryptionCanary.token: 1 rotated" in output
    # Sealed content is not the server's to rotate: no line for it.
    for sealed in ("Report.text", "Attachment.filename", "Attachment.file", "CaseLogEntry.reason"):
        assert f"vertrouwenspersoon.{sealed}" not in output


def test_rotation_can_run_again_and_then_changes_nothing(case, use_keys, media):
    use_keys(NEW_KEY, OLD_KEY)
    sealed_before = [value.token for value in sealed_values(case)]
    rotate()
    assert [value.token for value in sealed_values(case)] == sealed_before  # sealed content untouched
    tokens = database_dump()
    files = {path: path.read_bytes() for path in files_on_disk(media)}
    assert f"Done: 0 rotated, {encrypted_values()} already current." in rotate()
    assert database_dump() == tokens
    assert {path: path.read_bytes() for path in files_on_disk(media)} == files


def test_rotation_in_small_batches_reaches_every_row(personas, use_keys):
    for n in range(5):
        submitted = services.report_submit(
            reporter=personas["medewerker"],
            category="fraude",
            text=f"melding {n}",
            counsellor=personas["vertrouwenspersoon"],
            anonymous=False,
        )
        services.report_set_status(report=submitted.report, status="in-behandeling")
    use_keys(NEW_KEY, OLD_KEY)
    # Two log entries per report (submitted, status changed), each with an encrypted detail.
    assert "vertrouwenspersoon.CaseLogEntry.detail: 10 rotated, 0 already current" in rotate(batch_size=2)
    use_keys(NEW_KEY)
    assert sorted(CaseLogEntry.objects.values_list("detail", flat=True)) == [""] * 5 + ["in-behandeling"] * 5
    texts = sorted(plain(report, report.text) for report in Report.objects.all())
    assert texts == [f"melding {n}" for n in range(5)]


def test_content_written_after_the_new_key_is_first_is_already_current(personas, use_keys):
    use_keys(NEW_KEY, OLD_KEY)
    services.report_submit(
        reporter=None,
        category="fraude",
        text="nieuw",
        counsellor=personas["vertrouwenspersoon"],
        anonymous=True,
    )
    assert "vertrouwenspersoon.CaseLogEntry.detail: 0 rotated, 1 already current" in rotate()


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
