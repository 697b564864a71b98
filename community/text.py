"""Post text: the same sanitiser as course pages, quotes, @mentions and blocked words.
Pure functions, no queries."""

from __future__ import annotations

import re
from html import escape

from django.utils.html import strip_tags

from courses.html import sanitize_html

# "@Anna Nowak" or "@Anna": one or two words of letters (Polish and Ukrainian included).
_MENTION = re.compile(r"(?<![\w@])@(\w[\w'-]*(?:\s\w[\w'-]*)?)", re.UNICODE)


def clean_body(html: str) -> str:
    return sanitize_html(html or "")


def plain(html: str) -> str:
    return " ".join(strip_tags(html or "").split())


def quote_html(*, author: str, body: str) -> str:
    """A quote of another post: its plain text (never its HTML) in a blockquote."""
    text = plain(body)
    if len(text) > 600:
        text = text[:600] + "…"
    return f"<blockquote><p><strong>{escape(author)}</strong>: {escape(text)}</p></blockquote>"


def mentioned_names(html: str) -> list[str]:
    """Candidate names after "@": each one- and two-word form, at most 20."""
    names: list[str] = []
    for match in _MENTION.finditer(plain(html)):
        words = match.group(1).split()
        for candidate in (" ".join(words), words[0]):
            if candidate not in names:
                names.append(candidate)
    return names[:20]


def blocked_words_in(text: str, words: list[str]) -> list[str]:
    lowered = plain(text).casefold()
    return [
        word for word in words if re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)", lowered)
    ]
