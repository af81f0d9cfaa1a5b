import io

from django.http import FileResponse

from apps.core.downloads import file_download
from apps.core.sealing import ContentKey
from apps.vertrouwenspersoon.models import Attachment


def attachment_response(attachment: Attachment, key: ContentKey) -> FileResponse:
    """Always a download, never rendered: a hostile file cannot run in the portal's origin."""
    with attachment.file.open("rb") as stored:
        data = key.open_bytes(stored.read())
    return file_download(io.BytesIO(data), key.open(attachment.filename))
