"""Publications and news as search entries (``search.services``).

A visible or scheduled publication is indexed as one entry per language version of its
current edition (its extracted text as the body, only once extraction succeeded), all in
one group so a result list shows the publication once. Drafts, superseded editions and
failed extractions leave nothing in the index. Idempotent."""

from __future__ import annotations

from django.utils.translation import gettext, override

from search.models import Kind
from search.services import entries_delete, entry_upsert

from .models import LanguageVersion, NewsItem, Publication, Status


def _keywords(publication: Publication) -> str:
    with override(publication.language):
        kind = gettext(publication.get_type_display())
    parts = [kind, publication.authors]
    parts += [t.name for t in publication.topics.all()]
    parts += [p.name for p in publication.publishers.all()]
    return " ".join(part for part in parts if part)


def publication_index(publication_id: int) -> int:
    prefix = f"knowledge.publication:{publication_id}:"
    publication = (
        Publication.objects.filter(pk=publication_id)
        .prefetch_related("topics", "publishers")
        .first()
    )
    if (
        publication is None
        or publication.status != Status.PUBLISHED
        or publication.published_at is None
    ):
        entries_delete(prefix=prefix)
        return 0
    edition = publication.editions.filter(is_current=True).first()
    versions = list(edition.versions.all()) if edition else []
    keywords = _keywords(publication)
    group = f"knowledge.publication:{publication.pk}"
    common = {
        "kind": Kind.PUBLICATION,
        "group": group,
        "keywords": keywords,
        "category": publication.type,
        "published_at": publication.published_at,
        "year": (edition.issued_on.year if edition else publication.published_at.year),
    }
    written = []
    for version in versions:
        key = f"{prefix}{version.language}"
        body = (
            version.text
            if version.extraction_status == LanguageVersion.Extraction.EXTRACTED
            else ""
        )
        entry_upsert(
            key=key,
            title=version.title,
            url=f"{publication.get_absolute_url()}?lang={version.language}",
            language=version.language,
            summary=version.summary or publication.summary,
            body=body,
            **common,
        )
        written.append(key)
    if not written:
        key = f"{prefix}{publication.language}"
        entry_upsert(
            key=key,
            title=publication.title,
            url=publication.get_absolute_url(),
            language=publication.language,
            summary=publication.summary,
            **common,
        )
        written.append(key)
    entries_delete(prefix=prefix, keep=written)
    return len(written)


def news_index(news_id: int) -> int:
    key = f"knowledge.news:{news_id}"
    item = NewsItem.objects.filter(pk=news_id).prefetch_related("topics").first()
    if item is None or item.status != Status.PUBLISHED or item.published_at is None:
        entries_delete(keys=[key])
        return 0
    entry_upsert(
        key=key,
        kind=Kind.NEWS,
        title=item.title,
        url=item.get_absolute_url(),
        language=item.language,
        keywords=" ".join(t.name for t in item.topics.all()),
        body=item.body,
        published_at=item.published_at,
        year=item.published_at.year,
    )
    return 1
