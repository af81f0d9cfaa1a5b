"""Receipt codes for anonymous reports.

80 random bits as 16 Crockford base32 characters (shown as XXXX-XXXX-XXXX-XXXX).
Stored only as a scrypt hash peppered with a server secret; the hash is
deterministic so a code can be looked up, and slow so a dump cannot be searched.
"""

import hashlib
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 16  # 16 x 5 bits = 80 bits
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(entered: str) -> str | None:
    """The code as stored, or None when it cannot be one (wrong length or letters)."""
    code = "".join(entered.upper().split()).replace("-", "").translate(_LOOKALIKES)
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def code_hash(code: str) -> str:
    pepper = settings.RECEIPT_CODE_PEPPER.encode()
    digest = hashlib.scrypt(code.encode(), salt=pepper, n=2**14, r=8, p=1, dklen=32)
    return digest.hex()
