"""Attachments are judged by their content, never by their name or declared type."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from apps.vertrouwenspersoon import uploads

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in their English source form, whatever the catalogue says."""
    with translation.override("en"):
        yield


def office(main: str, extra: dict[str, bytes] | None = None, content_types: bytes = b"<Types/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr(main, b"<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A valid-looking DOCX of 60 KB that unpacks to 60 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<document/>")
        with archive.open("word/media/zeros.bin", "w") as member:
            for _ in range(60):
                member.write(bytes(1024 * 1024))
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def rejection(*files: SimpleUploadedFile) -> str:
    with pytest.raises(ValidationError) as caught:
        uploads.validate_attachments(list(files))
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        ("Gisteren zei hij: ‘dat merk je wel’.\n".encode(), "text/plain"),
        (office("word/document.xml"), uploads.DOCX.content_type),
        (office("xl/workbook.xml"), uploads.XLSX.content_type),
    ],
)
def test_allowed_files_pass_with_the_type_their_content_shows(data, content_type):
    file = upload("bestand", data, content_type="application/x-whatever")
    uploads.validate_attachments([file])
    assert file.content_type == content_type


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("verslag.pdf", HTML),
        ("foto.png", SVG),
        ("notities.txt", b"  <html><body>hoi</body></html>"),
        ("programma.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("archief.docx", b"PK\x03\x04" + b"\x00" * 40),
        ("gewoon.zip", office("iets/anders.xml")),
        ("macro.docx", office("word/document.xml", {"word/vbaProject.bin": b"\x00"})),
        ("latin1.txt", "café".encode("latin-1")),
        ("nul.txt", b"tekst\x00met nul"),
    ],
)
def test_a_file_whose_content_is_not_allowed_is_rejected_by_name(name, data):
    message = rejection(upload(name, data))
    assert f"{name}: this type of file is not allowed" in message


def test_a_zip_bomb_dressed_as_a_word_document_is_rejected():
    message = rejection(upload("bom.docx", zip_bomb()))
    assert "bom.docx: this type of file is not allowed" in message


def test_a_file_over_the_size_limit_is_rejected(settings):
    settings.REPORT_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    message = rejection(upload("groot.pdf", PDF + bytes(2 * 1024 * 1024)))
    assert message == "groot.pdf is larger than 2 MB."


def test_more_than_five_files_are_refused():
    message = rejection(*(upload(f"{n}.pdf", PDF) for n in range(6)))
    assert message == "Attach at most 5 files."


def test_every_rejected_file_is_named():
    message = rejection(upload("goed.pdf", PDF), upload("een.html", HTML), upload("twee.svg", SVG))
    assert "een.html" in message and "twee.svg" in message and "goed.pdf" not in message


@pytest.mark.parametrize(
    ("name", "data", "stored_as"),
    [
        ("verslag.pdf", PDF, "verslag.pdf"),
        ("scan.JPEG", JPEG, "scan.JPEG"),
        ("pagina.html", b"gewone tekst", "pagina.html.txt"),
        ("geen-extensie", PNG, "geen-extensie.png"),
        ("tabel.csv", b"a;b\n=1+1;2\n", "tabel.csv.txt"),
    ],
)
def test_the_stored_name_gets_the_extension_of_its_content(name, data, stored_as):
    file = upload(name, data)
    uploads.validate_attachments([file])
    assert file.name == stored_as
