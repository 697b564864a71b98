"""Who sees which search entries. Public entries: everyone, once published. Course
content: people who may see the course's content — its active learners in a published
course, its trainers, staff. ``content_course_ids`` is the list form of
``can_see_course_content``."""

from __future__ import annotations

from courses.models import Course, Enrollment


def content_course_ids(user) -> frozenset[int] | None:
    """None means every course (staff); an empty set means none (visitors)."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_staff:
        return None
    enrolled = Enrollment.objects.filter(
        user=user, status=Enrollment.Status.ACTIVE, course__status=Course.Status.PUBLISHED
    ).values_list("course_id", flat=True)
    taught = Course.trainers.through.objects.filter(user_id=user.pk).values_list(
        "course_id", flat=True
    )
    return frozenset(enrolled) | frozenset(taught)


def can_see_course_content(user, course: Course) -> bool:
    ids = content_course_ids(user)
    return ids is None or course.pk in ids


# Other apps' private audiences (a community space, ...): each registers a function
# that returns the audience tokens a user belongs to. Entries with an ``audience`` are
# shown only to people holding that token (staff: all).
_audience_sources: list = []


def register_audience(source) -> None:
    """``source(user) -> iterable of audience tokens``; called from an app's ``ready()``."""
    if source not in _audience_sources:
        _audience_sources.append(source)


def audiences(user) -> frozenset[str] | None:
    """None means every audience (staff); an empty set means none."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_staff:
        return None
    tokens: set[str] = set()
    for source in _audience_sources:
        tokens.update(source(user))
    return frozenset(tokens)
