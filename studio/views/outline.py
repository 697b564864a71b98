"""The outline editor: modules and items added, renamed, reordered, moved and removed.

Every action is one service call (one transaction holding the course lock). An htmx
request gets the outline re-rendered from the database; a plain form post is
redirected back to the outline page, so everything works without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from academy import safe_input
from academy.htmx import wants_partial
from courses import authoring, registry

from ..forms import ItemAddForm, TitleForm, kind_choices
from ..selectors import studio_outline
from .common import editable_course, editable_item, editable_module, error_text


def _context(course, **extra) -> dict:
    return {
        "course": course,
        "outline": studio_outline(course),
        "kinds": kind_choices(),
        "tab": "outline",
        **extra,
    }


def _respond(request: HttpRequest, course, *, error: str = "", notice: str = "") -> HttpResponse:
    """The outline fragment for htmx, or back to the page with a message."""
    if wants_partial(request):
        return render(
            request, "studio/outline.html#outline", _context(course, error=error, notice=notice)
        )
    if error:
        messages.error(request, error)
    elif notice:
        messages.success(request, notice)
    return redirect("studio:outline", slug=course.slug)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_GET
@vary_on_headers("HX-Request")
def outline(request: HttpRequest, slug: str) -> HttpResponse:
    course = editable_course(request, slug)
    template = "studio/outline.html#outline" if wants_partial(request) else "studio/outline.html"
    return render(request, template, _context(course))


@require_POST
def module_add(request: HttpRequest, slug: str) -> HttpResponse:
    course = editable_course(request, slug)
    form = TitleForm(request.POST)
    if not form.is_valid():
        return _respond(request, course, error=_("Give the module a title."))
    module = authoring.module_create(course=course, title=form.cleaned_data["title"])
    return _respond(
        request, course, notice=_("Module “%(title)s” added.") % {"title": module.title}
    )


@require_POST
def module_rename(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    course = editable_course(request, slug)
    module = editable_module(course, module_id)
    form = TitleForm(request.POST)
    if not form.is_valid():
        return _respond(request, course, error=_("Give the module a title."))
    authoring.module_rename(module=module, title=form.cleaned_data["title"])
    return _respond(request, course, notice=_("Module renamed."))


@require_POST
def module_move(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    course = editable_course(request, slug)
    module = editable_module(course, module_id)
    index = _target_index(request, [m.module.pk for m in studio_outline(course)], module.pk)
    if index is None:
        return _respond(request, course, error=_("Choose where to move it."))
    authoring.module_move(module=module, index=index)
    return _respond(request, course, notice=_("Module moved."))


@require_POST
def module_delete(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    course = editable_course(request, slug)
    module = editable_module(course, module_id)
    title = module.title
    if authoring.module_delete(module=module):
        notice = _("Module “%(title)s” deleted.") % {"title": title}
    else:
        notice = _(
            "The steps of “%(title)s” that learners have worked on were archived: their progress is "
            "kept. The module stays because it is the only one in the course."
        ) % {"title": title}
    return _respond(request, course, notice=notice)


@require_POST
def item_add(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    course = editable_course(request, slug)
    module = editable_module(course, module_id)
    form = ItemAddForm(request.POST, module=module)
    if not form.is_valid():
        return _respond(request, course, error=_("Choose a kind and give the step a title."))
    kind = registry.get_kind(form.cleaned_data["kind"])
    if kind.key not in {"page", "video", "document", "link"}:
        # Quizzes and H5P activities are created by their own editors, which start from the
        # title the trainer has just typed.
        return _redirect(
            request, f"{kind.create_url(module)}?{urlencode({'title': form.cleaned_data['title']})}"
        )
    item = authoring.item_create(module=module, kind=kind.key, title=form.cleaned_data["title"])
    return _redirect(request, reverse("studio:item_edit", kwargs={"item_id": item.pk}))


@require_POST
def item_rename(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    course = editable_course(request, slug)
    item = editable_item(course, item_id)
    form = TitleForm(request.POST)
    if not form.is_valid():
        return _respond(request, course, error=_("Give the step a title."))
    authoring.item_rename(item=item, title=form.cleaned_data["title"])
    return _respond(request, course, notice=_("Step renamed."))


def _target_index(request: HttpRequest, ids: list[int], pk: int) -> int | None:
    """The new 0-based index from "direction" (up/down) or "index"."""
    current = ids.index(pk) if pk in ids else 0
    direction = request.POST.get("direction")
    if direction == "up":
        return current - 1
    if direction == "down":
        return current + 1
    try:
        return int(request.POST.get("index", ""))
    except ValueError:
        return None


@require_POST
def item_move(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    course = editable_course(request, slug)
    item = editable_item(course, item_id)
    where = _move_target(request, course, item)
    if where is None:
        return _respond(request, course, error=_("Choose where to move it."))
    target, index = where
    try:
        authoring.item_move(item=item, module=target, index=index)
    except ValidationError as error:
        return _respond(request, course, error=error_text(error))
    return _respond(request, course, notice=_("“%(title)s” moved.") % {"title": item.title})


def _move_target(request: HttpRequest, course, item) -> tuple | None:
    """(module, index) the posted form asks for, or None when it names no place."""
    target = item.module
    if request.POST.get("module"):
        if not safe_input.is_id(request.POST["module"]):
            return None
        target = editable_module(course, request.POST["module"])
    if target.pk != item.module_id:
        # To another module: at its end unless an index is given.
        return target, _int(request.POST.get("index"), default=10**6)
    siblings = [
        e.item.pk for m in studio_outline(course) if m.module.pk == target.pk for e in m.items
    ]
    index = _target_index(request, siblings, item.pk)
    return None if index is None else (target, index)


def _int(value, *, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@require_POST
def item_reorder(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    """Drag and drop: the module's full new order, possibly with an item from elsewhere."""
    course = editable_course(request, slug)
    module = editable_module(course, module_id)
    raw = request.POST.getlist("order")
    if not raw or not all(safe_input.is_id(value) for value in raw):
        return _respond(
            request, course, error=_("The new order could not be read. Please try again.")
        )
    try:
        authoring.item_reorder(module=module, item_ids=[int(value) for value in raw])
    except ValidationError as error:
        return _respond(request, course, error=error_text(error))
    return _respond(request, course, notice=_("Order saved."))


@require_POST
def item_delete(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    course = editable_course(request, slug)
    item = editable_item(course, item_id)
    title = item.title
    if authoring.item_archive(item=item) == "archived":
        notice = _("“%(title)s” was removed and archived: learners' progress on it is kept.") % {
            "title": title
        }
    else:
        notice = _("“%(title)s” was deleted.") % {"title": title}
    return _respond(request, course, notice=notice)
