"""Who may use the studio. The rules are the course rules (`courses.permissions`), named
here so studio views read them from one place; a course someone may not edit is the same
404 as a course that does not exist."""

from __future__ import annotations

from academy.permissions import can_create_courses
from courses.models import Course, Enrollment
from courses.permissions import can_edit_course, editable_courses

__all__ = ["can_create_courses", "editable_courses", "can_edit_course", "course_enrollments"]


def course_enrollments(user, course: Course):
    """Enrolments a trainer may see and decide: those of a course they edit."""
    return Enrollment.objects.filter(course__in=editable_courses(user), course=course)
