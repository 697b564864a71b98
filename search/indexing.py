"""The course catalogue and course content as search entries.

A published course is one public entry (title, summary, description, topics, trainers'
names). Its pages, video transcripts and documents' text are *course content* entries,
visible only to people who may see the course's content (``search.permissions``).
``course_index`` is idempotent: it writes what the course is now and deletes what it no
longer has. A document's text is extracted once, when its file is saved
(``document_index``); re-indexing the course only refreshes the entry's title and place."""

from __future__ import annotations

from django.conf import settings
from django.utils.html import strip_tags

from courses.models import Course, Document, Item

from .extraction import ExtractionFailed, Limits, extract_text
from .models import Kind, SearchEntry
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
        .filter(course=course, kind__in=[Item.Kind.PAGE, Item.Kind.VIDEO, Item.Kind.DOCUMENT])
        .select_related("page", "video", "document")
        .order_by()
    )
    for item in items:
        if item.kind == Item.Kind.DOCUMENT:
            written += _document_entry(course, item)
            continue
        if item.kind == Item.Kind.PAGE:
            body = _text(getattr(getattr(item, "page", None), "body", ""))
        else:
            body = getattr(getattr(item, "video", None), "transcript", "") or ""
        key = _content_key(course.pk, item.pk)
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


def _content_key(course_id: int, item_id: int) -> str:
    return f"courses.content:{course_id}:{item_id}"


def _document_entry(course: Course, item: Item) -> list[str]:
    """Refresh a document's entry without reading its file again; extract it only when
    it has no entry yet. Returns the key kept (none for a document without text)."""
    key = _content_key(course.pk, item.pk)
    refreshed = SearchEntry.objects.filter(key=key).update(
        title=item.title[:300],
        url=item.get_absolute_url(),
        context=course.title[:300],
        language=course.language,
    )
    if refreshed:
        return [key]
    return [key] if document_index(item.pk) else []


def document_text(document: Document) -> str:
    """The text of a course document (PDF, DOCX, ODT); empty when it has none or cannot
    be read (spreadsheets and slides are not indexed)."""
    limits = Limits(
        max_pages=settings.KNOWLEDGE_EXTRACT_MAX_PAGES,
        max_seconds=settings.KNOWLEDGE_EXTRACT_MAX_SECONDS,
    )
    try:
        with document.file.open("rb") as handle:
            return extract_text(handle, document.file_type, limits).text
    except (ExtractionFailed, OSError):
        return ""


def document_index(item_id: int) -> int:
    """(Re-)extract one course document's text into its entry; 1 when written."""
    item = (
        Item.objects.active()
        .filter(pk=item_id, kind=Item.Kind.DOCUMENT)
        .select_related("course", "document")
        .first()
    )
    document = getattr(item, "document", None) if item else None
    if item is None or document is None or item.course.status == Course.Status.ARCHIVED:
        if item is not None:
            entries_delete(keys=[_content_key(item.course_id, item.pk)])
        return 0
    key = _content_key(item.course_id, item.pk)
    text = " ".join(filter(None, [document.description, document_text(document)]))
    if not text.strip():
        entries_delete(keys=[key])
        return 0
    entry_upsert(
        key=key,
        kind=Kind.COURSE_CONTENT,
        title=item.title,
        url=item.get_absolute_url(),
        language=item.course.language,
        body=text,
        category=item.kind,
        context=item.course.title,
        is_public=False,
        course_id=item.course_id,
    )
    return 1
