"""A coordinator enrols people of their organisation in a course.

Each person goes through the same services as self-enrolment (``enrollment_create``,
``enrollment_request``), so capacity, the enrolment window, the course's mode and the
enrolment email behave exactly as when the learner clicks "Enrol" themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from academy.models import User

from .models import Course, Enrollment
from .services import EnrolmentError, enrollment_create, enrollment_request


@dataclass
class BulkEnrolment:
    """What happened to each person, for the summary message."""

    enrolled: list[User] = field(default_factory=list)
    requested: list[User] = field(default_factory=list)
    already: list[User] = field(default_factory=list)
    refused: list[tuple[User, EnrolmentError]] = field(default_factory=list)


@transaction.atomic
def organisation_enrol(*, course: Course, users: list[User]) -> BulkEnrolment:
    """Enrol ``users`` in ``course`` in one transaction.

    Open courses: each person is enrolled (and emailed). "On approval" courses: each
    person gets a request that the course's trainers still decide; a coordinator
    vouches for their staff, not for the trainers' capacity or prerequisites.
    People already enrolled (or already waiting) are reported, never duplicated.
    A person the course refuses (full, window closed, ...) is reported with the reason
    and the others still go ahead. Authorisation (who may enrol whom) is the caller's.
    Raises nothing for per-person refusals.
    """
    outcome = BulkEnrolment()
    existing = {
        e.user_id: e.status
        for e in Enrollment.objects.filter(course=course, user__in=users).only("user_id", "status")
    }
    approval = course.enrolment_mode == Course.EnrolmentMode.APPROVAL
    for user in users:
        status = existing.get(user.pk)
        if status == Enrollment.Status.ACTIVE or (
            approval and status == Enrollment.Status.REQUESTED
        ):
            outcome.already.append(user)
            continue
        try:
            if approval:
                enrollment_request(user=user, course=course)
                outcome.requested.append(user)
            else:
                enrollment_create(user=user, course=course)
                outcome.enrolled.append(user)
        except EnrolmentError as error:
            outcome.refused.append((user, error))
    return outcome
