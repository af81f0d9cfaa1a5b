"""Re-encrypt all confidential content with the first key of FIELD_ENCRYPTION_KEYS."""

from __future__ import annotations

import argparse
import os
import stat
import tempfile
from collections.abc import Iterator
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser, DjangoHelpFormatter
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, Value

from apps.core import crypto
from apps.core.fields import EncryptedTextField
from apps.core.models import EncryptionCanary
from apps.core.storage import EncryptedFileSystemStorage
from apps.vertrouwenspersoon.models import ReportKey

HELP = """Re-encrypt every encrypted database field, every encrypted file, the encryption canary and
the bridges of meldingen from before the sealed scheme with the first key of FIELD_ENCRYPTION_KEYS.
Melding content itself is sealed with keys the server does not hold, so no rotation touches it.

To replace the encryption key:
  1. Make a new key:
       python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
  2. Put the new key FIRST in FIELD_ENCRYPTION_KEYS and keep the old key after it, then restart
     the portal and the Celery workers. New content is now encrypted with the new key; old
     content still decrypts with the old one.
  3. Run this command. It reports per field how many values it re-encrypted and how many were
     already on the new key. It is safe to run again (a second run re-encrypts nothing) and to
     resume after an interruption.
  4. Remove the old key from FIELD_ENCRYPTION_KEYS and restart again. Receipt-access cookies
     made with the old key then stop working; anonymous reporters re-enter their receipt code.

Database backups and copies of the media folder made before step 3 can only be read with the
old key: keep the old key (offline) as long as you keep those backups.
"""

RAW = "rotate_raw_token"  # annotation that reads a column without decrypting it


class _Formatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's option order, with the procedure above kept as written."""


def _encrypted_columns() -> Iterator[tuple[type[models.Model], models.Field[Any, Any]]]:
    yield EncryptionCanary, EncryptionCanary._meta.get_field("token")
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


def _encrypted_file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, models.FileField) and isinstance(field.storage, EncryptedFileSystemStorage):
                yield model, field


def _replace_file(path: str, data: bytes) -> None:
    """Write data to path atomically: an interrupted run leaves the old file whole."""
    folder, name = os.path.split(path)
    mode = stat.S_IMODE(os.stat(path).st_mode)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}.", delete=False) as temporary:
        temporary.write(data)
        temporary.flush()
        os.fsync(temporary.fileno())
    try:
        os.chmod(temporary.name, mode)
        os.replace(temporary.name, path)
    except BaseException:
        os.unlink(temporary.name)
        raise


def _label(model: type[models.Model], field: models.Field[Any, Any]) -> str:
    return f"{model._meta.label}.{field.name}"


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, subcommand, formatter_class=_Formatter, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (500).")

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            crypto.reset_keys()
            crypto.encrypt(b"")  # an empty or malformed key list stops here
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self._first = Fernet(settings.FIELD_ENCRYPTION_KEYS[0])
        self._batch_size = batch_size

        total_rotated = total_current = 0
        for model, field in _encrypted_columns():
            rotated, current = self._rotate_column(model, field)
            self.stdout.write(f"{_label(model, field)}: {rotated} rotated, {current} already current")
            total_rotated += rotated
            total_current += current
        for model, file_field in _encrypted_file_fields():
            rotated, current, missing = self._rotate_files(model, file_field)
            line = f"{_label(model, file_field)} (files): {rotated} rotated, {current} already current"
            if missing:
                self.stderr.write(f"{line}, {missing} missing on disk")
            else:
                self.stdout.write(line)
            total_rotated += rotated
            total_current += current
        rotated, current = self._rotate_bridges()
        self.stdout.write(
            f"vertrouwenspersoon.ReportKey (server bridges): {rotated} rotated, {current} already current"
        )
        total_rotated += rotated
        total_current += current
        self.stdout.write(
            self.style.SUCCESS(f"Done: {total_rotated} rotated, {total_current} already current.")
        )

    def _rotate_bridges(self) -> tuple[int, int]:
        """The content keys of meldingen still bridged from the server-key scheme."""
        rotated = current = 0
        bridges = ReportKey.objects.filter(holder=ReportKey.Holder.SERVER)
        for pk, envelope in bridges.values_list("pk", "envelope").iterator():
            token = bytes(envelope)
            if self._is_current(token):
                current += 1
                continue
            new = self._rotated(token, f"server bridge {pk}")
            ReportKey.objects.filter(pk=pk).update(envelope=new)
            rotated += 1
        return rotated, current

    # --- helpers ---------------------------------------------------------------------

    def _is_current(self, token: bytes) -> bool:
        """Whether the first key alone decrypts the token (then it needs no rotation)."""
        try:
            self._first.decrypt(token)
        except InvalidToken:
            return False
        return True

    def _rotated(self, token: bytes, where: str) -> bytes:
        try:
            return crypto.rotate(token)
        except crypto.WrongEncryptionKey as error:
            raise CommandError(
                f"{where} cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS; "
                "is the old key still listed after the new one?"
            ) from error

    def _batches(self, model: type[models.Model], column: Any, lock: bool) -> Iterator[list[tuple[Any, Any]]]:
        """(pk, raw value) in primary-key order, one transaction per batch.

        Batches by primary key rather than one open cursor, so that the updates in
        between cannot disturb the read, and a rerun resumes cleanly.
        """
        manager = model._base_manager
        last = None
        while True:
            with transaction.atomic():
                rows = manager.order_by("pk")
                if lock:
                    rows = rows.select_for_update()
                if last is not None:
                    rows = rows.filter(pk__gt=last)
                batch = list(rows.annotate(**{RAW: column}).values_list("pk", RAW)[: self._batch_size])
                yield batch
            if len(batch) < self._batch_size:
                return
            last = batch[-1][0]

    def _rotate_column(self, model: type[models.Model], field: models.Field[Any, Any]) -> tuple[int, int]:
        # Read and write the stored token as plain text: the field itself would decrypt
        # on read and encrypt on write.
        raw = ExpressionWrapper(F(field.attname), output_field=models.TextField())
        rotated = current = 0
        for batch in self._batches(model, raw, lock=True):
            for pk, stored in batch:
                if not stored:
                    continue
                token = stored.encode("ascii")
                if self._is_current(token):
                    current += 1
                    continue
                new = self._rotated(token, f"{_label(model, field)} of row {pk}").decode("ascii")
                model._base_manager.filter(pk=pk).update(
                    **{field.attname: Value(new, output_field=models.TextField())}
                )
                rotated += 1
        return rotated, current

    def _rotate_files(self, model: type[models.Model], field: models.FileField) -> tuple[int, int, int]:
        storage = field.storage
        assert isinstance(storage, EncryptedFileSystemStorage)  # noqa: S101 - narrowed by the caller
        rotated = current = missing = 0
        for batch in self._batches(model, F(field.attname), lock=False):
            for pk, name in batch:
                if not name:
                    continue
                if not storage.exists(name):
                    missing += 1
                    continue
                with open(storage.path(name), "rb") as stored:  # the raw token, not decrypted
                    token = stored.read()
                if self._is_current(token):
                    current += 1
                    continue
                new = self._rotated(token, f"the file of {_label(model, field)} row {pk}")
                _replace_file(storage.path(name), new)
                rotated += 1
        return rotated, current, missing
