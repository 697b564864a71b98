"""Writes to the knowledge base. Views, the seed and tests all go through these.

Side effects (text extraction, indexing) run as tasks after the transaction commits.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.sniff import sniff_document
from search.extraction import ExtractionFailed, Limits, extract_text

from . import counts_cache
from .models import Edition, LanguageVersion, NewsItem, Publication, Status

ACCEPTED_TYPES = {"pdf", "docx", "odt"}


def _sha256(fileobj) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def file_check(upload) -> str:
    """The sniffed type of an uploaded file. Raises ValidationError (code ``too_large`` or
    ``file_type``) when it is over the size limit or not a PDF, DOCX or ODT."""
    if upload.size > settings.KNOWLEDGE_FILE_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.")
            % {"limit": settings.KNOWLEDGE_FILE_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    kind = sniff_document(upload)
    if kind not in ACCEPTED_TYPES:
        raise ValidationError(_("Upload a PDF, DOCX or ODT file."), code="file_type")
    return kind


@transaction.atomic
def publication_create(
    *, title: str, slug: str, type: str, summary: str = "", language: str = "pl", **fields
) -> Publication:
    topics = fields.pop("topics", None)
    related_courses = fields.pop("related_courses", None)
    publication = Publication(
        title=title, slug=slug, type=type, summary=summary, language=language, **fields
    )
    publication.full_clean()
    publication.save()
    if topics is not None:
        publication.topics.set(topics)
    if related_courses is not None:
        publication.related_courses.set(related_courses)
    _reindex_on_commit(publication.pk)
    return publication


@transaction.atomic
def publication_publish(*, publication: Publication, at=None) -> Publication:
    """Publish now, or schedule for ``at`` (a future time)."""
    publication.status = Status.PUBLISHED
    publication.published_at = at or publication.published_at or timezone.now()
    publication.save(update_fields=["status", "published_at", "updated_at"])
    _reindex_on_commit(publication.pk)
    return publication


@transaction.atomic
def publication_unpublish(*, publication: Publication) -> Publication:
    publication.status = Status.DRAFT
    publication.save(update_fields=["status", "updated_at"])
    _reindex_on_commit(publication.pk)
    return publication


@transaction.atomic
def edition_create(
    *, publication: Publication, version_label: str, issued_on: date, changes: str = ""
) -> Edition:
    """A new current edition; the previous current one becomes superseded."""
    Publication.objects.select_for_update().filter(pk=publication.pk).first()
    publication.editions.filter(is_current=True).update(is_current=False)
    edition = Edition(
        publication=publication, version_label=version_label, issued_on=issued_on, changes=changes
    )
    edition.full_clean()
    edition.save()
    _reindex_on_commit(publication.pk)
    return edition


@transaction.atomic
def language_version_create(
    *, edition: Edition, language: str, title: str, upload, summary: str = "", translation_of=None
) -> LanguageVersion:
    """Store the file and queue its text extraction. Raises ValidationError for a file
    that is too large or of the wrong type (nothing is stored then)."""
    file_type = file_check(upload)
    version = LanguageVersion(
        edition=edition,
        language=language,
        title=title,
        summary=summary,
        file_type=file_type,
        original_name=(getattr(upload, "name", "") or "file")[-255:],
        size=upload.size,
        checksum=_sha256(upload),
        translation_of=translation_of,
    )
    version.full_clean(exclude=["file"])  # before storing: a refused version leaves no file behind
    version.file.save(f"{edition.publication.slug}-{language}.{file_type}", upload, save=False)
    version.save()
    version_id = version.pk
    transaction.on_commit(lambda: _enqueue_extraction(version_id))
    return version


def _enqueue_extraction(version_id: int) -> None:
    from .tasks import language_version_extract

    counts_cache.renew()

    language_version_extract.enqueue(version_id)


@transaction.atomic
def publication_save(*, form) -> Publication:
    """Save the publication form of an existing publication and re-index it."""
    publication = form.save()
    _reindex_on_commit(publication.pk)
    return publication


def _reindex_on_commit(publication_id: int) -> None:
    def enqueue():
        from .tasks import publication_reindex

        counts_cache.renew()
        publication_reindex.enqueue(publication_id)

    transaction.on_commit(enqueue)


def _limits() -> Limits:
    return Limits(
        max_pages=settings.KNOWLEDGE_EXTRACT_MAX_PAGES,
        max_seconds=settings.KNOWLEDGE_EXTRACT_MAX_SECONDS,
    )


def language_version_extract(*, version_id: int) -> LanguageVersion | None:
    """Extract the text of one language version and re-index its publication. Never
    raises for a bad file: the version ends "failed: reason" with no text and no page
    count, and its search entry is removed. Idempotent."""
    from .indexing import publication_index

    version = LanguageVersion.objects.select_related("edition").filter(pk=version_id).first()
    if version is None:
        return None
    try:
        with version.file.open("rb") as handle:
            extracted = extract_text(handle, version.file_type, _limits())
    except ExtractionFailed as error:
        values = {
            "text": "",
            "page_count": None,
            "extraction_status": LanguageVersion.Extraction.FAILED,
            "extraction_error": str(error)[:300],
        }
    except OSError:
        values = {
            "text": "",
            "page_count": None,
            "extraction_status": LanguageVersion.Extraction.FAILED,
            "extraction_error": "the stored file cannot be read",
        }
    else:
        values = {
            "text": extracted.text,
            "page_count": extracted.page_count,
            "extraction_error": "",
            "extraction_status": (
                LanguageVersion.Extraction.EXTRACTED
                if extracted.has_text
                else LanguageVersion.Extraction.NO_TEXT
            ),
        }
    with transaction.atomic():
        LanguageVersion.objects.filter(pk=version_id).update(extracted_at=timezone.now(), **values)
        publication_index(version.edition.publication_id)
    return LanguageVersion.objects.get(pk=version_id)


@transaction.atomic
def news_create(
    *, title: str, slug: str, body: str, language: str = "pl", publish_at=None, **fields
) -> NewsItem:
    item = NewsItem(title=title, slug=slug, body=body, language=language, **fields)
    if publish_at is not None:
        item.status, item.published_at = Status.PUBLISHED, publish_at
    item.full_clean()
    item.save()
    _news_reindex_on_commit(item.pk)
    return item


@transaction.atomic
def news_update(*, item: NewsItem, fields: dict, topics=None, publish_at=None) -> NewsItem:
    """Save an edited news item. ``publish_at`` publishes (or reschedules) it; a published
    item keeps its time when none is given. Search follows after the commit."""
    for name, value in fields.items():
        setattr(item, name, value)
    if publish_at is not None:
        item.status, item.published_at = Status.PUBLISHED, publish_at
    item.full_clean()
    item.save()
    if topics is not None:
        item.topics.set(topics)
    _news_reindex_on_commit(item.pk)
    return item


@transaction.atomic
def news_unpublish(*, item: NewsItem) -> NewsItem:
    """Back to a draft: gone from the public pages, feeds and search."""
    item.status = Status.DRAFT
    item.save(update_fields=["status", "updated_at"])
    _news_reindex_on_commit(item.pk)
    return item


def _news_reindex_on_commit(news_id: int) -> None:
    def enqueue():
        from .tasks import news_reindex

        news_reindex.enqueue(news_id)

    transaction.on_commit(enqueue)
