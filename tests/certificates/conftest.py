import pytest

from tests.factories.certificates import CertificateTemplateFactory, completed_enrollment
from tests.factories.courses import CourseFactory


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path_factory):
    """PDFs and the development signing key go to a temporary folder, never the checkout.
    The key folder is shared by the session so the RSA key is generated once."""
    settings.CERTIFICATES_STORAGE_ROOT = tmp_path_factory.getbasetemp() / "certificates"
    settings.ACADEMY_BASE_URL = "https://academy.example"


@pytest.fixture
def course(trainer):
    course = CourseFactory(
        title="Lokalna polityka integracyjna",
        slug="lpi",
        estimated_hours="12.5",
        trainers=[trainer],
    )
    CertificateTemplateFactory(course=course)
    return course


@pytest.fixture
def enrollment(learner, course):
    return completed_enrollment(user=learner, course=course)


@pytest.fixture
def certificate(enrollment):
    from certificates.services import certificate_issue

    return certificate_issue(enrollment=enrollment, notify=False)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: no test may inherit another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
