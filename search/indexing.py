"""The course catalogue and course content as search entries.

A published course is one public entry (title, summary, description, topics, trainers'
names). Its pages and video transcripts are *course content* entries, visible only to
people who may see the course's content (``search.permissions``). ``course_index`` is
idempotent: it writes what the course is now and deletes what it no longer has."""

from __future__ import annotations

from django.utils.html import strip_tags

from courses.models import Course, Item

from .models import Kind
from .services import entries_delete, entry_upsert


def _text(html: str) -> str:
    return " ".join(strip_tags(html or "").split())


def course_index(course_id: int) -> int:
    """Index one course; returns the number of entries written."""
    course = Course.objects.filter(pk=course_id).prefetch_related("topics", "trainers").first()
    if course is None or course.status == Course.Status.ARCHIVED:
        entries_delete(keys=[f"courses.course:{course_id}"], prefix=f"courses.content:{course_id}:")
        return 0
    keywords = " ".join(
        [t.name for t in course.topics.all()] + [t.full_name for t in course.trainers.all()]
    )
    written = []
    if course.status == Course.Status.PUBLISHED:
        entry_upsert(
            key=f"courses.course:{course.pk}",
            kind=Kind.COURSE,
            title=course.title,
            url=course.get_absolute_url(),
            language=course.language,
            summary=course.summary,
            keywords=keywords,
            body=_text(course.description),
            category=course.level,
            course_id=course.pk,
            published_at=course.published_at,
            year=course.published_at.year if course.published_at else None,
        )
    else:
        entries_delete(keys=[f"courses.course:{course.pk}"])
    items = (
        Item.objects.active()
        .filter(course=course, kind__in=[Item.Kind.PAGE, Item.Kind.VIDEO])
        .select_related("page", "video")
        .order_by()
    )
    for item in items:
        if item.kind == Item.Kind.PAGE:
            body = _text(getattr(getattr(item, "page", None), "body", ""))
        else:
            body = getattr(getattr(item, "video", None), "transcript", "") or ""
        key = f"courses.content:{course.pk}:{item.pk}"
        entry_upsert(
            key=key,
            kind=Kind.COURSE_CONTENT,
            title=item.title,
            url=item.get_absolute_url(),
            language=course.language,
            body=body,
            category=item.kind,
            context=course.title,
            is_public=False,
            course_id=course.pk,
        )
        written.append(key)
    entries_delete(prefix=f"courses.content:{course.pk}:", keep=written)
    return len(written) + (1 if course.status == Course.Status.PUBLISHED else 0)
