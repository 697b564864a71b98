"""The notification types ``training`` sends. Reminders use the deadline types that
``courses`` registered (courses.deadline_approaching / courses.deadline_passed)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel
from notifications.registry import NotificationType, register

ASSIGNED = "training.assigned"
DEADLINE_APPROACHING = "courses.deadline_approaching"
DEADLINE_PASSED = "courses.deadline_passed"


def _mine(target) -> str:
    return reverse("training:mine")


def register_types() -> None:
    register(
        NotificationType(
            key=ASSIGNED,
            label=_("Your organisation assigned you training"),
            message=_("%(organisation)s asks you to complete “%(course)s” by %(deadline)s."),
            link=_mine,
            defaults={"*": Channel.EMAIL},
        )
    )
