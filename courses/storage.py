"""Storage for course files that only enrolled learners and editors may download."""

from __future__ import annotations

from django.core.files.storage import Storage

from academy.storage import private_storage as _private


def private_storage() -> Storage:
    """The "private" storage (academy/storage.py): outside MEDIA_ROOT on a disk, a private
    prefix of the bucket on S3; no web server or static route can expose it."""
    return _private
