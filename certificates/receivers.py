"""Certificates listen to the progress engine's ``course_completed`` (sent after commit)."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from courses.signals import course_completed

from .services import certificate_issue_on_completion

logger = logging.getLogger(__name__)


@receiver(course_completed, dispatch_uid="certificates_issue_on_completion")
def issue_on_completion(sender, enrollment, **kwargs) -> None:
    # The learner's completion is already committed; a failure here must not turn their
    # click into an error page. It is logged and a trainer can issue by hand.
    try:
        certificate_issue_on_completion(enrollment=enrollment)
    except Exception:  # noqa: BLE001
        logger.exception("Could not issue the certificate for enrollment %s", enrollment.pk)
