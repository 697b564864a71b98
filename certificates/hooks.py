"""How certificates plug into the dashboard and the course studio (called from ready())."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from academy.dashboard import DashboardSection, register_section
from courses.registry import (
    CompletionPanel,
    CourseTool,
    register_completion_panel,
    register_course_tool,
    register_publish_check,
)


def dashboard_context(request) -> dict:
    from .selectors import certificates_of

    # One query: the learner's current certificates with course and replacement joined.
    return {"certificates": list(certificates_of(request.user)[:20])}


def completion_panel(enrollment) -> dict | None:
    """The certificate on the "course complete" panel. One query."""
    if not enrollment.course.certificate_enabled:
        return None
    from .models import Certificate

    certificate = (
        Certificate.objects.current().filter(enrollment=enrollment).select_related("course").first()
    )
    return {"certificate": certificate}


def publish_problems(course) -> list[tuple[str, str]]:
    """Incomplete certificate template for a course that gives certificates."""
    if not course.certificate_enabled:
        return []
    from .models import CertificateTemplate
    from .printing import unknown_placeholders

    url = reverse("certificates:template", kwargs={"slug": course.slug})
    template = CertificateTemplate.objects.filter(course=course).first()
    if template is None:
        return [
            (
                _(
                    "The certificate template is not set up yet: open it, give at least one signatory "
                    "(name and role) and save it."
                ),
                url,
            )
        ]
    problems = []
    if not template.signatories():
        problems.append(
            (
                _(
                    "The certificate template needs at least one signatory: give the name and role "
                    "of the person who signs the certificates."
                ),
                url,
            )
        )
    if any(
        unknown_placeholders(getattr(template, field))
        for field in ("title", "body", "title_en", "body_en")
    ):
        problems.append((_("The certificate template uses an unknown placeholder."), url))
    return problems


def register() -> None:
    register_section(
        DashboardSection(
            key="certificates",
            template="certificates/dashboard_section.html",
            context=dashboard_context,
            order=50,
        )
    )
    register_course_tool(
        CourseTool(
            key="certificates",
            label=gettext_lazy("Certificates"),
            order=50,
            url=lambda course: reverse("certificates:course", kwargs={"slug": course.slug}),
        )
    )
    register_course_tool(
        CourseTool(
            key="certificate_template",
            label=gettext_lazy("Certificate template"),
            order=51,
            url=lambda course: reverse("certificates:template", kwargs={"slug": course.slug}),
        )
    )
    register_publish_check("certificates", publish_problems)
    register_completion_panel(
        CompletionPanel(
            key="certificate",
            template="certificates/completion_panel.html",
            context=completion_panel,
            order=10,
        )
    )
