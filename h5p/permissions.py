"""Who may do what with H5P. Each rule: a predicate for one object next to the queryset
filter that says the same for lists; views fetch through the filter (404 for both
missing and forbidden)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from courses.models import Course, Enrollment

from .models import Activity, Library


def editable_activities(user):
    """Activities in courses the user teaches (staff: all): settings, preview, results."""
    return Activity.objects.filter(item__course__in=Course.objects.editable_by(user))


def can_edit_activity(user, activity: Activity) -> bool:
    return editable_activities(user).filter(pk=activity.pk).exists()


def managed_libraries(user):
    """Libraries are code: only staff approve or revoke them."""
    if not (user.is_authenticated and user.is_staff):
        return Library.objects.none()
    return Library.objects.all()


def can_manage_libraries(user) -> bool:
    return user.is_authenticated and user.is_staff


def with_unapproved(queryset):
    """Annotate ``blocked``: the activity needs a library staff have not approved."""
    return queryset.annotate(
        blocked=Exists(Library.objects.filter(activities=OuterRef("pk"), approved_at__isnull=True))
    )


def playable_activities(user):
    """Activities the user may play as a learner: an active item of a published course
    they are actively enrolled in, with every library approved."""
    return with_unapproved(
        Activity.objects.filter(
            item__archived_at__isnull=True,
            item__course__status=Course.Status.PUBLISHED,
            item__course__enrollments__user=user,
            item__course__enrollments__status=Enrollment.Status.ACTIVE,
        )
    ).filter(blocked=False)


def can_play(user, activity: Activity, *, preview: bool) -> bool:
    """Learners play approved content of their courses. Trainers and staff may preview
    unapproved content: it runs isolated, and staff must try a library to approve it."""
    if preview:
        return can_edit_activity(user, activity)
    return playable_activities(user).filter(pk=activity.pk).exists()
