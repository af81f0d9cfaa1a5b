"""Every upload point refuses hostile files, and serves what it keeps only as a download.

Upload points: a melding (reporter, named reply, anonymous reply with the receipt code,
counsellor's message), the works council's documents (new document, new version) and the
executive's request documents (with a new request, added later). Each gets an HTML page,
an SVG with a script, an HTML page named .pdf, a zip bomb named .docx and a file over the
size limit: each is refused with the Dutch message naming it, the other input of the form
is shown again, and nothing is stored. A file with a hostile name (folders, control and
direction characters) is kept under a generated storage name and downloads as an
attachment with a clean, RFC 6266-encoded name, nosniff and a sandboxing policy.
"""

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from apps.bestuurder.models import RequestDocument
from apps.core.downloads import DOWNLOAD_POLICY, content_disposition, display_name
from apps.ondernemingsraad import services as meeting_services
from apps.ondernemingsraad.models import DocumentVersion, ItemKind, MeetingKind
from apps.vertrouwenspersoon import receipts, services, uploads
from apps.vertrouwenspersoon.models import Attachment
from tests.conftest import client_for
from tests.hr.helpers import file_request
from tests.keys import plain
from tests.vertrouwenspersoon.test_uploads import zip_bomb as build_zip_bomb

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
KEPT = "Invoer die blijft staan 8R2"


# One zip bomb for every upload test, built once.
zip_bomb = functools.cache(build_zip_bomb)


def oversized() -> bytes:
    """A real PDF header and one byte more than the limit: the whole request goes over the wire."""
    return PDF + bytes(uploads.max_bytes() + 1 - len(PDF))


HOSTILE: dict[str, tuple[str, Callable[[], bytes], str]] = {
    # case: (file name, content, msgid of the refusal)
    "html page": (
        "pagina.html",
        lambda: b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>",
        "type",
    ),
    "svg with script": (
        "tekening.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "type",
    ),
    "html named pdf": ("verslag.pdf", lambda: b"\n\n<html><img src=x onerror=alert(1)></html>", "type"),
    "zip bomb named docx": ("notulen.docx", zip_bomb, "type"),
    "oversized": ("groot.pdf", oversized, "size"),
}


def dutch_refusal(kind: str, name: str) -> str:
    """The refusal as a Dutch user reads it (and proof that it is translated)."""
    if kind == "type":
        msgid = (
            "%(name)s: this type of file is not allowed. Allowed: PDF, images (PNG, JPEG), "
            "text and Word/Excel documents."
        )
        params: dict[str, Any] = {"name": name}
    else:
        msgid = "%(name)s is larger than %(limit)d MB."
        params = {"name": name, "limit": uploads.max_bytes() // (1024 * 1024)}
    with translation.override("nl"):
        message = gettext(msgid) % params
    assert message != msgid % params, "the refusal has no Dutch translation"
    return html.escape(message)


# --- the upload points -----------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One form that takes a file: who posts it where, with which other input."""

    name: str
    persona: str
    url: Callable[[dict[str, Any]], str]
    fields: Callable[[dict[str, Any]], dict[str, Any]]
    file_field: str
    stored: Callable[[], int]
    kept: bool = True  # whether the form has other input to show again
    sent: int = 302  # the status once it is stored: a redirect, or a page of its own


def _report_fields(world: dict[str, Any]) -> dict[str, Any]:
    return {
        "category": "pesten",
        "text": KEPT,
        "counsellor": world["vertrouwenspersoon"].pk,
    }


def _request_fields(world: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": "Reorganisatie",
        "subject": "reorganisatie",
        "reasons": KEPT,
        "consequences": "Nieuwe teams.",
        "parts": "",
        "answer_due": (timezone.localdate() + timedelta(days=40)).isoformat(),
    }


def attachments() -> int:
    return Attachment.objects.count()


def or_versions() -> int:
    return DocumentVersion.objects.count()


def request_documents() -> int:
    return RequestDocument.objects.count()


POINTS = [
    Point(
        "melding",
        "medewerker",
        lambda world: reverse("vertrouwenspersoon:report-create"),
        _report_fields,
        "attachments",
        attachments,
        sent=200,  # the page with the receipt code, shown once
    ),
    Point(
        "reply of a named reporter",
        "medewerker",
        lambda world: reverse("vertrouwenspersoon:report-reply", args=[world["report"].pk]),
        lambda world: {"body": KEPT},
        "attachments",
        attachments,
    ),
    Point(
        "reply with the receipt code",
        "receipt",
        lambda world: reverse("vertrouwenspersoon:receipt-reply"),
        lambda world: {"body": KEPT},
        "attachments",
        attachments,
    ),
    Point(
        "counsellor's message",
        "vertrouwenspersoon",
        lambda world: reverse("vertrouwenspersoon:case-message", args=[world["report"].pk]),
        lambda world: {"message-body": KEPT},
        "message-attachments",
        attachments,
    ),
    Point(
        "works council document",
        "or_secretaris",
        lambda world: reverse("ondernemingsraad:document-upload", args=[world["item"].pk]),
        lambda world: {"title": KEPT},
        "file",
        or_versions,
    ),
    Point(
        "new version of a works council document",
        "or_secretaris",
        lambda world: reverse("ondernemingsraad:document-version-add", args=[world["document"].pk]),
        lambda world: {},
        "file",
        or_versions,
        kept=False,
    ),
    Point(
        "advice request",
        "bestuurder",
        lambda world: reverse("bestuurder:advice-create"),
        _request_fields,
        "attachments",
        request_documents,
    ),
    Point(
        "documents added to a request",
        "bestuurder",
        lambda world: reverse("bestuurder:request-upload", args=[world["request"].pk]),
        lambda world: {},
        "document-attachments",
        request_documents,
        kept=False,
    ),
]


@pytest.fixture
def world(personas) -> dict[str, Any]:
    """A named and an anonymous melding, an agenda item with a document, and a request."""
    world: dict[str, Any] = dict(personas)

    def report(anonymous: bool) -> Any:
        return services.report_submit(
            reporter=None if anonymous else personas["medewerker"],
            category="pesten",
            text="Melding.",
            counsellor=personas["vertrouwenspersoon"],
            anonymous=anonymous,
        )

    world["report"] = report(anonymous=False).report
    world["receipt_code"] = receipts.display(report(anonymous=True).receipt_code)
    secretary = personas["or_secretaris"]
    meeting = meeting_services.meeting_create(
        actor=secretary,
        kind=MeetingKind.INTERNAL,
        title="OR-vergadering",
        starts_at=timezone.now() + timedelta(days=20),
        location="Zaal 2",
        secretary=secretary,
        chair=personas["or_voorzitter"],
    )
    world["item"] = meeting_services.item_propose(
        actor=secretary, meeting=meeting, title="Werkdruk", kind=ItemKind.DISCUSSION, accept=True
    )
    world["document"] = meeting_services.document_add(
        actor=secretary,
        item=world["item"],
        title="Cijfers",
        upload=SimpleUploadedFile("cijfers.txt", b"Inhoud 5T7K", content_type="text/plain"),
    )
    world["request"] = file_request(personas["bestuurder"])
    return world


def client_of(point: Point, world: dict[str, Any]) -> Client:
    """A Dutch client (no language cookie) for the point's persona."""
    if point.persona != "receipt":
        return client_for(world[point.persona])
    client = client_for(None)
    opened = client.post(reverse("vertrouwenspersoon:receipt-start"), {"code": world["receipt_code"]})
    assert opened.status_code == 302
    return client


def multipart(fields: dict[str, Any], file_field: str, disposition: str, data: bytes) -> tuple[bytes, str]:
    """A multipart body with the file part's Content-Disposition parameters as given, so a
    test can send names a browser would (folders, backslashes, RFC 2231 encoded control
    characters) and Django's test client would clean up first."""
    boundary = "----portal-test-boundary"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; {disposition}\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post_file(point: Point, world: dict[str, Any], disposition: str, data: bytes) -> Any:
    client = client_of(point, world)
    body, content_type = multipart(point.fields(world), point.file_field, disposition, data)
    return client.generic("POST", point.url(world), body, content_type)


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", HOSTILE)
@pytest.mark.parametrize("point", POINTS, ids=lambda point: point.name)
def test_a_hostile_file_is_refused_in_dutch_with_the_input_kept(world, point, case):
    name, content, kind = HOSTILE[case]
    stored_before = point.stored()
    response = post_file(point, world, f'filename="{name}"', content())
    page = response.content.decode()
    assert response.status_code == 200, response.get("Location")
    assert dutch_refusal(kind, name) in page
    if point.kept:
        assert KEPT in page
    assert point.stored() == stored_before


@pytest.mark.parametrize("point", POINTS, ids=lambda point: point.name)
def test_a_file_over_the_request_memory_default_but_under_the_limit_is_kept(world, point):
    """Django's own memory handler drops files of requests over 2.5 MB without a word."""
    before = point.stored()
    data = PDF + bytes(3 * 1024 * 1024)
    response = post_file(point, world, 'filename="scan.pdf"', data)
    assert response.status_code == point.sent
    assert point.stored() == before + 1


# --- what is kept: generated storage names, downloads only ---------------------------------

HOSTILE_NAMES = {
    "windows folders": ('filename="..\\\\..\\\\Windows\\\\system32\\\\verslag.pdf"', "verslag.pdf"),
    "unix folders": ('filename="../../../etc/verslag.pdf"', "verslag.pdf"),
    "control and direction characters": (
        "filename*=UTF-8''ver%0D%0Aslag%1B%5B31m%E2%80%AEfdp.exe%00.pdf",
        "verslag[31mfdp.exe.pdf",
    ),
}

STORED_NAME = re.compile(r"^[a-z-]+/[0-9a-f]{32}$")


def stored_files(point: Point) -> list[Any]:
    model = {attachments: Attachment, or_versions: DocumentVersion, request_documents: RequestDocument}[
        point.stored
    ]
    return list(model.objects.all())


def filename_of(stored: Any) -> str:
    """The name kept with the file; a melding's is sealed with the melding's key."""
    if isinstance(stored, Attachment):
        return plain(stored.report, stored.filename)
    return stored.filename


def download_url(point: Point, world: dict[str, Any], stored: Any) -> str:
    if isinstance(stored, Attachment):
        if point.persona == "receipt":
            return reverse("vertrouwenspersoon:receipt-attachment", args=[stored.pk])
        name = "case-attachment" if point.persona == "vertrouwenspersoon" else "report-attachment"
        return reverse(f"vertrouwenspersoon:{name}", args=[stored.report_id, stored.pk])
    if isinstance(stored, DocumentVersion):
        return reverse("ondernemingsraad:document-download", args=[stored.document_id, stored.number])
    return reverse("bestuurder:request-document", args=[stored.request_id, stored.pk])


def assert_safe_download(response: Any, shown_name: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == DOWNLOAD_POLICY
    assert "no-store" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    assert disposition == content_disposition(shown_name)
    assert disposition.startswith("attachment; filename=")
    assert not re.search(r"[\x00-\x1f\x7f\\/]", disposition.split("filename*=")[0])


@pytest.mark.parametrize("case", HOSTILE_NAMES)
@pytest.mark.parametrize("point", POINTS, ids=lambda point: point.name)
def test_a_hostile_name_is_only_shown_cleaned_and_never_used_as_a_path(world, point, case):
    disposition, shown = HOSTILE_NAMES[case]
    before = {stored.pk for stored in stored_files(point)}
    response = post_file(point, world, disposition, PDF)
    assert response.status_code == point.sent, response.content.decode()[-3000:]
    (stored,) = [stored for stored in stored_files(point) if stored.pk not in before]
    assert STORED_NAME.match(stored.file.name), stored.file.name
    assert filename_of(stored) == shown
    download = client_of(point, world).get(download_url(point, world, stored))
    assert_safe_download(download, shown)
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize("point", POINTS, ids=lambda point: point.name)
def test_script_sent_as_text_is_kept_as_text_and_only_downloads(world, point):
    """Plain text is allowed; JavaScript is plain text. It never runs: it only downloads."""
    before = {stored.pk for stored in stored_files(point)}
    response = post_file(point, world, 'filename="aanval.js"', b"fetch('/').then(r => alert(r));\n")
    assert response.status_code == point.sent
    (stored,) = [stored for stored in stored_files(point) if stored.pk not in before]
    assert stored.content_type == "text/plain"
    assert filename_of(stored) == "aanval.js.txt"
    assert_safe_download(client_of(point, world).get(download_url(point, world, stored)), "aanval.js.txt")


# --- the pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uploaded", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\jan\\verslag.pdf", "verslag.pdf"),
        ("a\r\nSet-Cookie: x=y.pdf", "aSet-Cookie: x=y.pdf"),
        ("\u202egpj.exe", "gpj.exe"),
        ("..", "bijlage"),
        ("", "bijlage"),
        (".htaccess", "htaccess"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_display_names_lose_folders_and_invisible_characters(uploaded, shown):
    assert display_name(uploaded) == shown


def test_the_download_name_is_rfc_6266_with_an_ascii_fallback():
    assert content_disposition('Ver"slag; café 2026.pdf') == (
        'attachment; filename="Ver_slag_ cafe 2026.pdf"; '
        "filename*=UTF-8''Ver%22slag%3B%20caf%C3%A9%202026.pdf"
    )


def test_uploaded_files_are_never_served_from_media_url(world):
    stored = DocumentVersion.objects.get().file.name
    for persona in ("or_secretaris", "superuser", "anonymous"):
        response = client_for(world[persona]).get(settings.MEDIA_URL + stored)
        assert response.status_code in (302, 404)
        assert b"5T7K" not in response.content


def test_the_media_folder_is_outside_every_folder_whitenoise_serves():
    from portal.settings import base

    media = Path(base.MEDIA_ROOT).resolve()
    folders = [entry[1] if isinstance(entry, tuple) else entry for entry in base.STATICFILES_DIRS]
    served = [Path(base.STATIC_ROOT), *map(Path, folders)]
    assert [folder for folder in served if media.is_relative_to(folder.resolve())] == []
