"""Reads: querysets with their joins built in (templates trigger no queries)."""

from __future__ import annotations

from django.db.models import F

from .models import Certificate, CertificateTemplate
from .permissions import (
    certificates_manageable_by,
    certificates_visible_to,
    organisation_certificates,
)


def _with_related(queryset):
    return queryset.select_related("course", "user", "replaced_by")


def certificates_of(user):
    """The learner's own current certificates, newest first."""
    return _with_related(Certificate.objects.current().filter(user=user)).order_by(
        "-issued_at", "-pk"
    )


def certificate_for_viewer(user, pk: int) -> Certificate:
    return _with_related(certificates_visible_to(user)).get(pk=pk)


def certificate_for_manager(user, pk: int) -> Certificate:
    return _with_related(certificates_manageable_by(user)).get(pk=pk)


def course_certificates(course):
    return _with_related(Certificate.objects.filter(course=course)).order_by("-issued_at", "-pk")


def coordinator_certificates(user):
    return _with_related(organisation_certificates(user).current()).order_by(
        "user__full_name", "-issued_at"
    )


def certificate_by_code(code: str) -> Certificate | None:
    return Certificate.objects.select_related("replaced_by").filter(code=code).first()


def enrollments_waiting(course):
    """Active enrollments of ``course`` without a current certificate, completed first."""
    from courses.models import Enrollment

    issued = Certificate.objects.current().filter(course=course).values("enrollment_id")
    return (
        Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE)
        .exclude(pk__in=issued)
        .select_related("user")
        .order_by(F("completed_at").asc(nulls_last=True), "user__full_name", "pk")
    )


def template_for_editing(course) -> CertificateTemplate:
    """The course's certificate template, or a new unsaved one in the course's language
    (Polish when the course's language has no certificate wording)."""
    return CertificateTemplate.objects.filter(course=course).first() or CertificateTemplate(
        course=course, language=course.language if course.language in {"pl", "en", "uk"} else "pl"
    )
