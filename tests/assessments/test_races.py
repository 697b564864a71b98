"""Races on PostgreSQL with real threads: double submit and double start."""

import pytest

from assessments import services
from assessments.models import Attempt
from courses.models import ItemProgress
from tests.conftest import run_concurrently

pytestmark = pytest.mark.django_db(transaction=True)


def test_double_submit_racing_gives_one_result(
    postgres_only, learner, quiz, enrollment, two_questions
):
    (q1, right1, _), (q2, right2, _) = two_questions
    attempt = services.attempt_start(quiz=quiz, enrollment=enrollment)
    services.response_save(attempt=attempt, answers={q1.pk: right1.pk, q2.pk: right2.pk})

    def submit(_index):
        return services.attempt_submit(attempt=Attempt.objects.get(pk=attempt.pk)).submitted_at

    results = run_concurrently(submit, 4)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.score == 1
    progress = ItemProgress.objects.get(enrollment=enrollment, item=quiz.item)
    assert progress.state == "completed"
    enrollment.refresh_from_db()
    assert enrollment.required_completed == 1


def test_double_start_racing_gives_one_open_attempt(
    postgres_only, learner, quiz, enrollment, two_questions
):
    def start(_index):
        return services.attempt_start(quiz=quiz, enrollment=enrollment).pk

    results = run_concurrently(start, 4)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    assert Attempt.objects.filter(quiz=quiz, user=learner).count() == 1
