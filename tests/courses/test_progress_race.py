"""Concurrent reports for one learner serialise on the enrollment row (PostgreSQL)."""

import pytest

from courses.models import Enrollment, ItemProgress
from courses.progress import progress_record
from courses.services import enrollment_create
from courses.signals import course_completed
from tests.conftest import run_concurrently
from tests.factories.academy import UserFactory
from tests.factories.courses import EnrollmentFactory, build_course

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_completions_give_one_row_and_right_counters(postgres_only):
    course, items = build_course(items=2)
    enrollment = EnrollmentFactory(course=course)

    def complete(_index):
        return progress_record(
            enrollment=Enrollment.objects.get(pk=enrollment.pk), item=items[0], completed=True
        ).pk

    results = run_concurrently(complete, 4)
    assert all(isinstance(result, int) for result in results), results
    assert ItemProgress.objects.filter(enrollment=enrollment, item=items[0]).count() == 1
    enrollment.refresh_from_db()
    assert (enrollment.required_completed, enrollment.required_total, enrollment.percent) == (
        1,
        2,
        50,
    )


def test_concurrent_completion_of_the_last_two_items_completes_once(postgres_only):
    course, items = build_course(items=2)
    enrollment = EnrollmentFactory(course=course)
    received = []

    def receiver(sender, enrollment, **kwargs):
        received.append(enrollment.pk)

    course_completed.connect(receiver, weak=False)
    try:
        results = run_concurrently(
            lambda index: (
                progress_record(
                    enrollment=Enrollment.objects.get(pk=enrollment.pk),
                    item=items[index],
                    completed=True,
                ).pk
            ),
            2,
        )
    finally:
        course_completed.disconnect(receiver)
    assert all(isinstance(result, int) for result in results), results
    enrollment.refresh_from_db()
    assert enrollment.required_completed == 2 and enrollment.completed_at is not None
    assert received == [enrollment.pk]


def test_double_enrolment_at_once_gives_one_enrolment(postgres_only):
    course, _items = build_course(items=1)
    user = UserFactory()
    results = run_concurrently(lambda _index: enrollment_create(user=user, course=course).pk, 3)
    assert all(isinstance(result, int) for result in results), results
    assert len(set(results)) == 1
    assert Enrollment.objects.filter(user=user, course=course).count() == 1


def test_the_last_place_goes_to_one_learner_only(postgres_only):
    course, _items = build_course(items=1, capacity=1)
    users = [UserFactory(), UserFactory()]

    def enrol(index):
        return enrollment_create(user=users[index], course=course).pk

    results = run_concurrently(enrol, 2)
    assert sum(isinstance(result, int) for result in results) == 1, results
    assert Enrollment.objects.filter(course=course, status=Enrollment.Status.ACTIVE).count() == 1


def test_first_visits_racing_a_completion_keep_the_completion(postgres_only):
    """A first visit inserts its row without counting; racing "mark as complete" on the
    same step, the step ends complete, in one row, with the counters right."""
    from courses.progress import progress_visit

    course, items = build_course(items=2)
    enrollment = EnrollmentFactory(course=course)

    def act(index):
        fresh = Enrollment.objects.select_related("course").get(pk=enrollment.pk)
        if index % 2:
            return progress_record(enrollment=fresh, item=items[0], completed=True).state
        return progress_visit(enrollment=fresh, item=items[0], known=None).state

    results = run_concurrently(act, 6)
    assert all(result in ("in_progress", "completed") for result in results), results
    rows = ItemProgress.objects.filter(enrollment=enrollment, item=items[0])
    assert rows.count() == 1 and rows.get().state == "completed"
    enrollment.refresh_from_db()
    assert (enrollment.required_completed, enrollment.required_total, enrollment.percent) == (
        1,
        2,
        50,
    )
    assert enrollment.last_item_id == items[0].pk
