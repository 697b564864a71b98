"""The learners of a course: requests to decide, enrolling by email, progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.models import Enrollment

from .. import services
from ..forms import EmailForm
from ..models import StudioInvitation
from ..permissions import course_enrollments
from ..selectors import course_learners, learner_progress, open_invitations
from .common import editable_course, error_text

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def learners(request: HttpRequest, slug: str) -> HttpResponse:
    course = editable_course(request, slug)
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            outcome, _obj = services.learner_enrol(course=course, email=email, by=request.user)
        except ValidationError as error:
            form.add_error("email", error_text(error))
        else:
            messages.success(request, _enrolled_message(outcome, email))
            return redirect("studio:learners", slug=course.slug)
    return render(request, "studio/learners.html", _learners_context(request, course, form))


def _enrolled_message(outcome: str, email: str) -> str:
    if outcome == "enrolled":
        return _("%(email)s is enrolled.") % {"email": email}
    return _(
        "%(email)s has no account yet: we sent an invitation. They will be "
        "enrolled when they sign up and confirm this address."
    ) % {"email": email}


def _learners_context(request: HttpRequest, course, form: EmailForm) -> dict:
    """Requests to decide, one page of enrolled (or refused) learners, open invitations."""
    rows = course_learners(course)
    requests = list(rows.filter(status=Enrollment.Status.REQUESTED))
    page = Paginator(
        rows.filter(status__in=[Enrollment.Status.ACTIVE, Enrollment.Status.REJECTED]), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return {
        "course": course,
        "form": form,
        "requests": requests,
        "page": page,
        "invitations": open_invitations(course),
        "tab": "learners",
    }


@require_POST
def decide(request: HttpRequest, slug: str, enrollment_id: int) -> HttpResponse:
    course = editable_course(request, slug)
    enrollment = get_object_or_404(
        course_enrollments(request.user, course).select_related("user"), pk=enrollment_id
    )
    approve = request.POST.get("decision") == "approve"
    try:
        services.enrollment_request_decide(enrollment=enrollment, by=request.user, approve=approve)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        name = enrollment.user.get_full_name()
        messages.success(
            request,
            (_("%(name)s is enrolled.") if approve else _("%(name)s's request was rejected."))
            % {"name": name},
        )
    return redirect("studio:learners", slug=course.slug)


@require_POST
def invitation_revoke(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    course = editable_course(request, slug)
    invitation = get_object_or_404(
        StudioInvitation, course=course, token=token, accepted_at__isnull=True
    )
    services.invitation_revoke(invitation=invitation)
    messages.success(
        request, _("The invitation for %(email)s was withdrawn.") % {"email": invitation.email}
    )
    return redirect("studio:learners", slug=course.slug)


@require_GET
def learner(request: HttpRequest, slug: str, enrollment_id: int) -> HttpResponse:
    course = editable_course(request, slug)
    enrollment = get_object_or_404(
        course_enrollments(request.user, course).select_related("user"), pk=enrollment_id
    )
    return render(
        request,
        "studio/learner.html",
        {
            "course": course,
            "enrollment": enrollment,
            "modules": learner_progress(enrollment),
            "tab": "learners",
        },
    )
