"""Item editors for the material kinds (page, video, document, link). Quizzes and H5P
activities have their own editors; the registry's ``studio_url`` leads there."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from courses import authoring, registry
from courses.forms import MATERIAL_FORMS, ItemForm
from courses.kinds import DETAIL_MODELS
from courses.models import Item

from ..forms import StudioPageForm
from ..permissions import editable_courses
from .common import media_for


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(
        Item.objects.active().select_related("course", "module"),
        course__in=editable_courses(request.user),
        pk=item_id,
    )
    if item.kind not in MATERIAL_FORMS:
        return _kind_editor(item)
    detail = DETAIL_MODELS[item.kind].objects.filter(item=item).first()
    item_form, detail_form = _forms(request, item, detail)
    if request.method == "POST" and item_form.is_valid() and detail_form.is_valid():
        authoring.item_update(item_form=item_form, detail_form=detail_form)
        messages.success(request, _("“%(title)s” was saved.") % {"title": item.title})
        return redirect("studio:item_edit", item_id=item.pk)
    context = {"item": item, "item_form": item_form, "detail_form": detail_form, "detail": detail}
    return render(request, "studio/item_edit.html", _edit_context(request, context))


def _kind_editor(item: Item) -> HttpResponse:
    """Quizzes and H5P activities: their kind's own editor (``studio_url``)."""
    kind = registry.get_kind(item.kind)
    url = kind.studio_url(item) if kind and kind.studio_url else None
    if not url:
        raise Http404
    return redirect(url)


def _forms(request: HttpRequest, item: Item, detail) -> tuple:
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    item_form = ItemForm(data, instance=item, prefix="item")
    form_class = StudioPageForm if item.kind == Item.Kind.PAGE else MATERIAL_FORMS[item.kind]
    return item_form, form_class(data, files, instance=detail, prefix="detail")


def _edit_context(request: HttpRequest, context: dict) -> dict:
    item, detail = context["item"], context["detail"]
    return {
        **context,
        "course": item.course,
        "video_warning": item.kind == Item.Kind.VIDEO and not (detail and detail.is_accessible),
        "tab": "outline",
        "kind_label": registry.get_kind(item.kind).label,
        "media": media_for(request, context["detail_form"]),
    }
