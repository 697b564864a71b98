"""Demo data: departments, a learning path, an assignment with a due date, an open
invitation, a report subscription, an evaluation switched on and a funder login."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from academy.demo import DEMO_PASSWORD
from academy.models import Membership, User
from courses.models import Course, Enrollment

from . import services
from .models import (
    Assignment,
    CourseEvaluation,
    Invitation,
    LearningPath,
    PathStep,
    ReportSubscription,
)
from .programme import FUNDERS_GROUP

FUNDER = "funder@academy.example"


def _seed_completed_path(courses) -> None:
    """A one-course path the demo clerk (and the NGO learner) already finished, so the
    demo shows a path completion with its certificate (/training/mine/, the path page,
    and the coordinator's people page)."""
    protection = next((c for c in courses if c.slug == "ochrona-czasowa-ukraina"), None)
    if protection is None:
        return
    path, _ = LearningPath.objects.update_or_create(
        slug="ochrona-czasowa-w-urzedzie",
        defaults={
            "title": "Ochrona czasowa w urzędzie — minimum",
            "summary": "Co każdy urzędnik obsługujący cudzoziemców powinien wiedzieć o ochronie czasowej.",
            "is_published": True,
        },
    )
    PathStep.objects.update_or_create(path=path, course=protection, defaults={"position": 1})
    for enrollment in Enrollment.objects.filter(course=protection, completed_at__isnull=False):
        services.course_completion_record(user_id=enrollment.user_id, course_id=protection.pk)


def seed(stdout) -> None:
    coordinator = User.objects.filter(email="coordinator@academy.example").first()
    membership = (
        Membership.objects.filter(user=coordinator, role=Membership.Role.COORDINATOR)
        .select_related("organisation")
        .first()
    )
    courses = list(
        Course.objects.filter(
            slug__in=["lokalna-polityka-integracyjna", "ochrona-czasowa-ukraina"]
        ).order_by("slug")
    )
    path, _ = LearningPath.objects.update_or_create(
        slug="koordynator-integracji-podstawy",
        defaults={
            "title": "Koordynator integracji — ścieżka podstawowa",
            "summary": "Dwa kursy po kolei: polityka integracyjna gminy i ochrona czasowa.",
            "is_published": True,
        },
    )
    for position, course in enumerate(courses, start=1):
        PathStep.objects.update_or_create(path=path, course=course, defaults={"position": position})
    _seed_completed_path(courses)
    for course in courses[:1]:
        CourseEvaluation.objects.update_or_create(course=course, defaults={"enabled": True})

    group, _ = Group.objects.get_or_create(name=FUNDERS_GROUP)
    group.permissions.add(Permission.objects.get(codename="view_programme_reports"))
    funder = User.objects.filter(email=FUNDER).first()
    if funder is None:
        funder = User.objects.create_user(
            email=FUNDER, password=DEMO_PASSWORD, full_name="Fundacja Wspierająca (grantodawca)"
        )
    EmailAddress.objects.update_or_create(
        user=funder, email=FUNDER, defaults={"verified": True, "primary": True}
    )
    funder.groups.add(group)

    if membership is None or not courses:
        return
    organisation = membership.organisation
    social = services.department_get_or_create(
        organisation=organisation, name="Wydział Spraw Społecznych"
    )
    services.department_get_or_create(organisation=organisation, name="Wydział Oświaty")
    clerk = User.objects.filter(email="clerk@academy.example").first()
    if clerk is not None:
        services.staff_profile_set(user=clerk, organisation=organisation, department=social)
    if not Invitation.objects.filter(organisation=organisation).exists():
        services.invitation_create(
            organisation=organisation,
            email="nowa.pracownica@academy.example",
            full_name="Natalia Nowicka",
            job_title="Inspektorka ds. cudzoziemców",
            department=social,
            by=coordinator,
        )
    if not Assignment.objects.filter(organisation=organisation).exists():
        services.assignment_create(
            organisation=organisation,
            course=courses[-1],
            due_on=timezone.localdate() + timedelta(days=14),
            scope=Assignment.Scope.ORGANISATION,
            by=coordinator,
        )
    ReportSubscription.objects.get_or_create(
        user=coordinator,
        organisation=organisation,
        defaults={"frequency": ReportSubscription.Frequency.MONTHLY},
    )
    stdout.write(
        f"  {FUNDER:32} {'funder':18} programme reports at /reports/ "
        "(assigned training for coordinators at /training/)"
    )
