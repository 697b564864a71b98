"""A richly seeded person: a row in every declared model (and mentions of them in other
people's rows), to prove export and erasure reach everything."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from academy.models import Membership
from assessments.models import Attempt, QuizOverride, Response
from background.mail import email_queue
from certificates.models import CertificateEvent
from certificates.services import certificate_issue
from courses.progress import progress_record
from h5p import models as h5p_models
from notifications.models import Notification, NotificationPreference, NotificationSettings
from privacy import services
from privacy.models import AccessLog, AccountDeletion, DataExport, InactivityWarning
from studio.models import StudioInvitation
from tests.factories.academy import MembershipFactory, OrganisationFactory, UserFactory
from tests.factories.assessments import QuizFactory, add_question
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import EnrollmentFactory, ModuleFactory, build_course
from tests.factories.h5p import h5p_activity


def seed_person(*, full_name, email, job_title, organisation, trainer, coordinator):
    """Create the person with data everywhere; returns (user, course, certificate)."""
    from allauth.mfa.models import Authenticator

    user = UserFactory(full_name=full_name, email=email, job_title=job_title, short_name="Bożek")
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    MembershipFactory(user=user, organisation=organisation)
    OrganisationFactory(name=f"Stowarzyszenie {user.pk}", requested_by=user)
    newcomer = UserFactory()
    Membership.objects.create(
        user=newcomer, organisation=organisation, decided_by=user, decided_at=timezone.now()
    )

    course, items = build_course(items=2, trainers=[trainer], certificate_enabled=True)
    CertificateTemplateFactory(course=course)
    enrollment = EnrollmentFactory(user=user, course=course)
    for item in items:
        progress_record(enrollment=enrollment, item=item, completed=True)
    enrollment.refresh_from_db()
    certificate = enrollment.certificates.first() or certificate_issue(enrollment=enrollment)
    EnrollmentFactory(user=newcomer, course=course, decided_by=user)

    taught, _items = build_course(items=1, trainers=[user])
    quiz = QuizFactory(item__module=ModuleFactory(course=course, position=5))
    question = add_question(quiz, owner=user, choices=[("Tak", True), ("Nie", False)])
    attempt = Attempt.objects.create(
        quiz=quiz,
        user=user,
        enrollment=enrollment,
        number=1,
        state=Attempt.State.SUBMITTED,
        question_ids=[question.pk],
        started_at=timezone.now(),
        submitted_at=timezone.now(),
        points=Decimal("1"),
        max_points=Decimal("1"),
        score=Decimal("1"),
        passed=True,
    )
    Response.objects.create(
        attempt=attempt, question=question, value=f"Pisze {full_name}", saved_at=timezone.now()
    )
    QuizOverride.objects.create(quiz=quiz, user=user, extra_attempts=1, granted_by=user)

    activity = h5p_activity(module=ModuleFactory(course=taught, position=3), user=user)
    h5p_attempt = h5p_models.Attempt.objects.create(
        activity=activity, user=user, number=1, raw_score=Decimal("1"), max_score=Decimal("2")
    )
    h5p_models.Result.objects.create(
        activity=activity,
        user=user,
        attempt=h5p_attempt,
        object_id="q1",
        description="Pytanie",
        interaction_type="fill-in",
        response=f"{full_name} odpowiada",
    )
    h5p_models.Statement.objects.create(
        activity=activity,
        user=user,
        attempt=h5p_attempt,
        verb="answered",
        raw={"actor": {"name": full_name, "mbox": f"mailto:{email}"}},
    )
    h5p_models.SavedState.objects.create(
        activity=activity, user=user, data=f'{{"who": "{job_title}"}}'
    )
    h5p_models.ActivityError.objects.create(
        activity=activity, user=user, phase="run", library="H5P.X", message="boom"
    )

    StudioInvitation.objects.create(
        course=taught, email="guest@example.org", invited_by=user, token=f"t{user.pk}x" * 5
    )
    StudioInvitation.objects.create(
        course=course, email=email, invited_by=trainer, token=f"u{user.pk}y" * 5
    )
    email_queue(
        key=f"test:{user.pk}", to=email, recipient=user, subject="Witaj", text=f"Cześć {full_name}"
    )
    # Other people's rows that name the person.
    email_queue(
        key=f"test:trainer:{user.pk}",
        to=trainer.email,
        recipient=trainer,
        subject=f"{full_name} prosi o zapis",
        text=f"{full_name} ({email}) prosi o zapis.",
    )
    Notification.objects.create(
        recipient=trainer,
        type="courses.enrolment_request_waiting",
        event=f"x:{user.pk}",
        params={"learner": full_name, "course": course.title},
    )
    Notification.objects.create(
        recipient=user, type="privacy.export_ready", event="e", params={"expires": "x"}
    )
    NotificationPreference.objects.create(user=user, type="courses.step_added", channel="email")
    NotificationSettings.objects.create(user=user, digest_hour=8)
    CertificateEvent.objects.create(
        certificate=certificate,
        action=CertificateEvent.Action.REISSUED,
        by=user,
        note=f"Poprawa nazwiska: {full_name}",
        details={"changes": {"full_name": ["X", full_name]}},
    )
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(user),
        object_id=str(user.pk),
        object_repr=full_name,
        action_flag=CHANGE,
        change_message="[]",
    )
    LogEntry.objects.create(
        user=trainer,
        content_type=ContentType.objects.get_for_model(user),
        object_id=str(user.pk),
        object_repr=full_name,
        action_flag=CHANGE,
        change_message="[]",
    )
    Authenticator.objects.create(user=user, type="totp", data={"secret": "S"})
    DataExport.objects.create(user=user, requested_by=user)
    AccountDeletion.objects.create(
        user=user,
        status=AccountDeletion.Status.CANCELLED,
        erase_after=timezone.now() + timedelta(days=1),
    )
    request = services.request_create(
        kind="access",
        subject=user,
        contact=f"{full_name} <{email}>",
        details=f"{job_title} prosi",
        by=user,
    )
    services.request_log(request, action="note", by=user, note=f"Rozmowa z {full_name}")
    request.handled_by = user
    request.save(update_fields=["handled_by"])
    AccessLog.objects.create(viewer=coordinator, subject=user, action="view_person")
    AccessLog.objects.create(viewer=user, subject=newcomer, action="view_person")
    InactivityWarning.objects.create(user=user)
    for seed in _app_scenarios():
        seed(
            user,
            organisation=organisation,
            trainer=trainer,
            coordinator=coordinator,
            course=course,
            enrollment=enrollment,
        )
    return user, course, certificate


def _app_scenarios():
    """Apps added later seed their own rows in ``tests/<app>/privacy_scenario.py``
    (``seed(user, *, organisation, trainer, coordinator, course, enrollment)``), so the
    export and erasure tests reach their models too."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"tests.{config.label}.privacy_scenario")
        except ModuleNotFoundError as error:
            if error.name not in (
                f"tests.{config.label}",
                f"tests.{config.label}.privacy_scenario",
            ):
                raise
            continue
        yield module.seed
