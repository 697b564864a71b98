"""PostgreSQL: a weighted tsvector per entry (title A, summary and keywords B, body C),
built by a trigger with the entry language's configuration (``polish`` and ``ukrainian``
use Debian's hunspell dictionaries when the server has them) *and* an accent-free
``academy_unaccent`` configuration. Each term matches through any language's dictionary,
its unaccented prefix or its light stem; terms a word list knows nothing about get their
closest words by trigram similarity (typos). Ranked with ts_rank_cd, one hit per group
(a publication's language versions), highlighted with ts_headline for the shown page."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from ..query import Term
from . import MARK_END, MARK_START, Hit, Results, Scope

CONFIGS = ("polish", "ukrainian", "english")
_HEADLINE = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)
# Typo correction looks only at words this long, and keeps close neighbours only.
_TYPO_MIN = 5
_TYPO_SIMILARITY = 0.45


# Snippets, for the shown page only. ts_headline re-parses the text it is given (~0.25 ms
# per 1,000 characters), the costliest step of a search, so it gets a short text: the
# summary when the title, summary or keywords match (most top results, which rank by
# them), otherwise 2,500 characters of the body around the first occurrence of the
# first term's stem as typed in its first 200,000 characters (or the body's start).
_HEADLINE_CHARS = 2_500
_FIND_CHARS = 200_000
_BEFORE_MATCH = 300


def _corrections(terms: list[Term]) -> dict[str, list[str]]:
    words = [t.word for t in terms if len(t.word) >= _TYPO_MIN]
    if not words:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.term, l.word
            FROM unnest(%s::text[]) AS t(term)
            -- A word the index knows is no typo: the trigram search is for the others.
            CROSS JOIN LATERAL (SELECT NOT EXISTS (
                SELECT 1 FROM search_lexicon WHERE word = unaccent(t.term)
            ) AS unknown) AS k
            CROSS JOIN LATERAL (
                SELECT word FROM search_lexicon
                WHERE k.unknown AND word %% unaccent(t.term)
                  AND similarity(word, unaccent(t.term)) >= %s
                ORDER BY similarity(word, unaccent(t.term)) DESC LIMIT 3
            ) AS l
            """,
            [words, _TYPO_SIMILARITY],
        )
        found: dict[str, list[str]] = {}
        for term, word in cursor.fetchall():
            found.setdefault(term, []).append(word)
    return found


def _tsquery(terms: list[Term], corrections: dict[str, list[str]], *, prefixes=True):
    """SQL for one tsquery (terms AND-ed, each an OR of its forms) and its parameters.
    Terms contain only letters and digits (search.query), so quoting them is safe.
    Without ``prefixes``: the exact forms only, and the terms OR-ed (for ranking)."""
    parts, params = [], []
    for term in terms:
        forms = [f"to_tsquery('{config}', %s)" for config in CONFIGS]
        params += [f"'{term.word}'"] * len(CONFIGS)
        for prefix in term.prefixes if prefixes else ():
            forms.append("to_tsquery('academy_unaccent', %s)")
            params.append(f"'{prefix}':*")
        for word in corrections.get(term.word, []):
            forms.append("to_tsquery('academy_unaccent', %s)")
            params.append(f"'{word}'")
        parts.append("(" + " || ".join(forms) + ")")
    return (" && " if prefixes else " || ").join(parts), params


def _visibility(scope: Scope) -> tuple[str, list]:
    sql = "((e.is_public AND (e.published_at IS NULL OR e.published_at <= %s))"
    params: list = [timezone.now()]
    if scope.content_course_ids is None:
        sql += " OR e.course_id IS NOT NULL"
    elif scope.content_course_ids:
        sql += " OR e.course_id = ANY(%s)"
        params.append(sorted(scope.content_course_ids))
    if scope.audiences is None:
        sql += " OR e.audience <> ''"
    elif scope.audiences:
        sql += " OR e.audience = ANY(%s)"
        params.append(sorted(scope.audiences))
    sql += ")"
    return sql, params


def _narrowing(scope: Scope) -> tuple[str, list]:
    """The kind and language filters, applied to the matches: written into the match
    itself they let the planner read every entry of a kind (and its large vector)
    through the kind index instead of the text index."""
    sql, params = "TRUE", []
    if scope.kinds:
        sql += " AND kind = ANY(%s)"
        params.append(list(scope.kinds))
    if scope.language:
        sql += " AND language = %s"
        params.append(scope.language)
    return sql, params


def _fetch_with_index(sql: str, params: list) -> list[tuple]:
    """Run the search statement with the planner told to use the GIN index.

    The planner prices a row's ``@@`` without the cost of reading its large, TOASTed
    vector, so it prefers reading every entry to the index; the index (an exact bitmap:
    no vector is read) was 10-50x faster on 1,000 publications of 20 pages, and the gap
    grows with the data. The settings are transaction-local: a transaction of its own
    (committed at once), or the caller's, reset after the statement (on an error the
    caller's rollback undoes them)."""
    forced = "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off"
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(forced)
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            cursor.execute("RESET enable_seqscan; RESET enable_indexscan")
        return rows
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(forced)
        cursor.execute(sql, params)
        return cursor.fetchall()


def search(terms: list[Term], scope: Scope, *, limit: int, offset: int) -> Results:
    corrections = _corrections(terms)
    query_sql, query_params = _tsquery(terms, corrections)
    rank_sql, rank_params = _tsquery(terms, corrections, prefixes=False)
    where_sql, where_params = _visibility(scope)
    narrow_sql, narrow_params = _narrowing(scope)
    # One statement: the match once (materialised), its facet counts and the shown page.
    # Ranking reads the small ``head`` vector (title A, summary and keywords B); a match in
    # the body only adds a constant, so a body of 300 pages is never read to rank it.
    sql = f"""
        WITH q AS (SELECT ({query_sql}) AS query, ({rank_sql}) AS ranking),
        hits AS MATERIALIZED (
            SELECT e.id, e.group_key, e.kind, e.language, e.published_at,
                   ts_rank(e.head, q.ranking) + 0.01 AS rank
            FROM search_searchentry e, q
            WHERE e.vector @@ ({query_sql}) AND {where_sql}
        ),
        matched AS MATERIALIZED (
            -- "C": group keys are compared byte by byte (the locale's rules cost a third
            -- of the search on 9,000 matches and change no group).
            SELECT DISTINCT ON (group_key COLLATE "C") id, kind, language, rank, published_at
            FROM hits WHERE {narrow_sql} ORDER BY group_key COLLATE "C", rank DESC, id
        ),
        facets AS (SELECT kind, language, count(*) AS n FROM matched GROUP BY kind, language),
        shown AS (
            SELECT id, rank, published_at FROM matched
            ORDER BY rank DESC, published_at DESC NULLS LAST, id LIMIT %s OFFSET %s
        ),
        page AS (
            SELECT id, row_number() OVER (ORDER BY rank DESC, published_at DESC NULLS LAST, id) AS position
            FROM shown
        )
        SELECT NULL, f.kind, NULL, f.language, NULL, NULL, NULL, NULL, NULL, f.n, NULL FROM facets f
        UNION ALL
        SELECT e.id, e.kind, e.category, e.language, e.title, e.url, e.context, e.published_at,
               ts_headline('academy_unaccent',
                           CASE WHEN e.body = '' OR (e.summary <> '' AND e.head @@ (SELECT query FROM q))
                                THEN e.summary
                                ELSE substr(e.body, greatest(1, coalesce(nullif(
                                    strpos(left(e.body, %s), %s), 0), 1) - %s), %s)
                           END,
                           (SELECT query FROM q), %s),
               NULL, p.position
        FROM page p JOIN search_searchentry e ON e.id = p.id
    """  # noqa: S608 - fixed SQL, values are parameters
    # The query is written twice: in ``q`` for ranking and highlighting, and inline in the
    # match so the planner can use the GIN index (a value from a CTE cannot drive it).
    snippet = [_FIND_CHARS, terms[0].stem, _BEFORE_MATCH, _HEADLINE_CHARS]
    params = (
        query_params
        + rank_params
        + query_params
        + where_params
        + narrow_params
        + [limit, offset, *snippet, _HEADLINE]
    )
    rows = _fetch_with_index(sql, params)
    facets: dict[str, dict[str, int]] = {"kind": {}, "language": {}}
    total = 0
    hits = []
    for row in rows:
        if row[0] is None:
            kind, language, count = row[1], row[3], row[9]
            facets["kind"][kind] = facets["kind"].get(kind, 0) + count
            facets["language"][language] = facets["language"].get(language, 0) + count
            total += count
        else:
            hits.append((row[10], row))
    hits.sort(key=lambda pair: pair[0])  # UNION ALL keeps no order: the page's order again
    return Results(
        hits=[Hit.from_row(row, published_at=row[7], snippet=row[8]) for _rank, row in hits],
        total=total,
        facets=facets,
    )


def dictionaries_installed() -> dict[str, bool]:
    """Which language configurations use a real dictionary (not the simple fallback)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT dictname FROM pg_ts_dict WHERE dictname IN ('polish_hunspell', 'ukrainian_hunspell')"
        )
        names = {row[0] for row in cursor.fetchall()}
    return {"polish": "polish_hunspell" in names, "ukrainian": "ukrainian_hunspell" in names}
