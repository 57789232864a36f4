"""The French catalog: complete, faithful to its placeholders, up to date with the code, compiled.

The compiled catalog (django.mo) is in git so that a machine without GNU gettext still shows
French; these tests say when it, or the catalog itself, has fallen behind the code.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


def entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(CATALOG)) if not entry.obsolete]


def name(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"


def test_the_catalog_says_it_is_french():
    catalog = polib.pofile(str(CATALOG))
    assert catalog.metadata["Language"] == "fr"
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert "nplurals=" in catalog.metadata["Plural-Forms"]


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated = [name(e) for e in entries() if not e.translated()]
    fuzzy = [name(e) for e in entries() if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []
    assert len(entries()) > 1000  # the whole product, not a sample


def test_every_translation_keeps_the_placeholders_of_its_message():
    wrong = []
    for entry in entries():
        if entry.msgid_plural:
            allowed = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
            # French says "une place" for one: a form may leave out the count, never add one.
            if any(not placeholders(form) <= allowed for form in forms) or (
                placeholders(forms[-1]) != placeholders(entry.msgid_plural)
            ):
                wrong.append(name(entry))
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            wrong.append(name(entry))
    assert wrong == []


def test_placeholders_are_named_so_a_translator_can_reorder_them():
    anonymous = [name(e) for e in entries() if len(re.findall(r"%[sdif]|\{\}", e.msgid)) > 1]
    assert anonymous == []


def test_the_compiled_catalog_is_the_catalog():
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(COMPILED)) if e.msgid}
    source = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in entries() if e.translated()}
    stale = sorted(str(key) for key in source.keys() ^ compiled.keys())
    assert stale == [], "run `make messages` and commit locale/fr/LC_MESSAGES/django.mo"
    assert {k: v for k, v in compiled.items() if source[k] != v} == {}


def _gettext_tools() -> bool:
    return shutil.which("xgettext") is not None and shutil.which("msgmerge") is not None


def _tree_copy(destination: Path) -> None:
    """What makemessages reads (the package, manage.py) and the catalog, in a place of their own."""
    shutil.copytree(
        ROOT / "hotseat",
        destination / "hotseat",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "vendor", "*.png", "*.jpg"),
    )
    shutil.copy2(ROOT / "manage.py", destination / "manage.py")
    shutil.copytree(ROOT / "locale", destination / "locale", ignore=shutil.ignore_patterns("parts"))


def test_no_marked_string_is_missing_from_the_catalog(tmp_path):
    """makemessages over today's code finds exactly the catalog's messages: none new, none gone."""
    if not _gettext_tools():
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext, msgmerge) is needed to check the catalog under CI=true")
        pytest.skip("GNU gettext is not installed: the catalog is not compared with the code (apt-get install gettext)")
    _tree_copy(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "hotseat.settings"}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "manage.py", "makemessages", "--locale", "fr", "--no-obsolete"]
    command += ["--add-location", "file", "--ignore", "locale/*"]
    subprocess.run(command, cwd=tmp_path, env=env, check=True, capture_output=True, timeout=300)  # noqa: S603

    def keys(path: Path) -> set[tuple[str | None, str, str | None]]:
        return {(e.msgctxt, e.msgid, e.msgid_plural or None) for e in polib.pofile(str(path)) if not e.obsolete}

    regenerated = keys(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    committed = keys(CATALOG)
    assert sorted(map(str, regenerated - committed)) == [], "marked in the code, not in the catalog: `make messages`"
    assert sorted(map(str, committed - regenerated)) == [], "in the catalog, gone from the code: `make messages`"
