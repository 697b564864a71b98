"""Storage for course files that only enrolled learners and editors may download."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.files.storage import FileSystemStorage


@cache
def _storage(location: str) -> FileSystemStorage:
    return FileSystemStorage(location=location, base_url=None)


def private_storage() -> FileSystemStorage:
    """Files outside MEDIA_ROOT, so no web server or static route can expose them."""
    location = getattr(settings, "ACADEMY_PRIVATE_MEDIA_ROOT", None) or (
        settings.BASE_DIR / "private_media"
    )
    return _storage(str(location))
