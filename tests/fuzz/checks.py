"""What every fuzzed answer must hold, and requests that cannot poison the test's transaction."""

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.utils.functional import cached_property

# What a stack trace or a database error would put on a page.
LEAKS = (
    "Traceback (most recent call last)",
    "Exception Value",
    "Exception Type",
    'File "/',
    "django.db.utils",
    "psycopg",
    "sqlite3.",
    "IntegrityError",
    "OperationalError",
    "DataError",
    "ProgrammingError",
    "ValueError",
    "TypeError",
    "KeyError",
    "AttributeError",
    "OverflowError",
)


def request(client: Client, method: str, url: str, **kwargs: Any) -> Any:
    """One request in a savepoint: on PostgreSQL a failed query would otherwise break
    every later request of the test."""
    with transaction.atomic():
        return getattr(client, method)(url, **kwargs)


def body_text(response: Any) -> str:
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return ""
    return response.content.decode("utf-8", errors="replace")


def assert_sound(response: Any) -> str:
    """No server error and no exception text in the page; returns the page's text."""
    assert response.status_code < 500, f"status {response.status_code}"
    text = body_text(response)
    leaked = [marker for marker in LEAKS if marker in text]
    assert not leaked, f"the page shows {leaked}"
    return text


def short(value: object, limit: int = 160) -> str:
    shown = repr(value)
    return shown if len(shown) <= limit else f"{shown[:limit]}... ({len(shown)} chars)"


def describe(error: BaseException) -> str:
    """An error and the example Hypothesis found, cut to a readable length."""
    notes = [short(note, 400) for note in getattr(error, "__notes__", [])]
    return " | ".join([f"{type(error).__name__}: {short(str(error), 300)}", *notes])


# --- which views read the query string --------------------------------------------------------------

_READERS = ("get", "getlist", "items", "lists", "keys", "values", "dict", "copy", "urlencode")
_DUNDER_READERS = ("__getitem__", "__contains__", "__iter__", "__len__")


@contextmanager
def query_reads() -> Iterator[SimpleNamespace]:
    """Within the block, `reads.seen` turns true once any code reads a request's `GET`."""
    reads = SimpleNamespace(seen=False)

    def noting(method: Any) -> Any:
        def read(self: QueryDict, *args: Any, **kwargs: Any) -> Any:
            reads.seen = True
            return method(self, *args, **kwargs)

        return read

    recording = type(
        "RecordingQueryDict",
        (QueryDict,),
        {name: noting(getattr(QueryDict, name)) for name in _READERS + _DUNDER_READERS},
    )
    original = WSGIRequest.__dict__["GET"]

    def query(request: WSGIRequest) -> QueryDict:
        parsed = original.func(request)
        parsed.__class__ = recording
        return parsed

    replacement = cached_property(query)
    replacement.__set_name__(WSGIRequest, "GET")
    WSGIRequest.GET = replacement
    try:
        yield reads
    finally:
        WSGIRequest.GET = original
