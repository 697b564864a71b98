"""The academy's one search interface: ``search(raw, user=...)``.

Parses what was typed (``search.query``), decides what the person may see
(``search.permissions``) and asks the backend for the connection's database:
PostgreSQL full text or SQLite FTS5. Never raises on input: anything unsearchable is
an empty result."""

from __future__ import annotations

from django.db import connection

from .backends import Results, Scope
from .permissions import content_course_ids
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
        content_course_ids=content_course_ids(user), kinds=tuple(kinds), language=language
    )
    return backend().search(
        terms, scope, limit=max(1, min(limit, 100)), offset=max(0, min(offset, 10_000))
    )
