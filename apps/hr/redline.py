"""A readable redline between two versions: word-level, with <del> and <ins>.

Every piece of text is escaped before it is wrapped, so a policy text can never
inject markup; line breaks become <br>.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.replace("\r\n", "\n"))


def _render(tokens: list[str]) -> str:
    return escape("".join(tokens)).replace("\n", "<br>")


def redline(old: str, new: str) -> SafeString:
    """HTML showing how `new` differs from `old`, word by word."""
    before, after = _tokens(old), _tokens(new)
    parts: list[str] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(_render(before[i1:i2]))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{_render(before[i1:i2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{_render(after[j1:j2])}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece was escaped above
