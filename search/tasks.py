"""Indexing runs as background tasks (Django's Tasks API); the functions they call are
plain and tested directly."""

from __future__ import annotations

from background.compat import task

from .indexing import course_index, document_index


@task()
def course_reindex(course_id: int) -> int:
    return course_index(course_id)


@task()
def document_reindex(item_id: int) -> int:
    return document_index(item_id)
