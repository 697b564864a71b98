"""Tasks abandoned by a dead worker run again.

The database backend marks a task RUNNING when a worker claims it. A worker killed mid-task
(out of memory, a host lost) leaves it RUNNING forever. Tasks that have been running longer
than ``BACKGROUND_TASK_TIMEOUT_SECONDS`` are put back to READY; since every task is
idempotent, running one again is safe. A task abandoned too often (``worker_ids`` records
each claim) is marked failed instead, so a task that kills its worker cannot loop forever.
"""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.utils import timezone

MAX_CLAIMS = 5


def tasks_recover(*, older_than: timedelta) -> int:
    """Return how many abandoned tasks were put back in the queue."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - older_than
    recovered = 0
    for result in (
        DBTaskResult.objects.running()
        .filter(started_at__lt=cutoff)
        .only("pk", "worker_ids", "started_at")
    ):
        queryset = DBTaskResult.objects.running().filter(pk=result.pk, started_at=result.started_at)
        if len(result.worker_ids) >= MAX_CLAIMS:
            queryset.update(
                status="FAILED",
                finished_at=timezone.now(),
                exception_class_path="background.recovery.AbandonedTooOften",
                traceback=f"The worker running this task died {len(result.worker_ids)} times.",
            )
        else:
            recovered += queryset.update(status="READY", started_at=None)
    return recovered
