"""Serving an uploaded file: always as a download, never as a page of the portal.

Uploads are checked by content (apps/vertrouwenspersoon/uploads.py), but a browser must
not be trusted to agree: the response says `application/octet-stream`, `attachment`,
`nosniff` and a sandboxing Content-Security-Policy, so even a file that slipped through
cannot run script in the portal's origin. The name the user sees is the uploaded one,
cleaned (`display_name`) and encoded per RFC 6266; the stored name is always generated.
"""

import re
import unicodedata
from typing import IO
from urllib.parse import quote

from django.http import FileResponse

DOWNLOAD_POLICY = "default-src 'none'; sandbox"
_MAX_NAME = 150
_UNSAFE_IN_QUOTES = re.compile(r"[^A-Za-z0-9 ._()+,=@-]")


def display_name(name: str, default: str = "bijlage") -> str:
    """The uploaded file name without folders, control or direction characters, and shortened."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip().lstrip(".").strip()
    if len(name) > _MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        keep = extension if dot and len(extension) <= 10 else ""
        name = name[: _MAX_NAME - len(keep) - 1].rstrip() + ("." + keep if keep else "")
    return name or default


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback name and the exact name as UTF-8 (RFC 6266, RFC 8187)."""
    name = display_name(name)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    fallback = _UNSAFE_IN_QUOTES.sub("_", ascii_name).strip() or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_download(file: IO[bytes], name: str) -> FileResponse:
    """The file as a download named `name`; the response cannot render or run in the portal."""
    response = FileResponse(file, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_POLICY
    return response
