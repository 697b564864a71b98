"""Every catalogue of the project is complete in Polish and Ukrainian.

English catalogues may leave msgstr empty: the source strings are English.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    path
    for path in [
        *BASE.glob("*/locale/*/LC_MESSAGES/django.po"),
        *BASE.glob("locale/*/LC_MESSAGES/django.po"),
    ]
    if path.parts[-3] in {"pl", "uk"}
    and ".venv" not in path.parts
    and "node_modules" not in path.parts
)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")


def test_there_are_catalogues_for_polish_and_ukrainian():
    languages = {path.parts[-3] for path in CATALOGUES}
    assert languages == {"pl", "uk"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(BASE)))
def test_every_entry_is_translated_and_keeps_its_placeholders(path):
    problems = []
    catalogue = polib.pofile(str(path))
    forms = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        translations = (
            [entry.msgstr_plural.get(index, "") for index in range(forms)]
            if entry.msgid_plural
            else [entry.msgstr]
        )
        if not all(text.strip() for text in translations):
            problems.append(f"untranslated: {entry.msgid!r}")
            continue
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in translations:
            if entry.msgid_plural:
                # Plural forms may drop the count for a form that implies it (e.g. Polish "jeden").
                if not set(PLACEHOLDER.findall(text)) <= set(
                    PLACEHOLDER.findall(entry.msgid + entry.msgid_plural)
                ):
                    problems.append(f"placeholders differ: {entry.msgid!r} -> {text!r}")
            elif sorted(PLACEHOLDER.findall(text)) != expected:
                problems.append(f"placeholders differ: {entry.msgid!r} -> {text!r}")
    assert not problems, "\n".join(problems)


ALL_CATALOGUES = sorted(
    path
    for path in [
        *BASE.glob("*/locale/*/LC_MESSAGES/django.po"),
        *BASE.glob("locale/*/LC_MESSAGES/django.po"),
    ]
    if ".venv" not in path.parts and "node_modules" not in path.parts
)


@pytest.mark.parametrize("path", ALL_CATALOGUES, ids=lambda p: str(p.relative_to(BASE)))
def test_every_catalogue_parses_and_lists_each_message_once(path):
    """English too: a merge that drops a msgstr line breaks compiling every later catalogue."""
    catalogue = polib.pofile(str(path))
    ids = [(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
