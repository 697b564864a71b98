"""The editors' studio for the knowledge base: staff and the "Knowledge editors" group.
Everyone else gets 404 (the same answer as for a missing page)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import EditionForm, NewsForm, PublicationForm, PublishForm, VersionForm
from ..models import Edition, LanguageVersion, NewsItem, Publication
from ..permissions import is_knowledge_editor
from ..services import (
    edition_create,
    language_version_create,
    news_create,
    news_unpublish,
    news_update,
    publication_publish,
    publication_save,
    publication_unpublish,
)


def editor_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_knowledge_editor(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _publication(request, pk):
    return get_object_or_404(Publication.objects.editable_by(request.user), pk=pk)


@editor_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    form = PublicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        publication = form.save()
        messages.success(request, _("Draft created. Add an edition and its files."))
        return redirect("knowledge:editor_publication", pk=publication.pk)
    publications = Publication.objects.editable_by(request.user).order_by("-updated_at")[:200]
    return render(
        request,
        "knowledge/editor/index.html",
        {
            "publications": publications,
            "form": form,
            "news_form": NewsForm(),
            "news": NewsItem.objects.order_by("-created_at")[:50],
        },
    )


@editor_required
@require_POST
def news_add(request: HttpRequest) -> HttpResponse:
    form = NewsForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        item = news_create(
            title=data["title"],
            slug=data["slug"],
            body=data["body"],
            language=data["language"],
            publish_at=data["publish_at"] or timezone.now(),
            attachment=data["attachment"] or "",
        )
        item.topics.set(data["topics"])
        messages.success(request, _("News item saved."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("knowledge:editor")


@editor_required
@require_http_methods(["GET", "POST"])
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(NewsItem, pk=pk)
    form = NewsForm(request.POST or None, request.FILES or None, instance=item)
    if request.method == "POST" and "unpublish" in request.POST:
        news_unpublish(item=item)
        messages.success(request, _("The news item is a draft again."))
        return redirect("knowledge:editor_news", pk=item.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in ("title", "slug", "body", "language")}
        if data["attachment"] is False:  # "clear" ticked
            fields["attachment"] = ""
        elif data["attachment"]:
            fields["attachment"] = data["attachment"]
        publish_at = data["publish_at"] or (timezone.now() if "publish" in request.POST else None)
        news_update(item=item, fields=fields, topics=data["topics"], publish_at=publish_at)
        messages.success(request, _("News item saved."))
        return redirect("knowledge:editor_news", pk=item.pk)
    return render(request, "knowledge/editor/news.html", {"item": item, "form": form})


@editor_required
@require_http_methods(["GET", "POST"])
def publication(request: HttpRequest, pk: int) -> HttpResponse:
    item = _publication(request, pk)
    form = PublicationForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        publication_save(form=form)
        messages.success(request, _("Saved."))
        return redirect("knowledge:editor_publication", pk=item.pk)
    editions = item.editions.prefetch_related(
        Prefetch("versions", queryset=LanguageVersion.objects.defer("text"))
    ).order_by("-issued_on", "-pk")
    return render(
        request,
        "knowledge/editor/publication.html",
        {
            "publication": item,
            "form": form,
            "editions": editions,
            "edition_form": EditionForm(publication=item),
            "version_form": VersionForm(),
            "publish_form": PublishForm(),
        },
    )


@editor_required
@require_POST
def edition_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _publication(request, pk)
    form = EditionForm(request.POST, publication=item)
    if form.is_valid():
        edition_create(publication=item, **form.cleaned_data)
        messages.success(request, _("New edition added; the previous one is now superseded."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("knowledge:editor_publication", pk=item.pk)


@editor_required
@require_POST
def version_add(request: HttpRequest, pk: int, edition_id: int) -> HttpResponse:
    item = _publication(request, pk)
    edition = get_object_or_404(Edition, pk=edition_id, publication=item)
    form = VersionForm(request.POST, request.FILES, edition=edition)
    if form.is_valid():
        data = form.cleaned_data
        language_version_create(
            edition=edition,
            language=data["language"],
            title=data["title"],
            summary=data["summary"],
            upload=data["file"],
        )
        messages.success(request, _("File uploaded. Its text is being extracted."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("knowledge:editor_publication", pk=item.pk)


@editor_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    item = _publication(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    elif "unpublish" in request.POST:
        publication_unpublish(publication=item)
        messages.success(request, _("The publication is a draft again."))
    else:
        publication_publish(publication=item, at=form.cleaned_data["publish_at"])
        messages.success(request, _("Published."))
    return redirect("knowledge:editor_publication", pk=item.pk)
