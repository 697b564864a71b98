"""Who may do what with courses. Each rule: a predicate for one object next to the
queryset filter that says the same for lists (views fetch through the filter, so
"missing" and "forbidden" are the same 404)."""

from __future__ import annotations

from .models import Course, Enrollment, Module


def viewable_courses(user):
    """Published courses, plus drafts and archived ones the user teaches (staff: all)."""
    return Course.objects.visible_to(user)


def can_view_course(user, course: Course) -> bool:
    return course.is_published or can_edit_course(user, course)


def editable_courses(user):
    """Courses the user may edit, preview and decide enrolment requests for."""
    return Course.objects.editable_by(user)


def can_edit_course(user, course: Course, *, trainers=None) -> bool:
    """``trainers``: the course's trainers when the caller has loaded them (no query)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if trainers is not None:
        return any(trainer.pk == user.pk for trainer in trainers)
    return course.trainers.filter(pk=user.pk).exists()


def editable_modules(user):
    """Modules of courses the user may edit: where the quiz, H5P and workshop editors
    add a step (``can_edit_course`` of the module's course for one)."""
    return Module.objects.filter(course__in=editable_courses(user))


def decidable_requests(user):
    """Enrolment requests the user may approve or reject."""
    return Enrollment.objects.filter(
        status=Enrollment.Status.REQUESTED, course__in=editable_courses(user)
    )


def can_decide_request(user, enrollment: Enrollment) -> bool:
    return enrollment.status == Enrollment.Status.REQUESTED and can_edit_course(
        user, enrollment.course
    )
