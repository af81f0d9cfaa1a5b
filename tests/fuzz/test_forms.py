"""Every POST form the portal shows survives hostile data, keeps what the user typed, and
loses nothing when it refuses.

The forms are found, not listed: every page each persona may open (the access matrix's world)
is read with the standard library's HTML parser, and every `<form method="post">` on it is
fuzzed once per distinct (action, field names), as a persona that was shown it. First a fixed
battery: every field "a<NUL>b", then 10,000 × "é", a 20-digit number, "²" (empty files in file
fields); then FUZZ_EXAMPLES (default 3) Hypothesis examples that fill the fields with the values
the form offers and with hostile ones: NUL bytes, 10,000 characters, RTL text and emoji, wrong
choices, impossible dates and numbers, files of random or no bytes with hostile names. A
refused or accepted POST moves the world on (an accepted one may fix an agenda); the forms run
in a fixed order with seeded examples, so every run tries the same. For every answer:
- no 5xx and no exception text;
- refused (4xx, the form shown again with errors, or a redirect with an error message): no
  row of the portal's tables was added, removed or altered;
- shown again with errors: every free text the user typed is in the form again.
"""

import os
import re
import zlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.contrib import messages
from django.urls import resolve, reverse
from hypothesis import example, given, seed
from hypothesis import strategies as st

from tests.conftest import client_for
from tests.fuzz.checks import assert_sound, body_text, describe, request
from tests.fuzz.database import changes, snapshot
from tests.fuzz.form_data import battery, form_data, free_text_sent
from tests.fuzz.hostile import examples, fuzz_settings
from tests.fuzz.html_forms import Form, post_forms
from tests.fuzz.reach import fuzz_world, open_anonymous_report, visits

pytestmark = pytest.mark.django_db

# The upload forms: melding attachments (named and anonymous), meeting documents, request documents.
UPLOADS = {
    "vertrouwenspersoon:report-create",
    "vertrouwenspersoon:report-reply",
    "vertrouwenspersoon:receipt-reply",
    "vertrouwenspersoon:case-message",
    "ondernemingsraad:document-upload",
    "ondernemingsraad:document-version-add",
    "bestuurder:advice-create",
    "bestuurder:request-upload",
}
ERROR_MARKUP = ("is-invalid", "invalid-feedback", "errorlist", "alert-danger")
ADMIN = re.compile(r"^/beheer/")
# Tables a refused POST may add to: the page shown again is read again.
READ_LOGS = {"vertrouwenspersoon.ReadEvent": "every read of a melding is logged, also the page shown again"}
# Text fields a page rightly does not show again as typed.
NOT_SHOWN_AGAIN = {
    ("vertrouwenspersoon:receipt-start", "code"): "a receipt code is a secret, like a password",
    ("admin:auth_user_password_change", "username"): "Django's hidden hint for password managers",
}


def _skipped() -> dict[re.Pattern[str], str]:
    return {
        re.compile(f"^{re.escape(reverse('logout'))}$"): "ends the session; it reads no input",
        re.compile(f"^{re.escape(reverse('admin:logout'))}$"): "ends the session; it reads no input",
        re.compile(r"^/beheer/.*/delete/$"): "the admin's delete confirmation takes no input but 'yes'",
        re.compile(f"^{re.escape(reverse('vertrouwenspersoon:receipt-stop'))}$"): "ends the receipt session",
    }


@dataclass
class FoundForm:
    form: Form
    page: str
    personas: list[str] = field(default_factory=list)

    @property
    def view(self) -> str:
        return resolve(urlsplit(self.form.action).path).view_name

    def __str__(self) -> str:
        return f"{self.view} form {self.form.action} on {self.page} as {'/'.join(self.personas)}"


def discover(personas, world, clients) -> list[FoundForm]:
    """Every distinct POST form on the pages the personas may open; the admin's last, as
    what it accepts (users, groups) changes what the personas may do."""
    skipped = _skipped()
    found: dict[tuple[str, tuple[str, ...]], FoundForm] = {}
    for visit in visits(personas, world):
        if visit.case.method != "get":
            continue
        response = request(clients[visit.persona], "get", visit.url)
        text = body_text(response)
        if response.status_code != 200 or not text:
            continue
        for form in post_forms(text, visit.url):
            if any(pattern.search(form.action.split("?")[0]) for pattern in skipped):
                continue
            entry = found.setdefault((form.action, form.names), FoundForm(form, visit.url))
            if visit.persona not in entry.personas:
                entry.personas.append(visit.persona)
    return sorted(found.values(), key=lambda f: bool(ADMIN.match(f.form.action)))


def text_lost(form: Form, data: dict, page: str) -> list[str]:
    """The names of typed fields whose text the page does not show again."""
    shown: dict[str, set[str]] = {}
    for again in post_forms(page, form.action):
        for typed in again.fields:
            shown.setdefault(typed.name, set()).add(typed.value)
    view = resolve(urlsplit(form.action).path).view_name
    typed = free_text_sent(form, data).items()
    return [
        name
        for name, text in typed
        if text not in shown.get(name, set()) and (view, name) not in NOT_SHOWN_AGAIN
    ]


def _redirected_with_error(response) -> bool:
    """Refused, and sent back with an error message (small forms on a detail page). Only this
    request's messages count: earlier ones wait in the cookie, as the client follows no redirect."""
    queued = getattr(messages.get_messages(response.wsgi_request), "_queued_messages", [])
    return response.status_code == 302 and any(message.level >= messages.ERROR for message in queued)


def _fuzz(found: FoundForm, clients, failures: list[str]) -> None:
    @fuzz_settings(examples(3))
    @seed(zlib.crc32(f"{found.view}|{found.form.names}".encode()))
    @given(persona=st.sampled_from(found.personas), data=form_data(found.form))
    def run(persona: str, data: dict) -> None:
        before = snapshot()
        response = request(clients[persona], "post", found.form.action, data=data)
        page = assert_sound(response)
        shown_again = response.status_code == 200 and any(mark in page for mark in ERROR_MARKUP)
        if response.status_code >= 400 or shown_again or _redirected_with_error(response):
            changed = changes(before, snapshot(), logs=READ_LOGS)
            assert changed == [], f"refused with {response.status_code}, yet changed {changed}"
        if shown_again:
            lost = text_lost(found.form, data, page)
            assert lost == [], f"shown again with errors, without the typed text of {lost}"

    for number, data in enumerate(battery(found.form)):
        run = example(persona=found.personas[number % len(found.personas)], data=data)(run)
    try:
        run()
    except Exception as error:  # collect every broken form, then fail once
        failures.append(f"{found}: {describe(error)}")


def test_no_form_breaks_or_loses_data(personas):
    world = fuzz_world(personas)
    clients = {name: client_for(user) for name, user in personas.items()}
    open_anonymous_report(world, clients["anonymous"])
    found = discover(personas, world, clients)
    uploads = {f.view for f in found if f.form.enctype == "multipart/form-data"}
    assert UPLOADS <= uploads or os.environ.get("FUZZ_ONLY"), f"upload forms not found: {UPLOADS - uploads}"
    failures: list[str] = []
    for each in found:
        _fuzz(each, clients, failures)
    assert failures == [], f"{len(failures)} of {len(found)} forms broken:\n" + "\n".join(failures)
