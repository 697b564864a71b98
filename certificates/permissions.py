"""Who may see and manage certificates. Each rule: a predicate and the queryset filter.

- See and download (PDF, Open Badge): the learner, coordinators of an organisation the
  learner is an approved member of, the course's trainers, staff.
- Manage (issue, re-issue, revoke, un-revoke, replace, template, ZIP): the course's
  trainers and staff: the course rule (``courses.permissions``).
Anyone else gets the same 404 as for a certificate that does not exist.
"""

from __future__ import annotations

from django.db.models import Q

from academy.models import Membership
from academy.permissions import coordinated_organisations
from courses.models import Course
from courses.permissions import can_edit_course

from .models import Certificate


def certificates_visible_to(user):
    if not user.is_authenticated:
        return Certificate.objects.none()
    if user.is_staff:
        return Certificate.objects.all()
    members = Membership.objects.filter(
        organisation__in=coordinated_organisations(user), status=Membership.Status.APPROVED
    ).values("user_id")
    return Certificate.objects.filter(
        Q(user=user)
        | Q(course__in=Course.objects.editable_by(user).values("pk"))
        | Q(user_id__in=members)
    )


def can_view_certificate(user, certificate: Certificate) -> bool:
    return certificates_visible_to(user).filter(pk=certificate.pk).exists()


def certificates_manageable_by(user):
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.filter(course__in=Course.objects.editable_by(user).values("pk"))


def can_manage_certificate(user, certificate: Certificate) -> bool:
    return can_edit_course(user, certificate.course)


def organisation_certificates(user):
    """Certificates of members of organisations ``user`` coordinates (for the coordinator list)."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    members = Membership.objects.filter(
        organisation__in=coordinated_organisations(user), status=Membership.Status.APPROVED
    ).values("user_id")
    return Certificate.objects.filter(user_id__in=members)
