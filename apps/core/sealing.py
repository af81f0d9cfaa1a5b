"""Content sealed with keys the server does not hold (PyNaCl; no primitive of our own).

- A `ContentKey` is one random 32-byte key per melding (XSalsa20-Poly1305, NaCl's SecretBox).
  Every piece of content is sealed with it; the database holds only `Sealed` tokens.
- The content key itself is stored only in envelopes: sealed for a counsellor's X25519
  public key (NaCl's SealedBox), or wrapped under a key derived with Argon2id from a secret
  only a person holds (a receipt code, a password or passphrase, a recovery key).
- A view that has opened a content key renders inside `opened(key)`: a `Sealed` value then
  reads as its text. Anywhere else (a log line, an admin page, a task) it reads as a
  fixed "locked" word, and saving a plain string in a sealed field is refused.
"""

import base64
import contextlib
import contextvars
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import nacl.encoding
import nacl.exceptions
import nacl.hash
import nacl.pwhash
import nacl.utils
from django.conf import settings
from django.utils.translation import gettext
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

TOKEN_PREFIX = "s1:"  # noqa: S105 - a format marker, not a secret
KEY_BYTES = SecretBox.KEY_SIZE
SALT_BYTES = nacl.pwhash.argon2id.SALTBYTES
RECOVERY_BYTES = 20  # 160 bits, shown as 32 base32 characters
_KEY_ID_PERSON = b"portal-key-id"


class Locked(Exception):
    """The key or secret given does not open this envelope or token."""


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))


class ContentKey:
    """The key of one melding. Never stored as it is: only inside envelopes."""

    def __init__(self, raw: bytes) -> None:
        if len(raw) != KEY_BYTES:
            raise Locked("A content key has 32 bytes.")
        self.raw = raw
        self._box = SecretBox(raw)
        self.key_id = nacl.hash.blake2b(raw, digest_size=8, person=_KEY_ID_PERSON).decode("ascii")

    @classmethod
    def new(cls) -> "ContentKey":
        return cls(nacl.utils.random(KEY_BYTES))

    def __repr__(self) -> str:  # never the key itself
        return f"<ContentKey {self.key_id}>"

    def seal(self, text: str) -> "Sealed":
        return Sealed(f"{TOKEN_PREFIX}{self.key_id}:{b64(self._box.encrypt(text.encode()))}")

    def seal_bytes(self, data: bytes) -> bytes:
        return bytes(self._box.encrypt(data))

    def open(self, sealed: "Sealed | str") -> str:
        if isinstance(sealed, str):  # a sealed field that was left empty
            if sealed:
                raise Locked("Plain text where sealed content belongs.")
            return ""
        if sealed.key_id != self.key_id:
            raise Locked("Sealed with another key.")
        return self.open_bytes(unb64(sealed.token.split(":", 2)[2])).decode()

    def open_bytes(self, data: bytes) -> bytes:
        try:
            return bytes(self._box.decrypt(data))
        except nacl.exceptions.CryptoError as error:
            raise Locked("Sealed with another key.") from error

    def opens(self, sealed: "Sealed") -> bool:
        return sealed.key_id == self.key_id


_open_keys: contextvars.ContextVar[tuple[ContentKey, ...]] = contextvars.ContextVar("open_keys", default=())


@contextlib.contextmanager
def opened(*keys: ContentKey | None) -> Iterator[None]:
    """Within this block, `Sealed` values of these keys read as their text (for rendering)."""
    token = _open_keys.set(_open_keys.get() + tuple(key for key in keys if key is not None))
    try:
        yield
    finally:
        _open_keys.reset(token)


class Sealed:
    """What a sealed field holds: a token that only its content key opens."""

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = token

    @property
    def key_id(self) -> str:
        return self.token.split(":", 2)[1] if self.token.startswith(TOKEN_PREFIX) else ""

    def __bool__(self) -> bool:
        return bool(self.token)

    def __str__(self) -> str:
        for key in _open_keys.get():
            if key.opens(self):
                return key.open(self)
        return gettext("[locked]")

    def __repr__(self) -> str:
        return "<Sealed>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sealed) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)


# --- envelopes ------------------------------------------------------------------------


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public) X25519 keys as bytes."""
    private = PrivateKey.generate()
    return bytes(private), bytes(private.public_key)


def public_of(private_key: bytes) -> bytes:
    return bytes(PrivateKey(private_key).public_key)


def seal_for(public_key: bytes, key: ContentKey) -> bytes:
    """The content key, readable only with the matching private key."""
    return bytes(SealedBox(PublicKey(public_key)).encrypt(key.raw))


def open_sealed(private_key: bytes, envelope: bytes) -> ContentKey:
    try:
        return ContentKey(bytes(SealedBox(PrivateKey(private_key)).decrypt(envelope)))
    except nacl.exceptions.CryptoError as error:
        raise Locked("This private key does not open the envelope.") from error


@dataclass(frozen=True)
class KdfCost:
    """Argon2id's cost, stored beside every wrap so that settings may change later."""

    opslimit: int
    memlimit: int

    @classmethod
    def configured(cls) -> "KdfCost":
        """For secrets a person chooses (passwords, passphrases): memory-hard on purpose."""
        return cls(settings.PORTAL_KEY_KDF_OPSLIMIT, settings.PORTAL_KEY_KDF_MEMLIMIT)

    @classmethod
    def for_receipt_codes(cls) -> "KdfCost":
        """For receipt codes: 80 random bits cannot be guessed, whatever the cost, so a
        lighter Argon2id keeps sending a melding fast; the pepper adds a server secret."""
        return cls(settings.PORTAL_RECEIPT_KDF_OPSLIMIT, settings.PORTAL_RECEIPT_KDF_MEMLIMIT)


def new_salt() -> bytes:
    return nacl.utils.random(SALT_BYTES)


def derive(secret: str, salt: bytes, cost: KdfCost, pepper: str = "") -> bytes:
    """A 32-byte wrapping key from a secret a person holds (Argon2id)."""
    material = (pepper + "\x00" + secret).encode() if pepper else secret.encode()
    return bytes(
        nacl.pwhash.argon2id.kdf(KEY_BYTES, material, salt, opslimit=cost.opslimit, memlimit=cost.memlimit)
    )


def wrap(wrapping_key: bytes, data: bytes) -> bytes:
    return bytes(SecretBox(wrapping_key).encrypt(data))


def unwrap(wrapping_key: bytes, wrapped: bytes) -> bytes:
    try:
        return bytes(SecretBox(wrapping_key).decrypt(wrapped))
    except nacl.exceptions.CryptoError as error:
        raise Locked("This secret does not open it.") from error


# --- recovery keys -------------------------------------------------------------------

_RECOVERY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def new_recovery_key() -> str:
    """A recovery key to print: 32 base32 characters in groups of four."""
    raw = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def recovery_wrapping_key(recovery: str) -> bytes:
    """The wrapping key of a recovery key as typed (spaces, dashes and case ignored).

    160 random bits need no slow hash; BLAKE2b only shapes them into a key."""
    cleaned = "".join(char for char in recovery.upper() if char in _RECOVERY_ALPHABET)
    try:
        raw = base64.b32decode(cleaned)
    except ValueError as error:
        raise Locked("Not a recovery key.") from error
    if len(raw) != RECOVERY_BYTES:
        raise Locked("Not a recovery key.")
    return bytes(
        nacl.hash.blake2b(
            raw, digest_size=KEY_BYTES, person=b"portal-recovery", encoder=nacl.encoding.RawEncoder
        )
    )
