"""Reads for the studio pages, each a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from courses import registry
from courses.models import Course, Enrollment, Item, ItemProgress, Module

from .models import StudioInvitation
from .permissions import editable_courses


def studio_courses(user):
    """The user's editable courses with learners, completions and pending requests
    counted in the same query."""
    active = Q(enrollments__status=Enrollment.Status.ACTIVE)
    return (
        editable_courses(user)
        .annotate(
            learners=Count("enrollments", filter=active, distinct=True),
            completed=Count(
                "enrollments",
                filter=active & Q(enrollments__completed_at__isnull=False),
                distinct=True,
            ),
            pending=Count(
                "enrollments",
                filter=Q(enrollments__status=Enrollment.Status.REQUESTED),
                distinct=True,
            ),
        )
        # Published first, then drafts, archived last.
        .order_by("-status", "title")
    )


@dataclass
class OutlineModule:
    module: Module
    items: list = field(default_factory=list)


@dataclass
class OutlineItem:
    item: Item
    kind_label: str
    edit_url: str | None
    index: int
    last: bool


def studio_outline(course: Course) -> list[OutlineModule]:
    """Modules with their active items, in order (two queries)."""
    modules = {
        m.pk: OutlineModule(m)
        for m in Module.objects.filter(course=course).order_by("position", "pk")
    }
    items = Item.objects.active().filter(course=course).order_by("position", "pk")
    kinds = registry.kinds()
    for item in items:
        entry = modules.get(item.module_id)
        if entry is None:
            continue
        kind = kinds.get(item.kind)
        url = kind.studio_url(item) if kind and kind.studio_url else None
        entry.items.append(OutlineItem(item, str(item.kind_label), url, 0, False))
    for entry in modules.values():
        for index, outline_item in enumerate(entry.items):
            outline_item.index = index
            outline_item.last = index == len(entry.items) - 1
    return list(modules.values())


def course_learners(course: Course):
    """Enrolments of every status with the learner, newest requests first."""
    return (
        Enrollment.objects.filter(course=course)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .select_related("user", "last_item")
        .order_by("status", "user__full_name", "user__email")
    )


@dataclass
class LearnerRow:
    item: Item
    progress: ItemProgress | None


def learner_progress(enrollment: Enrollment) -> list[tuple[Module, list[LearnerRow]]]:
    """Every item of the course (archived ones the learner worked on included) with
    the learner's progress: three queries."""
    progress = {p.item_id: p for p in ItemProgress.objects.filter(enrollment=enrollment)}
    items = (
        Item.objects.filter(course_id=enrollment.course_id)
        .filter(Q(archived_at__isnull=True) | Q(pk__in=list(progress)))
        .order_by("position", "pk")
    )
    modules = {
        m.pk: (m, [])
        for m in Module.objects.filter(course_id=enrollment.course_id).order_by("position", "pk")
    }
    for item in items:
        if item.module_id in modules:
            modules[item.module_id][1].append(LearnerRow(item, progress.get(item.pk)))
    return [entry for entry in modules.values() if entry[1]]


def open_invitations(course: Course):
    """Invitations to ``course`` not yet accepted (the learners tab lists them)."""
    return StudioInvitation.objects.filter(course=course, accepted_at__isnull=True)
