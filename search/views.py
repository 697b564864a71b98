from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Kind
from .service import search


class _Counted(list):
    """A list that tells Paginator the total without materialising every hit."""

    def __init__(self, total):
        super().__init__()
        self.total = total

    def count(self):  # Paginator asks for count() first
        return self.total


@login_not_required
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")[:300].replace("\x00", "")
    kind = request.GET.get("kind", "") if request.GET.get("kind") in Kind.values else ""
    language = (
        request.GET.get("language", "")
        if request.GET.get("language") in dict(settings.LANGUAGES)
        else ""
    )
    page_number = request.GET.get("page", "1")
    number = (
        int(page_number)
        if page_number.isascii() and page_number.isdigit() and 0 < int(page_number) < 500
        else 1
    )
    size = settings.SEARCH_PAGE_SIZE
    results = search(
        raw,
        user=request.user,
        kinds=(kind,) if kind else (),
        language=language,
        limit=size,
        offset=(number - 1) * size,
    )
    paginator = Paginator(_Counted(results.total), size)
    page = Page(results.hits, min(number, max(paginator.num_pages, 1)), paginator)
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(
        request,
        "search/results.html",
        {
            "query": raw.strip(),
            "results": results,
            "page_obj": page,
            "keep": keep.urlencode(),
            "kind": kind,
            "language": language,
            "kinds": dict(Kind.choices),
            "languages": dict(settings.LANGUAGES),
        },
    )
