"""H5P activities built the real way: a real .h5p of our own library through the import service."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from h5p.models import Library
from h5p.sample import sample_package
from h5p.services import activity_create, library_approve
from tests.factories.courses import ModuleFactory


def upload(data: bytes, name: str = "activity.h5p") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def h5p_activity(
    *, module=None, user=None, approve: bool = True, package: bytes | None = None, **settings
):
    """An H5P item with its activity in ``module`` (a new module and course if None)."""
    module = module or ModuleFactory()
    activity = activity_create(
        module=module, upload=upload(package or sample_package()), user=user, **settings
    )
    if approve:
        for library in Library.objects.filter(activities=activity, approved_at__isnull=True):
            library_approve(library=library, user=user)
    return activity
