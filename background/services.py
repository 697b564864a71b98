"""Writes of the background app that are not about email (see mail.py for those)."""

from __future__ import annotations

from django.db import transaction


def task_retry(*, result) -> bool:
    """Enqueue a failed task again with its arguments (first attempt); the failed row stays.

    Returns False for a task whose code no longer exists.
    """
    try:
        task = result.task
    except ImportError:
        return False
    args, kwargs = result.args_kwargs["args"], dict(result.args_kwargs["kwargs"])
    kwargs.pop("attempt", None)
    transaction.on_commit(lambda: task.using(run_after=None).enqueue(*args, **kwargs))
    return True
