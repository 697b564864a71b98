"""The training app's rows of the richly seeded person (tests/privacy/scenario.py)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone

from training.models import (
    Assignee,
    Assignment,
    DeadlineExtension,
    EvaluationResponse,
    Invitation,
    LearningPath,
    PathCompletion,
    RecordIssue,
    ReportSubscription,
    StaffProfile,
)


def seed(user, *, organisation, trainer, coordinator, course, enrollment):
    today = timezone.localdate()
    StaffProfile.objects.create(user=user, organisation=organisation)
    Invitation.objects.create(
        organisation=organisation,
        email=user.email,
        full_name=user.full_name,
        job_title=user.job_title,
        token=secrets.token_hex(16),
        invited_by=coordinator,
        expires_at=timezone.now() + timedelta(days=30),
        accepted_at=timezone.now(),
        accepted_by=user,
    )
    mine = Assignment.objects.create(
        organisation=organisation, course=course, scope="members", due_on=today, created_by=user
    )
    theirs = Assignment.objects.create(
        organisation=organisation,
        course=course,
        scope="members",
        due_on=today,
        created_by=coordinator,
    )
    assignee = Assignee.objects.create(assignment=theirs, user=user, due_on=today)
    other = Assignee.objects.create(assignment=mine, user=coordinator, due_on=today)
    DeadlineExtension.objects.create(
        assignee=other,
        previous_due_on=today,
        new_due_on=today + timedelta(days=7),
        reason="urlop",
        by=user,
    )
    DeadlineExtension.objects.create(
        assignee=assignee,
        previous_due_on=today,
        new_due_on=today + timedelta(days=3),
        by=coordinator,
    )
    path = LearningPath.objects.create(title="Ścieżka", slug=f"sciezka-{user.pk}")
    PathCompletion.objects.create(
        user=user,
        path=path,
        number=f"SC/{user.pk}",
        code=secrets.token_hex(16),
        full_name=user.full_name,
    )
    RecordIssue.objects.create(
        user=user,
        code=secrets.token_hex(8),
        issued_by=coordinator,
        summary={"name": user.full_name},
    )
    ReportSubscription.objects.create(user=user, organisation=organisation, frequency="monthly")
    EvaluationResponse.objects.create(
        course=course, user=user, satisfaction=5, usefulness=4, comment="Bardzo przydatne"
    )
