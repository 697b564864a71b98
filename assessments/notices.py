"""The notification type ``assessments`` sends: extra attempts or time granted."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel
from notifications.registry import NotificationType, register
from notifications.services import notify

EXTRA_GRANTED = "assessments.extra_granted"


def _learn(target) -> str:
    return reverse("courses:learn", kwargs={"slug": target.slug})


def register_types() -> None:
    register(
        NotificationType(
            key=EXTRA_GRANTED,
            label=_("Extra attempts or time granted for a quiz"),
            message=_(
                "You were granted %(attempts)s extra attempts and %(minutes)s extra minutes for “%(quiz)s”."
            ),
            link=_learn,
            defaults={"*": Channel.EMAIL},
        )
    )


def extra_granted(*, override) -> None:
    quiz = override.quiz
    course = quiz.item.course
    notify(
        type_key=EXTRA_GRANTED,
        recipient_ids=[override.user_id],
        event=f"override:{override.pk}:{override.extra_attempts}:{override.extra_minutes}",
        params={
            "quiz": quiz.item.title,
            "attempts": override.extra_attempts,
            "minutes": override.extra_minutes,
            "group_title": course.title,
        },
        target=course,
        group=f"course:{course.pk}",
    )
