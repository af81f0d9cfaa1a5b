"""Meldingen sealed with the server's key are re-sealed with a content key of their own.

Each gets a new random content key; every piece of content (text, messages, notes,
minutes, reasons, summaries, attachments and their names) is decrypted with the server's
Fernet keys once and sealed with it. Counsellors and reporters have no envelopes yet,
so the key is kept in a SERVER bridge envelope: a counsellor's first key pair gets an
envelope of its own, a reporter's next visit with the receipt code (or, named, a new code
shown once) another, and the bridge then goes. `manage.py sealing_status` reports
what is still on the server's key; `--finish` removes the bridges that remain.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations

from apps.core import crypto
from apps.core.sealing import ContentKey, Sealed

SEALED_FIELDS = {
    "Report": ("text", "retention_reason"),
    "ReportMessage": ("body",),
    "CaseNote": ("body",),
    "Attachment": ("filename",),
    "CaseLogEntry": ("reason",),
    "SharedSummary": ("text",),
    "ConversationVersion": ("text",),
}
REPORT_PATH = {"Report": "pk", "ConversationVersion": "record__report"}


def _reseal(value, key):
    if not isinstance(value, Sealed) or not value.token or value.key_id:
        return value  # empty, or sealed already
    return key.seal(crypto.decrypt_text(value.token))


def _reseal_rows(apps, model_name, report, key):
    model = apps.get_model("vertrouwenspersoon", model_name)
    fields = SEALED_FIELDS[model_name]
    rows = model.objects.filter(**{REPORT_PATH.get(model_name, "report"): report.pk})
    for row in rows:
        changes = {name: _reseal(getattr(row, name), key) for name in fields}
        if model_name == "SharedSummary" and row.state == "gedeeld":
            # The text for its recipient; the field (EncryptedTextField) encrypts it itself.
            changes["shared_text"] = crypto.decrypt_text(row.text.token)
        if model_name == "Attachment":
            _reseal_file(row, key)
            changes["file"] = row.file.name
        model.objects.filter(pk=row.pk).update(**changes)


def _reseal_file(attachment, key):
    name = attachment.file.name
    with default_storage.open(name, "rb") as stored:
        data = crypto.decrypt(stored.read())
    default_storage.delete(name)
    attachment.file.name = default_storage.save(name, ContentFile(key.seal_bytes(data)))


def reseal(apps, schema_editor):
    Report = apps.get_model("vertrouwenspersoon", "Report")
    ReportKey = apps.get_model("vertrouwenspersoon", "ReportKey")
    for report in Report.objects.exclude(keys__isnull=False).iterator():
        key = ContentKey.new()
        for model_name in SEALED_FIELDS:
            _reseal_rows(apps, model_name, report, key)
        ReportKey.objects.create(
            report=report, holder="server", counsellor_id=report.counsellor_id, envelope=crypto.encrypt(key.raw)
        )


class Migration(migrations.Migration):
    dependencies = [("vertrouwenspersoon", "0004_sealed_content")]
    operations = [migrations.RunPython(reseal, elidable=False)]
