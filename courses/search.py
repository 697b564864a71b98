"""Catalogue search: word by word, case- and diacritics-insensitive, the same on SQLite
and PostgreSQL.

SQLite folds only ASCII case and neither database strips Polish or Ukrainian marks the
same way, so the text is folded in Python: one query reads the searchable text of the
candidate courses (title, summary, topic names in every language, trainers' names) and the
page is then read by id. Published courses number in the hundreds, not millions; the
academy-wide full-text search (knowledge base) can replace this module behind
``matching_course_ids``.

Every word of the query must occur somewhere in a course's text. Words of five letters or
more may differ in their last two letters (at least four stay), which covers most Polish
and Ukrainian endings: "ukraina" finds "Ukrainy", "tłumaczom" finds "tłumacz".
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

# Letters that carry no combining mark to strip, so NFKD leaves them alone.
_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case without diacritics: "Tłumacz ŁÓDŹ" -> "tlumacz lodz", "Їжак" -> "іжак"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def query_stems(query: str) -> list[str]:
    """The folded words of a query, each cut to the part that must match."""
    stems = []
    for word in fold(query).split():
        word = "".join(char for char in word if char.isalnum())
        if not word:
            continue
        stems.append(word[: max(4, len(word) - 2)] if len(word) >= 5 else word)
    return stems


def matching_course_ids(courses, query: str) -> list[int] | None:
    """Ids of ``courses`` (a queryset) whose text contains every word of ``query``, or
    None when the query has no words. One query."""
    stems = query_stems(query)
    if not stems:
        return None
    texts: dict[int, list[str]] = defaultdict(list)
    rows = courses.values_list(
        "pk",
        "title",
        "summary",
        "topics__name",
        "topics__name_en",
        "topics__name_uk",
        "trainers__full_name",
    )
    for pk, *parts in rows:
        texts[pk].extend(part for part in parts if part)
    found = []
    for pk, parts in texts.items():
        haystack = fold(" ".join(dict.fromkeys(parts)))
        if all(stem in haystack for stem in stems):
            found.append(pk)
    return found
