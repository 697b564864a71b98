"""The end-of-course evaluation: a trainer switches it on per course; a learner who
completes the course is asked once (the course-complete panel); results are aggregated
with the same small-cell rule as the programme reports."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Exists, OuterRef
from django.urls import reverse

from courses.models import Course

from .models import CourseEvaluation, EvaluationResponse
from .programme import THRESHOLD


def evaluation_panel(enrollment) -> dict | None:
    """Context of the completion panel: the form, or None (off, or already answered).
    One query."""
    enabled = (
        CourseEvaluation.objects.filter(course_id=enrollment.course_id, enabled=True)
        .annotate(
            answered=Exists(
                EvaluationResponse.objects.filter(
                    course_id=OuterRef("course_id"), user_id=enrollment.user_id
                )
            )
        )
        .values_list("answered", flat=True)
        .first()
    )
    if enabled is None or enabled:
        return None
    return {
        "action": reverse("training:evaluate", kwargs={"slug": enrollment.course.slug}),
        "course": enrollment.course,
    }


def evaluation_set(*, course: Course, enabled: bool) -> CourseEvaluation:
    evaluation, _created = CourseEvaluation.objects.update_or_create(
        course=course, defaults={"enabled": enabled}
    )
    return evaluation


def evaluation_submit(
    *, course: Course, user, satisfaction: int, usefulness: int, comment: str = ""
) -> EvaluationResponse | None:
    """Store one answer; a second one from the same person is ignored (returns None)."""
    try:
        with transaction.atomic():
            return EvaluationResponse.objects.create(
                course=course,
                user=user,
                satisfaction=satisfaction,
                usefulness=usefulness,
                comment=comment.strip()[:2000],
            )
    except IntegrityError:
        return None


def evaluation_results(courses=None) -> list[dict]:
    """Per course: answers and averages; fewer than THRESHOLD answers shows nothing but
    "fewer than 5". One query."""
    rows = EvaluationResponse.objects.all()
    if courses is not None:
        rows = rows.filter(course__in=courses)
    results = []
    for row in (
        rows.values("course_id", "course__title")
        .annotate(
            answers=Count("pk"), satisfaction=Avg("satisfaction"), usefulness=Avg("usefulness")
        )
        .order_by("course__title")
    ):
        hidden = row["answers"] < THRESHOLD
        results.append(
            {
                "course_id": row["course_id"],
                "course": row["course__title"],
                "hidden": hidden,
                "answers": None if hidden else row["answers"],
                "satisfaction": None if hidden else round(row["satisfaction"], 1),
                "usefulness": None if hidden else round(row["usefulness"], 1),
            }
        )
    return results


def evaluation_comments(course: Course) -> list[str]:
    """Free-text answers, only when at least THRESHOLD people answered (no names)."""
    rows = EvaluationResponse.objects.filter(course=course)
    if rows.count() < THRESHOLD:
        return []
    return list(rows.exclude(comment="").order_by("?").values_list("comment", flat=True)[:200])
