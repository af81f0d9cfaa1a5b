from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage

from . import crypto


class EncryptedFileSystemStorage(FileSystemStorage):
    """Files encrypted on disk: the media folder shows no content.

    Whole files are read into memory to encrypt them; uploads are size-limited.
    """

    def _save(self, name: str, content: File) -> str:  # type: ignore[type-arg]
        content.seek(0)
        return str(super()._save(name, ContentFile(crypto.encrypt(content.read()))))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:  # type: ignore[type-arg]
        with super()._open(name, "rb") as stored:  # type: ignore[misc]
            return ContentFile(crypto.decrypt(stored.read()), name=name)

    def deconstruct(self) -> Any:
        return ("apps.core.storage.EncryptedFileSystemStorage", [], {})
