from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from academy.models import Membership
from courses.models import Enrollment
from notifications.models import Notification
from tests.factories.academy import MembershipFactory, UserFactory
from tests.factories.courses import build_course
from training import services
from training.models import (
    Assignee,
    Assignment,
    DeadlineExtension,
    LearningPath,
    PathCompletion,
    PathStep,
)
from training.selectors import COMPLETED, DUE_SOON, ON_TRACK, OVERDUE, assignee_rows

from .conftest import complete

pytestmark = pytest.mark.django_db


def in_days(n):
    return timezone.localdate() + timedelta(days=n)


def test_assigning_to_the_whole_organisation_enrols_and_notifies_members(
    organisation, coordinator, learner, outsider, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assignment_create(
            organisation=organisation,
            course=course,
            due_on=in_days(14),
            scope=Assignment.Scope.ORGANISATION,
            by=coordinator,
        )
    people = set(assignment.assignees.values_list("user_id", flat=True))
    assert people == {coordinator.pk, learner.pk}
    assert outsider.pk not in people
    assert Enrollment.objects.filter(course=course, user=learner, status="active").exists()
    assert Notification.objects.filter(recipient=learner, type="training.assigned").exists()


def test_assigning_a_department_reaches_only_its_people(organisation, coordinator, learner, course):
    department = services.department_get_or_create(organisation=organisation, name="Wydział A")
    services.staff_profile_set(user=learner, organisation=organisation, department=department)
    assignment = services.assignment_create(
        organisation=organisation,
        course=course,
        due_on=in_days(5),
        scope=Assignment.Scope.DEPARTMENT,
        department=department,
        by=coordinator,
    )
    assert list(assignment.assignees.values_list("user_id", flat=True)) == [learner.pk]


def test_an_assignment_refuses_a_past_date_and_a_foreign_department(
    organisation, other_organisation, coordinator, course
):
    with pytest.raises(ValidationError):
        services.assignment_create(
            organisation=organisation,
            course=course,
            due_on=in_days(-1),
            scope=Assignment.Scope.ORGANISATION,
            by=coordinator,
        )
    foreign = services.department_get_or_create(organisation=other_organisation, name="X")
    with pytest.raises(ValidationError):
        services.assignment_create(
            organisation=organisation,
            course=course,
            due_on=in_days(3),
            scope=Assignment.Scope.DEPARTMENT,
            department=foreign,
            by=coordinator,
        )


def test_chosen_members_outside_the_organisation_are_ignored(
    organisation, coordinator, learner, outsider, course
):
    assignment = services.assignment_create(
        organisation=organisation,
        course=course,
        due_on=in_days(3),
        scope=Assignment.Scope.MEMBERS,
        users=[learner, outsider],
        by=coordinator,
    )
    assert list(assignment.assignees.values_list("user_id", flat=True)) == [learner.pk]


def test_completion_closes_the_assignment_and_states_follow_dates(
    organisation, coordinator, learner, course, django_capture_on_commit_callbacks
):
    assignment = services.assignment_create(
        organisation=organisation,
        course=course,
        due_on=in_days(30),
        scope=Assignment.Scope.ORGANISATION,
        by=coordinator,
    )
    states = {r.user_id: r.state for r in assignee_rows(organisation)}
    assert states == {coordinator.pk: ON_TRACK, learner.pk: ON_TRACK}
    Assignee.objects.filter(user=coordinator).update(due_on=in_days(-1))
    Assignee.objects.filter(user=learner).update(due_on=in_days(2))
    states = {r.user_id: r.state for r in assignee_rows(organisation)}
    assert states == {coordinator.pk: OVERDUE, learner.pk: DUE_SOON}
    complete(learner, course, django_capture_on_commit_callbacks)
    states = {r.user_id: r.state for r in assignee_rows(organisation)}
    assert states[learner.pk] == COMPLETED
    counted = services.assignment_counts(Assignment.objects.filter(pk=assignment.pk)).get()
    assert (counted.people, counted.completed, counted.overdue) == (2, 1, 1)


def test_extending_one_persons_deadline_is_logged(organisation, coordinator, learner, course):
    services.assignment_create(
        organisation=organisation,
        course=course,
        due_on=in_days(3),
        scope=Assignment.Scope.ORGANISATION,
        by=coordinator,
    )
    assignee = Assignee.objects.get(user=learner)
    services.assignee_extend(
        assignee=assignee, new_due_on=in_days(10), by=coordinator, reason="Urlop"
    )
    assignee.refresh_from_db()
    assert assignee.due_on == in_days(10)
    log = DeadlineExtension.objects.get()
    assert (log.previous_due_on, log.new_due_on, log.by, log.reason) == (
        in_days(3),
        in_days(10),
        coordinator,
        "Urlop",
    )
    assert Assignee.objects.get(user=coordinator).due_on == in_days(3)
    with pytest.raises(ValidationError):
        services.assignee_extend(assignee=assignee, new_due_on=in_days(5), by=coordinator)


def test_reminders_before_the_due_date_and_when_overdue_are_sent_once(
    organisation, coordinator, learner, course
):
    services.assignment_create(
        organisation=organisation,
        course=course,
        due_on=in_days(2),
        scope=Assignment.Scope.MEMBERS,
        users=[learner],
        by=coordinator,
    )
    assert services.deadlines_remind() == 1
    assert services.deadlines_remind() == 0
    assert (
        Notification.objects.filter(recipient=learner, type="courses.deadline_approaching").count()
        == 1
    )
    assert services.deadlines_remind(today=in_days(3)) == 1
    assert (
        Notification.objects.filter(recipient=learner, type="courses.deadline_passed").count() == 1
    )


def test_an_invited_person_accepts_joins_at_once_and_is_enrolled(
    organisation, coordinator, course, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            organisation=organisation,
            email="Nowa@Example.org",
            full_name="Nowa Osoba",
            job_title="Referentka",
            by=coordinator,
        )
    assert mail.outbox and invitation.token in mail.outbox[-1].body
    services.assignment_create(
        organisation=organisation,
        course=course,
        due_on=in_days(14),
        scope=Assignment.Scope.ORGANISATION,
        by=coordinator,
    )
    assert Assignee.objects.filter(invitation=invitation, user__isnull=True).exists()
    user = services.invitation_signup(
        invitation=invitation, full_name="Nowa Osoba", password="x-very-long-pass-1"
    )
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert membership.status == Membership.Status.APPROVED
    assert user.job_title == "Referentka"
    assert Assignee.objects.filter(invitation=invitation, user=user).exists()
    assert Enrollment.objects.filter(user=user, course=course).exists()
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=user)


def test_an_expired_invitation_or_another_address_cannot_be_accepted(
    organisation, coordinator, learner
):
    invitation = services.invitation_create(
        organisation=organisation, email="someone@example.org", full_name="Ktoś", by=coordinator
    )
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=learner)
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    assert services.open_invitation(invitation.token) is None
    other = UserFactory(email="someone@example.org")
    with pytest.raises(ValidationError):
        services.invitation_accept(invitation=invitation, user=other)


def test_a_path_is_complete_when_every_course_is(
    organisation, coordinator, learner, course, django_capture_on_commit_callbacks
):
    second, _ = build_course(title="Tłumacze", slug="tlumacze")
    path = LearningPath.objects.create(title="Ścieżka", slug="sciezka", is_published=True)
    PathStep.objects.create(path=path, course=course, position=1)
    PathStep.objects.create(path=path, course=second, position=2)
    services.assignment_create(
        organisation=organisation,
        path=path,
        due_on=in_days(30),
        scope=Assignment.Scope.MEMBERS,
        users=[learner],
        by=coordinator,
    )
    assert Enrollment.objects.filter(user=learner, course__in=[course, second]).count() == 2
    complete(learner, course, django_capture_on_commit_callbacks)
    assert not PathCompletion.objects.exists()
    complete(learner, second, django_capture_on_commit_callbacks)
    completion = PathCompletion.objects.get(user=learner, path=path)
    assert completion.number.startswith("P-")
    assert Assignee.objects.get(user=learner).completed_at is not None


def test_people_who_already_completed_are_done_when_assigned(
    organisation, coordinator, learner, course, django_capture_on_commit_callbacks
):
    complete(learner, course, django_capture_on_commit_callbacks)
    services.assignment_create(
        organisation=organisation,
        course=course,
        due_on=in_days(3),
        scope=Assignment.Scope.MEMBERS,
        users=[learner],
        by=coordinator,
    )
    assert Assignee.objects.get(user=learner).completed_at is not None


def test_a_member_of_another_organisation_only_is_not_reached(organisation, coordinator, course):
    stranger = UserFactory()
    MembershipFactory(user=stranger, organisation=organisation, status=Membership.Status.PENDING)
    assignment = services.assignment_create(
        organisation=organisation,
        course=course,
        due_on=in_days(3),
        scope=Assignment.Scope.ORGANISATION,
        by=coordinator,
    )
    assert stranger.pk not in assignment.assignees.values_list("user_id", flat=True)
