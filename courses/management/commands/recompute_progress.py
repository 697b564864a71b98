"""Recount learners' progress after items or rules changed."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from courses.models import Course
from courses.progress import course_recompute


class Command(BaseCommand):
    help = (
        "Recount every active enrolment's progress counters (all courses, or one by slug). "
        "Completed courses stay completed; enrolments that now meet the rule are completed."
    )

    def add_arguments(self, parser):
        parser.add_argument("course", nargs="?", help="the course's slug (default: every course)")

    def handle(self, *args, course=None, **options):
        courses = Course.objects.order_by("slug")
        if course:
            courses = courses.filter(slug=course)
            if not courses.exists():
                raise CommandError(f"No course with the slug “{course}”.")
        total = 0
        for found in courses.iterator():
            count = course_recompute(course=found)
            total += count
            self.stdout.write(f"{found.slug}: {count} enrolment(s) recounted")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} enrolment(s) recounted."))
