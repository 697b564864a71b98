"""The notification types ``courses`` sends, and the calls that send them (on commit)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel
from notifications.registry import NotificationType, register
from notifications.services import notify

ENROLMENT_REQUESTED = "courses.enrolment_requested"
ENROLMENT_REQUEST_WAITING = "courses.enrolment_request_waiting"
ENROLMENT_APPROVED = "courses.enrolment_approved"
ENROLMENT_REJECTED = "courses.enrolment_rejected"
STEP_ADDED = "courses.step_added"
LEARNER_INACTIVE = "courses.learner_inactive"
DEADLINE_APPROACHING = "courses.deadline_approaching"
DEADLINE_PASSED = "courses.deadline_passed"


def _course(target) -> str:
    return reverse("courses:detail", kwargs={"slug": target.slug})


def _learn(target) -> str:
    return reverse("courses:learn", kwargs={"slug": target.slug})


def _requests(target) -> str:
    return reverse("courses:requests", kwargs={"slug": target.slug})


def register_types() -> None:
    # The enrolment emails themselves stay transactional (courses/emails.py), so these
    # default to the academy only; a learner may add email or a digest.
    register(
        NotificationType(
            key=ENROLMENT_REQUESTED,
            label=_("Your enrolment request was sent"),
            message=_("Your request to join “%(course)s” was sent to its trainers."),
            link=_course,
        )
    )
    register(
        NotificationType(
            key=ENROLMENT_APPROVED,
            label=_("Your enrolment was approved"),
            message=_("Your enrolment in “%(course)s” was approved."),
            link=_learn,
        )
    )
    register(
        NotificationType(
            key=ENROLMENT_REJECTED,
            label=_("Your enrolment was not approved"),
            message=_("Your request to join “%(course)s” was not approved."),
            link=_course,
        )
    )
    register(
        NotificationType(
            key=ENROLMENT_REQUEST_WAITING,
            label=_("An enrolment request waits for you (trainers)"),
            message=_("%(learner)s asks to join “%(course)s”."),
            link=_requests,
            defaults={"*": Channel.EMAIL},
            audience="trainer",
        )
    )
    register(
        NotificationType(
            key=STEP_ADDED,
            label=_("A new step in a course you are taking"),
            message=_("A new step “%(item)s” was added to “%(course)s”."),
            link=_learn,
        )
    )
    register(
        NotificationType(
            key=LEARNER_INACTIVE,
            label=_("A reminder after some days without learning"),
            message=_(
                "You have not opened “%(course)s” for %(days)s days. Pick up where you left off."
            ),
            link=_learn,
            defaults={"*": Channel.EMAIL},
        )
    )
    register(
        NotificationType(
            key=DEADLINE_APPROACHING,
            label=_("A course deadline is approaching"),
            message=_("“%(course)s” must be completed by %(deadline)s."),
            link=_learn,
            defaults={"*": Channel.EMAIL},
        )
    )
    register(
        NotificationType(
            key=DEADLINE_PASSED,
            label=_("A course deadline has passed"),
            message=_("The deadline for “%(course)s” (%(deadline)s) has passed."),
            link=_learn,
            defaults={"*": Channel.EMAIL},
        )
    )


def _group(course) -> dict:
    return {"group": f"course:{course.pk}"}


def enrolment_changed(*, enrollment, event: str) -> None:
    """Tell the learner (and for a request, the course's trainers) about an enrolment event."""
    course, user = enrollment.course, enrollment.user
    stamp = f"enrollment:{enrollment.pk}:{event}:{(enrollment.requested_at or enrollment.enrolled_at or '')}"
    params = {"course": course.title, "group_title": course.title}
    kinds = {
        "requested": ENROLMENT_REQUESTED,
        "approved": ENROLMENT_APPROVED,
        "rejected": ENROLMENT_REJECTED,
    }
    if event in kinds:
        notify(
            type_key=kinds[event],
            recipient_ids=[user.pk],
            event=stamp,
            params=params,
            target=course,
            **_group(course),
        )
    if event == "requested":
        trainer_ids = list(course.trainers.values_list("pk", flat=True))
        notify(
            type_key=ENROLMENT_REQUEST_WAITING,
            recipient_ids=trainer_ids,
            event=stamp,
            target=course,
            params={**params, "learner": str(user)},
            role="trainer",
            **_group(course),
        )


def step_added(*, item) -> None:
    """Tell the learners enrolled in a published course that a step was added."""
    from .models import Enrollment

    course = item.course
    if not course.is_published:
        return
    learners = Enrollment.objects.filter(
        course=course, status=Enrollment.Status.ACTIVE
    ).values_list("user_id", flat=True)
    notify(
        type_key=STEP_ADDED,
        recipient_ids=learners.iterator(),
        event=f"item:{item.pk}",
        target=course,
        params={"course": course.title, "item": item.title, "group_title": course.title},
        **_group(course),
    )


def inactive_learners_remind(*, days: int, now=None) -> int:
    """Remind learners who have not opened an unfinished course for ``days`` days (or the
    course's own ``inactive_reminder_days``; 0 turns a course's reminders off); once per
    stretch of inactivity (the event is the day of their last activity). Returns how many.
    One query per distinct number of days, not per course."""
    from collections import defaultdict
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    from .models import Course, Enrollment

    now = now or timezone.now()
    published = Course.objects.filter(status=Course.Status.PUBLISHED)
    by_days: dict[int, list[int]] = defaultdict(list)
    for course_id, own in published.values_list("pk", "inactive_reminder_days"):
        effective = days if own is None else own
        if effective:
            by_days[effective].append(course_id)
    by_course: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for effective, course_ids in by_days.items():
        cutoff = now - timedelta(days=effective)
        stale = (
            Enrollment.objects.filter(
                status=Enrollment.Status.ACTIVE, completed_at__isnull=True, course_id__in=course_ids
            )
            .filter(
                Q(last_activity_at__lt=cutoff)
                | Q(last_activity_at__isnull=True, enrolled_at__lt=cutoff)
            )
            .values_list("course_id", "user_id", "last_activity_at", "enrolled_at")
        )
        for course_id, user_id, last_activity, enrolled in stale.iterator():
            by_course[course_id].append((user_id, f"{(last_activity or enrolled):%Y-%m-%d}"))
    sent = 0
    for course in Course.objects.filter(pk__in=by_course):
        own = course.inactive_reminder_days
        params = {
            "course": course.title,
            "days": days if own is None else own,
            "group_title": course.title,
        }
        by_day: dict[str, list[int]] = defaultdict(list)
        for user_id, day in by_course[course.pk]:
            by_day[day].append(user_id)
        for day, user_ids in by_day.items():
            sent += notify(
                type_key=LEARNER_INACTIVE,
                recipient_ids=user_ids,
                event=f"inactive:{course.pk}:{day}",
                params=params,
                target=course,
                **_group(course),
            )
    return sent
