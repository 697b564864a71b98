"""Reads across relations, with their joins built in so pages stay at a fixed number
of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from .catalog_search import catalog_search
from .models import Course, Enrollment, ItemProgress, Topic
from .outline import Outline, build_outline
from .registry import get_kind
from .search import matching_course_ids
from .structure import course_structures


def catalog_courses(*, query: str = "", topic: str = "", language: str = "", level: str = ""):
    """Published courses matching the catalog's search and filters, with trainers and
    topics prefetched (two extra queries per page, whatever its length)."""
    courses = Course.objects.published()
    if topic:
        courses = courses.filter(topics__slug=topic)
    if language:
        courses = courses.filter(language=language)
    if level:
        courses = courses.filter(level=level)
    provider = catalog_search() if query else None
    found = provider(query) if provider is not None else None
    if found is not None:
        courses = courses.filter(pk__in=found)  # the academy's search service (search/)
    if query and found is None:
        # Nothing indexed yet (or no search app): word by word and diacritics-insensitive
        # (courses/search.py), one more query.
        courses = Course.objects.filter(pk__in=matching_course_ids(courses, query) or [])
    elif topic:
        # Joins through topics can repeat a course; filter by id instead of DISTINCT.
        courses = Course.objects.filter(pk__in=courses.values("pk"))
    return courses.order_by("title", "pk").prefetch_related(
        "topics", Prefetch("trainers", to_attr="trainer_list")
    )


def catalog_topics():
    return Topic.objects.filter(courses__status=Course.Status.PUBLISHED).distinct().order_by("name")


def course_with_details(course: Course) -> dict:
    """Trainers and topics for the course page, and the places left when the course has
    a capacity (two queries, three with a capacity)."""
    places_left = None
    if course.capacity is not None:
        active = Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE).count()
        places_left = max(course.capacity - active, 0)
    return {
        "trainers": list(
            get_user_model().objects.filter(taught_courses=course.pk).order_by("full_name")
        ),
        "topics": list(Topic.objects.filter(courses=course.pk)),
        "places_left": places_left,
    }


def completion_rule(outline: Outline) -> dict:
    """The course's completion rule in parts a template can phrase: the number of
    required items and the kinds' own words for the ones with extra conditions
    ("pass “Final quiz” with at least 70%"). One query per kind that describes rules."""
    required = [entry.item for entry in outline.entries() if entry.item.is_required]
    by_kind: dict[str, list] = {}
    for item in required:
        by_kind.setdefault(item.kind, []).append(item)
    rules = {}
    for key, items in by_kind.items():
        kind = get_kind(key)
        if kind is not None and kind.describe_rules is not None:
            rules.update(kind.describe_rules(items) or {})
    conditions = [rules[item.pk] for item in required if rules.get(item.pk)]
    return {"required_count": len(required), "conditions": conditions}


@dataclass
class LearningRow:
    enrollment: Enrollment
    outline: Outline | None = None

    @property
    def next_step(self):
        return self.outline.next_step() if self.outline else None

    @property
    def new_required_items(self) -> int:
        """Required items added after the course was completed (they do not reopen it)."""
        return self.enrollment.steps_added_since_completion


def learning_for(user) -> dict:
    """The dashboard's "My learning": courses in progress with their next step, completed
    courses and pending requests. Two queries whatever the number of enrolments
    (enrolments, progress of all of them at once), and two more for the structures no
    cache holds in their current version (courses.structure)."""
    enrollments = list(
        Enrollment.objects.filter(
            user=user, status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.REQUESTED]
        )
        .select_related("course")
        .order_by("-last_activity_at", "-requested_at")
    )
    active = [e for e in enrollments if e.status == Enrollment.Status.ACTIVE and not e.completed_at]
    structures = course_structures({e.course_id: e.course for e in active}.values())
    rows: dict[int, list] = {}
    if active:
        for row in ItemProgress.objects.filter(enrollment__in=active).only(
            "pk", "enrollment_id", "item_id", "state", "completed_at"
        ):
            rows.setdefault(row.enrollment_id, []).append(row)
    in_progress = [
        LearningRow(
            e,
            build_outline(
                modules=structures[e.course_id].modules,
                items=structures[e.course_id].items,
                progress_rows=rows.get(e.pk, []),
                sequential=e.course.is_sequential,
            ),
        )
        for e in active
    ]
    completed = [
        LearningRow(e)
        for e in enrollments
        if e.status == Enrollment.Status.ACTIVE and e.completed_at
    ]
    completed.sort(key=lambda row: row.enrollment.completed_at, reverse=True)
    requested = [e for e in enrollments if e.status == Enrollment.Status.REQUESTED]
    return {"in_progress": in_progress, "completed": completed, "requested": requested}
