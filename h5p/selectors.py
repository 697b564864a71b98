"""Reads for H5P pages, each owning its joins."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from courses.models import Enrollment

from .models import Activity, ActivityError, Attempt, Library, Result, SavedState


def library_list():
    """Libraries with how many activities (and active items) use them: one query."""
    return (
        Library.objects.annotate(
            usage=Count("activities", distinct=True),
            active_usage=Count(
                "activities", filter=Q(activities__item__archived_at__isnull=True), distinct=True
            ),
        )
        .select_related("approved_by")
        .order_by("machine_name", "major_version", "minor_version")
    )


def libraries_of(activity: Activity) -> list[Library]:
    """The libraries the content needs, with their approval state: one query."""
    return list(activity.libraries.order_by("machine_name", "major_version", "minor_version"))


def recent_errors(activity: Activity, limit: int = 20) -> list[ActivityError]:
    """The latest errors learners' players reported for the activity: one query."""
    return list(ActivityError.objects.filter(activity=activity).select_related("user")[:limit])


def unapproved_for(activity: Activity) -> list[Library]:
    return list(activity.libraries.filter(approved_at__isnull=True).order_by("machine_name"))


def saved_state(*, activity: Activity, user_id: int) -> str | None:
    return (
        SavedState.objects.filter(activity=activity, user_id=user_id)
        .values_list("data", flat=True)
        .first()
    )


def activity_report(activity: Activity):
    """Learners of the course with their attempts and per-question results: three queries."""
    enrollments = list(
        Enrollment.objects.filter(course_id=activity.item.course_id)
        .exclude(status=Enrollment.Status.REQUESTED)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    attempts = (
        Attempt.objects.filter(activity=activity)
        .prefetch_related(Prefetch("results", queryset=Result.objects.order_by("pk")))
        .order_by("user_id", "number")
    )
    by_user: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_user.setdefault(attempt.user_id, []).append(attempt)
    return [(enrollment, by_user.get(enrollment.user_id, [])) for enrollment in enrollments]


def report_rows(activity: Activity):
    """One row per attempt (and per question result) for the CSV export, streamed."""
    attempts = (
        Attempt.objects.filter(activity=activity)
        .select_related("user")
        .prefetch_related(Prefetch("results", queryset=Result.objects.order_by("pk")))
        .order_by("user__email", "number")
    )
    for attempt in attempts.iterator(chunk_size=500):
        yield attempt, None
        for result in attempt.results.all():
            yield attempt, result
