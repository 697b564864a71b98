"""Use cases that write: enrolment and the course structure the player relies on.

Progress is written only by ``courses.progress``; modules and items only by
``courses.authoring``.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import notices
from .emails import send_enrolment_email
from .models import Course, Enrollment
from .progress import progress_recompute


class EnrolmentError(Exception):
    """Enrolment is not possible; ``code`` says why and ``message`` says it to the learner.

    Codes: ``not_published``, ``closed``, ``window``, ``full``, ``approval_required``,
    ``open_course``, ``not_requested``, ``not_active``.
    """

    MESSAGES = {
        "not_published": _("This course is not open to learners."),
        "closed": _("Enrolment in this course is closed."),
        "window": _("Enrolment in this course is not open at the moment."),
        "full": _("This course is full: all places are taken."),
        "approval_required": _("This course needs a trainer's approval: send a request instead."),
        "open_course": _("This course is open: enrol directly."),
        "not_requested": _("This request has already been decided."),
        "not_active": _("You are not enrolled in this course."),
    }

    def __init__(self, code: str):
        self.code = code
        self.message = self.MESSAGES[code]
        super().__init__(str(self.message))


def _check_can_join(course: Course, *, mode: str) -> None:
    if course.status != Course.Status.PUBLISHED:
        raise EnrolmentError("not_published")
    if course.enrolment_mode == Course.EnrolmentMode.CLOSED:
        raise EnrolmentError("closed")
    if course.enrolment_mode != mode:
        raise EnrolmentError(
            "approval_required" if mode == Course.EnrolmentMode.OPEN else "open_course"
        )
    if not course.enrolment_window_open():
        raise EnrolmentError("window")


def course_places_left(*, course: Course) -> int | None:
    """Free places, or None for unlimited courses."""
    if course.capacity is None:
        return None
    taken = Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE).count()
    return max(course.capacity - taken, 0)


def _lock_course(course: Course) -> Course:
    # Serialises enrolments in one course so the capacity check and the insert agree.
    return Course.objects.select_for_update().get(pk=course.pk)


def _activate(enrollment: Enrollment, *, by=None) -> Enrollment:
    course = _lock_course(enrollment.course)
    if course_places_left(course=course) == 0:
        raise EnrolmentError("full")
    now = timezone.now()
    enrollment.status = Enrollment.Status.ACTIVE
    enrollment.enrolled_at = enrollment.enrolled_at or now
    enrollment.decided_by = by
    enrollment.save(update_fields=["status", "enrolled_at", "decided_by"])
    # Counters may be stale if items changed while the learner was away.
    fresh = progress_recompute(enrollment=enrollment)
    for field in ("required_total", "required_completed", "percent", "completed_at"):
        setattr(enrollment, field, getattr(fresh, field))
    return enrollment


@transaction.atomic
def enrollment_create(*, user, course: Course) -> Enrollment:
    """Self-enrol ``user`` in an open course (or come back after withdrawing).

    Idempotent: an active enrolment is returned unchanged; a double submit or a race
    gives one enrolment. Raises EnrolmentError (``not_published``, ``closed``,
    ``approval_required``, ``window``, ``full``).
    """
    existing = Enrollment.objects.filter(user=user, course=course).first()
    if existing is not None and existing.is_active:
        return existing
    _check_can_join(course, mode=Course.EnrolmentMode.OPEN)
    _lock_course(course)
    existing = Enrollment.objects.filter(user=user, course=course).first()
    if existing is not None and existing.is_active:
        return existing
    if existing is None:
        try:
            with transaction.atomic():
                existing = Enrollment.objects.create(
                    user=user, course=course, status=Enrollment.Status.WITHDRAWN
                )
        except IntegrityError:
            existing = Enrollment.objects.get(user=user, course=course)
            if existing.is_active:
                return existing
    enrollment = _activate(existing)
    transaction.on_commit(lambda: send_enrolment_email(enrollment=enrollment, event="enrolled"))
    return enrollment


@transaction.atomic
def enrollment_request(*, user, course: Course) -> Enrollment:
    """Ask to join an "on approval" course. Idempotent for a pending request; an
    active enrolment is returned unchanged. Raises EnrolmentError (``not_published``,
    ``closed``, ``open_course``, ``window``)."""
    existing = Enrollment.objects.filter(user=user, course=course).first()
    if existing is not None and existing.status in (
        Enrollment.Status.ACTIVE,
        Enrollment.Status.REQUESTED,
    ):
        return existing
    _check_can_join(course, mode=Course.EnrolmentMode.APPROVAL)
    if existing is None:
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(
                    user=user, course=course, status=Enrollment.Status.REQUESTED
                )
        except IntegrityError:
            return Enrollment.objects.get(user=user, course=course)
    else:
        enrollment = Enrollment.objects.select_for_update().get(pk=existing.pk)
        if enrollment.status in (Enrollment.Status.ACTIVE, Enrollment.Status.REQUESTED):
            return enrollment
        enrollment.status = Enrollment.Status.REQUESTED
        enrollment.requested_at = timezone.now()
        enrollment.decided_by = None
        enrollment.save(update_fields=["status", "requested_at", "decided_by"])
    transaction.on_commit(lambda: send_enrolment_email(enrollment=enrollment, event="requested"))
    transaction.on_commit(
        lambda: notices.enrolment_changed(enrollment=enrollment, event="requested")
    )
    return enrollment


@transaction.atomic
def enrollment_decide(*, enrollment: Enrollment, by, approve: bool) -> Enrollment:
    """A trainer approves or rejects a request; the learner gets an email.

    Raises EnrolmentError ``not_requested`` if it was already decided (a double
    click, or two trainers at once) and ``full`` when approving into a full course.
    Authorisation is the caller's job (``permissions.can_decide_request``).
    """
    enrollment = (
        Enrollment.objects.select_for_update()
        .select_related("course", "user")
        .get(pk=enrollment.pk)
    )
    if enrollment.status != Enrollment.Status.REQUESTED:
        raise EnrolmentError("not_requested")
    if approve:
        _activate(enrollment, by=by)
        event = "approved"
    else:
        enrollment.status = Enrollment.Status.REJECTED
        enrollment.decided_by = by
        enrollment.save(update_fields=["status", "decided_by"])
        event = "rejected"
    transaction.on_commit(lambda: send_enrolment_email(enrollment=enrollment, event=event))
    transaction.on_commit(lambda: notices.enrolment_changed(enrollment=enrollment, event=event))
    return enrollment


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment) -> Enrollment:
    """The learner leaves a course or cancels a request. Progress is kept, so coming
    back later resumes where they were. Raises EnrolmentError ``not_active``."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status not in (Enrollment.Status.ACTIVE, Enrollment.Status.REQUESTED):
        raise EnrolmentError("not_active")
    enrollment.status = Enrollment.Status.WITHDRAWN
    enrollment.save(update_fields=["status"])
    return enrollment
