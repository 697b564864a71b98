"""Rendered fragments that are expensive and stable, cached with Django's cache framework.

The outline (the course page's syllabus, the player's sidebar) is the same HTML for as
long as the course's structure, the learner's progress rows, the language and the
current step stay the same. It is cached under a key made of every input it is
rendered from (``make_template_fragment_key``, as ``{% cache %}`` does):

- the course's id, slug (the links), sequential flag (the locks) and structure token;
- the enrolment's id and progress token (None for someone not enrolled);
- the language, the current step and the tag's flags; ``MARKUP`` for the code itself.

Why this never shows a stale outline: the structure token is renewed in the same
transaction as any change to modules or items (``courses.authoring``), the progress
token in the same transaction as any change to the learner's progress rows
(``courses.progress``). ``Outline.version`` holds the tokens as read *before* the
rows, so whatever is cached under them is at least as new as they say. An outline
computed in memory after a write (the player after a visit or a "mark complete") has no
version and is rendered without the cache: its rows may be older than the token the
write just set. Tokens are random, so a rolled-back write or a restored database never
brings back a key cached with other content; old entries are never read again and
expire (``COURSES_FRAGMENT_CACHE_SECONDS``, an hour). They live in the
``template_fragments`` cache (the alias ``{% cache %}`` uses too), apart from the
default cache's rate-limit counters and structures.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Bump when the outline's markup changes, so a shared cache (Redis) that outlives a
# deploy never serves the old markup.
MARKUP = 1


def outline_version(course, enrollment) -> tuple | None:
    """The tokens an outline of ``course`` (with ``enrollment``'s progress, or none) is
    read under, or None when one of them was not loaded (then nothing is cached)."""
    if "structure_token" in course.get_deferred_fields():
        return None
    progress = (None, None)
    if enrollment is not None:
        if "progress_token" in enrollment.get_deferred_fields():
            return None
        progress = (enrollment.pk, enrollment.progress_token)
    return (course.pk, course.slug, course.is_sequential, course.structure_token, *progress)


def outline_key(outline, **flags) -> str | None:
    """The cache key of ``outline`` rendered with ``flags`` in the active language."""
    if outline.version is None:
        return None
    vary_on = [MARKUP, get_language(), *outline.version, *sorted(flags.items())]
    return make_template_fragment_key("course-outline", vary_on)


def cached_fragment(key: str | None, render: Callable[[], str]) -> SafeString:
    """``render()``'s HTML from the cache under ``key``, rendered and stored on a miss;
    always rendered when ``key`` is None."""
    if key is None:
        return render()
    cache = caches["template_fragments"]
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, str(html), timeout=settings.COURSES_FRAGMENT_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 — stored from render(), which escaped every part
