from typing import TYPE_CHECKING, Any

from django.db import models

from . import crypto
from .sealing import Sealed


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text stored as a Fernet token: a database dump shows no content.

    It cannot be searched or ordered by content, which is the point.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else crypto.decrypt_text(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        return None if value is None else crypto.encrypt_text(str(value))


if TYPE_CHECKING:
    _SealedBase = models.TextField[Sealed | str, Sealed | str]
else:
    _SealedBase = models.TextField


class SealedTextField(_SealedBase):
    """Text sealed with a melding's own content key (apps/core/sealing.py).

    The field holds `Sealed` tokens and never a key: the server cannot read it. Saving a
    plain string is refused, so content cannot reach the database unsealed by mistake;
    the empty string stays empty (nothing to hide).
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return None if value is None else (Sealed(value) if value else "")

    def to_python(self, value: Any) -> Any:
        return value if isinstance(value, Sealed) or value is None else super().to_python(value)

    def get_prep_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None if value is None else ""
        if not isinstance(value, Sealed):
            raise TypeError(f"{self.name}: seal content with its content key before saving it.")
        token: str = value.token
        return token
