"""Enrolment emails, written in each learner's preferred language."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from background.mail import email_queue, new_key

from .models import Enrollment

TEMPLATES = {
    "enrolled": "courses/email/enrolled",
    "requested": "courses/email/requested",
    "approved": "courses/email/approved",
    "rejected": "courses/email/rejected",
}


def _absolute(path: str) -> str:
    base = getattr(settings, "ACADEMY_BASE_URL", "").rstrip("/")
    return f"{base}{path}"


def send_enrolment_email(*, enrollment: Enrollment, event: str) -> None:
    """Send the ``event`` email ("enrolled", "requested", "approved", "rejected")."""
    user, course = enrollment.user, enrollment.course
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user,
            "course": course,
            "site_name": settings.ACADEMY_SITE_NAME,
            "course_url": _absolute(reverse("courses:detail", kwargs={"slug": course.slug})),
            "learn_url": _absolute(reverse("courses:learn", kwargs={"slug": course.slug})),
        }
        subject = render_to_string(f"{TEMPLATES[event]}_subject.txt", context).strip()
        body = render_to_string(f"{TEMPLATES[event]}.txt", context)
    email_queue(
        key=new_key(f"enrolment:{enrollment.pk}:{event}"),
        to=user.email,
        recipient=user,
        language=language,
        subject=subject,  # prefixed with the academy's name when composed (academy/mail.py)
        text=body,
    )
