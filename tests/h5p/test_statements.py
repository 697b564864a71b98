"""Attempts, grades and completion from xAPI statements (Moodle's mod_h5pactivity model)."""

from decimal import Decimal

import pytest

from courses.models import ItemProgress
from h5p.models import Activity, Attempt, Result, Statement
from h5p.services import statement_record
from h5p.xapi import StatementError, grade
from tests.factories.h5p import h5p_activity
from tests.h5p.statements import OBJECT, finished, statement

pytestmark = pytest.mark.django_db


def _send(activity, enrollment, *statements):
    for data in statements:
        statement_record(activity=activity, enrollment=enrollment, statement=data)


def _failed_attempts(activity, enrollment, count: int) -> None:
    """``count`` finished attempts, each with one wrong answer to q1."""
    for _index in range(count):
        _send(
            activity, enrollment, statement("answered", raw=0, max=1, child="q1"), *finished(0, 1)
        )


def _progress(activity, enrollment):
    return ItemProgress.objects.filter(enrollment=enrollment, item=activity.item).first()


def test_an_answered_and_completed_pair_counts_as_one_attempt(activity, enrollment):
    _send(activity, enrollment, *finished(2, 2, success=True))
    attempt = Attempt.objects.get()
    assert (attempt.number, attempt.verb, attempt.scaled) == (
        1,
        "answered+completed",
        Decimal("1.00000"),
    )
    assert Statement.objects.count() == 2


def test_each_new_try_opens_a_new_attempt(activity, enrollment):
    _send(
        activity, enrollment, *finished(1, 2), *finished(2, 2), statement("answered", raw=0, max=2)
    )
    assert list(Attempt.objects.values_list("number", "scaled")) == [
        (1, Decimal("0.50000")),
        (2, Decimal("1.00000")),
        (3, Decimal("0.00000")),
    ]


def test_child_statements_become_per_question_results_of_the_attempt(activity, enrollment):
    _send(
        activity,
        enrollment,
        statement("answered", raw=1, max=1, success=True, child="q1", response="1"),
        statement("answered", raw=0, max=1, success=False, child="q2", response="1"),
        *finished(1, 2),
    )
    attempt = Attempt.objects.get()
    assert list(attempt.results.values_list("description", "raw_score", "success")) == [
        ("Question q1", Decimal("1.00"), True),
        ("Question q2", Decimal("0.00"), False),
    ]
    assert attempt.scaled == Decimal("0.50000"), "child scores never overwrite the attempt's score"


def test_a_question_answered_again_before_checking_replaces_the_earlier_answer(
    activity, enrollment
):
    _send(
        activity,
        enrollment,
        statement("answered", raw=0, max=1, child="q1"),
        statement("answered", raw=1, max=1, child="q1"),
        *finished(1, 1),
    )
    assert list(Result.objects.values_list("raw_score", flat=True)) == [Decimal("1.00")]


def test_the_scaled_score_is_recomputed_on_the_server_and_clamped(activity, enrollment):
    _send(activity, enrollment, statement("answered", raw=5, max=2, scaled=0.01, completion=True))
    _send(activity, enrollment, statement("answered", raw=-3, max=2, scaled=1, completion=True))
    _send(activity, enrollment, statement("answered", raw=1, max=0, scaled=1, completion=True))
    assert list(Attempt.objects.values_list("scaled", flat=True)) == [
        Decimal("1"),
        Decimal("0"),
        None,
    ]


def test_the_actor_comes_from_the_enrollment_never_the_statement(activity, enrollment, outsider):
    _send(
        activity, enrollment, statement("answered", raw=1, max=1, actor=f"mailto:{outsider.email}")
    )
    assert Attempt.objects.get().user == enrollment.user


@pytest.mark.parametrize("junk", [[], "text", {"verb": "answered"}, {"verb": {"id": ""}}])
def test_unreadable_statements_are_refused(activity, enrollment, junk):
    with pytest.raises(StatementError):
        statement_record(activity=activity, enrollment=enrollment, statement=junk)
    assert Statement.objects.count() == 0


def test_a_result_after_withdrawing_is_refused_and_nothing_is_stored(activity, enrollment):
    from courses.models import Enrollment
    from courses.progress import ProgressError

    Enrollment.objects.filter(pk=enrollment.pk).update(status=Enrollment.Status.WITHDRAWN)
    for data in (
        statement("answered", raw=1, max=1, child="q1"),
        statement("answered", raw=1, max=1),
    ):
        with pytest.raises(ProgressError):
            statement_record(activity=activity, enrollment=enrollment, statement=data)
    assert (Statement.objects.count(), Attempt.objects.count(), Result.objects.count()) == (0, 0, 0)
    assert _progress(activity, enrollment) is None


def test_interaction_noise_is_not_stored(activity, enrollment):
    assert (
        statement_record(
            activity=activity, enrollment=enrollment, statement=statement("interacted")
        )
        is None
    )
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("highest", Decimal("0.9")),
        ("last", Decimal("0.4")),
        ("average", Decimal("0.6")),
        ("first", Decimal("0.5")),
    ],
)
def test_grading_methods(method, expected):
    assert grade([Decimal("0.5"), Decimal("0.9"), Decimal("0.4")], method) == expected


@pytest.mark.parametrize(
    ("method", "score"),
    [("highest", "0.75000"), ("last", "0.25000"), ("first", "0.50000"), ("average", "0.50000")],
)
def test_the_item_score_follows_the_grading_method(module, trainer, enrollment, method, score):
    activity = h5p_activity(module=module, user=trainer, grading=method, completion="completed")
    _send(activity, enrollment, *finished(2, 4), *finished(3, 4), *finished(1, 4))
    assert _progress(activity, enrollment).score == Decimal(score)


def test_passing_with_the_pass_mark_completes_the_item_and_moves_course_progress(
    module, trainer, enrollment
):
    activity = h5p_activity(module=module, user=trainer, completion="passed", pass_percent=70)
    _send(activity, enrollment, *finished(1, 2))
    progress = _progress(activity, enrollment)
    assert (progress.state, progress.passed) == (ItemProgress.State.IN_PROGRESS, False)
    _send(activity, enrollment, *finished(3, 4))
    progress.refresh_from_db()
    enrollment.refresh_from_db()
    assert progress.state == ItemProgress.State.COMPLETED
    assert progress.score == Decimal("0.75000")
    assert enrollment.percent == 100


def test_a_failed_attempt_never_completes_even_in_completed_mode(module, trainer, enrollment):
    activity = h5p_activity(module=module, user=trainer, completion="completed")
    _send(activity, enrollment, *finished(2, 2, success=False))
    assert _progress(activity, enrollment).state != ItemProgress.State.COMPLETED
    _send(activity, enrollment, *finished(1, 2, success=True))
    assert _progress(activity, enrollment).state == ItemProgress.State.COMPLETED


def test_an_unfinished_attempt_does_not_complete(module, trainer, enrollment):
    activity = h5p_activity(module=module, user=trainer, completion="completed")
    _send(activity, enrollment, statement("answered", raw=2, max=2, completion=False))
    assert _progress(activity, enrollment).state != ItemProgress.State.COMPLETED


def test_a_completed_item_stays_complete_after_a_worse_attempt(module, trainer, enrollment):
    activity = h5p_activity(
        module=module, user=trainer, grading=Activity.Grading.LAST, pass_percent=50
    )
    _send(activity, enrollment, *finished(2, 2), *finished(0, 2))
    progress = _progress(activity, enrollment)
    assert progress.state == ItemProgress.State.COMPLETED
    assert progress.score == Decimal("0")


def _sql(captured) -> list[str]:
    """The statements that do work: without statement_record's own savepoint pair."""
    return [
        query["sql"]
        for query in captured
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


@pytest.mark.parametrize("earlier", [0, 1, 5])
def test_recording_a_question_result_takes_a_constant_five_queries(
    module, trainer, enrollment, earlier, django_assert_num_queries
):
    activity = h5p_activity(module=module, user=trainer, pass_percent=100)
    _failed_attempts(activity, enrollment, earlier)
    # lock the enrollment, the last attempt, open the attempt (first answer) or drop an
    # earlier answer to the same question (later ones), insert result, insert statement;
    # plus the savepoint pair of statement_record's transaction, nothing nested
    for question in ("q1", "q2", "q2"):
        with django_assert_num_queries(7) as captured:
            _send(activity, enrollment, statement("answered", raw=1, max=1, child=question))
        assert len(_sql(captured)) == 5
    attempt = Attempt.objects.get(number=earlier + 1)
    assert attempt.is_open
    assert sorted(attempt.results.values_list("object_id", flat=True)) == [
        f"{OBJECT}?subContentId=q1",
        f"{OBJECT}?subContentId=q2",
    ]


@pytest.mark.parametrize("earlier", [0, 1, 5])
def test_recording_a_finished_attempt_takes_at_most_six_queries(
    module, trainer, enrollment, earlier, django_assert_num_queries
):
    # The costliest statement: it finishes an open attempt, after failed ones, and its
    # pass completes the item and with it the course (the activity is its only item).
    activity = h5p_activity(module=module, user=trainer, pass_percent=100)
    _failed_attempts(activity, enrollment, earlier)
    _send(activity, enrollment, statement("answered", raw=1, max=1, child="q1"))
    # lock the enrollment, read progress, counts and attempts in one query, finish the
    # attempt, insert statement, update progress, update the counters
    with django_assert_num_queries(8) as captured:
        _send(activity, enrollment, statement("answered", raw=1, max=1, completion=True))
    assert len(_sql(captured)) == 6
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    assert _progress(activity, enrollment).state == ItemProgress.State.COMPLETED
    finished_attempt = Attempt.objects.get(number=earlier + 1)
    assert (finished_attempt.verb, finished_attempt.results.count()) == ("answered", 1)


@pytest.mark.django_db(transaction=True)
def test_two_results_at_once_open_two_attempts_not_a_crash(
    postgres_only, module, trainer, learner, course
):
    from tests.conftest import run_concurrently
    from tests.factories.courses import EnrollmentFactory

    activity = h5p_activity(module=module, user=trainer, completion="completed")
    enrollment = EnrollmentFactory(user=learner, course=course)

    def send(index):
        return statement_record(
            activity=activity,
            enrollment=enrollment,
            statement=statement("answered", raw=index, max=1, completion=True),
        )

    results = run_concurrently(send, 2)
    assert not [result for result in results if isinstance(result, Exception)]
    assert sorted(Attempt.objects.values_list("number", flat=True)) == [1, 2]
    assert ItemProgress.objects.filter(enrollment=enrollment, item=activity.item).count() == 1
