"""Trainers: add an H5P item by uploading a package, change its grading, see results."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from academy.csv_stream import csv_lines, safe_cell
from courses.permissions import editable_modules

from ..completion import content_scores, mode_possible
from ..forms import ActivitySettingsForm, ActivityUploadForm
from ..package import PackageError
from ..permissions import editable_activities
from ..selectors import activity_report, libraries_of, recent_errors, report_rows
from ..services import activity_create, activity_update


def _activity(request: HttpRequest, item_id: int):
    return get_object_or_404(
        editable_activities(request.user).select_related(
            "item__course", "item__module", "main_library"
        ),
        item_id=item_id,
    )


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, module_id: int) -> HttpResponse:
    module = get_object_or_404(
        editable_modules(request.user).select_related("course"), pk=module_id
    )
    form = ActivityUploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"title": request.GET.get("title", "")[:200]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_create(module=module, user=request.user, **_upload(form))
        except PackageError as error:
            form.add_error("package", error.message)
        else:
            _created_messages(request, activity)
            return redirect("h5p:edit", item_id=activity.item_id)
    return render(
        request, "h5p/create.html", {"form": form, "module": module, "course": module.course}
    )


def _upload(form: ActivityUploadForm) -> dict:
    data = form.cleaned_data
    return {
        "upload": data["package"],
        "title": data["title"],
        "grading": data["grading"],
        "completion": data["completion"],
        "pass_percent": data["pass_percent"],
        "is_required": data["is_required"],
    }


def _created_messages(request: HttpRequest, activity) -> None:
    messages.success(
        request, _("The H5P activity “%(title)s” was added.") % {"title": activity.item.title}
    )
    if activity.blocked_origins:
        messages.warning(
            request,
            _(
                "This content loads media from other websites (%(origins)s), which this academy blocks to "
                "protect learners' privacy: those parts will not show. Put the media into the package, or "
                "ask the administrator to allow these addresses."
            )
            % {"origins": ", ".join(activity.blocked_origins)},
        )


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, item_id: int) -> HttpResponse:
    activity = _activity(request, item_id)
    initial = {
        "title": activity.item.title,
        "grading": activity.grading,
        "completion": activity.completion,
        "pass_percent": activity.pass_percent,
    }
    form = ActivitySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        activity_update(activity=activity, **form.cleaned_data)
        messages.success(request, _("Settings saved."))
        return redirect("h5p:edit", item_id=item_id)
    return render(request, "h5p/edit.html", _edit_context(activity, form))


def _edit_context(activity, form: ActivitySettingsForm) -> dict:
    course = activity.item.course
    libraries = libraries_of(activity)
    scores = content_scores(activity.main_library.machine_name)
    return {
        "form": form,
        "activity": activity,
        "course": course,
        "libraries": libraries,
        "unapproved": [library for library in libraries if not library.is_approved],
        "scores": scores,
        "mode_possible": mode_possible(activity.completion, scores=scores),
        "errors": recent_errors(activity),
        "preview_url": reverse(
            "courses:item_preview", kwargs={"slug": course.slug, "item_id": activity.item_id}
        ),
    }


@require_GET
def results(request: HttpRequest, item_id: int) -> HttpResponse:
    activity = _activity(request, item_id)
    return render(
        request,
        "h5p/results.html",
        {
            "activity": activity,
            "course": activity.item.course,
            "rows": activity_report(activity),
            "errors": recent_errors(activity),
        },
    )


def _csv_header() -> list[str]:
    return [
        _("Learner"),
        _("Email"),
        _("Attempt"),
        _("Date"),
        _("Score"),
        _("Maximum"),
        _("Percent"),
        _("Success"),
        _("Completed"),
        _("Question"),
        _("Response"),
        _("Question score"),
        _("Question maximum"),
    ]


def _csv_cells(attempt, result) -> list[str]:
    """One line: the attempt, and one of its question results (or four empty cells)."""
    base = [
        attempt.user.full_name,
        attempt.user.email,
        attempt.number,
        attempt.created_at.isoformat(timespec="seconds"),
        attempt.raw_score,
        attempt.max_score,
        attempt.percent,
        attempt.success,
        attempt.completion,
    ]
    extra = (
        ["", "", "", ""]
        if result is None
        else [
            result.description or result.object_id,
            result.response,
            result.raw_score,
            result.max_score,
        ]
    )
    return [safe_cell(cell) for cell in base + extra]


@require_GET
def results_csv(request: HttpRequest, item_id: int) -> StreamingHttpResponse:
    activity = _activity(request, item_id)
    header = _csv_header()  # translated now: the stream is read after the view returned
    lines = csv_lines(header, (_csv_cells(*row) for row in report_rows(activity)))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="h5p-results-{item_id}.csv"'
    return response
