"""Personal data held by ``courses``: enrolments, progress and who teaches a course."""

from __future__ import annotations

from privacy.helpers import export_by, rows, unlink
from privacy.registry import LegalBasis, PersonalData, register

ENROLLMENT_FIELDS = (
    "course",
    "status",
    "requested_at",
    "enrolled_at",
    "decided_by",
    "percent",
    "required_completed",
    "required_total",
    "completed_at",
    "last_activity_at",
)
PROGRESS_FIELDS = ("enrollment", "item", "state", "score", "passed", "started_at", "completed_at")


def export_courses_taught(user):
    from .models import Course

    return [
        {"id": course.pk, "title": course.title, "trainers": True}
        for course in Course.objects.filter(trainers=user).only("title").order_by("pk")
    ]


def erase_trainer(user) -> None:
    from .models import Course

    Course.trainers.through.objects.filter(user=user).delete()


def erase_enrollments(user) -> None:
    # Enrolments and progress stay for the course statistics; they now belong to an
    # anonymous account. Who approved others' enrolments is forgotten.
    from .models import Enrollment

    unlink(Enrollment, user, "decided_by")


def export_progress(user):
    from .models import ItemProgress

    return rows(ItemProgress.objects.filter(enrollment__user=user), PROGRESS_FIELDS)


def _keep(user) -> None:
    return None


register(
    PersonalData(
        model="courses.Course",
        user_fields=("trainers",),
        fields=("trainers",),
        purpose="Trainers named on the courses they teach",
        legal_basis=LegalBasis.CONTRACT,
        retention="While the person teaches the course; removed on erasure",
        export=export_courses_taught,
        erase=erase_trainer,
    )
)
register(
    PersonalData(
        model="courses.Enrollment",
        user_fields=("user", "decided_by"),
        fields=ENROLLMENT_FIELDS,
        purpose="Taking part in courses; the coordinator's progress report",
        legal_basis=LegalBasis.CONTRACT,
        retention="As long as the account exists; anonymised on erasure (kept for statistics)",
        export=export_by("courses.Enrollment", ("user", "decided_by"), ENROLLMENT_FIELDS),
        erase=erase_enrollments,
    )
)
register(
    PersonalData(
        model="courses.ItemProgress",
        user_fields=(),
        fields=PROGRESS_FIELDS,
        purpose="Which steps of a course a learner completed, with scores",
        legal_basis=LegalBasis.CONTRACT,
        retention="As long as the account exists; anonymised on erasure (kept for statistics)",
        export=export_progress,
        erase=_keep,
    )
)
