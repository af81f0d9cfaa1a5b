from django.http import FileResponse

from apps.vertrouwenspersoon.models import Attachment


def attachment_response(attachment: Attachment) -> FileResponse:
    """Always a download, never rendered: a hostile file cannot run in the portal's origin."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
