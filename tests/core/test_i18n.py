"""The Dutch catalogue is complete, compiled and current, and pages are Dutch by default.

When one of the catalogue tests fails, run `make messages`, translate what it added
to locale/nl/LC_MESSAGES/django.po and run `make messages` again to compile it.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
PO_FILE = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# The folders `make messages` leaves out, plus what makemessages skips anyway
# (hidden folders, the catalogue itself, caches).
NOT_SCANNED = {".venv", "staticfiles", "var", "locale", "node_modules", "__pycache__"}


def _key(entry: polib.POEntry | polib.MOEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _label(key: tuple[str | None, str]) -> str:
    context, msgid = key
    return f"{msgid!r} (context {context!r})" if context else repr(msgid)


def _translation(entry: polib.POEntry | polib.MOEntry) -> str | tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return entry.msgstr


def _entries(catalogue: polib.POFile) -> list[polib.POEntry]:
    """The live entries: not the header, not obsolete (#~) ones."""
    return [entry for entry in catalogue if not entry.obsolete and entry.msgid]


@pytest.fixture(autouse=True)
def _keep_the_active_language():
    """The locale middleware activates a language for the thread; don't leak it."""
    with translation.override(translation.get_language()):
        yield


def test_every_dutch_translation_is_present_and_not_fuzzy():
    catalogue = polib.pofile(str(PO_FILE))
    assert catalogue.metadata.get("Language") == "nl"
    assert catalogue.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in catalogue.metadata.get("Content-Type", "")

    problems = []
    for entry in _entries(catalogue):
        if entry.fuzzy:
            problems.append(f"fuzzy: {_label(_key(entry))}")
        elif entry.msgid_plural:
            forms = entry.msgstr_plural
            if sorted(forms) != [0, 1] or not all(forms.values()):
                problems.append(f"plural forms missing: {_label(_key(entry))}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {_label(_key(entry))}")
    assert not problems, "Dutch catalogue incomplete:\n" + "\n".join(problems)


def test_compiled_catalogue_matches_the_po_file():
    # msgfmt leaves out fuzzy and untranslated entries (the first test reports those).
    source = {
        _key(entry): _translation(entry)
        for entry in _entries(polib.pofile(str(PO_FILE)))
        if entry.translated()
    }
    compiled = {_key(entry): _translation(entry) for entry in polib.mofile(str(MO_FILE)) if entry.msgid}

    differences = [
        f"{_label(key)}: .po {wanted!r}, .mo {compiled.get(key, '<missing>')!r}"
        for key, wanted in source.items()
        if compiled.get(key) != wanted
    ]
    differences += [f"{_label(key)}: only in the .mo" for key in compiled.keys() - source.keys()]
    assert not differences, "django.mo is out of date; run `make messages` and commit the .mo:\n" + "\n".join(
        differences
    )


def _copy_source_tree(target: Path) -> None:
    def ignore(directory: str, names: list[str]) -> set[str]:
        return {name for name in names if name in NOT_SCANNED or name.startswith(".")}

    for child in ROOT.iterdir():
        if child.name in NOT_SCANNED or child.name.startswith("."):
            continue
        if child.is_dir():
            shutil.copytree(child, target / child.name, ignore=ignore)
        else:
            shutil.copy2(child, target / child.name)


def test_every_source_string_is_in_the_catalogue(tmp_path):
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")

    # makemessages in a copy of the project, so the real catalogue is never touched:
    # the copied settings compute BASE_DIR, and so LOCALE_PATHS, from the copy.
    _copy_source_tree(tmp_path)
    (tmp_path / "locale" / "nl" / "LC_MESSAGES").mkdir(parents=True)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "PYTHONPATH": str(tmp_path),
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "--locale=nl",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=staticfiles",
            "--ignore=var",
            "--verbosity=0",
        ],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
        timeout=60,
    )
    extracted = {
        _key(entry) for entry in _entries(polib.pofile(str(tmp_path / "locale/nl/LC_MESSAGES/django.po")))
    }
    committed = {_key(entry) for entry in _entries(polib.pofile(str(PO_FILE)))}

    missing = sorted(extracted - committed, key=str)
    stale = sorted(committed - extracted, key=str)
    assert not missing and not stale, (
        "locale/nl/LC_MESSAGES/django.po is not current; run `make messages`.\n"
        + "".join(f"missing: {_label(key)}\n" for key in missing)
        + "".join(f"no longer in the source: {_label(key)}\n" for key in stale)
    )


@pytest.mark.django_db
def test_pages_are_dutch_by_default_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert "Inloggen" in page
    assert not re.search(r">\s*Log in\s*<", page)


def _switch(client: Client, language: str) -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": "/account/inloggen/"})
    assert response.status_code == 302
    assert response["Location"] == "/account/inloggen/"


@pytest.mark.django_db
def test_the_language_switcher_switches_to_english_and_back(client):
    _switch(client, "en")
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<html lang="en">' in page
    assert re.search(r">\s*Log in\s*<", page)
    assert "Inloggen" not in page

    _switch(client, "nl")
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl">' in page
    assert "Inloggen" in page
    assert not re.search(r">\s*Log in\s*<", page)
