"""A course's pending enrolment requests, for its trainers (the studio builds a fuller
"learners" page on the same service)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..models import Enrollment
from ..permissions import editable_courses
from ..services import EnrolmentError, enrollment_decide


@require_GET
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(editable_courses(request.user), slug=slug)
    pending = (
        Enrollment.objects.filter(course=course, status=Enrollment.Status.REQUESTED)
        .select_related("user")
        .order_by("requested_at")
    )
    return render(request, "courses/requests.html", {"course": course, "pending": pending})


@require_POST
def decide(request: HttpRequest, slug: str, enrollment_id: int) -> HttpResponse:
    course = get_object_or_404(editable_courses(request.user), slug=slug)
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("user"), pk=enrollment_id, course=course
    )
    decision = request.POST.get("decision")
    if decision not in {"approve", "reject"}:
        messages.error(request, _("Choose whether to approve or reject the request."))
        return redirect("courses:requests", slug=slug)
    try:
        enrollment_decide(enrollment=enrollment, by=request.user, approve=decision == "approve")
    except EnrolmentError as error:
        messages.error(request, error.message)
    else:
        name = enrollment.user.full_name or enrollment.user.email
        if decision == "approve":
            messages.success(request, _("%(name)s is now enrolled.") % {"name": name})
        else:
            messages.success(request, _("The request from %(name)s was rejected.") % {"name": name})
    return redirect("courses:requests", slug=slug)
