"""Personal data held by ``notifications``: a person's notifications and preferences."""

from __future__ import annotations

from privacy.helpers import delete_by, export_by, scrub_mentions
from privacy.registry import LegalBasis, PersonalData, register

NOTIFICATION_FIELDS = ("type", "event", "params", "created_at", "read_at")


def erase_notifications(user) -> None:
    from .models import Notification
    from .services import forget_unread

    Notification.objects.filter(recipient=user).delete()
    forget_unread([user.pk])
    # Others' notifications that name the person ("%(learner)s asks to join").
    scrub_mentions(Notification, ("params",), user)


register(
    PersonalData(
        model="notifications.Notification",
        user_fields=("recipient",),
        fields=NOTIFICATION_FIELDS,
        purpose="Notifications shown in the academy and sent by email",
        legal_basis=LegalBasis.CONTRACT,
        retention="As long as the account exists; deleted on erasure",
        export=export_by("notifications.Notification", ("recipient",), NOTIFICATION_FIELDS),
        erase=erase_notifications,
    )
)
register(
    PersonalData(
        model="notifications.NotificationPreference",
        user_fields=("user",),
        fields=("type", "channel"),
        purpose="How a person wants to be notified",
        legal_basis=LegalBasis.CONSENT,
        retention="As long as the account exists; deleted on erasure",
        export=export_by("notifications.NotificationPreference", ("user",), ("type", "channel")),
        erase=delete_by("notifications.NotificationPreference"),
    )
)
register(
    PersonalData(
        model="notifications.NotificationSettings",
        user_fields=("user",),
        fields=("digest_hour",),
        purpose="When a person's digest is sent",
        legal_basis=LegalBasis.CONSENT,
        retention="As long as the account exists; deleted on erasure",
        export=export_by("notifications.NotificationSettings", ("user",), ("digest_hour",)),
        erase=delete_by("notifications.NotificationSettings"),
    )
)
