"""Coordinators' assigned training, invitations, records; learners' due dates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST, require_safe

from academy.models import Organisation, User
from academy.safe_input import is_id
from certificates.views.public import rate_limited
from courses.models import Course, Enrollment
from courses.permissions import can_edit_course
from courses.selectors_organisation import enrollable_courses, member_users

from . import imports, selectors, services
from .evaluation import evaluation_set, evaluation_submit
from .forms import (
    AssignmentForm,
    DepartmentForm,
    EvaluationForm,
    ExtensionForm,
    ImportForm,
    InvitationForm,
    SignupForm,
    SubscriptionForm,
)
from .models import (
    Assignee,
    Assignment,
    Department,
    LearningPath,
    PathCompletion,
    RecordIssue,
    ReportSubscription,
)
from .path_certificate import path_certificate_pdf
from .permissions import path_completions_downloadable_by
from .record import record_issue
from .reports_mail import report_xlsx, state_label
from .selectors import STATES
from .services import assignment_counts
from .xlsx import XLSX, attachment

PAGE_SIZE = 50
IMPORT_SESSION_KEY = "training-import"


def _organisation(request: HttpRequest):
    """The organisation the coordinator works on (?organisation=), or 404."""
    organisation = selectors.organisation_for(
        request.user, request.POST.get("organisation") or request.GET.get("organisation")
    )
    if organisation is None:
        raise Http404
    return organisation


def _states():
    return [(s, state_label(s)) for s in STATES]


@require_GET
def coordinator(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    assignments = assignment_counts(selectors.assignments_of(organisation))
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/coordinator.html",
        {
            "organisation": organisation,
            "page": page,
            "departments": Department.objects.filter(organisation=organisation),
            "invitations": selectors.invitations_of(organisation).filter(accepted_at__isnull=True)[
                :50
            ],
            "now": timezone.now(),
        },
    )


@require_GET
def people(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Per person (all assignments, or one): on track / due soon / overdue / completed."""
    organisation = _organisation(request)
    assignment = None
    if pk is not None:
        assignment = get_object_or_404(
            Assignment.objects.select_related("course", "path"), pk=pk, organisation=organisation
        )
    department = None
    department_id = request.GET.get("department", "")
    if is_id(department_id):
        department = Department.objects.filter(
            organisation=organisation, pk=int(department_id)
        ).first()
    state = request.GET.get("state", "")
    search = request.GET.get("q", "")[:100]
    rows = selectors.assignee_rows(
        organisation, assignment=assignment, state=state, department=department, search=search
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.state_label = state_label(row.state)
    query = {"organisation": organisation.pk, "state": state, "q": search}
    if department:
        query["department"] = department.pk
    return render(
        request,
        "training/people.html",
        {
            "organisation": organisation,
            "assignment": assignment,
            "page": page,
            "states": _states(),
            "state": state,
            "search": search,
            "department": department,
            "departments": Department.objects.filter(organisation=organisation),
            "query": "&".join(f"{k}={v}" for k, v in query.items() if v),
        },
    )


def assign(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    members = member_users(Organisation.objects.filter(pk=organisation.pk))
    form = AssignmentForm(
        request.POST or None,
        organisation=organisation,
        members=members.only("full_name", "email"),
        courses=enrollable_courses(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.assignment_create(
                organisation=organisation,
                course=data.get("course"),
                path=data.get("path"),
                due_on=data["due_on"],
                scope=data["scope"],
                users=list(data.get("members") or []),
                department=data.get("department"),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Assigned “%(title)s” to %(count)s people, due %(date)s.")
                % {
                    "title": assignment.title,
                    "count": assignment.assignees.count(),
                    "date": assignment.due_on.strftime("%d.%m.%Y"),
                },
            )
            return redirect(
                f"{reverse('training:assignment', args=[assignment.pk])}"
                f"?organisation={organisation.pk}"
            )
    return render(request, "training/assign.html", {"organisation": organisation, "form": form})


@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request)
    assignee = get_object_or_404(Assignee, pk=pk, assignment__organisation=organisation)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            services.assignee_extend(
                assignee=assignee,
                new_due_on=form.cleaned_data["due_on"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The due date was extended."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Give a valid new due date."))
    return redirect(
        f"{reverse('training:assignment', args=[assignee.assignment_id])}"
        f"?organisation={organisation.pk}"
    )


def departments(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.department_get_or_create(organisation=organisation, name=form.cleaned_data["name"])
        messages.success(request, _("The department was added."))
        return redirect(f"{reverse('training:departments')}?organisation={organisation.pk}")
    return render(
        request,
        "training/departments.html",
        {
            "organisation": organisation,
            "form": form,
            "departments": Department.objects.filter(organisation=organisation),
        },
    )


def invite(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invitation_create(
                organisation=organisation,
                email=data["email"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                department=services.department_get_or_create(
                    organisation=organisation, name=data["department"]
                ),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect(f"{reverse('training:coordinator')}?organisation={organisation.pk}")
    return render(request, "training/invite.html", {"organisation": organisation, "form": form})


def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload → a row-by-row preview; nothing is created until the confirmation."""
    organisation = _organisation(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    rows, problem = None, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(imports.MAX_BYTES + 1)
        try:
            rows = imports.parse_upload(organisation=organisation, name=upload.name, data=data)
        except imports.ImportError_ as error:
            problem = str(error)
        else:
            request.session[IMPORT_SESSION_KEY] = {
                "organisation": organisation.pk,
                "rows": imports.rows_to_session(rows),
            }
    return render(
        request,
        "training/import.html",
        {
            "organisation": organisation,
            "form": form,
            "rows": rows,
            "problem": problem,
            "valid": sum(1 for r in rows or [] if r.ok),
        },
    )


@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    if pending.get("organisation") != organisation.pk or not pending.get("rows"):
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect(f"{reverse('training:import')}?organisation={organisation.pk}")
    invited = imports.import_confirm(
        organisation=organisation, rows=pending["rows"], by=request.user
    )
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, _("%(count)s people were invited.") % {"count": invited})
    return redirect(f"{reverse('training:coordinator')}?organisation={organisation.pk}")


@login_not_required
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation: sign in (or create the account) and join at once."""
    found = services.open_invitation(token[:64])
    if found is None:
        return render(request, "training/invitation_closed.html", status=404)
    user = request.user
    exists = User.objects.filter(email__iexact=found.email).exists()
    form = None
    if user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=found, user=user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("You joined %(name)s.") % {"name": found.organisation.name}
                )
                return redirect("training:mine")
    elif not exists:
        form = SignupForm(request.POST or None, initial={"full_name": found.full_name})
        if request.method == "POST" and form.is_valid():
            try:
                new_user = services.invitation_signup(
                    invitation=found,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, new_user, backend="academy.backends.ModelBackend")
                messages.success(
                    request, _("You joined %(name)s.") % {"name": found.organisation.name}
                )
                return redirect("training:mine")
    return render(
        request,
        "training/invitation.html",
        {"invitation": found, "form": form, "exists": exists},
    )


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    rows = selectors.with_state(
        Assignee.objects.filter(user=request.user).select_related(
            "assignment__course", "assignment__path", "assignment__organisation"
        )
    ).order_by("completed_at", "due_on")
    rows = list(rows)
    for row in rows:
        row.state_label = state_label(row.state)
    paths = PathCompletion.objects.filter(user=request.user).select_related("path")
    return render(request, "training/mine.html", {"rows": rows, "paths": paths})


@require_GET
def path_detail(request: HttpRequest, slug: str) -> HttpResponse:
    path = get_object_or_404(LearningPath, slug=slug, is_published=True)
    steps = list(path.steps.select_related("course").order_by("position"))
    done = dict(
        Enrollment.objects.filter(
            user=request.user, course__in=[s.course_id for s in steps]
        ).values_list("course_id", "percent")
    )
    for step in steps:
        step.percent = done.get(step.course_id)
    completion = PathCompletion.objects.filter(
        user=request.user, path=path, withdrawn_at__isnull=True
    ).first()
    return render(
        request,
        "training/path.html",
        {"path": path, "steps": steps, "completion": completion},
    )


def _path_certificate(request: HttpRequest, **lookup) -> HttpResponse:
    completion = get_object_or_404(
        path_completions_downloadable_by(request.user).select_related("path", "user"), **lookup
    )
    response = HttpResponse(path_certificate_pdf(completion), content_type="application/pdf")
    response["Content-Disposition"] = attachment(
        pgettext("file name", "path-certificate"), completion.number, "pdf"
    )
    return response


@require_GET
def path_certificate(request: HttpRequest, slug: str) -> HttpResponse:
    """The learner's own certificate of a completed path."""
    return _path_certificate(request, user=request.user, path__slug=slug)


@require_GET
def person_path_certificate(request: HttpRequest, user_id: int, path_id: int) -> HttpResponse:
    """A person's path certificate for their coordinator (and staff, and themselves)."""
    return _path_certificate(request, user_id=user_id, path_id=path_id)


def _private_headers(response: HttpResponse) -> HttpResponse:
    # As on the certificate verification page: not indexed, the code not sent on.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-cache, private"
    return response


@login_not_required
@require_safe
@rate_limited
def path_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: who completed which path, when, and the number; 404 for any other code."""
    completion = (
        PathCompletion.objects.filter(code=code[:40].lower())
        .select_related("path")
        .only("number", "completed_at", "full_name", "withdrawn_at", "path__title")
        .first()
    )
    if completion is None:
        return _private_headers(render(request, "training/path_verify_not_found.html", status=404))
    return _private_headers(
        render(request, "training/path_verify.html", {"completion": completion})
    )


def _pdf(issue_pdf, person) -> HttpResponse:
    _issue, pdf = issue_pdf
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = attachment(
        pgettext("file name", "training-record"), person.pk, "pdf"
    )
    return response


@require_GET
def my_record(request: HttpRequest) -> HttpResponse:
    return _pdf(record_issue(user=request.user, by=request.user), request.user)


@require_GET
def person_record(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(User, pk=user_id, is_active=True)
    if not selectors.coordinator_may_see(request.user, person):
        raise Http404
    return _pdf(record_issue(user=person, by=request.user), person)


@login_not_required
@require_GET
def record_verify(request: HttpRequest, code: str) -> HttpResponse:
    issue = RecordIssue.objects.filter(code=code[:40]).first()
    if issue is None:
        return render(request, "training/record_verify.html", {"issue": None}, status=404)
    return render(request, "training/record_verify.html", {"issue": issue})


@require_GET
def report_download(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    response = HttpResponse(report_xlsx(organisation), content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = attachment(
        pgettext("file name", "training-report"), stamp, "xlsx"
    )
    return response


def subscription(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    current = ReportSubscription.objects.filter(
        user=request.user, organisation=organisation
    ).first()
    form = SubscriptionForm(
        request.POST or None, initial={"frequency": current.frequency if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        frequency = form.cleaned_data["frequency"]
        if frequency:
            ReportSubscription.objects.update_or_create(
                user=request.user, organisation=organisation, defaults={"frequency": frequency}
            )
            messages.success(request, _("You will receive the report by email."))
        else:
            ReportSubscription.objects.filter(user=request.user, organisation=organisation).delete()
            messages.success(request, _("You will no longer receive the report."))
        return redirect(f"{reverse('training:coordinator')}?organisation={organisation.pk}")
    return render(
        request, "training/subscription.html", {"organisation": organisation, "form": form}
    )


@require_POST
def evaluate(request: HttpRequest, slug: str) -> HttpResponse:
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("course"),
        user=request.user,
        course__slug=slug,
        completed_at__isnull=False,
    )
    form = EvaluationForm(request.POST)
    if form.is_valid():
        evaluation_submit(course=enrollment.course, user=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you for your evaluation."))
    else:
        messages.error(request, _("Please answer both questions."))
    return redirect("courses:detail", slug=slug)


def evaluation_settings(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    if not can_edit_course(request.user, course):
        raise Http404
    from .models import CourseEvaluation

    current = CourseEvaluation.objects.filter(course=course, enabled=True).exists()
    if request.method == "POST":
        evaluation_set(course=course, enabled=request.POST.get("enabled") == "on")
        messages.success(request, _("The evaluation setting was saved."))
        return redirect("training:evaluation_settings", slug=slug)
    from .evaluation import evaluation_results

    return render(
        request,
        "training/evaluation_settings.html",
        {"course": course, "enabled": current, "results": evaluation_results([course])},
    )
