"""The notification types ``workshops`` sends (in the academy; booking emails are in mails.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.models import Channel
from notifications.registry import NotificationType, register
from notifications.services import notify

SESSION_CANCELLED = "workshops.session_cancelled"
MESSAGE = "workshops.message"


def _detail(target) -> str:
    return reverse("workshops:detail", kwargs={"pk": target.workshop_id})


def register_types() -> None:
    register(
        NotificationType(
            key=SESSION_CANCELLED,
            label=_("A workshop session you booked was cancelled"),
            message=_("The session “%(session)s” was cancelled."),
            link=_detail,
        )
    )
    register(
        NotificationType(
            key=MESSAGE,
            label=_("A message from a workshop's trainers"),
            message=_("Message about “%(session)s”: %(text)s"),
            link=_detail,
            defaults={"*": Channel.EMAIL},
        )
    )


def session_cancelled(*, session, user_ids) -> None:
    notify(
        type_key=SESSION_CANCELLED,
        recipient_ids=user_ids,
        event=f"session:{session.pk}:cancelled",
        params={"session": str(session)},
        target=session,
    )


def message_participants(*, session, user_ids, text: str, stamp: str) -> int:
    return notify(
        type_key=MESSAGE,
        recipient_ids=user_ids,
        event=f"session:{session.pk}:message:{stamp}",
        params={"session": str(session), "text": text[:1000]},
        target=session,
    )
