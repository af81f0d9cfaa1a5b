"""Hostile input for the fuzz tests: the values, the query parameters the views read, and the budget.

FUZZ_EXAMPLES sets how many Hypothesis examples each fuzzed URL or form gets; the defaults keep
the fuzz suite near 80 seconds on SQLite on two busy cores. Go deeper locally, on part of the
portal: `FUZZ_EXAMPLES=50 FUZZ_ONLY="^hr:" pytest tests/fuzz` (FUZZ_ONLY matches URL names).
"""

import os
import re
from pathlib import Path
from urllib.parse import quote

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

LONG = 10_000


def examples(default: int) -> int:
    return int(os.environ.get("FUZZ_EXAMPLES", default))


def fuzz_settings(default: int) -> settings:
    """Seeded per URL or form by the tests, so every run tries the same examples. Shrinking a
    failure costs minutes here (each example is a request); FUZZ_SHRINK=1 turns it on."""
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if os.environ.get("FUZZ_SHRINK") else [])
    return settings(
        max_examples=examples(default),
        deadline=None,
        database=None,  # reproducible from the seed alone; no example store in the tree
        suppress_health_check=list(HealthCheck),
        phases=phases,
        print_blob=False,
    )


# --- values ---------------------------------------------------------------------------------------

NUMBERS = [
    "-1",
    "0",
    "99999999999999999999",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "1.5",
    "0x1A",
    "²",  # str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits: int() accepts them
    "𝟗",
    "abc",
]
DATES = ["2024-02-30", "0000-00-00", "31-12-2024", "2024-13-01T25:61", "9999-12-31T23:59", "-1-01-01"]
TEXTS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",  # right-to-left override
    "مرحبا بالعالم",
    "שלום",
    "😀👍🏽\u200d",
    "\ufeff\u200b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00%zz",
    "../../etc/passwd",
    "\r\n\t",
    "null",
    "[]",
]
CORPUS = NUMBERS + DATES + TEXTS
# Raw query-string fragments that no urlencode would make.
GARBAGE = ["%zz", "%", "%%00", "%c3%28", "%ff%fe", "&&==&", "=x", "a=b=c", ";;", "%00=%00", "+%2B+", "%u202e"]

# Text without lone surrogates: those cannot even be encoded into a request.
_chars = st.characters(exclude_categories=["Cs"])
long_text = st.sampled_from(["a", "é", "😀", "\u202e", "9", "\x00", "<"]).map(lambda c: c * LONG)
hostile_text = st.one_of(
    st.sampled_from(CORPUS),
    st.text(_chars, max_size=40),
    long_text,
    st.integers(-(2**70), 2**70).map(str),
    st.text(_chars, max_size=8).map(lambda s: s + "\x00"),
)


# --- query parameters -----------------------------------------------------------------------------

APPS = Path(__file__).resolve().parents[2] / "apps"
_READ = [
    re.compile(r"GET\.get(?:list)?\(\s*[\"']([^\"']+)[\"']"),
    re.compile(r"GET\[\s*[\"']([^\"']+)[\"']\s*\]"),
    re.compile(r"[\"']([^\"']+)[\"']\s+(?:not\s+)?in\s+request\.GET"),
]
_READ_CONSTANT = re.compile(r"GET\.get(?:list)?\(\s*([A-Z][A-Z_]+)")
# What Django's own views read: the login's redirect, the admin's changelist.
DJANGO_PARAMETERS = [
    "next",
    "q",
    "o",
    "p",
    "e",
    "all",
    "_popup",
    "_to_field",
    "_changelist_filters",
    "created_at__year",
    "created_at__month",
    "created_at__day",
    "status__exact",
    "is_active__exact",
    "department__id__exact",
    "language",
]


def parameters_read_in_apps() -> list[str]:
    """The query parameters the portal's views read: `request.GET.get("x")`, `"x" in request.GET`, ..."""
    names: set[str] = set()
    for source in APPS.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for pattern in _READ:
            names.update(pattern.findall(text))
        for constant in _READ_CONSTANT.findall(text):
            assigned = re.search(rf"^{constant}\s*=\s*[\"']([^\"']+)[\"']", text, re.MULTILINE)
            if assigned:
                names.add(assigned.group(1))
    return sorted(names)


PARAMETERS = sorted(set(parameters_read_in_apps()) | set(DJANGO_PARAMETERS))


def encode(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)


# One of each kind of trouble; the battery gives it to every parameter at once.
BATTERY_VALUES = [
    "",
    "\x00",
    "-1",
    "99999999999999999999",
    "abc",
    "²",
    "١٢",
    "1e309",
    "2024-02-30",
    "\u202eevil😀مرحبا",
]


def battery() -> list[str]:
    """Fixed query strings every URL gets: each hostile value for every parameter at once,
    repeated parameters, very long values and percent-encoding garbage."""
    every = [encode([(name, value) for name in PARAMETERS]) for value in BATTERY_VALUES]
    repeated = encode([(name, value) for name in PARAMETERS for value in ("1", "abc", "\x00")])
    long = encode([(name, "9" * LONG) for name in ("page", "q", "status", "next")])
    return [*every, repeated, long, "&".join(GARBAGE)]


parameter_name = st.one_of(
    st.sampled_from(PARAMETERS),
    st.text(_chars, min_size=0, max_size=12),
    st.sampled_from(["page[]", "\x00", "", "__proto__", "a" * 300]),
)
query_string = st.builds(
    lambda pairs, garbage: "&".join(filter(None, [encode(pairs), garbage])),
    st.lists(st.tuples(parameter_name, hostile_text), max_size=6),
    st.one_of(st.just(""), st.sampled_from(GARBAGE)),
)
