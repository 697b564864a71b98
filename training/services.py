"""Writes of assigned training: departments, invitations, assignments, extensions, path
completions. Keyword-only, atomic; side effects (email, notifications) on commit.

Enrolment always goes through ``courses.services_organisation.organisation_enrol``, so
capacity, windows, approval mode and the enrolment email behave as everywhere else.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from academy.models import Membership, Organisation, User
from background.mail import email_queue
from courses.models import Course, Enrollment
from courses.services_organisation import organisation_enrol
from notifications.services import notify

from . import notices
from .models import (
    Assignee,
    Assignment,
    DeadlineExtension,
    Department,
    Invitation,
    LearningPath,
    PathCompletion,
    PathStep,
    StaffProfile,
)

INVITATION_DAYS = getattr(settings, "TRAINING_INVITATION_DAYS", 30)


def absolute(path: str) -> str:
    return settings.ACADEMY_BASE_URL.rstrip("/") + path


def department_get_or_create(*, organisation: Organisation, name: str) -> Department | None:
    name = " ".join((name or "").split())[:200]
    if not name:
        return None
    department, _created = Department.objects.get_or_create(organisation=organisation, name=name)
    return department


def staff_profile_set(
    *, user: User, organisation: Organisation, department: Department | None
) -> StaffProfile:
    profile, _created = StaffProfile.objects.update_or_create(
        user=user, organisation=organisation, defaults={"department": department}
    )
    return profile


# --- invitations -------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    full_name: str,
    job_title: str = "",
    department: Department | None = None,
    by: User | None = None,
    now=None,
) -> Invitation:
    """Invite ``email`` to ``organisation`` (an open invitation is renewed, not doubled)
    and email the link. Raises ValidationError when the person is already a member."""
    now = now or timezone.now()
    email = email.strip().lower()
    if Membership.objects.filter(
        organisation=organisation, user__email__iexact=email, status=Membership.Status.APPROVED
    ).exists():
        raise ValidationError(_("This person is already a member of the organisation."))
    invitation = Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True
    ).first()
    if invitation is None:
        invitation = Invitation(organisation=organisation, email=email)
    invitation.full_name = full_name.strip()[:150]
    invitation.job_title = job_title.strip()[:150]
    invitation.department = department
    invitation.invited_by = by
    invitation.token = secrets.token_urlsafe(32)
    invitation.created_at = now
    invitation.expires_at = now + timedelta(days=INVITATION_DAYS)
    invitation.save()
    _send_invitation(invitation)
    return invitation


def _send_invitation(invitation: Invitation) -> None:
    url = absolute(reverse("training:invitation", kwargs={"token": invitation.token}))
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "invitation": invitation,
            "url": url,
            "expires": formats.date_format(timezone.localtime(invitation.expires_at)),
        }
        subject = _("Invitation to %(organisation)s at the Migration Academy") % {
            "organisation": invitation.organisation.name
        }
        text = render_to_string("training/email/invitation.txt", context)
    email_queue(
        key=f"training-invitation:{invitation.pk}:{invitation.token[:12]}",
        to=invitation.email,
        subject=subject,
        text=text,
        language=settings.LANGUAGE_CODE,
    )


def open_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "department")
        .filter(token=token, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the organisation as an approved member (the coordinator's invitation is the
    approval), take over the invitation's assignments and enrol in them.
    Raises ValidationError if the invitation is closed or was sent to another address."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or was already used."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(_("This invitation was sent to another email address."))
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation
    )
    if membership.status != Membership.Status.APPROVED:
        membership.status = Membership.Status.APPROVED
        membership.decided_by = invitation.invited_by
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_by", "decided_at"])
    if invitation.job_title and not user.job_title:
        user.job_title = invitation.job_title
        user.save(update_fields=["job_title"])
    staff_profile_set(
        user=user, organisation=invitation.organisation, department=invitation.department
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    for assignee in Assignee.objects.filter(invitation=invitation).select_related(
        "assignment__course", "assignment__path", "assignment__organisation"
    ):
        if Assignee.objects.filter(assignment=assignee.assignment, user=user).exists():
            assignee.delete()
            continue
        assignee.user = user
        assignee.save(update_fields=["user"])
        _enrol_and_notify(assignee.assignment, [user], due_on=assignee.due_on)
    return membership


@transaction.atomic
def invitation_signup(*, invitation: Invitation, full_name: str, password: str) -> User:
    """Create the account of an invited person (the link proves the address) and accept.
    Raises ValidationError when the address already has an account."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this email exists: sign in to accept."))
    user = User.objects.create_user(
        email=invitation.email, password=password, full_name=full_name.strip()[:150]
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    invitation_accept(invitation=invitation, user=user)
    return user


# --- assignments -------------------------------------------------------------------------


def path_courses(path: LearningPath) -> list[Course]:
    return [step.course for step in path.steps.select_related("course").order_by("position")]


def _enrol_and_notify(assignment: Assignment, users: list[User], *, due_on: date) -> None:
    courses = [assignment.course] if assignment.course_id else path_courses(assignment.path)
    for course in courses:
        organisation_enrol(course=course, users=users)
    _mark_already_complete(assignment)
    deadline = formats.date_format(due_on)
    notify(
        type_key=notices.ASSIGNED,
        recipient_ids=[u.pk for u in users],
        event=f"assignment:{assignment.pk}",
        params={
            "organisation": assignment.organisation.name,
            "course": assignment.title,
            "deadline": deadline,
            "group_title": assignment.title,
        },
        target=assignment.course or assignment.path,
    )


def _mark_already_complete(assignment: Assignment) -> None:
    """People who finished the course (or path) before it was assigned are done."""
    open_rows = Assignee.objects.filter(
        assignment=assignment, user__isnull=False, completed_at__isnull=True
    )
    if assignment.course_id:
        done = dict(
            Enrollment.objects.filter(
                course_id=assignment.course_id,
                completed_at__isnull=False,
                user_id__in=open_rows.values("user_id"),
            ).values_list("user_id", "completed_at")
        )
    else:
        done = dict(
            PathCompletion.objects.filter(
                path_id=assignment.path_id, user_id__in=open_rows.values("user_id")
            ).values_list("user_id", "completed_at")
        )
    for assignee in open_rows.filter(user_id__in=list(done)):
        assignee.completed_at = done[assignee.user_id]
        assignee.save(update_fields=["completed_at"])


def assignment_people(
    *,
    organisation: Organisation,
    scope: str,
    users=None,
    department: Department | None = None,
) -> tuple[list[User], list[Invitation]]:
    """Who an assignment reaches: approved active members (and open invitations) of the
    organisation, narrowed to a department or to chosen members."""
    members = User.objects.filter(
        is_active=True,
        memberships__organisation=organisation,
        memberships__status=Membership.Status.APPROVED,
    )
    invitations = Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True, expires_at__gt=timezone.now()
    )
    if scope == Assignment.Scope.DEPARTMENT:
        members = members.filter(
            staff_profiles__organisation=organisation, staff_profiles__department=department
        )
        invitations = invitations.filter(department=department)
    elif scope == Assignment.Scope.MEMBERS:
        members = members.filter(pk__in=[u.pk for u in users or []])
        invitations = invitations.none()
    return list(members.distinct()), list(invitations)


@transaction.atomic
def assignment_create(
    *,
    organisation: Organisation,
    due_on: date,
    scope: str,
    by: User | None,
    course: Course | None = None,
    path: LearningPath | None = None,
    users=None,
    department: Department | None = None,
) -> Assignment:
    """Assign a course or a path with a due date; enrol and notify the members reached,
    and keep a place for invited people (enrolled when they accept).
    Raises ValidationError for a date in the past or a department of another organisation."""
    if (course is None) == (path is None):
        raise ValidationError(_("Choose a course or a learning path."))
    if due_on < timezone.localdate():
        raise ValidationError(_("The due date cannot be in the past."))
    if department is not None and department.organisation_id != organisation.pk:
        raise ValidationError(_("Choose a department of this organisation."))
    if scope == Assignment.Scope.DEPARTMENT and department is None:
        raise ValidationError(_("Choose a department."))
    members, invitations = assignment_people(
        organisation=organisation, scope=scope, users=users, department=department
    )
    if not members and not invitations:
        raise ValidationError(_("Nobody to assign: choose people or invite them first."))
    assignment = Assignment.objects.create(
        organisation=organisation,
        course=course,
        path=path,
        scope=scope,
        department=department if scope == Assignment.Scope.DEPARTMENT else None,
        due_on=due_on,
        created_by=by,
    )
    Assignee.objects.bulk_create(
        [Assignee(assignment=assignment, user=u, due_on=due_on) for u in members]
        + [Assignee(assignment=assignment, invitation=i, due_on=due_on) for i in invitations]
    )
    if members:
        _enrol_and_notify(assignment, members, due_on=due_on)
    return assignment


@transaction.atomic
def assignee_extend(
    *, assignee: Assignee, new_due_on: date, by: User, reason: str = ""
) -> DeadlineExtension:
    """Give one person a later due date, logged. Raises ValidationError for an earlier date."""
    assignee = Assignee.objects.select_for_update().get(pk=assignee.pk)
    if new_due_on <= assignee.due_on:
        raise ValidationError(_("The new due date must be later than the current one."))
    extension = DeadlineExtension.objects.create(
        assignee=assignee,
        previous_due_on=assignee.due_on,
        new_due_on=new_due_on,
        reason=reason.strip()[:300],
        by=by,
    )
    assignee.due_on = new_due_on
    assignee.save(update_fields=["due_on"])
    return extension


# --- completion ---------------------------------------------------------------------------


def _path_number(path: LearningPath) -> str:
    return f"P-{timezone.now():%Y}-{path.pk}-{secrets.token_hex(4).upper()}"


@transaction.atomic
def course_completion_record(*, user_id: int, course_id: int) -> list[PathCompletion]:
    """A course was completed: close its assignments and complete paths now finished.
    Idempotent. Returns the path completions created."""
    now = timezone.now()
    Assignee.objects.filter(
        user_id=user_id, assignment__course_id=course_id, completed_at__isnull=True
    ).update(completed_at=now)
    created = []
    paths = LearningPath.objects.filter(
        pk__in=PathStep.objects.filter(course_id=course_id).values("path_id")
    ).exclude(completions__user_id=user_id)
    holder = None
    for path in paths:
        steps = PathStep.objects.filter(path=path).values("course_id")
        done = Enrollment.objects.filter(
            user_id=user_id, completed_at__isnull=False, course_id__in=steps
        ).count()
        if done < steps.count():
            continue
        if holder is None:
            holder = User.objects.only("full_name", "email").get(pk=user_id)
        try:
            with transaction.atomic():
                created.append(
                    PathCompletion.objects.create(
                        user_id=user_id,
                        path=path,
                        number=_path_number(path),
                        code=secrets.token_hex(16),
                        full_name=holder.full_name or holder.email,
                        completed_at=now,
                    )
                )
        except IntegrityError:
            continue
        Assignee.objects.filter(
            user_id=user_id, assignment__path=path, completed_at__isnull=True
        ).update(completed_at=now)
    return created


# --- reminders ----------------------------------------------------------------------------

SOON_DAYS = 7
REMIND_DAYS_BEFORE = 3


def deadlines_remind(*, today: date | None = None) -> int:
    """Remind people whose assigned training is due within REMIND_DAYS_BEFORE days or is
    overdue; once per due date and kind (the notification's event). Returns how many
    notifications were created. One query per (assignment, due date) group."""
    today = today or timezone.localdate()
    rows = (
        Assignee.objects.filter(
            user__isnull=False,
            completed_at__isnull=True,
            due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
        )
        .select_related("assignment__course", "assignment__path")
        .only(
            "user_id",
            "due_on",
            "assignment__course__title",
            "assignment__course__slug",
            "assignment__path__title",
            "assignment__path__slug",
        )
        .order_by("assignment_id", "due_on")
    )
    groups: dict[tuple[int, date, str], tuple[Assignment, list[int]]] = {}
    for row in rows.iterator(chunk_size=2000):
        kind = "overdue" if row.due_on < today else "soon"
        key = (row.assignment_id, row.due_on, kind)
        groups.setdefault(key, (row.assignment, []))[1].append(row.user_id)
    sent = 0
    first_courses = {}
    for (assignment_id, due_on, kind), (assignment, user_ids) in groups.items():
        target = assignment.course
        if target is None:
            if assignment.path_id not in first_courses:
                step = PathStep.objects.filter(path_id=assignment.path_id).select_related("course")
                first_courses[assignment.path_id] = step.first().course if step else None
            target = first_courses[assignment.path_id]
            if target is None:
                continue
        sent += notify(
            type_key=notices.DEADLINE_PASSED if kind == "overdue" else notices.DEADLINE_APPROACHING,
            recipient_ids=user_ids,
            event=f"assignment:{assignment_id}:{kind}:{due_on:%Y-%m-%d}",
            params={
                "course": assignment.title,
                "deadline": formats.date_format(due_on),
                "group_title": assignment.title,
            },
            target=target,
        )
    return sent


def assignment_counts(assignments, *, today: date | None = None):
    """Annotate each assignment with its people per state (one aggregate query)."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=SOON_DAYS)
    open_ = Q(assignees__completed_at__isnull=True)
    return assignments.annotate(
        people=Count("assignees"),
        completed=Count("assignees", filter=Q(assignees__completed_at__isnull=False)),
        overdue=Count("assignees", filter=open_ & Q(assignees__due_on__lt=today)),
        due_soon=Count(
            "assignees", filter=open_ & Q(assignees__due_on__gte=today, assignees__due_on__lte=soon)
        ),
        on_track=Count("assignees", filter=open_ & Q(assignees__due_on__gt=soon)),
    )
