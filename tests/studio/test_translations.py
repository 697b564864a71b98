"""Plural messages read naturally in Polish and Ukrainian (every form is checked for all
catalogues in tests/academy/test_translations.py)."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.mark.parametrize(
    "language, count, expected", [("pl", 0, "0 osób"), ("pl", 22, "22 osoby"), ("uk", 5, "5 осіб")]
)
def test_completion_counts_read_naturally(language, count, expected):
    with translation.override(language):
        text = translation.ngettext(
            "%(rate)s%% (%(counter)s person)", "%(rate)s%% (%(counter)s people)", count
        )
    assert expected in text % {"rate": 10, "counter": count}
