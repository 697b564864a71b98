"""One interface, two backends: PostgreSQL full text (hunspell pl/uk, unaccent, pg_trgm)
and SQLite FTS5. ``search.service.search`` picks the one that fits the connection."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

# Highlight markers the database puts around matches; escaped text never contains them.
MARK_START = "\ue000"
MARK_END = "\ue001"


@dataclass(frozen=True)
class Hit:
    entry_id: int
    kind: str
    category: str
    language: str
    title: str
    url: str
    context: str
    snippet: str  # HTML: escaped text with <mark> around matches
    published_at: datetime | None

    @classmethod
    def from_row(cls, row, *, published_at, snippet: str) -> Hit:
        """A hit from a backend's result row: id, kind, category, language, title, url,
        context first (both backends select them in that order)."""
        return cls(*row[:7], snippet=marked_html(snippet), published_at=published_at)


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    """What the person may see: public entries, plus course content of these courses
    (None: every course, for staff)."""

    content_course_ids: frozenset[int] | None
    kinds: tuple[str, ...] = ()
    language: str = ""
    # Private audiences (search.permissions.audiences): None is every one (staff).
    audiences: frozenset[str] | None = frozenset()


def marked_html(text: str) -> str:
    escaped = html.escape(text or "")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
