"""How kinds with several attempts (quizzes, H5P activities) turn attempts into one grade.

Pure: scores are fractions 0..1 as Decimals, in the order the attempts were taken.
"""

from __future__ import annotations

from decimal import Decimal

METHODS = ("highest", "last", "first", "average")


def grade_attempts(scores: list[Decimal], method: str) -> Decimal | None:
    """``None`` when there is no finished attempt; an unknown method grades by the highest."""
    if not scores:
        return None
    if method == "last":
        return scores[-1]
    if method == "first":
        return scores[0]
    if method == "average":
        return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.00001"))
    return max(scores)
