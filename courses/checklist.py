"""The publish checklist: every problem that stops a course from being published,
each with the address of the studio page where the trainer fixes it
(``courses.authoring.course_publish`` refuses while the list is not empty)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from . import registry
from .html import images_without_alt
from .models import Course, Item, Module


def course_problems(course: Course) -> list[tuple[str, str | None]]:
    """``[(message, url)]``; empty when the course may be published. The item kinds
    (pages' images, videos' captions, quizzes' questions, H5P libraries) and other apps
    (certificate template) contribute through ``courses.registry``."""
    outline = reverse("studio:outline", kwargs={"slug": course.slug})
    details = reverse("studio:details", kwargs={"slug": course.slug})
    problems: list[tuple[str, str | None]] = []
    has_required = Module.objects.filter(
        course=course, items__is_required=True, items__archived_at__isnull=True
    ).exists()
    if not has_required:
        problems.append((_("Add at least one module with a required step."), outline))
    if course.cover_image and not course.cover_alt.strip():
        problems.append((_("The cover image has no text alternative."), details))
    if images_without_alt(course.description):
        problems.append((_("An image in the course description has no text alternative."), details))
    present = set(
        Item.objects.active().filter(course=course).values_list("kind", flat=True).distinct()
    )
    for key, kind in sorted(registry.kinds().items()):
        if key in present and kind.publish_problems:
            problems.extend(kind.publish_problems(course))
    for check in registry.publish_checks():
        problems.extend(check(course))
    return problems
