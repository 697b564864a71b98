"""Index the demo courses (``seed_demo`` runs this after the courses' seed)."""

from __future__ import annotations

from courses.models import Course

from .indexing import course_index


def seed(stdout) -> dict:
    count = sum(course_index(pk) for pk in Course.objects.values_list("pk", flat=True))
    stdout.write(f"Search: {count} course entries indexed.")
    return {"entries": count}
