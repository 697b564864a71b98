"""Enrolment use cases: open, on approval, capacity, window, withdraw, emails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from courses.authoring import item_create, module_create
from courses.models import Course, Enrollment, ItemProgress
from courses.progress import progress_record
from courses.services import (
    EnrolmentError,
    enrollment_create,
    enrollment_decide,
    enrollment_request,
    enrollment_withdraw,
)
from tests.factories.academy import UserFactory
from tests.factories.courses import CourseFactory, EnrollmentFactory, build_course

pytestmark = pytest.mark.django_db


def test_enrolling_in_an_open_course_activates_and_emails_in_the_learners_language(
    django_capture_on_commit_callbacks,
):
    course, _items = build_course(items=3, title="Kurs o integracji")
    user = UserFactory(preferred_language="uk")
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrollment_create(user=user, course=course)
    assert enrollment.status == Enrollment.Status.ACTIVE and enrollment.enrolled_at
    assert enrollment.required_total == 3
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "Kurs o integracji" in mail.outbox[0].subject
    assert "/courses/" in mail.outbox[0].body


def test_enrolling_twice_gives_one_enrolment_and_one_email(django_capture_on_commit_callbacks):
    course, _items = build_course()
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = enrollment_create(user=user, course=course)
        second = enrollment_create(user=user, course=course)
    assert first.pk == second.pk
    assert Enrollment.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"status": Course.Status.DRAFT}, "not_published"),
        ({"status": Course.Status.ARCHIVED}, "not_published"),
        ({"enrolment_mode": Course.EnrolmentMode.CLOSED}, "closed"),
        ({"enrolment_mode": Course.EnrolmentMode.APPROVAL}, "approval_required"),
        ({"enrolment_opens_at": timezone.now() + timedelta(days=1)}, "window"),
        ({"enrolment_closes_at": timezone.now() - timedelta(minutes=1)}, "window"),
    ],
)
def test_self_enrolment_is_refused_with_a_reason(fields, code):
    course = CourseFactory(**fields)
    with pytest.raises(EnrolmentError) as error:
        enrollment_create(user=UserFactory(), course=course)
    assert error.value.code == code
    assert str(error.value.message)
    assert not Enrollment.objects.exists()


def test_a_full_course_refuses_more_learners_and_stores_nothing():
    course = CourseFactory(capacity=1)
    enrollment_create(user=UserFactory(), course=course)
    late = UserFactory()
    with pytest.raises(EnrolmentError) as error:
        enrollment_create(user=late, course=course)
    assert error.value.code == "full"
    assert not Enrollment.objects.filter(user=late).exists()


def test_withdrawn_learners_do_not_take_places():
    course = CourseFactory(capacity=1)
    first = enrollment_create(user=UserFactory(), course=course)
    enrollment_withdraw(enrollment=first)
    assert enrollment_create(user=UserFactory(), course=course).is_active


def test_coming_back_after_withdrawing_keeps_progress():
    course, items = build_course(items=2)
    user = UserFactory()
    enrollment = enrollment_create(user=user, course=course)
    progress_record(enrollment=enrollment, item=items[0], completed=True)
    enrollment_withdraw(enrollment=enrollment)
    again = enrollment_create(user=user, course=course)
    assert again.pk == enrollment.pk and again.is_active
    assert again.required_completed == 1
    assert ItemProgress.objects.filter(enrollment=again).count() == 1


def test_withdrawing_twice_is_refused_clearly():
    enrollment = EnrollmentFactory()
    enrollment_withdraw(enrollment=enrollment)
    with pytest.raises(EnrolmentError) as error:
        enrollment_withdraw(enrollment=enrollment)
    assert error.value.code == "not_active"


def test_requesting_a_place_waits_for_a_trainer(django_capture_on_commit_callbacks):
    course = CourseFactory(enrolment_mode=Course.EnrolmentMode.APPROVAL)
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enrollment = enrollment_request(user=user, course=course)
        again = enrollment_request(user=user, course=course)
    assert enrollment.pk == again.pk
    assert enrollment.status == Enrollment.Status.REQUESTED and enrollment.enrolled_at is None
    assert len(mail.outbox) == 1


def test_requesting_a_place_in_an_open_course_is_refused():
    with pytest.raises(EnrolmentError) as error:
        enrollment_request(user=UserFactory(), course=CourseFactory())
    assert error.value.code == "open_course"


@pytest.mark.parametrize(
    ("approve", "status", "subject"),
    [
        (True, Enrollment.Status.ACTIVE, "approved"),
        (False, Enrollment.Status.REJECTED, "not approved"),
    ],
)
def test_a_trainer_decides_and_the_learner_is_told_in_their_language(
    approve,
    status,
    subject,
    trainer,
    django_capture_on_commit_callbacks,
):
    course, _items = build_course(
        items=2, enrolment_mode=Course.EnrolmentMode.APPROVAL, trainers=[trainer]
    )
    learner = UserFactory(preferred_language="en")
    enrollment = enrollment_request(user=learner, course=course)
    with django_capture_on_commit_callbacks(execute=True):
        decided = enrollment_decide(enrollment=enrollment, by=trainer, approve=approve)
    assert decided.status == status and decided.decided_by == trainer
    assert subject in mail.outbox[-1].subject
    if approve:
        assert decided.required_total == 2 and decided.enrolled_at


def test_polish_learners_get_polish_emails(trainer, django_capture_on_commit_callbacks):
    course = CourseFactory(enrolment_mode=Course.EnrolmentMode.APPROVAL, title="Tłumacze")
    enrollment = enrollment_request(user=UserFactory(preferred_language="pl"), course=course)
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_decide(enrollment=enrollment, by=trainer, approve=True)
    assert "zaakceptowane" in mail.outbox[-1].subject


def test_a_request_cannot_be_decided_twice(trainer):
    course = CourseFactory(enrolment_mode=Course.EnrolmentMode.APPROVAL)
    enrollment = enrollment_request(user=UserFactory(), course=course)
    enrollment_decide(enrollment=enrollment, by=trainer, approve=False)
    with pytest.raises(EnrolmentError) as error:
        enrollment_decide(enrollment=enrollment, by=trainer, approve=True)
    assert error.value.code == "not_requested"
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.REJECTED


def test_approving_into_a_full_course_is_refused_and_the_request_stays(trainer):
    course = CourseFactory(enrolment_mode=Course.EnrolmentMode.APPROVAL, capacity=1)
    first = enrollment_request(user=UserFactory(), course=course)
    second = enrollment_request(user=UserFactory(), course=course)
    enrollment_decide(enrollment=first, by=trainer, approve=True)
    with pytest.raises(EnrolmentError) as error:
        enrollment_decide(enrollment=second, by=trainer, approve=True)
    assert error.value.code == "full"
    second.refresh_from_db()
    assert second.status == Enrollment.Status.REQUESTED


def test_a_rejected_learner_may_ask_again():
    course = CourseFactory(enrolment_mode=Course.EnrolmentMode.APPROVAL)
    enrollment = EnrollmentFactory(course=course, status=Enrollment.Status.REJECTED)
    again = enrollment_request(user=enrollment.user, course=course)
    assert again.pk == enrollment.pk and again.status == Enrollment.Status.REQUESTED


def test_modules_and_items_are_appended_in_order():
    course = CourseFactory()
    first = module_create(course=course, title="Pierwszy")
    second = module_create(course=course, title="Drugi")
    assert (first.position, second.position) == (1, 2)
    a = item_create(module=first, kind="page", title="A")
    b = item_create(module=first, kind="link", title="B", is_required=False)
    assert (a.position, b.position) == (1, 2)
    assert a.course_id == course.pk
