from decimal import Decimal

import pytest

from courses.grading import grade_attempts

SCORES = [Decimal("0.5"), Decimal("0.9"), Decimal("0.7")]


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("highest", "0.9"),
        ("last", "0.7"),
        ("first", "0.5"),
        ("average", "0.70000"),
        ("unknown", "0.9"),
    ],
)
def test_each_method_turns_attempts_into_one_grade(method, expected):
    assert grade_attempts(SCORES, method) == Decimal(expected)


def test_no_finished_attempt_means_no_grade_rather_than_zero():
    assert grade_attempts([], "highest") is None
