"""The learner's course player, and the same player as a preview for editors."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from ..access import NotEnrolled, course_outline, learner_item, visible_course
from ..completion import course_completion
from ..models import Enrollment, Item
from ..outline import Outline, build_outline
from ..permissions import editable_courses
from ..progress import progress_record, progress_visit
from ..registry import Completion, get_kind


def _not_enrolled(request: HttpRequest, course) -> HttpResponse:
    messages.info(request, _("Enrol in the course to open its materials."))
    if getattr(request, "htmx", None):
        return HttpResponseClientRedirect(course.get_absolute_url())
    return redirect(course)


def _with_progress(outline: Outline, progress, sequential: bool) -> Outline:
    """The outline again with one progress row replaced, computed in memory (no queries)."""
    rows = {
        entry.item.pk: entry.progress for entry in outline.entries() if entry.progress is not None
    }
    rows[progress.item_id] = progress
    return build_outline(
        modules=[module.module for module in outline.modules],
        items=[entry.item for entry in outline.entries()],
        progress_rows=list(rows.values()),
        sequential=sequential,
    )


def _player_context(request, *, item: Item, enrollment, outline: Outline, preview: bool) -> dict:
    kind = get_kind(item.kind)
    entry = outline.entry_for(item.pk)
    previous, following = outline.neighbours(item.pk)
    module = next(
        (m for m in outline.modules if any(e.item.pk == item.pk for e in m.entries)), None
    )
    completed = sum(1 for e in outline.entries() if e.item.is_required and e.is_complete)
    required = sum(1 for e in outline.entries() if e.item.is_required)
    context = {
        "course": item.course,
        "item": item,
        "kind": kind,
        "entry": entry,
        "enrollment": enrollment,
        "progress": entry.progress if entry else None,
        "outline": outline,
        "current_module": module,
        "previous": previous,
        "next": following,
        # "Complete and continue" also when this very item is what keeps the next one locked.
        "can_continue": following is not None
        and (not following.is_locked or getattr(following.locked_by, "pk", None) == item.pk),
        "preview": preview,
        "course_required": required,
        "course_completed_items": completed,
        "course_percent": 100 if required == 0 else int(100 * completed / required),
        "manual": kind is None or kind.completion == Completion.MANUAL,
        "explained": kind is not None and kind.explains_completion,
        "auto_complete": item.kind == Item.Kind.PAGE and item.course.complete_pages_on_view,
        "completion": None if preview else course_completion(enrollment),
    }
    if kind is not None and kind.context is not None:
        context.update(kind.context(request, item, enrollment) or {})
    return context


@require_GET
def learn(request: HttpRequest, slug: str) -> HttpResponse:
    """Resume: the last item opened, else the next step, else the first item."""
    course = visible_course(request.user, slug)
    enrollment = (
        Enrollment.objects.filter(user=request.user, course=course, status=Enrollment.Status.ACTIVE)
        .select_related("last_item")
        .first()
    )
    if enrollment is None:
        return _not_enrolled(request, course)
    outline = course_outline(course=course, enrollment=enrollment)
    last = enrollment.last_item
    entry = outline.entry_for(last.pk) if last is not None else None
    if entry is None or entry.is_locked:
        entry = outline.next_step() or (outline.entries()[0] if outline.entries() else None)
    if entry is None:
        messages.info(request, _("This course has no materials yet."))
        return redirect(course)
    return redirect("courses:item", slug=course.slug, item_id=entry.item.pk)


@require_GET
@vary_on_headers("HX-Request")
def item(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    try:
        found, enrollment, outline = learner_item(request.user, item_id=item_id, slug=slug)
    except NotEnrolled as error:
        return _not_enrolled(request, error.course)
    entry = outline.entry_for(found.pk)
    known = entry.progress if entry else None
    kind = get_kind(found.kind)
    starts = kind is None or kind.starts_on_visit
    progress = progress_visit(enrollment=enrollment, item=found, known=known, starts=starts)
    if progress is not None and progress is not known:
        outline = _with_progress(outline, progress, found.course.is_sequential)
    context = _player_context(
        request, item=found, enrollment=enrollment, outline=outline, preview=False
    )
    return render(request, "courses/player.html", context)


@require_POST
@vary_on_headers("HX-Request")
def item_complete(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """ "Mark as complete" for materials. Returns the updated progress panel and outline
    to htmx, or redirects back to the item (or on to the next one) without JavaScript."""
    try:
        found, enrollment, outline = learner_item(request.user, item_id=item_id, slug=slug)
    except NotEnrolled as error:
        return _not_enrolled(request, error.course)
    kind = get_kind(found.kind)
    if kind is not None and kind.completion != Completion.MANUAL:
        # Quizzes and H5P complete only through their own result; never by a click.
        return HttpResponse(_("This step is completed by its own activity."), status=409)
    progress = progress_record(enrollment=enrollment, item=found, completed=True)
    outline = _with_progress(outline, progress, found.course.is_sequential)
    context = _player_context(
        request, item=found, enrollment=enrollment, outline=outline, preview=False
    )
    following = context["next"]
    if request.POST.get("then") == "next" and following is not None and not following.is_locked:
        return _on_to_next(request, found, following)
    if getattr(request, "htmx", None):
        return render(request, "courses/player.html#progress-panel-oob", context)
    if enrollment.completed_at and enrollment.required_completed == enrollment.required_total:
        messages.success(request, _("Well done: you have completed the course."))
    return redirect("courses:item", slug=slug, item_id=found.pk)


def _on_to_next(request: HttpRequest, done, following) -> HttpResponse:
    """ "Mark as complete and continue": to the next step, whose page reads the message
    out in its live region, with or without htmx."""
    messages.success(
        request,
        _("“%(done)s” is complete. Next step: “%(next)s”.")
        % {"done": done.title, "next": following.item.title},
    )
    target = reverse(
        "courses:item", kwargs={"slug": done.course.slug, "item_id": following.item.pk}
    )
    return (
        HttpResponseClientRedirect(target) if getattr(request, "htmx", None) else redirect(target)
    )


def _editable_course(request: HttpRequest, slug: str):
    return get_object_or_404(editable_courses(request.user), slug=slug)


@require_GET
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    course = _editable_course(request, slug)
    first = Item.objects.active().filter(course=course).in_order().first()
    if first is None:
        messages.info(request, _("This course has no materials yet."))
        return redirect(course)
    return redirect("courses:item_preview", slug=slug, item_id=first.pk)


@require_GET
def item_preview(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """The player as a learner would see it, for the course's editors. Writes nothing."""
    course = _editable_course(request, slug)
    found = (
        Item.objects.active()
        .select_related("course", "module")
        .filter(course=course, pk=item_id)
        .first()
    )
    if found is None:
        raise Http404
    # Nothing is locked in a preview: editors must be able to check every step.
    outline = course_outline(course=course, enrollment=None)
    outline = build_outline(
        modules=[m.module for m in outline.modules],
        items=[e.item for e in outline.entries()],
        progress_rows=[],
        sequential=False,
    )
    context = _player_context(request, item=found, enrollment=None, outline=outline, preview=True)
    # Back to where the editor came from: the course's outline in the studio.
    context["exit_url"] = reverse("studio:outline", kwargs={"slug": slug})
    return render(request, "courses/player.html", context)
