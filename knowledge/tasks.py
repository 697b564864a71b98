"""Background work of the knowledge base (Django's Tasks API). Each task is idempotent
and calls a plain function that tests use directly."""

from __future__ import annotations

from background.compat import task

from . import indexing, services


@task()
def language_version_extract(version_id: int) -> str:
    version = services.language_version_extract(version_id=version_id)
    return version.extraction_status if version else "missing"


@task()
def publication_reindex(publication_id: int) -> int:
    return indexing.publication_index(publication_id)


@task()
def news_reindex(news_id: int) -> int:
    return indexing.news_index(news_id)
