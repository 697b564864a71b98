import pytest
from django.utils import timezone

from courses.models import Enrollment
from courses.progress import progress_record
from tests.factories.courses import build_course


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.ACADEMY_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.CERTIFICATES_STORAGE_ROOT = tmp_path / "certs"


@pytest.fixture
def course(db):
    course, items = build_course(title="Ochrona czasowa", slug="ochrona-czasowa", estimated_hours=3)
    course.test_items = items
    return course


def complete(user, course, django_capture_on_commit_callbacks):
    """Complete ``course`` for ``user`` through the progress engine (on-commit hooks run)."""
    enrollment, _ = Enrollment.objects.get_or_create(
        user=user,
        course=course,
        defaults={"status": Enrollment.Status.ACTIVE, "enrolled_at": timezone.now()},
    )
    with django_capture_on_commit_callbacks(execute=True):
        for item in course.items.all():
            progress_record(enrollment=enrollment, item=item, completed=True)
    enrollment.refresh_from_db()
    return enrollment


@pytest.fixture(autouse=True)
def _english():
    """Service messages are checked in English (pages render in the user's language)."""
    from django.utils import translation

    with translation.override("en"):
        yield
