"""Tasks that survive failure: retried with exponential backoff, then left failed.

``@durable_task(...)`` is Django's ``@task`` plus a retry loop that lives in the queue,
not in the worker: a failing run enqueues the next attempt with ``run_after`` set
(30 s, 60 s, 120 s, ... by default) and finishes; the last attempt's error is raised, so
the task ends FAILED in the tasks admin with its traceback, where staff can retry it.
Every durable task must be idempotent: it may run again after a worker died mid-run.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .compat import task

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> timedelta:
    """How long to wait after failed attempt number ``attempt`` (1-based)."""
    base = getattr(settings, "BACKGROUND_RETRY_BASE_SECONDS", 30)
    return timedelta(seconds=base * 2 ** (attempt - 1))


def durable_task(*, max_attempts: int | Callable[[], int] = 5, **task_options):
    def decorate(function):
        @functools.wraps(function)
        def run(*args, attempt: int = 1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception as error:
                limit = max_attempts() if callable(max_attempts) else max_attempts
                backend = durable.get_backend()
                if attempt >= limit or not backend.supports_defer:
                    raise
                delay = retry_delay(attempt)
                durable.using(run_after=timezone.now() + delay).enqueue(
                    *args, attempt=attempt + 1, **kwargs
                )
                logger.warning(
                    "%s attempt %s of %s failed (%r); next attempt in %s s",
                    durable.name,
                    attempt,
                    limit,
                    error,
                    int(delay.total_seconds()),
                )
                return {"retry_scheduled": attempt + 1, "error": repr(error)[:500]}

        durable = task(**task_options)(run)
        return durable

    return decorate
