"""Fetch-and-authorise helpers for learner-facing views of every kind.

Other apps (quizzes, H5P) call ``learner_item`` so that drafts, enrolment and
sequential locks are enforced in one place.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Course, Enrollment, Item, ItemProgress, Module
from .outline import Outline, build_outline
from .permissions import can_view_course


class NotEnrolled(Exception):
    """The user may see the course but is not an active learner in it."""

    def __init__(self, course: Course):
        super().__init__(course.slug)
        self.course = course


class ItemLocked(PermissionDenied):
    """A sequential course's item whose prerequisites are unfinished; the message says which."""

    def __init__(self, blocker: Item):
        super().__init__(_("Finish “%(title)s” first.") % {"title": blocker.title})
        self.blocker = blocker


def course_outline(*, course: Course, enrollment: Enrollment | None) -> Outline:
    """Three queries whatever the size of the course: modules, active items, progress."""
    modules = list(Module.objects.filter(course=course).order_by("position", "pk"))
    # Only what an outline shows: parsing dates of 80 items and their progress was a
    # tenth of the player's time at scale (docs/performance.md).
    items = list(
        Item.objects.active().filter(course=course).in_order()
        .only("course_id", "module_id", "kind", "title", "position", "is_required")
    )
    rows = list(
        ItemProgress.objects.filter(enrollment=enrollment).only("enrollment_id", "item_id", "state", "score", "passed", "completed_at")
    ) if enrollment and enrollment.pk else []
    return build_outline(modules=modules, items=items, progress_rows=rows, sequential=course.is_sequential)


def visible_course(user, slug: str) -> Course:
    """The course if the user may see it; 404 (the same for missing and forbidden) otherwise."""
    # By slug, then the rule in Python: a published course needs no query for it.
    course = Course.objects.filter(slug=slug).first()
    if course is None or not can_view_course(user, course):
        raise Http404
    return course


def learner_item(user, *, item_id: int, slug: str | None = None) -> tuple[Item, Enrollment, Outline]:
    """The item, the user's active enrollment and the outline, or:

    - Http404 if the course or item is missing, archived, or a draft for this user;
    - NotEnrolled if the user has no active enrollment (show the course page);
    - ItemLocked if a sequential course requires finishing an earlier item first.
    """
    # Fetched by id, then checked: a published course (the usual case) needs no query
    # for visibility (the same rule as Course.objects.visible_to).
    item = Item.objects.active().select_related("course", "module").filter(pk=item_id).first()
    if item is None or (slug is not None and item.course.slug != slug) or not can_view_course(user, item.course):
        raise Http404
    enrollment = Enrollment.objects.filter(
        user=user, course=item.course, status=Enrollment.Status.ACTIVE
    ).first() if user.is_authenticated else None
    if enrollment is None:
        raise NotEnrolled(item.course)
    enrollment.course = item.course
    outline = course_outline(course=item.course, enrollment=enrollment)
    entry = outline.entry_for(item.pk)
    if entry is not None and entry.is_locked:
        raise ItemLocked(entry.locked_by)
    return item, enrollment, outline
