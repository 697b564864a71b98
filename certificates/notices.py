"""The notification types ``certificates`` sends."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.registry import NotificationType, register
from notifications.services import notify

ISSUED = "certificates.issued"
REISSUED = "certificates.reissued"
REVOKED = "certificates.revoked"


def _mine(target) -> str:
    return reverse("certificates:mine")


def register_types() -> None:
    # The certificate itself is emailed with its PDF (transactional); these tell the bell.
    register(
        NotificationType(
            key=ISSUED,
            label=_("Your certificate was issued"),
            message=_("Your certificate for “%(course)s” is ready."),
            link=_mine,
        )
    )
    register(
        NotificationType(
            key=REISSUED,
            label=_("Your certificate was re-issued"),
            message=_("Your certificate for “%(course)s” was re-issued."),
            link=_mine,
        )
    )
    register(
        NotificationType(
            key=REVOKED,
            label=_("Your certificate was revoked"),
            message=_("Your certificate for “%(course)s” was revoked."),
            link=_mine,
        )
    )


def certificate_changed(*, certificate, action: str, event_id) -> None:
    kinds = {"issued": ISSUED, "reissued": REISSUED, "revoked": REVOKED}
    if action not in kinds:
        return
    course = certificate.snapshot.get("course_title", "") if certificate.snapshot else ""
    notify(
        type_key=kinds[action],
        recipient_ids=[certificate.user_id],
        event=f"certificate-event:{event_id}",
        params={"course": course, "group_title": course},
        target=certificate,
        group=f"course:{certificate.course_id}",
    )
