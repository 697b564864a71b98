"""From what someone typed to search terms: pure functions, no database.

Anything is accepted (NUL, operators, quotes, SQL, 10 KB of text): only runs of letters
and digits survive, so nothing typed can reach a query language as syntax. Each term
carries a *light stem* — the word without one common Polish, Ukrainian or English
ending — used as a prefix, so "uchodźcami" also finds "uchodźców" where no dictionary
is available (SQLite) and unaccented input ("uchodzcow") still meets inflected text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY_CHARS = 300
MAX_TERMS = 8
MAX_TERM_CHARS = 40
MIN_STEM = 4

_WORD = re.compile(r"[^\W_]+")
_SUFFIXES = sorted(
    {
        # Polish (with and without diacritics: people type both)
        "owania",
        "owanie",
        "owaniu",
        "ościami",
        "osciami",
        "ościach",
        "osciach",
        "ości",
        "osci",
        "ami",
        "ach",
        "ów",
        "ow",
        "om",
        "ego",
        "emu",
        "ymi",
        "imi",
        "ych",
        "ich",
        "iej",
        "ej",
        "ie",
        "ia",
        "ią",
        "iu",
        "ii",
        "ą",
        "ę",
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
        # Ukrainian
        "ами",
        "ями",
        "ах",
        "ях",
        "ів",
        "ям",
        "ом",
        "ою",
        "ею",
        "ої",
        "ий",
        "ій",
        "их",
        "им",
        "а",
        "я",
        "і",
        "и",
        "у",
        "ю",
        "о",
        "е",
        "ї",
        "ь",
        # English
        "ing",
        "ies",
        "es",
        "s",
        "ed",
    },
    key=len,
    reverse=True,
)
# Words that only glue a query together; dropped when other words remain.
_STOP = {
    "w",
    "z",
    "i",
    "a",
    "o",
    "u",
    "na",
    "do",
    "dla",
    "od",
    "po",
    "we",
    "ze",
    "się",
    "sie",
    "czy",
    "jak",
    "oraz",
    "the",
    "of",
    "and",
    "an",
    "in",
    "on",
    "for",
    "to",
    "with",
    "by",
    "і",
    "й",
    "в",
    "у",
    "з",
    "на",
    "до",
    "для",
    "та",
    "що",
    "про",
}


@dataclass(frozen=True)
class Term:
    word: str
    stem: str

    @property
    def prefixes(self) -> tuple[str, ...]:
        return (self.word,) if self.stem == self.word else (self.word, self.stem)


def light_stem(word: str) -> str:
    if len(word) <= MIN_STEM:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def parse(raw: str) -> list[Term]:
    """The terms of a query, in order, without duplicates; [] when nothing is searchable."""
    words = []
    for word in _WORD.findall((raw or "")[:MAX_QUERY_CHARS].lower()):
        word = word[:MAX_TERM_CHARS]
        if word not in words:
            words.append(word)
    meaningful = [word for word in words if word not in _STOP]
    words = meaningful or words
    return [Term(word, light_stem(word)) for word in words[:MAX_TERMS]]
