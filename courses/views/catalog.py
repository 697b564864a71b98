"""The public catalog, the course page and the enrolment actions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from academy.htmx import wants_partial

from ..access import course_outline, visible_course_with_enrollment
from ..models import Course, Enrollment
from ..permissions import can_edit_course, viewable_courses
from ..selectors import catalog_courses, catalog_topics, completion_rule, course_with_details
from ..services import EnrolmentError, enrollment_create, enrollment_request, enrollment_withdraw


def _catalog_filters(request: HttpRequest) -> dict[str, str]:
    """The catalog's filters from the query string; an unknown language or level is
    ignored and the texts are cut to 100 characters."""
    return {
        "query": request.GET.get("q", "").strip()[:100],
        "topic": request.GET.get("topic", "").strip()[:100],
        "language": request.GET.get("language", "")
        if request.GET.get("language") in dict(settings.LANGUAGES)
        else "",
        "level": request.GET.get("level", "")
        if request.GET.get("level") in Course.Level.values
        else "",
    }


@login_not_required
@require_GET
@vary_on_headers("HX-Request")
def catalog(request: HttpRequest) -> HttpResponse:
    filters = _catalog_filters(request)
    paginator = Paginator(catalog_courses(**filters), settings.COURSES_CATALOG_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "page_obj": page,
        "courses": page.object_list,
        "filters": filters,
        "querystring": querystring.urlencode(),
        "languages": settings.LANGUAGES,
        "levels": Course.Level.choices,
    }
    if wants_partial(request):
        return render(request, "courses/catalog.html#results", context)
    context["topics"] = catalog_topics()
    return render(request, "courses/catalog.html", context)


def enrolment_state(course: Course, enrollment: Enrollment | None, places_left: int | None) -> str:
    """What the course page offers: enrolled, requested, open, request, full or closed."""
    if enrollment is not None and enrollment.status == Enrollment.Status.ACTIVE:
        return "enrolled"
    if enrollment is not None and enrollment.status == Enrollment.Status.REQUESTED:
        return "requested"
    if (
        not course.is_published
        or course.enrolment_mode == Course.EnrolmentMode.CLOSED
        or not course.enrolment_window_open()
    ):
        return "closed"
    if places_left == 0:
        return "full"
    return "request" if course.enrolment_mode == Course.EnrolmentMode.APPROVAL else "open"


@login_not_required
@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    course, enrollment = visible_course_with_enrollment(request.user, slug)
    details = course_with_details(course)
    active = enrollment if enrollment is not None and enrollment.is_active else None
    outline = course_outline(course=course, enrollment=active)
    return render(
        request,
        "courses/detail.html",
        {
            "course": course,
            "enrollment": enrollment,
            "outline": outline,
            "rule": completion_rule(outline),
            "state": enrolment_state(course, enrollment, details["places_left"]),
            "opens_at": _opens_at(course),
            "can_edit": can_edit_course(request.user, course, trainers=details["trainers"]),
            # Required steps added after completion do not reopen the course (ARCHITECTURE §2).
            "new_items": active.steps_added_since_completion if active is not None else 0,
            **details,
        },
    )


def _opens_at(course: Course):
    """When enrolment opens, if that is still to come (closed courses: never)."""
    if course.enrolment_mode == Course.EnrolmentMode.CLOSED:
        return None
    opens_at = course.enrolment_opens_at
    return opens_at if opens_at and opens_at > timezone.now() else None


def _published_course(request: HttpRequest, slug: str) -> Course:
    return get_object_or_404(viewable_courses(request.user), slug=slug)


@require_POST
def enrol(request: HttpRequest, slug: str) -> HttpResponse:
    course = _published_course(request, slug)
    try:
        enrollment_create(user=request.user, course=course)
    except EnrolmentError as error:
        messages.error(request, error.message)
        return redirect(course)
    messages.success(request, _("You are enrolled. Start with the first step below."))
    return redirect("courses:learn", slug=course.slug)


@require_POST
def request_place(request: HttpRequest, slug: str) -> HttpResponse:
    course = _published_course(request, slug)
    try:
        enrollment_request(user=request.user, course=course)
    except EnrolmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Your request was sent. We will email you when a trainer decides.")
        )
    return redirect(course)


@require_POST
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    course = _published_course(request, slug)
    enrollment = get_object_or_404(Enrollment, user=request.user, course=course)
    was_request = enrollment.status == Enrollment.Status.REQUESTED
    try:
        enrollment_withdraw(enrollment=enrollment)
    except EnrolmentError as error:
        messages.info(request, error.message)
    else:
        messages.success(
            request,
            _("Your request was cancelled.")
            if was_request
            else _("You have left the course. Your progress is kept if you come back."),
        )
    return redirect(course)
