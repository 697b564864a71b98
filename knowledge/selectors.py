"""Reads of the knowledge base for the public pages: each returns querysets with their
joins built in, so templates trigger no queries."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import ExtractYear

from courses.models import Course, Topic

from . import counts_cache
from .models import Edition, LanguageVersion, NewsItem, Publication, Region


@dataclass
class Filters:
    type: str = ""
    topic: str = ""
    language: str = ""
    year: int | None = None
    region: str = ""
    course: str = ""

    @classmethod
    def from_query(cls, params) -> Filters:
        year = params.get("year", "")
        return cls(
            type=params.get("type", "") if params.get("type") in Publication.Type.values else "",
            topic=params.get("topic", "")[:100],
            language=params.get("language", "")
            if params.get("language") in dict(settings.LANGUAGES)
            else "",
            year=int(year)
            if year.isascii() and year.isdigit() and 1900 < int(year) < 3000
            else None,
            region=params.get("region", "") if params.get("region") in Region.values else "",
            course=params.get("course", "")[:200],
        )

    def active(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def _current_versions():
    return Prefetch(
        "editions",
        queryset=Edition.objects.filter(is_current=True).prefetch_related(
            Prefetch(
                "versions",
                queryset=LanguageVersion.objects.only(
                    "id", "edition_id", "language", "title", "file_type", "size", "page_count"
                ),
            )
        ),
        to_attr="current_editions",
    )


def publications_listing(filters: Filters):
    """Visible publications matching the filters, newest first, with the current edition
    and its language versions prefetched."""
    return (
        _filtered(filters)
        .prefetch_related("topics", _current_versions())
        .order_by("-published_at", "-pk")
    )


def _filtered(filters: Filters):
    queryset = Publication.objects.published()
    if filters.type:
        queryset = queryset.filter(type=filters.type)
    if filters.topic:
        queryset = queryset.filter(topics__slug=filters.topic)
    if filters.region:
        queryset = queryset.filter(region=filters.region)
    if filters.year:
        queryset = queryset.filter(published_at__year=filters.year)
    if filters.course:
        queryset = queryset.filter(related_courses__slug=filters.course)
    if filters.language:
        queryset = queryset.filter(
            Exists(
                LanguageVersion.objects.filter(
                    edition__publication=OuterRef("pk"),
                    edition__is_current=True,
                    language=filters.language,
                )
            )
        )
    if filters.topic or filters.course:
        queryset = Publication.objects.filter(
            pk__in=queryset.values("pk")
        )  # one row per publication after the joins
    return queryset


@dataclass
class Facets:
    type: list = field(default_factory=list)
    topic: list = field(default_factory=list)
    language: list = field(default_factory=list)
    year: list = field(default_factory=list)
    region: list = field(default_factory=list)


def listing_facets(filters: Filters) -> Facets:
    """Counts per facet value among the publications the other filters leave (five
    queries, or none when cached: knowledge.counts_cache)."""
    return counts_cache.cached("facets", lambda: _count_facets(filters), filters.active())


def _count_facets(filters: Filters) -> Facets:
    base = _filtered(filters).order_by()
    ids = base.values("pk")
    types = dict(Publication.Type.choices)
    regions = dict(Region.choices)
    languages = dict(settings.LANGUAGES)
    return (
        Facets(
            type=[
                (row["type"], types.get(row["type"], row["type"]), row["n"])
                for row in Publication.objects.filter(pk__in=ids)
                .values("type")
                .annotate(n=Count("pk"))
                .order_by("type")
            ],
            topic=[
                (t.slug, t.name, t.n)
                for t in Topic.objects.filter(publications__in=ids)
                .annotate(n=Count("publications", distinct=True))
                .order_by("name")
            ],
            language=[
                (row["language"], languages.get(row["language"], row["language"]), row["n"])
                for row in LanguageVersion.objects.filter(
                    edition__publication__in=ids, edition__is_current=True
                )
                .values("language")
                .annotate(n=Count("edition__publication", distinct=True))
                .order_by("language")
            ],
            year=[
                (row["y"], row["y"], row["n"])
                for row in Publication.objects.filter(pk__in=ids)
                .annotate(y=ExtractYear("published_at"))
                .values("y")
                .annotate(n=Count("pk"))
                .order_by("-y")
            ],
            region=[
                (row["region"], regions.get(row["region"], row["region"]), row["n"])
                for row in Publication.objects.filter(pk__in=ids)
                .values("region")
                .annotate(n=Count("pk"))
                .order_by("region")
            ],
        )
        if base.exists()
        else Facets()
    )


def publication_for_page(queryset, slug: str) -> Publication:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        queryset.prefetch_related(
            "topics",
            "audiences",
            "publishers",
            Prefetch(
                "editions",
                queryset=Edition.objects.prefetch_related(
                    Prefetch("versions", queryset=LanguageVersion.objects.defer("text"))
                ),
            ),
            Prefetch("related_courses", queryset=Course.objects.published()),
        ).select_related("superseded_by"),
        slug=slug,
    )


def type_counts():
    def count():
        counts = dict(
            Publication.objects.published().values_list("type").annotate(n=Count("pk")).order_by()
        )
        return [
            (value, label, counts[value])
            for value, label in Publication.Type.choices
            if counts.get(value)
        ]

    return counts_cache.cached("types", count)


def topic_counts() -> list[Topic]:
    def count():
        return list(
            Topic.objects.annotate(
                n=Count(
                    "publications",
                    filter=Q(publications__in=Publication.objects.published().values("pk")),
                )
            )
            .filter(n__gt=0)
            .order_by("name")
        )

    return counts_cache.cached("topics", count)


def latest_news(limit: int = 3):
    return NewsItem.objects.published().order_by("-published_at")[:limit]
