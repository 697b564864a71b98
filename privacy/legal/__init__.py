"""The legal pages' first content (privacy notice, terms, cookies, accessibility statement)
in Polish, English and Ukrainian, as HTML files ``<slug>.<language>.html`` whose first
line is the title. Seeded once by migration 0002 and ``seed_demo``; staff edit them in
the admin afterwards (a seed never overwrites an edited page). Text in square brackets
is for the operator to complete."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
SLUGS = ("privacy", "terms", "cookies", "accessibility")
LANGUAGES = ("pl", "en", "uk")
# The necessary cookies the academy sets; tests/privacy/test_cookies.py keeps it so.
NECESSARY_COOKIES = frozenset({"sessionid", "csrftoken", "academy_language", "messages"})


def page(slug: str, language: str) -> tuple[str, str]:
    title, _, body = (HERE / f"{slug}.{language}.html").read_text(encoding="utf-8").partition("\n")
    return title.strip(), body.strip()


def seed(LegalPage) -> int:
    """Create the missing pages (``LegalPage`` may be a migration's historical model)."""
    created = 0
    for slug in SLUGS:
        for language in LANGUAGES:
            title, body = page(slug, language)
            _page, new = LegalPage.objects.get_or_create(
                slug=slug, language=language, defaults={"title": title, "body": body}
            )
            created += new
    return created
