"""One search index for the whole academy.

- **SearchEntry**: one searchable thing — a publication's language version, a news item,
  a course in the catalogue, or a piece of course content (a page, a video transcript).
  ``key`` names its source ("knowledge.version:12"); ``kind`` is what the result list
  shows. Public entries (``is_public``) are for everyone once ``published_at`` has come;
  course content (``course`` set, not public) only for people who may see that
  course's content. Sources write entries through ``search.services``; the backends in
  ``search.backends`` only read them. On PostgreSQL a trigger keeps a weighted
  ``tsvector`` column and a word list for typo correction; on SQLite an FTS5 table mirrors
  the text (both created in migration 0002, outside the model).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PUBLICATION = "publication", _("Publication")
    NEWS = "news", _("News")
    COURSE = "course", _("Course")
    COURSE_CONTENT = "course-content", _("Course content")
    DISCUSSION = "discussion", _("Discussion")
    PARTNERSHIP = "partnership", _("Partnership offer")


class SearchEntry(models.Model):
    key = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Entries of one thing (a publication's language versions) share it: one result each.
    group_key = models.CharField(max_length=100, db_index=True)
    category = models.CharField(
        max_length=40, blank=True, help_text="publication type, item kind …"
    )
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="pl")
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    keywords = models.TextField(blank=True, help_text="topics, authors, trainers")
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    context = models.CharField(max_length=300, blank=True, help_text="e.g. the course of a page")
    is_public = models.BooleanField(default=True)
    # A private audience ("community.space:12"): only people holding the token see it.
    audience = models.CharField(max_length=60, blank=True, db_index=True)
    course = models.ForeignKey(
        "courses.Course", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [models.Index(fields=["kind", "language"], name="search_kind_language")]
        constraints = [
            # Course content is never public: it follows the course's own rules.
            models.CheckConstraint(
                condition=~Q(kind="course-content")
                | (Q(is_public=False) & Q(course__isnull=False)),
                name="search_course_content_private",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"
