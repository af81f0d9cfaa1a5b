"""Which files may be attached to a melding: checked by their content, never by their name.

Allowed: PDF, PNG, JPEG, plain UTF-8 text (not markup) and Word/Excel (OOXML) documents.
A file's declared type and name come from the browser and prove nothing; the
type recorded is the one found here, and the name gets the matching extension
so a download never opens as something else (an HTML page named "x.pdf", or
"x.html" holding text).
"""

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.utils.translation import gettext as _

from apps.core.downloads import display_name

MAX_FILES = 5
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # a DOCX/XLSX that unpacks to more is a zip bomb
MAX_ZIP_MEMBERS = 2000
_CHUNK = 64 * 1024

# Markup a browser or viewer would render as a page or image (WHATWG sniffing and then some).
_MARKUP = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<svg",
    b"<?xml",
    b"<style",
    b"<meta",
    b"<link",
    b"<img",
    b"<form",
    b"<a ",
    b"<div",
    b"<table",
    b"<!--",
)


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str


PDF = FileType("application/pdf", ".pdf")
PNG = FileType("image/png", ".png")
JPEG = FileType("image/jpeg", ".jpg")
TEXT = FileType("text/plain", ".txt")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")

_EXTENSIONS = {
    PDF: {".pdf"},
    PNG: {".png"},
    JPEG: {".jpg", ".jpeg"},
    TEXT: {".txt", ".text", ".log", ".md"},  # not .csv: Excel would run formulas
    DOCX: {".docx"},
    XLSX: {".xlsx"},
}


def max_bytes() -> int:
    return int(getattr(settings, "REPORT_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Keeps every uploaded file in memory, never in a plaintext temporary file on disk.

    Django's own memory handler steps aside for a request over FILE_UPLOAD_MAX_MEMORY_SIZE
    (2.5 MB), and with no other handler the files then vanish: a melding would be sent
    without its attachment and without a word. This one keeps each file up to the
    attachment limit; of a larger file (or once a request holds MAX_FILES files' worth) it
    keeps only the first bytes and the real size, so `validate_attachments` refuses it by
    name. A request keeps at most MAX_FILES x the limit in memory, however much it sends;
    the proxy in front should refuse bodies much larger than that (README).
    """

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        self.limit = max_bytes()
        self.budget = MAX_FILES * (self.limit + 1)

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file = io.BytesIO()
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = min(self.limit + 1 - self.file.tell(), self.budget)
        if room > 0:
            kept = raw_data[:room]
            self.file.write(kept)
            self.budget -= len(kept)

    def file_complete(self, file_size: int) -> UploadedFile:
        self.file.seek(0)
        # The real size, even when only the first bytes were kept: the size check refuses it.
        if file_size > self.file.getbuffer().nbytes:
            file_size = max(file_size, self.limit + 1)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def _read_all(upload: UploadedFile) -> bytes:
    upload.seek(0)
    data: bytes = upload.read()
    upload.seek(0)
    return data


def _is_plain_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if any(ord(char) < 32 and char not in "\t\n\r\f" for char in text):
        return False
    lowered = data.lower()
    return not (lowered.lstrip().startswith(b"<") or any(tag in lowered for tag in _MARKUP))


def _office_type(data: bytes) -> FileType | None:
    """DOCX or XLSX when the zip is an OOXML document that unpacks to a sane size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {member.filename for member in members}
            if len(members) > MAX_ZIP_MEMBERS or "[Content_Types].xml" not in names:
                return None
            if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
                return None
            # Macro-enabled documents (.docm/.xlsm) renamed to .docx/.xlsx are refused.
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None
            if b"macroenabled" in archive.read("[Content_Types].xml").lower():
                return None
            # Unpack for real, bounded: a header may lie about the sizes; the CRC check catches it.
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > MAX_UNCOMPRESSED_BYTES:
                            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def detect(data: bytes) -> FileType | None:
    """The file's type judged by its content, or None when it is not allowed."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    if data and _is_plain_text(data):
        return TEXT
    return None


def safe_filename(name: str, file_type: FileType) -> str:
    """The uploaded name for display (no folders, no control characters, shortened), with an
    extension that matches the content. Never a storage path: models generate their own."""
    name = display_name(name)
    stem, dot, extension = name.rpartition(".")
    if dot and "." + extension.lower() in _EXTENSIONS[file_type]:
        return name
    return name + file_type.extension


def validate_attachments(files: Sequence[UploadedFile]) -> list[UploadedFile]:
    """Check every file; on success their content_type and name are the checked ones.

    Raises one ValidationError listing every rejected file by name.
    """
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("Attach at most %(count)d files."), code="too_many", params={"count": MAX_FILES}
        )
    limit = max_bytes()
    errors: list[ValidationError] = []
    for upload in files:
        name = upload.name or _("file")
        if (upload.size or 0) > limit:
            errors.append(
                ValidationError(
                    _("%(name)s is larger than %(limit)d MB."),
                    code="too_large",
                    params={"name": name, "limit": limit // (1024 * 1024)},
                )
            )
            continue
        file_type = detect(_read_all(upload))
        if file_type is None:
            errors.append(
                ValidationError(
                    _(
                        "%(name)s: this type of file is not allowed. Allowed: PDF, images (PNG, JPEG), "
                        "text and Word/Excel documents."
                    ),
                    code="file_type",
                    params={"name": name},
                )
            )
            continue
        upload.content_type = file_type.content_type
        upload.name = safe_filename(name, file_type)
    if errors:
        raise ValidationError(errors)
    return list(files)
