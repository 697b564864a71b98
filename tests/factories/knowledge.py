"""Knowledge base builders: publications made through the services, with a real file
whose text is extracted and indexed synchronously (as the task would)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from knowledge import services
from knowledge.indexing import publication_index
from knowledge.models import Publication
from tests.knowledge import files

_numbers = itertools.count(1)


def build_publication(
    *,
    title: str = "",
    text: str = "Raport o sytuacji osób uchodźczych",
    published: bool = True,
    publish_at=None,
    type: str = Publication.Type.REPORT,
    language: str = "pl",
    content: bytes | None = None,
    **fields,
) -> Publication:
    number = next(_numbers)
    title = title or f"Publikacja testowa {number}"
    publication = services.publication_create(
        title=title,
        slug=f"publikacja-{number}",
        type=type,
        summary=f"Streszczenie: {title}",
        language=language,
        **fields,
    )
    edition = services.edition_create(
        publication=publication, version_label="1", issued_on=date(2025, 1, 15)
    )
    version = services.language_version_create(
        edition=edition,
        language=language,
        title=title,
        upload=ContentFile(content if content is not None else files.pdf(text), name="plik.pdf"),
    )
    services.language_version_extract(version_id=version.pk)
    if published or publish_at is not None:
        services.publication_publish(
            publication=publication, at=publish_at or timezone.now() - timedelta(minutes=1)
        )
    publication_index(publication.pk)
    publication.refresh_from_db()
    return publication
