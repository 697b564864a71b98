import factory

from certificates.models import CertificateTemplate
from tests.factories.courses import CourseFactory


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    course = factory.SubFactory(CourseFactory)
    language = "pl"
    signatory1_name = "dr Katarzyna Wiśniewska"
    signatory1_role = "Kierowniczka programu"


def completed_enrollment(*, user, course, when=None):
    """An active enrollment marked complete (what the progress engine leaves behind)."""
    from django.utils import timezone

    from tests.factories.courses import EnrollmentFactory

    return EnrollmentFactory(
        user=user, course=course, completed_at=when or timezone.now(), percent=100
    )
