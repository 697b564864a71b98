"""The learning-path certificate: what it says (in the holder's language) and its PDF.

Rendered on demand, not stored: a path certificate takes a few milliseconds to draw
(docs/performance.md, "Path certificate PDF"), has no template images, and drawing it
fresh means it always shows the name as certified and the withdrawal if there was one.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from certificates.printing import format_date, format_hours
from courses.models import Enrollment

from .models import PathCompletion, PathStep
from .path_pdf import PathCertificateDocument, PathCourse, render_path_pdf
from .services import absolute

LANGUAGES = {"pl", "en", "uk"}


def path_courses_done(completion: PathCompletion) -> list[PathStep]:
    """The path's courses in order, each with the holder's ``completed_at`` (one query)."""
    done = Enrollment.objects.filter(user_id=completion.user_id, course=OuterRef("course_id"))
    return list(
        PathStep.objects.filter(path_id=completion.path_id)
        .select_related("course")
        .only("position", "course__title", "course__estimated_hours")
        .annotate(completed_at=Subquery(done.values("completed_at")[:1]))
        .order_by("position", "pk")
    )


def verify_url(completion: PathCompletion) -> str:
    return absolute(reverse("training:path_verify", kwargs={"code": completion.code}))


def document_for(completion: PathCompletion, language: str) -> PathCertificateDocument:
    """``completion`` with ``path`` and ``user`` loaded; one query for the courses."""
    language = language if language in LANGUAGES else "pl"
    steps = path_courses_done(completion)
    total = sum((s.course.estimated_hours or Decimal(0) for s in steps), Decimal(0))
    with translation.override(language):
        return PathCertificateDocument(
            language=language,
            title=_("Learning path certificate"),
            intro=_("This is to certify that"),
            full_name=completion.full_name or completion.user.full_name,
            body=_(
                "has completed every course of the learning path “%(path)s” at the Migration Academy:"
            )
            % {"path": completion.path.title},
            courses=[
                PathCourse(
                    title=step.course.title,
                    completed_on=format_date(step.completed_at.date(), language)
                    if step.completed_at
                    else "",
                    hours=format_hours(step.course.estimated_hours or 0, language),
                )
                for step in steps
            ],
            headings=(_("Course"), _("Completed on"), _("Hours")),
            total=_("Total: %(hours)s hours") % {"hours": format_hours(total, language)},
            facts=[(_("Path completed on"), format_date(completion.completed_at.date(), language))],
            number_label=_("Path certificate no."),
            number=completion.number,
            code_label=_("Verification code"),
            code=completion.code,
            verify_label=_("Verify at"),
            verify_url=verify_url(completion),
            issuer=settings.CERTIFICATES_ISSUER_NAME or _("Migration Academy"),
            subject=completion.path.title,
        )


def path_certificate_pdf(completion: PathCompletion) -> bytes:
    """The PDF in the holder's preferred language."""
    return render_path_pdf(document_for(completion, completion.user.preferred_language))


def path_certificates(request) -> dict | None:
    """The learner's path certificates for "My certificates" (one query)."""
    completions = list(
        PathCompletion.objects.filter(user=request.user, withdrawn_at__isnull=True)
        .select_related("path")
        .only("number", "code", "completed_at", "path__title", "path__slug")
        .order_by("-completed_at")
    )
    return {"completions": completions} if completions else None
