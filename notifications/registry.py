"""The registry of notification types. Apps register theirs in ``AppConfig.ready()``::

    from notifications.registry import NotificationType, register
    register(NotificationType(key="courses.enrolment_approved", label=_("..."),
                              message=_("Your enrolment in “%(course)s” was approved."),
                              link=course_link, defaults={"*": Channel.EMAIL}))

``message`` is a lazy translatable string with ``%(name)s`` placeholders filled from the
notification's params, in the reader's language. ``link(target)`` returns a URL path for
the target object, or None. ``defaults`` maps a role ("learner", "trainer",
"coordinator", "staff") or "*" to the channel used when the user chose nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from .models import Channel


@dataclass(frozen=True)
class NotificationType:
    key: str
    label: Promise | str
    message: Promise | str
    link: Callable[[Any], str | None] = lambda target: None
    defaults: dict[str, str] = field(default_factory=lambda: {"*": Channel.IN_APP})
    # Shown in the preferences only to users who can receive it (all when None).
    audience: str | None = None

    def default_for(self, role: str) -> str:
        return self.defaults.get(role) or self.defaults.get("*") or Channel.IN_APP


_types: dict[str, NotificationType] = {}


def register(notification_type: NotificationType) -> None:
    if notification_type.key in _types and _types[notification_type.key] != notification_type:
        raise ValueError(f"notification type {notification_type.key!r} is already registered")
    _types[notification_type.key] = notification_type


def get(key: str) -> NotificationType | None:
    return _types.get(key)


def all_types() -> list[NotificationType]:
    return list(_types.values())
