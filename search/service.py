"""The academy's one search interface: ``search(raw, user=...)``.

Parses what was typed (``search.query``), decides what the person may see
(``search.permissions``) and asks the backend for the connection's database:
PostgreSQL full text or SQLite FTS5. Never raises on input: anything unsearchable is
an empty result."""

from __future__ import annotations

from django.db import connection

from .backends import Results, Scope
from .permissions import audiences, content_course_ids
from .query import parse


def backend():
    if connection.vendor == "postgresql":
        from .backends import postgres

        return postgres
    from .backends import sqlite

    return sqlite


def search(
    raw: str, *, user, kinds=(), language: str = "", limit: int = 20, offset: int = 0
) -> Results:
    terms = parse(raw)
    if not terms:
        return Results()
    scope = Scope(
        content_course_ids=content_course_ids(user),
        kinds=tuple(kinds),
        language=language,
        audiences=audiences(user),
    )
    return backend().search(
        terms, scope, limit=max(1, min(limit, 100)), offset=max(0, min(offset, 10_000))
    )


def catalog_course_ids(raw: str) -> list[int] | None:
    """Published courses whose catalogue entry matches ``raw``, best first (at most 200);
    None while no course is indexed yet, so the catalogue keeps its own filter."""
    from django.contrib.auth.models import AnonymousUser

    from .models import Kind, SearchEntry

    results = search(raw, user=AnonymousUser(), kinds=(Kind.COURSE,), limit=200)
    if not results.hits:
        return None if not SearchEntry.objects.filter(kind=Kind.COURSE).exists() else []
    by_entry = dict(
        SearchEntry.objects.filter(pk__in=[hit.entry_id for hit in results.hits]).values_list(
            "pk", "course_id"
        )
    )
    return [by_entry[hit.entry_id] for hit in results.hits if by_entry.get(hit.entry_id)]
