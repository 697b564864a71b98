"""The progress engine: idempotent, monotonic, transactional counters, one signal on commit."""

from decimal import Decimal

import pytest
from django.utils import timezone

from courses.authoring import item_archive, item_create
from courses.models import Enrollment, ItemProgress
from courses.progress import (
    ProgressError,
    course_recompute,
    progress_recompute,
    progress_record,
    progress_visit,
)
from courses.signals import course_completed
from tests.factories.courses import (
    CourseFactory,
    EnrollmentFactory,
    ItemFactory,
    ModuleFactory,
    build_course,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def completions():
    received = []

    def receiver(sender, enrollment, **kwargs):
        received.append(enrollment.pk)

    course_completed.connect(receiver, weak=False)
    yield received
    course_completed.disconnect(receiver)


def _fresh(enrollment):
    return Enrollment.objects.get(pk=enrollment.pk)


def test_completing_an_item_counts_it_and_sets_the_percentage():
    course, items = build_course(items=4)
    enrollment = EnrollmentFactory(course=course)
    progress_record(enrollment=enrollment, item=items[0], completed=True)
    enrollment = _fresh(enrollment)
    assert (enrollment.required_completed, enrollment.required_total, enrollment.percent) == (
        1,
        4,
        25,
    )
    assert enrollment.completed_at is None


def test_recording_the_same_completion_twice_changes_nothing(django_capture_on_commit_callbacks):
    course, items = build_course(items=2)
    enrollment = EnrollmentFactory(course=course)
    first = progress_record(enrollment=enrollment, item=items[0], completed=True)
    again = progress_record(enrollment=enrollment, item=items[0], completed=True)
    assert first.pk == again.pk
    assert again.completed_at == first.completed_at
    assert ItemProgress.objects.filter(enrollment=enrollment).count() == 1
    assert _fresh(enrollment).required_completed == 1


def test_opening_an_item_starts_it_without_completing_it():
    course, items = build_course(items=2)
    enrollment = EnrollmentFactory(course=course)
    progress = progress_visit(enrollment=enrollment, item=items[1])
    assert progress.state == ItemProgress.State.IN_PROGRESS
    enrollment = _fresh(enrollment)
    assert enrollment.last_item_id == items[1].pk
    assert enrollment.required_completed == 0


def test_pages_complete_on_view_when_the_course_says_so():
    course, items = build_course(items=2, complete_pages_on_view=True)
    enrollment = EnrollmentFactory(course=course)
    assert (
        progress_visit(enrollment=enrollment, item=items[0]).state == ItemProgress.State.COMPLETED
    )
    assert _fresh(enrollment).required_completed == 1


def test_visiting_does_not_complete_videos_even_with_pages_on_view():
    course = CourseFactory(complete_pages_on_view=True)
    item = ItemFactory(module=ModuleFactory(course=course), kind="video")
    enrollment = EnrollmentFactory(course=course)
    assert progress_visit(enrollment=enrollment, item=item).state == ItemProgress.State.IN_PROGRESS


def test_a_completed_item_stays_complete_when_later_reported_as_not_completed():
    course, items = build_course(items=2)
    enrollment = EnrollmentFactory(course=course)
    progress_record(enrollment=enrollment, item=items[0], completed=True)
    progress = progress_record(enrollment=enrollment, item=items[0], completed=False)
    assert progress.state == ItemProgress.State.COMPLETED
    progress_visit(enrollment=enrollment, item=items[0])
    assert ItemProgress.objects.get(pk=progress.pk).state == ItemProgress.State.COMPLETED


def test_a_failed_attempt_does_not_complete_a_pass_kind(pass_kind):
    course = CourseFactory()
    quiz = ItemFactory(module=ModuleFactory(course=course), kind=pass_kind)
    enrollment = EnrollmentFactory(course=course)
    progress = progress_record(enrollment=enrollment, item=quiz, score=0.4, passed=False)
    assert progress.state == ItemProgress.State.IN_PROGRESS
    assert progress.score == Decimal("0.40000")
    # "completed=True" from a pass kind is not a pass.
    progress = progress_record(enrollment=enrollment, item=quiz, completed=True)
    assert progress.state == ItemProgress.State.IN_PROGRESS
    assert _fresh(enrollment).completed_at is None


def test_a_pass_completes_and_a_later_failure_keeps_the_pass(pass_kind):
    course = CourseFactory()
    quiz = ItemFactory(module=ModuleFactory(course=course), kind=pass_kind)
    enrollment = EnrollmentFactory(course=course)
    progress_record(enrollment=enrollment, item=quiz, score=0.9, passed=True)
    progress = progress_record(enrollment=enrollment, item=quiz, score=0.2, passed=False)
    assert progress.state == ItemProgress.State.COMPLETED
    assert progress.passed is True
    assert progress.score == Decimal("0.20000")  # the latest score is kept, not the completion
    assert _fresh(enrollment).completed_at is not None


def test_scores_are_clamped_to_a_fraction(pass_kind):
    course = CourseFactory()
    quiz = ItemFactory(module=ModuleFactory(course=course), kind=pass_kind)
    enrollment = EnrollmentFactory(course=course)
    assert progress_record(enrollment=enrollment, item=quiz, score=7).score == Decimal("1.00000")
    assert progress_record(enrollment=enrollment, item=quiz, score=-1).score == Decimal("0.00000")


def test_optional_items_do_not_count_towards_completion(
    completions, django_capture_on_commit_callbacks
):
    course, items = build_course(items=2)
    optional = ItemFactory(module=items[0].module, is_required=False)
    enrollment = EnrollmentFactory(course=course)
    with django_capture_on_commit_callbacks(execute=True):
        progress_record(enrollment=enrollment, item=optional, completed=True)
    assert _fresh(enrollment).required_completed == 0
    with django_capture_on_commit_callbacks(execute=True):
        for item in items:
            progress_record(enrollment=enrollment, item=item, completed=True)
    assert _fresh(enrollment).completed_at is not None
    assert completions == [enrollment.pk]


def test_the_course_completes_when_the_last_required_item_does_and_the_signal_is_sent_once(
    completions, django_capture_on_commit_callbacks
):
    course, items = build_course(items=3)
    enrollment = EnrollmentFactory(course=course)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for item in items[:2]:
            progress_record(enrollment=enrollment, item=item, completed=True)
    assert callbacks == [] and completions == []
    with django_capture_on_commit_callbacks(execute=True):
        progress_record(enrollment=enrollment, item=items[2], completed=True)
    with django_capture_on_commit_callbacks(execute=True):
        progress_record(enrollment=enrollment, item=items[2], completed=True)
        progress_recompute(enrollment=enrollment)
    assert completions == [enrollment.pk]
    enrollment = _fresh(enrollment)
    assert (enrollment.required_completed, enrollment.required_total, enrollment.percent) == (
        3,
        3,
        100,
    )


def test_the_signal_waits_for_the_commit(completions, django_capture_on_commit_callbacks):
    course, items = build_course(items=1)
    enrollment = EnrollmentFactory(course=course)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        progress_record(enrollment=enrollment, item=items[0], completed=True)
    assert completions == []  # not yet committed
    assert len(callbacks) == 1
    callbacks[0]()
    assert completions == [enrollment.pk]


def test_no_signal_when_the_transaction_rolls_back(completions, django_capture_on_commit_callbacks):
    from django.db import transaction

    course, items = build_course(items=1)
    enrollment = EnrollmentFactory(course=course)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                progress_record(enrollment=enrollment, item=items[0], completed=True)
                raise RuntimeError("the caller failed after recording")
        except RuntimeError:
            pass
    assert callbacks == [] and completions == []
    assert not ItemProgress.objects.filter(enrollment=enrollment).exists()
    assert _fresh(enrollment).completed_at is None


def test_progress_for_an_item_of_another_course_is_refused():
    course, _items = build_course(items=1)
    _other_course, other_items = build_course(items=1)
    enrollment = EnrollmentFactory(course=course)
    with pytest.raises(ProgressError):
        progress_record(enrollment=enrollment, item=other_items[0], completed=True)
    assert not ItemProgress.objects.exists()


@pytest.mark.parametrize(
    "status", [Enrollment.Status.REQUESTED, Enrollment.Status.WITHDRAWN, Enrollment.Status.REJECTED]
)
def test_progress_needs_an_active_enrolment(status):
    course, items = build_course(items=1)
    enrollment = EnrollmentFactory(course=course, status=status)
    with pytest.raises(ProgressError):
        progress_record(enrollment=enrollment, item=items[0], completed=True)
    assert progress_visit(enrollment=enrollment, item=items[0]) is None
    assert not ItemProgress.objects.exists()


def test_archiving_an_item_keeps_its_progress_and_recounts(django_capture_on_commit_callbacks):
    course, items = build_course(items=3)
    enrollment = EnrollmentFactory(course=course)
    progress_record(enrollment=enrollment, item=items[0], completed=True)
    with django_capture_on_commit_callbacks(execute=True):
        item_archive(item=items[0])
    assert ItemProgress.objects.filter(item=items[0], enrollment=enrollment).exists()
    enrollment = _fresh(enrollment)
    assert (enrollment.required_completed, enrollment.required_total) == (0, 2)


def test_archiving_the_last_unfinished_item_completes_the_course(
    completions, django_capture_on_commit_callbacks
):
    course, items = build_course(items=2)
    enrollment = EnrollmentFactory(course=course)
    with django_capture_on_commit_callbacks(execute=True):
        progress_record(enrollment=enrollment, item=items[0], completed=True)
    with django_capture_on_commit_callbacks(execute=True):
        item_archive(item=items[1])
    assert _fresh(enrollment).completed_at is not None
    assert completions == [enrollment.pk]


def test_a_new_required_item_does_not_reopen_a_completed_course(
    completions, django_capture_on_commit_callbacks
):
    course, items = build_course(items=2)
    enrollment = EnrollmentFactory(course=course)
    with django_capture_on_commit_callbacks(execute=True):
        for item in items:
            progress_record(enrollment=enrollment, item=item, completed=True)
    completed_at = _fresh(enrollment).completed_at
    with django_capture_on_commit_callbacks(execute=True):
        item_create(module=items[0].module, kind="page", title="Nowy krok")
    enrollment = _fresh(enrollment)
    assert enrollment.completed_at == completed_at
    assert (enrollment.required_completed, enrollment.required_total) == (2, 3)
    assert completions == [enrollment.pk]


def test_a_new_required_item_is_counted_for_learners_in_progress(
    django_capture_on_commit_callbacks,
):
    course, items = build_course(items=2)
    enrollment = EnrollmentFactory(course=course)
    progress_record(enrollment=enrollment, item=items[0], completed=True)
    with django_capture_on_commit_callbacks(execute=True):
        item_create(module=items[0].module, kind="page", title="Nowy krok")
    enrollment = _fresh(enrollment)
    assert (enrollment.required_completed, enrollment.required_total, enrollment.percent) == (
        1,
        3,
        33,
    )


def test_recompute_repairs_counters_and_completes_who_now_qualifies(
    completions, django_capture_on_commit_callbacks
):
    course, items = build_course(items=2)
    enrollment = EnrollmentFactory(course=course)
    for item in items:
        ItemProgress.objects.create(
            enrollment=enrollment,
            item=item,
            state=ItemProgress.State.COMPLETED,
            completed_at=timezone.now(),
        )
    Enrollment.objects.filter(pk=enrollment.pk).update(
        required_total=9, required_completed=0, percent=0
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert course_recompute(course=course) == 1
    enrollment = _fresh(enrollment)
    assert (enrollment.required_completed, enrollment.required_total, enrollment.percent) == (
        2,
        2,
        100,
    )
    assert enrollment.completed_at is not None
    assert completions == [enrollment.pk]


def test_recompute_of_an_empty_course_completes_nobody():
    course = CourseFactory()
    enrollment = EnrollmentFactory(course=course)
    progress_recompute(enrollment=enrollment)
    enrollment = _fresh(enrollment)
    assert enrollment.completed_at is None
    assert enrollment.percent == 100 and enrollment.required_total == 0


def test_progress_of_one_learner_never_touches_another():
    course, items = build_course(items=2)
    mine, theirs = EnrollmentFactory(course=course), EnrollmentFactory(course=course)
    progress_record(enrollment=mine, item=items[0], completed=True)
    assert _fresh(theirs).required_completed == 0
    assert not ItemProgress.objects.filter(enrollment=theirs).exists()


def test_the_callers_enrollment_object_sees_the_new_counters():
    course, items = build_course(items=2)
    enrollment = EnrollmentFactory(course=course)
    progress_record(enrollment=enrollment, item=items[0], completed=True)
    assert enrollment.required_completed == 1 and enrollment.percent == 50
