"""The material kinds owned by ``courses`` (page, video, document, link): ``register()``
is called from ``CoursesConfig.ready()``, the same way every app registers its kinds."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .html import images_without_alt
from .models import Document, Item, Link, Page, Video
from .registry import Completion, ItemKind, register_kind

DETAIL_MODELS = {
    Item.Kind.PAGE: Page,
    Item.Kind.VIDEO: Video,
    Item.Kind.DOCUMENT: Document,
    Item.Kind.LINK: Link,
}


def _studio_url(item) -> str | None:
    # The studio (issue 7) owns these URLs; until it lands there is nowhere to link.
    try:
        return reverse("studio:item_edit", kwargs={"item_id": item.pk})
    except NoReverseMatch:
        return None


def _video_context(request, item, enrollment) -> dict:
    return {
        **_detail_context(Video)(request, item, enrollment),
        "video_embeds": settings.COURSES_VIDEO_EMBEDS,
    }


def _detail_context(model):
    def context(request, item, enrollment) -> dict:
        return {"material": model.objects.filter(item=item).first()}

    return context


def _duplicate(model):
    def duplicate(old_item, new_item) -> None:
        detail = model.objects.filter(item=old_item).first()
        if detail is not None:
            detail.pk = None
            detail.item = new_item
            detail.save()

    return duplicate


def _missing_detail(course, kind: str, model) -> list:
    items = (
        Item.objects.active()
        .filter(course=course, kind=kind)
        .exclude(pk__in=model.objects.values("item_id"))
    )
    return [
        (gettext("“%(title)s” has no content yet.") % {"title": item.title}, _studio_url(item))
        for item in items
    ]


def page_problems(course) -> list:
    problems = _missing_detail(course, Item.Kind.PAGE, Page)
    for page in Page.objects.filter(
        item__course=course, item__archived_at__isnull=True
    ).select_related("item"):
        if images_without_alt(page.body):
            problems.append(
                (
                    gettext("An image on “%(title)s” has no text alternative.")
                    % {"title": page.item.title},
                    _studio_url(page.item),
                )
            )
    return problems


def video_problems(course) -> list:
    problems = _missing_detail(course, Item.Kind.VIDEO, Video)
    for video in Video.objects.filter(
        item__course=course, item__archived_at__isnull=True
    ).select_related("item"):
        if not video.is_accessible:
            problems.append(
                (
                    gettext("The video “%(title)s” has neither captions nor a transcript.")
                    % {"title": video.item.title},
                    _studio_url(video.item),
                )
            )
    return problems


def _simple_problems(kind, model):
    return lambda course: _missing_detail(course, kind, model)


def register() -> None:
    register_kind(
        ItemKind(
            key=Item.Kind.PAGE,
            label=_("Page"),
            icon="¶",
            completion=Completion.MANUAL,
            template="courses/kinds/page.html",
            context=_detail_context(Page),
            studio_url=_studio_url,
            publish_problems=page_problems,
            duplicate=_duplicate(Page),
        )
    )
    register_kind(
        ItemKind(
            key=Item.Kind.VIDEO,
            label=_("Video"),
            icon="▶",
            completion=Completion.MANUAL,
            template="courses/kinds/video.html",
            context=_video_context,
            studio_url=_studio_url,
            publish_problems=video_problems,
            duplicate=_duplicate(Video),
        )
    )
    register_kind(
        ItemKind(
            key=Item.Kind.DOCUMENT,
            label=_("Document"),
            icon="▤",
            completion=Completion.MANUAL,
            template="courses/kinds/document.html",
            context=_detail_context(Document),
            studio_url=_studio_url,
            publish_problems=_simple_problems(Item.Kind.DOCUMENT, Document),
            duplicate=_duplicate(Document),
        )
    )
    register_kind(
        ItemKind(
            key=Item.Kind.LINK,
            label=_("Link"),
            icon="↗",
            completion=Completion.MANUAL,
            template="courses/kinds/link.html",
            context=_detail_context(Link),
            studio_url=_studio_url,
            publish_problems=_simple_problems(Item.Kind.LINK, Link),
            duplicate=_duplicate(Link),
        )
    )
