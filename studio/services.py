"""Studio use cases: a course's trainers, learners and invitations.

The course itself (create, details, publish, unpublish, archive, duplicate), its modules
and its items are written by ``courses.authoring``; the studio's views call it directly.
Changes lock the course row first (``select_for_update``), so two editors working on one
course at once are serialised. Errors are ``ValidationError`` (bad input,
with a message for the trainer) or ``PermissionDenied`` (the caller may not do this).
"""

from __future__ import annotations

import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from background.mail import email_queue, new_key
from courses.models import Course, Enrollment
from courses.services import EnrolmentError, enrollment_create, enrollment_decide

from .models import StudioInvitation

logger = logging.getLogger(__name__)


def _lock(course: Course) -> Course:
    return Course.objects.select_for_update().get(pk=course.pk)


# --- Trainers ---


def _verified_user(email: str):
    address = (
        EmailAddress.objects.filter(email__iexact=(email or "").strip(), verified=True)
        .select_related("user")
        .first()
    )
    return address.user if address else None


@transaction.atomic
def trainer_add(*, course: Course, email: str):
    """Make the owner of a verified email address a trainer of ``course``. Raises
    ValidationError when no account has verified that address."""
    user = _verified_user(email)
    if user is None or not user.is_active:
        raise ValidationError(
            {
                "email": _(
                    "No account has verified this email address. Ask the person to create an "
                    "account and confirm their email first."
                )
            }
        )
    _lock(course)
    course.trainers.add(user)
    return user


@transaction.atomic
def trainer_remove(*, course: Course, user) -> None:
    """Raises ValidationError when ``user`` is the course's last trainer."""
    _lock(course)
    if not course.trainers.filter(pk=user.pk).exists():
        return
    if course.trainers.count() <= 1:
        raise ValidationError(_("A course needs at least one trainer."))
    course.trainers.remove(user)


# --- Learners ---


def _enrol_existing(*, course: Course, user, by) -> Enrollment:
    """Enrol through the courses services: open courses directly, other modes as an
    approved request (so capacity, emails and counters follow the same rules)."""
    if course.enrolment_mode == Course.EnrolmentMode.OPEN:
        return enrollment_create(user=user, course=course)
    enrollment = Enrollment.objects.filter(user=user, course=course).first()
    if enrollment is not None and enrollment.is_active:
        return enrollment
    if enrollment is None:
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(
                    user=user, course=course, status=Enrollment.Status.REQUESTED
                )
        except IntegrityError:
            enrollment = Enrollment.objects.get(user=user, course=course)
    elif enrollment.status != Enrollment.Status.REQUESTED:
        enrollment.status = Enrollment.Status.REQUESTED
        enrollment.save(update_fields=["status"])
    return enrollment_decide(enrollment=enrollment, by=by, approve=True)


@transaction.atomic
def learner_enrol(*, course: Course, email: str, by) -> tuple[str, Enrollment | StudioInvitation]:
    """Enrol the owner of ``email``, or invite an address with no account.

    Returns ("enrolled", Enrollment) or ("invited", StudioInvitation). Raises
    ValidationError for a draft or archived course, a full course or an invalid address.
    """
    email = (email or "").strip()
    if course.status != Course.Status.PUBLISHED:
        raise ValidationError(_("Publish the course before enrolling people."))
    user = _verified_user(email)
    if user is not None:
        try:
            return "enrolled", _enrol_existing(course=course, user=user, by=by)
        except EnrolmentError as error:
            raise ValidationError(str(error.message)) from error
    invitation = StudioInvitation.objects.filter(
        course=course, email__iexact=email, accepted_at__isnull=True
    ).first()
    if invitation is None:
        invitation = StudioInvitation(course=course, email=email.lower(), invited_by=by)
        invitation.full_clean()
        invitation.save()
    transaction.on_commit(lambda: invitation_send(invitation=invitation))
    return "invited", invitation


def invitation_send(*, invitation: StudioInvitation) -> None:
    """Email the invitation in Polish and English: the invitee has no language yet."""
    base = getattr(settings, "ACADEMY_BASE_URL", "").rstrip("/")
    signup = f"{base}{reverse('account_signup')}"
    course_url = f"{base}{reverse('courses:detail', kwargs={'slug': invitation.course.slug})}"
    parts = []
    for language in ("pl", "en"):
        with translation.override(language):
            parts.append(
                render_to_string(
                    "studio/email/invitation.txt",
                    {
                        "invitation": invitation,
                        "course": invitation.course,
                        "signup_url": signup,
                        "course_url": course_url,
                        "site_name": settings.ACADEMY_SITE_NAME,
                    },
                ).strip()
            )
    # The invitee has no language yet: Polish first, then English.
    with translation.override("pl"):
        subject_pl = _("Invitation to the course “%(title)s”") % {"title": invitation.course.title}
    with translation.override("en"):
        subject_en = _("Invitation to the course “%(title)s”") % {"title": invitation.course.title}
    email_queue(
        key=new_key(f"invitation:{invitation.pk}"),
        to=invitation.email,
        language="pl",
        subject=f"{subject_pl} / {subject_en}"[:200],
        text="\n\n— — —\n\n".join(parts),
    )


@transaction.atomic
def invitation_revoke(*, invitation: StudioInvitation) -> None:
    if invitation.accepted_at is None:
        invitation.delete()


def invitations_accept(*, user, email: str) -> list[Enrollment]:
    """``user`` verified ``email``: enrol them in every course they were invited to.
    A course that has since filled up or closed keeps the invitation pending."""
    enrolled = []
    for invitation in StudioInvitation.objects.filter(
        email__iexact=email, accepted_at__isnull=True
    ).select_related("course"):
        try:
            with transaction.atomic():
                enrollment = _enrol_existing(
                    course=invitation.course, user=user, by=invitation.invited_by
                )
                invitation.accepted_at = timezone.now()
                invitation.save(update_fields=["accepted_at"])
            enrolled.append(enrollment)
        except (EnrolmentError, ValidationError):
            logger.info("Invitation %s could not be accepted yet", invitation.pk)
    return enrolled


@transaction.atomic
def enrollment_request_decide(*, enrollment: Enrollment, by, approve: bool) -> Enrollment:
    """A trainer decides a request (courses' ``enrollment_decide``). Raises
    ValidationError with the learner-facing reason (already decided, course full)."""
    try:
        return enrollment_decide(enrollment=enrollment, by=by, approve=approve)
    except EnrolmentError as error:
        raise ValidationError(str(error.message)) from error
