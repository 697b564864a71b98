"""The trainer's course list, creating a course, its details, publishing and trainers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses import authoring, registry
from courses.checklist import course_problems

from .. import services
from ..forms import CourseCreateForm, CourseForm, EmailForm
from ..permissions import can_create_courses
from ..selectors import studio_courses
from .common import editable_course, error_text, media_for

PAGE_SIZE = 50


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(studio_courses(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for course in page.object_list:
        course.completion_rate = (
            round(100 * course.completed / course.learners) if course.learners else None
        )
    return render(
        request,
        "studio/index.html",
        {
            "courses": page.object_list,
            "page": page,
            "can_create": can_create_courses(request.user),
            "create_form": CourseCreateForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    if not can_create_courses(request.user):
        raise PermissionDenied
    form = CourseCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = authoring.course_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The course was created as a draft. Add its first module."))
            return redirect("studio:outline", slug=course.slug)
    return render(request, "studio/course_create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def details(request: HttpRequest, slug: str) -> HttpResponse:
    course = editable_course(request, slug)
    form = CourseForm(request.POST or None, request.FILES or None, instance=course)
    if request.method == "POST" and form.is_valid():
        course = authoring.course_update(course=course, form=form)
        messages.success(request, _("The course details were saved."))
        return redirect("studio:details", slug=course.slug)
    return render(
        request,
        "studio/details.html",
        {
            "course": course,
            "form": form,
            "tab": "details",
            "media": media_for(request, form),
        },
    )


@require_GET
def checklist(request: HttpRequest, slug: str) -> HttpResponse:
    course = editable_course(request, slug)
    problems = course_problems(course)
    return render(
        request,
        "studio/checklist.html",
        {
            "course": course,
            "problems": problems,
            "tab": "checklist",
            "tools": [(tool.label, tool.url(course)) for tool in registry.course_tools()],
        },
    )


@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    course = editable_course(request, slug)
    try:
        authoring.course_publish(course=course)
    except ValidationError:
        messages.error(
            request, _("The course cannot be published yet: fix the problems listed below.")
        )
    else:
        messages.success(
            request, _("The course is published: learners can find it in the catalog.")
        )
    return redirect("studio:checklist", slug=course.slug)


@require_POST
def unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    course = authoring.course_unpublish(course=editable_course(request, slug))
    messages.success(request, _("The course is a draft again. Learners keep their progress."))
    return redirect("studio:checklist", slug=course.slug)


@require_POST
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    course = authoring.course_archive(course=editable_course(request, slug))
    messages.success(
        request, _("The course is archived. Learners' progress and certificates are kept.")
    )
    return redirect("studio:checklist", slug=course.slug)


@require_POST
def duplicate(request: HttpRequest, slug: str) -> HttpResponse:
    copy = authoring.course_duplicate(course=editable_course(request, slug), by=request.user)
    messages.success(request, _("This is a copy of the course, saved as a draft."))
    return redirect("studio:outline", slug=copy.slug)


@require_http_methods(["GET", "POST"])
def trainers(request: HttpRequest, slug: str) -> HttpResponse:
    course = editable_course(request, slug)
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.trainer_add(course=course, email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error("email", error_text(error))
        else:
            messages.success(
                request, _("%(name)s can now edit this course.") % {"name": user.get_full_name()}
            )
            return redirect("studio:trainers", slug=course.slug)
    trainers = course.trainers.order_by("full_name", "email")
    context = {"course": course, "form": form, "trainers": trainers, "tab": "trainers"}
    return render(request, "studio/trainers.html", context)


@require_POST
def trainer_remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    course = editable_course(request, slug)
    user = get_object_or_404(course.trainers.all(), pk=user_id)
    try:
        services.trainer_remove(course=course, user=user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("%(name)s no longer edits this course.") % {"name": user.get_full_name()}
        )
        if user.pk == request.user.pk and not request.user.is_staff:
            return redirect("studio:index")
    return redirect("studio:trainers", slug=course.slug)
