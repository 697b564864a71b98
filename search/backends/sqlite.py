"""SQLite: an FTS5 table (``search_fts``, external content, unicode61 tokenizer with
diacritics removed) mirrors the entries through triggers. Every term is a prefix query
on the word and on its light stem, so "uchodzcow" finds "uchodźców" and "uchodźcami"
finds "uchodźcy"; ranked by bm25 with title > summary/keywords > body. No dictionary and
no typo correction: the relevance test marks which queries this backend answers."""

from __future__ import annotations

from datetime import UTC

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ..query import Term
from . import MARK_END, MARK_START, Hit, Results, Scope

_COUNTS = "SELECT kind, language, count(*) FROM matched GROUP BY kind, language"
_PAGE = "SELECT m.id, m.score FROM matched m ORDER BY m.score, m.id LIMIT %s OFFSET %s"


def match_expression(terms: list[Term]) -> str:
    # Terms hold letters and digits only (search.query): quoting them is enough.
    # "ł" is folded to "l" on both sides (migration search 0002).
    return " AND ".join(
        "(" + " OR ".join(f'"{prefix.replace("ł", "l")}"*' for prefix in term.prefixes) + ")"
        for term in terms
    )


def _visibility(scope: Scope) -> tuple[str, list]:
    sql = "((e.is_public AND (e.published_at IS NULL OR e.published_at <= %s))"
    params: list = [timezone.now()]
    if scope.content_course_ids is None:
        sql += " OR e.course_id IS NOT NULL"
    elif scope.content_course_ids:
        ids = sorted(scope.content_course_ids)
        sql += f" OR e.course_id IN ({', '.join(['%s'] * len(ids))})"
        params += ids
    if scope.audiences is None:
        sql += " OR e.audience <> ''"
    elif scope.audiences:
        tokens = sorted(scope.audiences)
        sql += f" OR e.audience IN ({', '.join(['%s'] * len(tokens))})"
        params += tokens
    sql += ")"
    if scope.kinds:
        sql += f" AND e.kind IN ({', '.join(['%s'] * len(scope.kinds))})"
        params += list(scope.kinds)
    if scope.language:
        sql += " AND e.language = %s"
        params.append(scope.language)
    return sql, params


def search(terms: list[Term], scope: Scope, *, limit: int, offset: int) -> Results:
    where_sql, where_params = _visibility(scope)
    # bm25 is lower for better matches; one row per group, its best-scoring entry.
    matched = f"""
        WITH scored AS MATERIALIZED (
            SELECT e.id, e.kind, e.language, e.group_key,
                   bm25(search_fts, 10.0, 4.0, 4.0, 1.0) AS score
            FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid
            WHERE search_fts MATCH %s AND {where_sql}
        ),
        matched AS (
            SELECT id, kind, language, min(score) AS score FROM scored GROUP BY group_key
        )
    """  # noqa: S608 - fixed SQL, values are parameters
    params = [match_expression(terms)] + where_params
    with connection.cursor() as cursor:
        cursor.execute(matched + _COUNTS, params)
        facets: dict[str, dict[str, int]] = {"kind": {}, "language": {}}
        total = 0
        for kind, language, count in cursor.fetchall():
            facets["kind"][kind] = facets["kind"].get(kind, 0) + count
            facets["language"][language] = facets["language"].get(language, 0) + count
            total += count
        if not total:
            return Results(total=0, facets=facets)
        cursor.execute(matched + _PAGE, params + [limit, offset])
        ranked = cursor.fetchall()
        ids = [row[0] for row in ranked]
        cursor.execute(
            f"""
            SELECT e.id, e.kind, e.category, e.language, e.title, e.url, e.context, e.published_at,
                   snippet(search_fts, 3, %s, %s, ' … ', 24), snippet(search_fts, 1, %s, %s, ' … ', 24)
            FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid
            WHERE search_fts MATCH %s AND e.id IN ({", ".join(["%s"] * len(ids))})
            """,  # noqa: S608 - fixed SQL, values are parameters
            [MARK_START, MARK_END, MARK_START, MARK_END, match_expression(terms), *ids],
        )
        rows = {row[0]: row for row in cursor.fetchall()}
    hits = []
    for entry_id in ids:
        row = rows[entry_id]
        snippet = row[8] if MARK_START in (row[8] or "") else (row[9] or row[8])
        published_at = parse_datetime(row[7]) if isinstance(row[7], str) else row[7]
        if published_at is not None and timezone.is_naive(published_at):
            published_at = timezone.make_aware(published_at, UTC)
        hits.append(Hit.from_row(row, published_at=published_at, snippet=snippet))
    return Results(hits=hits, total=total, facets=facets)
