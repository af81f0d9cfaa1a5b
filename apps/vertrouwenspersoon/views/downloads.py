from django.http import FileResponse

from apps.core.downloads import file_download
from apps.vertrouwenspersoon.models import Attachment


def attachment_response(attachment: Attachment) -> FileResponse:
    """Always a download, never rendered: a hostile file cannot run in the portal's origin."""
    return file_download(attachment.file.open("rb"), attachment.filename)
