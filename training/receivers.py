"""``training`` listens to the progress engine's ``course_completed`` (sent on commit)."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from courses.signals import course_completed

logger = logging.getLogger(__name__)


@receiver(course_completed, dispatch_uid="training_course_completed")
def on_course_completed(sender, enrollment, **kwargs) -> None:
    from .services import course_completion_record

    try:
        course_completion_record(user_id=enrollment.user_id, course_id=enrollment.course_id)
    except Exception:  # noqa: BLE001 - a learner's click must never fail because of this
        logger.exception("Could not record assigned training for enrolment %s", enrollment.pk)
