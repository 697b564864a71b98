"""Public pages of the knowledge base: no account needed. Drafts and scheduled
publications are 404 for everyone but knowledge editors."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from courses.models import Course

from ..models import LanguageVersion, NewsItem, Publication, Status
from ..permissions import is_knowledge_editor
from ..selectors import (
    Filters,
    latest_news,
    listing_facets,
    publication_for_page,
    publications_listing,
    topic_counts,
    type_counts,
)


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/home.html",
        {
            "latest": publications_listing(Filters())[:6],
            "types": type_counts(),
            "topics": topic_counts(),
            "news": latest_news(),
        },
    )


@login_not_required
@require_GET
def listing(request: HttpRequest) -> HttpResponse:
    filters = Filters.from_query(request.GET)
    page = Paginator(publications_listing(filters), settings.KNOWLEDGE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(
        request,
        "knowledge/listing.html",
        {
            "page_obj": page,
            "filters": filters,
            "facets": listing_facets(filters),
            "keep": keep.urlencode(),
            "types": Publication.Type.choices,
        },
    )


def _pick_version(versions, wanted: str):
    by_language = {v.language: v for v in versions}
    return (
        by_language.get(wanted)
        or by_language.get(get_language())
        or by_language.get("pl")
        or (versions[0] if versions else None)
    )


@login_not_required
@require_GET
def publication(request: HttpRequest, slug: str) -> HttpResponse:
    item = publication_for_page(Publication.objects.visible_to(request.user), slug)
    editions = list(item.editions.all())
    current = next((e for e in editions if e.is_current), None)
    versions = list(current.versions.all()) if current else []
    shown = _pick_version(versions, request.GET.get("lang", ""))
    return render(
        request,
        "knowledge/publication.html",
        {
            "publication": item,
            "editions": editions,
            "current": current,
            "versions": versions,
            "shown": shown,
            "courses": list(item.related_courses.all()),
            "is_editor": is_knowledge_editor(request.user),
            "authors": [a.strip() for a in item.authors.split(",") if a.strip()],
            "publishers": list(item.publishers.all()),
            "absolute_url": request.build_absolute_uri(item.get_absolute_url()),
        },
    )


@login_not_required
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    version = get_object_or_404(
        LanguageVersion.objects.select_related("edition__publication").filter(
            edition__publication__in=Publication.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    try:
        handle = version.file.open("rb")
    except OSError:
        raise Http404 from None
    filename = f"{version.edition.publication.slug}-{version.edition.version_label}-{version.language}.{version.file_type}"
    from courses.sniff import CONTENT_TYPES

    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename.replace(" ", "-"),
        content_type=CONTENT_TYPES.get(version.file_type, "application/octet-stream"),
    )


@login_not_required
@require_GET
def news(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(
        NewsItem.objects.visible_to(request.user).prefetch_related("topics"), slug=slug
    )
    return render(request, "knowledge/news.html", {"item": item})


@login_not_required
@require_GET
def news_attachment(request: HttpRequest, slug: str) -> FileResponse:
    item = get_object_or_404(
        NewsItem.objects.visible_to(request.user).exclude(attachment=""), slug=slug
    )
    try:
        return FileResponse(
            item.attachment.open("rb"),
            as_attachment=True,
            filename=item.attachment.name.rsplit("/", 1)[-1],
        )
    except OSError:
        raise Http404 from None


@login_not_required
@require_GET
def course_publications(request: HttpRequest, slug: str) -> HttpResponse:
    """The fragment the course page loads: publications related to that course."""
    course = get_object_or_404(Course.objects.visible_to(request.user), slug=slug)
    items = (
        Publication.objects.published()
        .filter(related_courses=course)
        .order_by("-published_at")[:10]
    )
    return render(
        request, "knowledge/_course_publications.html", {"course": course, "publications": items}
    )


__all__ = ["Status"]
