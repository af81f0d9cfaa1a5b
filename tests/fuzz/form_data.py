"""Hypothesis data for a parsed HTML form: a mix of what the form offers and what it never would."""

from collections import defaultdict
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from tests.fuzz.hostile import DATES, LONG, NUMBERS, hostile_text
from tests.fuzz.html_forms import Field, Form

ABSENT = None  # a name left out of the POST

plain_text = st.sampled_from(["Tekst", "Een gewone zin van een medewerker.", "42", "Ja"])
free_text = st.one_of(plain_text, hostile_text)
numbers = st.one_of(st.sampled_from(["1", "15", "60"]), st.sampled_from(NUMBERS), hostile_text)
dates = st.one_of(
    st.sampled_from(["2031-05-04", "2031-05-04T10:30", "10:30"]), st.sampled_from(DATES), hostile_text
)
FILE_NAMES = [
    "verslag.pdf",
    "notitie.txt",
    "foto.png",
    "evil\x00.pdf",
    "..\\..\\boot.ini",
    "../../etc/passwd",
    "😀\u202egpj.exe",
    "x" * 300 + ".pdf",
    "geen-extensie",
    ".pdf",
]
CONTENT_TYPES = ["application/pdf", "text/plain", "image/png", "application/x-msdownload", "", "x/\x00"]
file_content = st.one_of(
    st.just(b""),
    st.binary(max_size=512),
    st.just(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
    st.just(b"\x89PNG\r\n\x1a\n" + bytes(64)),
    st.just(b"MZ\x90\x00" + bytes(60)),
)
upload = st.builds(
    lambda name, content, kind: SimpleUploadedFile(name, content, content_type=kind),
    st.sampled_from(FILE_NAMES),
    file_content,
    st.sampled_from(CONTENT_TYPES),
)


def _one(field: Field) -> st.SearchStrategy[Any]:
    if field.type == "select":
        offered = [value for value in field.options if value != ""] or [""]
        choice = st.one_of(st.sampled_from(offered), hostile_text)
        return st.lists(choice, max_size=3) if field.multiple else choice
    if field.type == "file":
        return st.one_of(upload, st.lists(upload, min_size=2, max_size=3))
    if field.type == "hidden":
        return st.one_of(st.just(field.value), hostile_text)
    if field.type in ("checkbox", "radio"):
        return st.one_of(st.just(field.value or "on"), hostile_text)
    if field.type == "number":
        return numbers
    if field.type in ("date", "datetime-local", "time", "month", "week"):
        return dates
    return free_text


def _group(fields: list[Field]) -> st.SearchStrategy[Any]:
    """Fields sharing a name: radio buttons, checkbox lists, submit buttons with values."""
    kinds = {field.type for field in fields}
    if len(fields) == 1 and kinds != {"submit"}:
        return st.one_of(_one(fields[0]), st.just(ABSENT))
    values = [field.value or "on" for field in fields]
    if kinds <= {"checkbox"}:
        return st.one_of(st.lists(st.sampled_from(values), unique=True), st.lists(hostile_text, max_size=2))
    return st.one_of(st.sampled_from(values), hostile_text, st.just(ABSENT))


def form_data(form: Form) -> st.SearchStrategy[dict[str, Any]]:
    """POST data for the form's fields; disabled fields and the CSRF token are left out."""
    groups: dict[str, list[Field]] = defaultdict(list)
    for field in form.fields:
        if field.name != "csrfmiddlewaretoken" and not field.disabled:
            groups[field.name].append(field)
    drawn = st.fixed_dictionaries({name: _group(fields) for name, fields in groups.items()})
    return drawn.map(lambda data: {name: value for name, value in data.items() if value is not ABSENT})


def free_text_sent(form: Form, data: dict[str, Any]) -> dict[str, str]:
    """The free text the user typed: what the page must show again when it refuses the form.
    Text of only whitespace is no text (crispy-forms collapses it between the tags)."""
    typed = {field.name for field in form.fields if field.free_text and not field.disabled}
    return {
        name: value
        for name, value in data.items()
        if name in typed and isinstance(value, str) and value.strip()
    }


# Every field at once: the classic traps, tried on every form before Hypothesis draws.
BATTERY_VALUES = ["a\x00b", "é" * LONG, "99999999999999999999", "²"]


def battery(form: Form) -> list[dict[str, Any]]:
    """Fixed POST data: each trap in every field (the CSRF token aside), an empty file in file fields."""
    names = {f.name for f in form.fields if f.name != "csrfmiddlewaretoken" and not f.disabled}
    files = {f.name for f in form.fields if f.type == "file"}

    def filled(value: str) -> dict[str, Any]:
        return {
            name: SimpleUploadedFile(f"{value[:20]}.pdf", b"") if name in files else value for name in names
        }

    return [filled(value) for value in BATTERY_VALUES]
