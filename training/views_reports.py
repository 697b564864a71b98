"""Programme reports (/reports/) for staff and funders, the public impact page and the
evaluation results. Aggregates only, protected by ``training.programme.protect``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from academy.csv_stream import csv_lines

from .evaluation import evaluation_results
from .forms import ProgrammeFilterForm
from .programme import (
    DIMENSIONS,
    Filters,
    can_view,
    chart,
    extra_metrics,
    impact_by_voivodeship,
    metrics,
    programme_report,
)
from .xlsx import XLSX, attachment, write_xlsx

HIDDEN = "*"


def _require(request: HttpRequest) -> None:
    if not can_view(request.user):
        raise Http404


def _report(request: HttpRequest):
    form = ProgrammeFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    dimension = data.get("by") or "voivodeship"
    filters = Filters(
        voivodeship=data.get("voivodeship") or "",
        kind=data.get("kind") or "",
        course=data.get("course"),
        start=data.get("start"),
        end=data.get("end"),
    )
    rows, total = programme_report(dimension, filters)
    return form, dimension, rows, total


def _labels() -> dict[str, str]:
    return {
        "enrolments": _("Enrolments"),
        "learners": _("Learners"),
        "completions": _("Completions"),
        "hours": _("Hours (CPD)"),
        **{metric.key: str(metric.label) for metric in extra_metrics()},
    }


@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    _require(request)
    form, dimension, rows, total = _report(request)
    return render(
        request,
        "training/reports/programme.html",
        {
            "form": form,
            "dimension_label": DIMENSIONS.get(dimension, ""),
            "rows": rows,
            "total": total,
            "metrics": [(m, _labels()[m]) for m in metrics()],
            "bars": chart(rows, "completions"),
            "chart_height": max(28, 28 * len(rows)),
            "query": request.GET.urlencode(),
        },
    )


def _export_rows(rows, total):
    for row in [*rows, total]:
        yield [row.label] + [
            HIDDEN if row.cells[m].hidden else row.cells[m].value for m in metrics()
        ]


@require_GET
def programme_csv(request: HttpRequest) -> StreamingHttpResponse:
    _require(request)
    _form, dimension, rows, total = _report(request)
    header = [str(DIMENSIONS[dimension])] + [_labels()[m] for m in metrics()]
    note = [_("* hidden to protect privacy")]
    lines = csv_lines(header, [*_export_rows(rows, total), note], delimiter=";")
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(
        pgettext("file name", "programme-report"), "", "csv"
    )
    return response


@require_GET
def programme_xlsx(request: HttpRequest) -> HttpResponse:
    _require(request)
    _form, dimension, rows, total = _report(request)
    header = [str(DIMENSIONS[dimension])] + [_labels()[m] for m in metrics()]
    data = write_xlsx(sheets=[(_("Programme"), header, _export_rows(rows, total), {})])
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = attachment(
        pgettext("file name", "programme-report"), "", "xlsx"
    )
    return response


@login_not_required
@require_GET
def impact(request: HttpRequest) -> HttpResponse:
    rows, total = impact_by_voivodeship()
    return render(
        request,
        "training/reports/impact.html",
        {
            "rows": rows,
            "total": total,
            "bars": chart(rows, "learners"),
            "chart_height": max(28, 28 * len(rows)),
        },
    )


@require_GET
def evaluations(request: HttpRequest) -> HttpResponse:
    _require(request)
    results = evaluation_results()
    if request.GET.get("format") == "csv":
        header = [_("Course"), _("Answers"), _("Satisfaction"), _("Usefulness")]
        keys = ("answers", "satisfaction", "usefulness")
        rows = ([r["course"]] + [HIDDEN if r["hidden"] else r[k] for k in keys] for r in results)
        lines = csv_lines(header, rows, delimiter=";")
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = attachment(
            pgettext("file name", "evaluations"), "", "csv"
        )
        return response
    return render(request, "training/reports/evaluations.html", {"results": results})
