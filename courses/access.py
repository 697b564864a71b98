"""Fetch-and-authorise helpers for learner-facing views of every kind.

Other apps (quizzes, H5P) call ``learner_item`` so that drafts, enrolment and
sequential locks are enforced in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import FilteredRelation, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from .fragments import outline_version
from .models import Course, Enrollment, Item, ItemProgress
from .outline import Outline, build_outline
from .permissions import can_view_course
from .structure import course_structure


class NotEnrolled(Exception):
    """The user may see the course but is not an active learner in it."""

    def __init__(self, course: Course):
        super().__init__(course.slug)
        self.course = course


class ItemLocked(PermissionDenied):
    """A sequential course's item whose prerequisites are unfinished; the message says which."""

    def __init__(self, blocker: Item, course: Course | None = None):
        super().__init__(_("Finish “%(title)s” first.") % {"title": blocker.title})
        self.blocker = blocker
        self.course = course

    @property
    def links(self) -> list[tuple[str, str]]:
        """Where the 403 page sends the learner: the step to finish, then the course."""
        if self.course is None:
            return []
        step = reverse(
            "courses:item", kwargs={"slug": self.course.slug, "item_id": self.blocker.pk}
        )
        return [
            (_("Go to “%(title)s”") % {"title": self.blocker.title}, step),
            (
                _("Back to the course “%(title)s”") % {"title": self.course.title},
                self.course.get_absolute_url(),
            ),
        ]


@dataclass(frozen=True, slots=True)
class ProgressRow:
    """A learner's progress on one item as the outline and the player show it: plain
    values, cheaper than model instances for the 80 rows of a big course."""

    item_id: int
    state: str
    score: Decimal | None
    passed: bool | None
    completed_at: datetime | None

    @property
    def is_complete(self) -> bool:
        return self.state == ItemProgress.State.COMPLETED


def _progress_rows(*, enrollment_id: int) -> list[ProgressRow]:
    return [
        ProgressRow(*values)
        for values in ItemProgress.objects.filter(enrollment_id=enrollment_id).values_list(
            "item_id", "state", "score", "passed", "completed_at"
        )
    ]


def _item_for_learner(*, item_id: int, user_id: int) -> Item | None:
    """The item with its course, module and the user's active enrolment (None if not
    enrolled; user 0 for anonymous visitors): one query."""
    return (
        Item.objects.active()
        .filter(pk=item_id)
        .annotate(
            mine=FilteredRelation(
                "course__enrollments",
                condition=Q(
                    course__enrollments__user_id=user_id,
                    course__enrollments__status=Enrollment.Status.ACTIVE,
                ),
            )
        )
        .select_related("course", "module", "mine")
        .order_by()
        .first()
    )


def _joined_enrollment(row, course: Course) -> Enrollment | None:
    """The enrolment read through the ``mine`` join (set only when the join found one)."""
    enrollment = getattr(row, "mine", None)
    if enrollment is not None:
        enrollment.course = course
    return enrollment


def course_outline(*, course: Course, enrollment: Enrollment | None) -> Outline:
    """One query for the learner's progress whatever the size of the course, and two
    for its structure when no cache holds its current version (courses.structure).

    The outline carries the tokens it was read under (``Outline.version``, for the
    rendered-fragment cache in ``courses.fragments``); they are read before the rows,
    so the rows are at least as new as the tokens say."""
    structure = course_structure(course)
    rows = _progress_rows(enrollment_id=enrollment.pk) if enrollment and enrollment.pk else []
    return build_outline(
        modules=structure.modules,
        items=structure.items,
        progress_rows=rows,
        sequential=course.is_sequential,
        version=outline_version(course, enrollment if enrollment and enrollment.pk else None),
    )


def _course_for_user(*, slug: str, user_id: int) -> Course | None:
    """The course with the user's enrolment in any status (None if never enrolled; user 0
    for anonymous visitors): the course page's first query."""
    return (
        Course.objects.filter(slug=slug)
        .annotate(mine=FilteredRelation("enrollments", condition=Q(enrollments__user_id=user_id)))
        .select_related("mine")
        .order_by()
        .first()
    )


def visible_course_with_enrollment(user, slug: str) -> tuple[Course, Enrollment | None]:
    """``visible_course`` and the user's enrolment in it, whatever its status, in one query."""
    course = _course_for_user(slug=slug, user_id=user.pk or 0)
    if course is None or not can_view_course(user, course):
        raise Http404
    return course, _joined_enrollment(course, course)


def visible_course(user, slug: str) -> Course:
    """The course if the user may see it; 404 (the same for missing and forbidden) otherwise."""
    # By slug, then the rule in Python: a published course needs no query for it.
    course = Course.objects.filter(slug=slug).first()
    if course is None or not can_view_course(user, course):
        raise Http404
    return course


def learner_item(
    user, *, item_id: int, slug: str | None = None
) -> tuple[Item, Enrollment, Outline]:
    """The item, the user's active enrollment and the outline, or:

    - Http404 if the course or item is missing, archived, or a draft for this user;
    - NotEnrolled if the user has no active enrollment (show the course page);
    - ItemLocked if a sequential course requires finishing an earlier item first.
    """
    # Fetched by id, then checked: a published course (the usual case) needs no query
    # for visibility (the same rule as Course.objects.visible_to).
    item = _item_for_learner(item_id=item_id, user_id=user.pk or 0)
    if (
        item is None
        or (slug is not None and item.course.slug != slug)
        or not can_view_course(user, item.course)
    ):
        raise Http404
    enrollment = _joined_enrollment(item, item.course)
    if enrollment is None:
        raise NotEnrolled(item.course)
    outline = course_outline(course=item.course, enrollment=enrollment)
    entry = outline.entry_for(item.pk)
    if entry is not None and entry.is_locked:
        raise ItemLocked(entry.locked_by, item.course)
    return item, enrollment, outline
