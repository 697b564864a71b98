"""Writes to the search index. Sources (knowledge, courses) call these; nothing else
writes ``SearchEntry`` rows."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from .models import SearchEntry

# A tsvector holds at most 1 MB; this keeps the text of ~250 pages per entry.
MAX_BODY_CHARS = 400_000


@transaction.atomic
def entry_upsert(
    *,
    key: str,
    kind: str,
    title: str,
    url: str,
    language: str,
    group: str = "",
    summary: str = "",
    keywords: str = "",
    body: str = "",
    category: str = "",
    context: str = "",
    is_public: bool = True,
    audience: str = "",
    course_id: int | None = None,
    published_at: datetime | None = None,
    year: int | None = None,
) -> SearchEntry:
    values = {
        "kind": kind,
        "title": title[:300],
        "url": url,
        "language": language,
        "group_key": group or key,
        "summary": summary.replace("\x00", ""),
        "keywords": keywords.replace("\x00", ""),
        "body": body.replace("\x00", "")[:MAX_BODY_CHARS],
        "category": category,
        "context": context[:300],
        "is_public": is_public and not audience,
        "audience": audience,
        "course_id": course_id,
        "published_at": published_at,
        "year": year,
    }
    entry = SearchEntry.objects.select_for_update().filter(key=key).first()
    if entry is None:
        return SearchEntry.objects.create(key=key, **values)
    if all(getattr(entry, name) == value for name, value in values.items()):
        # Nothing changed (a repeated re-index): no write, so the trigger does not rebuild
        # the entry's search vectors from its whole text again.
        return entry
    for name, value in values.items():
        setattr(entry, name, value)
    entry.save()
    return entry


def entries_delete(*, keys=(), prefix: str = "", keep=()) -> int:
    """Delete entries by key, or every entry whose key starts with ``prefix`` except ``keep``."""
    deleted = 0
    if keys:
        deleted += SearchEntry.objects.filter(key__in=list(keys)).delete()[0]
    if prefix:
        deleted += (
            SearchEntry.objects.filter(key__startswith=prefix)
            .exclude(key__in=list(keep))
            .delete()[0]
        )
    return deleted
