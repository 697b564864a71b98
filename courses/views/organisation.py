"""A coordinator's view of their organisation's learning: the staff progress report,
its CSV export, and enrolling staff in a course.

Only coordinators (and staff) get here; everyone else gets the same 404 as for a page
that does not exist. People are reached only through ``selectors_organisation``, which
starts from the organisations the viewer coordinates.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from academy.csv_stream import csv_lines, safe_cell
from academy.permissions import coordinated_organisations, is_coordinator

from .. import selectors_organisation as report
from ..forms_organisation import OrganisationEnrolForm, ReportFilterForm
from ..models import Enrollment
from ..services_organisation import organisation_enrol

PAGE_SIZE = getattr(settings, "COURSES_ORGANISATION_PAGE_SIZE", 50)
UNENROLLED_SHOWN = 50


def _log_access(request: HttpRequest, user_ids, action: str) -> None:
    """Coordinators' access to people's learning data is logged (privacy.AccessLog)."""
    from privacy.services import access_record

    access_record(viewer=request.user, subject_ids=list(user_ids), action=action)


def _require_coordinator(request: HttpRequest) -> None:
    if not is_coordinator(request.user):
        raise Http404


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _scope(request: HttpRequest, raw_organisation):
    """(organisations the user coordinates, the selected one or None, the report scope).

    An organisation id the user does not coordinate is a 404, never an empty report
    that would confirm it exists.
    """
    organisations = list(coordinated_organisations(request.user).order_by("name"))
    selected = None
    if raw_organisation not in (None, ""):
        wanted = _int_or_none(raw_organisation)
        selected = next((o for o in organisations if o.pk == wanted), None)
        if selected is None:
            raise Http404
    scope = report.report_organisations(
        request.user, organisation_id=selected.pk if selected else None
    )
    return organisations, selected, scope


def _filters(request: HttpRequest, scope):
    courses = list(report.report_courses(scope))
    course, state, search = ReportFilterForm(
        request.GET, courses=courses, states=report.STATES
    ).filters()
    return courses, course, state, search


def state_labels() -> dict[str, str]:
    return {
        report.STATE_NOT_STARTED: _("Not started"),
        report.STATE_IN_PROGRESS: _("In progress"),
        report.STATE_COMPLETED: _("Completed"),
        report.STATE_REQUESTED: _("Waiting for a trainer's approval"),
    }


def row_status(row: Enrollment) -> str:
    if row.status == Enrollment.Status.REQUESTED:
        return "requested"
    return "completed" if row.completed_at else "enrolled"


def status_labels() -> dict[str, str]:
    return {"requested": _("Requested"), "enrolled": _("Enrolled"), "completed": _("Completed")}


def _label_statuses(rows) -> None:
    labels = status_labels()
    for row in rows:
        row.report_status = row_status(row)
        row.report_status_label = labels[row.report_status]


def _report_query(selected, course, state: str, search: str) -> dict:
    """The report's filters as query parameters (for pages and the CSV link)."""
    pairs = (
        ("organisation", selected.pk if selected else ""),
        ("course", course.pk if course else ""),
        ("state", state),
        ("q", search),
    )
    return {key: value for key, value in pairs if value}


def _unenrolled(scope, *, course, state: str, search: str) -> list | None:
    """Members with no enrolment (one more than shown, to say "more"); only in the
    unfiltered report, where "not enrolled anywhere" means something."""
    if course is not None or state:
        return None
    return list(report.members_without_enrolments(scope, search=search)[: UNENROLLED_SHOWN + 1])


@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    organisations, selected, scope = _scope(request, request.GET.get("organisation"))
    courses, course, state, search = _filters(request, scope)
    rows = report.progress_rows(scope, course=course, state=state, search=search)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    _label_statuses(page.object_list)
    unenrolled = _unenrolled(scope, course=course, state=state, search=search)
    _log_access(request, _people_shown(page, unenrolled), "view_report")
    context = {
        "organisations": organisations,
        "selected_organisation": selected,
        "courses": courses,
        "selected_course": course,
        "state": state,
        "search": search,
        "page_obj": page,
    }
    return render(
        request, "courses/organisation/progress.html", _progress_context(context, unenrolled)
    )


def _people_shown(page, unenrolled: list | None) -> list[int]:
    return [row.user_id for row in page.object_list] + [u.pk for u in unenrolled or []]


def _progress_context(context: dict, unenrolled: list | None) -> dict:
    query = _report_query(
        context["selected_organisation"],
        context["selected_course"],
        context["state"],
        context["search"],
    )
    return {
        **context,
        "states": list(state_labels().items()),
        "querystring": urlencode(query),
        "unenrolled": unenrolled[:UNENROLLED_SHOWN] if unenrolled is not None else None,
        "unenrolled_more": unenrolled is not None and len(unenrolled) > UNENROLLED_SHOWN,
        "export_url": reverse("organisation_progress_csv")
        + (f"?{urlencode(query)}" if query else ""),
        "filtered": bool(context["selected_course"] or context["state"] or context["search"]),
    }


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _csv_header() -> list[str]:
    return [
        _("Name"),
        _("Email"),
        _("Job title"),
        _("Organisation"),
        _("Course"),
        _("Status"),
        _("Percent complete"),
        _("Required items completed"),
        _("Required items"),
        _("Completed on"),
        _("Last activity"),
        _("Note"),
    ]


def _csv_rows(rows):
    """The report's rows. Labels and the language are fixed now, in the request: the
    stream is consumed after the view has returned."""
    labels = status_labels()
    language = translation.get_language()
    return (_csv_row(row, labels, language) for row in rows.iterator(chunk_size=500))


def _csv_row(row: Enrollment, labels: dict[str, str], language: str) -> list:
    return [
        safe_cell(row.user.full_name),
        safe_cell(row.user.email),
        safe_cell(row.user.job_title),
        safe_cell(row.organisation_name),
        safe_cell(row.course.title),
        labels[row_status(row)],
        row.percent,
        row.required_completed,
        row.required_total,
        _when(row.completed_at),
        _when(row.last_activity_at),
        _added_since(row, language),
    ]


@require_GET
def progress_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The report as CSV for Excel in Poland: UTF-8 with a byte-order mark (so Excel
    does not read Polish letters as cp1250) and semicolons (Polish Windows uses the
    comma as the decimal separator, so Excel's list separator there is ";")."""
    _require_coordinator(request)
    _organisations, _selected, scope = _scope(request, request.GET.get("organisation"))
    _courses, course, state, search = _filters(request, scope)
    rows = report.progress_rows(scope, course=course, state=state, search=search)
    header = _csv_header()  # translated now, in the request's language
    _log_access(request, rows.values_list("user_id", flat=True).distinct(), "export_csv")
    lines = csv_lines(header, _csv_rows(rows), delimiter=";")
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"staff-progress-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _added_since(enrollment, language: str) -> str:
    """The report's explanation of a completed course below 100 % (see the learner's
    dashboard). ``language``: the stream is consumed after the view has returned."""
    added = enrollment.steps_added_since_completion
    if not added:
        return ""
    with translation.override(language):
        return ngettext(
            "%(count)d new step was added after completion; the course stays complete.",
            "%(count)d new steps were added after completion; the course stays complete.",
            added,
        ) % {"count": added}


def _summary(outcome) -> tuple[str, str]:
    """The one-line summary and its level ("success" when nobody was refused)."""
    parts = []
    if outcome.enrolled:
        parts.append(
            ngettext("%(count)d enrolled", "%(count)d enrolled", len(outcome.enrolled))
            % {"count": len(outcome.enrolled)}
        )
    if outcome.requested:
        parts.append(
            ngettext(
                "%(count)d request sent to the trainers",
                "%(count)d requests sent to the trainers",
                len(outcome.requested),
            )
            % {"count": len(outcome.requested)}
        )
    if outcome.already:
        parts.append(
            ngettext(
                "%(count)d already enrolled or waiting",
                "%(count)d already enrolled or waiting",
                len(outcome.already),
            )
            % {"count": len(outcome.already)}
        )
    if outcome.refused:
        reasons = sorted({str(error.message) for _user, error in outcome.refused})
        parts.append(
            ngettext(
                "%(count)d refused: %(reasons)s",
                "%(count)d refused: %(reasons)s",
                len(outcome.refused),
            )
            % {"count": len(outcome.refused), "reasons": " ".join(reasons)}
        )
    return ", ".join(parts) + ".", "warning" if outcome.refused else "success"


def _enrol_scope(request: HttpRequest, raw_organisation):
    """``_scope``, with the coordinator's only organisation chosen for them."""
    organisations, selected, scope = _scope(request, raw_organisation)
    if selected is None and len(organisations) == 1:
        selected = organisations[0]
        scope = report.report_organisations(request.user, organisation_id=selected.pk)
    return organisations, selected, scope


def _enrol_form(request: HttpRequest, members) -> OrganisationEnrolForm:
    if request.method == "POST":
        return OrganisationEnrolForm(request.POST, members=members)
    course_id = _int_or_none(request.GET.get("course"))
    initial = {"course": course_id} if course_id else {}
    return OrganisationEnrolForm(initial=initial, members=members)


def _enrol_messages(request: HttpRequest, course, outcome) -> None:
    text, level = _summary(outcome)
    getattr(messages, level)(
        request, _("%(course)s: %(summary)s") % {"course": course.title, "summary": text}
    )
    for user, error in outcome.refused:
        messages.warning(request, f"{user.full_name or user.email}: {error.message}")


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    data = request.POST if request.method == "POST" else request.GET
    organisations, selected, scope = _enrol_scope(request, data.get("organisation"))
    context = {"organisations": organisations, "selected_organisation": selected}
    if selected is None:
        # Several organisations (staff, or a coordinator of more than one): pick one first,
        # so a list of checkboxes never mixes two organisations' people.
        return render(request, "courses/organisation/enrol.html", {**context, "form": None})
    form = _enrol_form(request, report.member_users(scope))
    if request.method == "POST" and form.is_valid():
        course = form.cleaned_data["course"]
        outcome = organisation_enrol(course=course, users=form.cleaned_data["members"])
        _enrol_messages(request, course, outcome)
        query = urlencode({"organisation": selected.pk, "course": course.pk})
        return redirect(reverse("organisation_progress") + "?" + query)
    return render(request, "courses/organisation/enrol.html", {**context, "form": form})


def staff_hint(request: HttpRequest) -> dict:
    """The coordinator's dashboard section (nothing for everyone else)."""
    return {"staff_hint": report.staff_summary(request.user)}


@require_GET
def member(request: HttpRequest, user_id: int) -> HttpResponse:
    """One member's courses, item by item (what is done, what is next, what is locked)."""
    _require_coordinator(request)
    person = report.member_in_report(coordinated_organisations(request.user), user_id)
    if person is None:
        raise Http404
    _log_access(request, [person.pk], "view_person")
    courses = report.member_courses(person)
    labels = status_labels()
    for enrollment, _outline in courses:
        enrollment.report_status = row_status(enrollment)
        enrollment.report_status_label = labels[enrollment.report_status]
    return render(
        request,
        "courses/organisation/member.html",
        {
            "person": person,
            "courses": courses,
            "item_states": item_state_labels(),
        },
    )


def item_state_labels() -> dict[str, str]:
    return {
        "not_started": _("Not started"),
        "in_progress": _("In progress"),
        "completed": _("Completed"),
        "locked": _("Locked"),
    }
