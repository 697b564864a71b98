"""Who may use the studio. Each rule: a predicate next to the queryset filter that
says the same for lists; views fetch through the filter, so a course someone may
not edit is the same 404 as a course that does not exist."""

from __future__ import annotations

from academy.permissions import can_create_courses
from courses.models import Course, Enrollment

__all__ = ["can_create_courses", "editable_courses", "can_edit_course", "course_enrollments"]


def editable_courses(user):
    """Courses ``user`` may author: those they teach (staff: all)."""
    return Course.objects.editable_by(user)


def can_edit_course(user, course: Course) -> bool:
    return editable_courses(user).filter(pk=course.pk).exists()


def course_enrollments(user, course: Course):
    """Enrolments a trainer may see and decide: those of a course they edit."""
    return Enrollment.objects.filter(course__in=editable_courses(user), course=course)
