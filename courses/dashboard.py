"""The "My learning" section of the learner dashboard."""

from __future__ import annotations

from .selectors import learning_for


def my_learning(request) -> dict:
    return learning_for(request.user)
