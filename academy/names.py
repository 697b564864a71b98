"""Full names, as printed on certificates and shown on the public verification page.

A name may hold letters, the combining marks its letters need, spaces, hyphens,
apostrophes and dots. A letter is accepted only if every certificate font has a glyph
for it (today PT Serif and PT Sans: Latin and Cyrillic, not Greek, Arabic or CJK), so a
certificate never prints a missing-glyph box. Invisible characters (right-to-left
override, zero-width space), emoji, symbols and control characters are refused: they
let a name on the verification page pass for another.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PUNCTUATION = frozenset(" -'’.")


@cache
def printable_letters() -> frozenset[str]:
    """Letters and combining marks that every certificate font can print."""
    from certificates.pdf import font_characters

    return frozenset(char for char in font_characters() if unicodedata.category(char)[0] in "LM")


def clean_full_name(value: str) -> str:
    """The name in NFC with runs of spaces collapsed; raises ValidationError."""
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if len(name) < 3:
        raise ValidationError(_("Enter your full name."), code="full_name_short")
    letters = printable_letters()
    if any(char not in letters and char not in PUNCTUATION for char in name) or not any(
        unicodedata.category(char)[0] == "L" for char in name
    ):
        raise ValidationError(
            _(
                "Use only letters of the Latin or Cyrillic alphabet, spaces, hyphens, apostrophes "
                "and dots: the name is printed on certificates exactly as typed."
            ),
            code="full_name_characters",
        )
    return name


def clean_printed_text(value: str) -> str:
    """Other text printed on certificates (an organisation's name): any character the
    certificate fonts print except control and invisible formatting characters."""
    text = " ".join(unicodedata.normalize("NFC", value).split())
    printable = printable_characters()
    if any(char not in printable for char in text):
        raise ValidationError(
            _(
                "Use only letters of the Latin or Cyrillic alphabet, digits and ordinary punctuation: "
                "this name is printed on certificates."
            ),
            code="printed_text_characters",
        )
    return text


@cache
def printable_characters() -> frozenset[str]:
    from certificates.pdf import font_characters

    return frozenset(
        char
        for char in font_characters()
        if unicodedata.category(char) not in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp")
    ) | {" "}
