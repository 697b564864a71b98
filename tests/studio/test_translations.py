"""Plural messages in the studio's catalogues have every form their language needs
(Polish and Ukrainian have four), so "0 osób" never falls back to English."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "studio" / "locale"


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_every_plural_form_is_translated(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    forms = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    plurals = [entry for entry in catalogue if entry.msgid_plural]
    assert plurals
    for entry in plurals:
        assert [entry.msgstr_plural.get(i, "") != "" for i in range(forms)] == [True] * forms, entry.msgid


@pytest.mark.parametrize("language, count, expected", [("pl", 0, "0 osób"), ("pl", 22, "22 osoby"), ("uk", 5, "5 осіб")])
def test_completion_counts_read_naturally(language, count, expected):
    with translation.override(language):
        text = translation.ngettext("%(rate)s%% (%(counter)s person)", "%(rate)s%% (%(counter)s people)", count)
    assert expected in text % {"rate": 10, "counter": count}
