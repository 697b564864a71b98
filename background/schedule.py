"""Periodic work: cron-like entries in code, run by exactly one scheduler at a time.

Apps register entries from their ``AppConfig.ready()``::

    from background.schedule import register
    register(name="notifications.digests", cron="0 * * * *", task=send_digests)

``manage.py scheduler`` calls ``tick()`` every few seconds. A tick first takes or renews
the lease (one ``SchedulerLease`` row with an expiry): only its holder enqueues anything,
so schedulers on several hosts can all run and one works, the others wait to take over.
Each job remembers when it last ran (``ScheduledRun``); a job whose slot passed while no
scheduler ran (downtime) is run once, not once per missed slot. Claiming a run is a
conditional update on that row, so even two schedulers in the same instant enqueue a job
once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .compat import Task
from .cron import Cron
from .models import ScheduledRun, SchedulerLease

logger = logging.getLogger(__name__)

LEASE_NAME = "scheduler"


@dataclass(frozen=True)
class Entry:
    name: str
    cron: Cron
    expression: str
    task: Task


_entries: dict[str, Entry] = {}


def register(*, name: str, cron: str, task: Task) -> None:
    """Run ``task`` (no arguments) whenever ``cron`` matches, in the academy's time zone."""
    _entries[name] = Entry(name=name, cron=Cron.parse(cron), expression=cron, task=task)


def entries() -> list[Entry]:
    return list(_entries.values())


def register_defaults() -> None:
    from .tasks import prune_task_results, recover_abandoned_tasks, resend_pending_email

    register(
        name="background.recover_abandoned_tasks", cron="*/5 * * * *", task=recover_abandoned_tasks
    )
    register(name="background.resend_pending_email", cron="*/15 * * * *", task=resend_pending_email)
    register(name="background.prune_task_results", cron="0 3 * * 0", task=prune_task_results)


def lease_acquire(*, holder: str, seconds: int) -> bool:
    """Take or renew the scheduler lease; True when ``holder`` holds it afterwards."""
    now = timezone.now()
    if not SchedulerLease.objects.filter(name=LEASE_NAME).exists():
        try:
            with transaction.atomic():
                SchedulerLease.objects.create(
                    name=LEASE_NAME, holder="", expires_at=now - timedelta(seconds=1)
                )
        except IntegrityError:
            pass  # another scheduler created it first
    taken = (
        SchedulerLease.objects.filter(name=LEASE_NAME)
        .filter(Q(holder=holder) | Q(expires_at__lt=now))
        .update(holder=holder, expires_at=now + timedelta(seconds=seconds))
    )
    return taken == 1


def lease_release(*, holder: str) -> None:
    SchedulerLease.objects.filter(name=LEASE_NAME, holder=holder).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )


def tick(*, holder: str, lease_seconds: int = 60, now=None) -> list[str]:
    """Enqueue every job that is due; return their names (empty when not the lease holder)."""
    if not lease_acquire(holder=holder, seconds=lease_seconds):
        return []
    now = now or timezone.now()
    local_now = timezone.localtime(now)
    ran = []
    for entry in entries():
        run, created = ScheduledRun.objects.get_or_create(
            job=entry.name, defaults={"last_run_at": now}
        )
        if created:
            continue  # a new job starts counting from now rather than running at once
        if not entry.cron.due_between(timezone.localtime(run.last_run_at), local_now):
            continue
        claimed = ScheduledRun.objects.filter(pk=run.pk, last_run_at=run.last_run_at).update(
            last_run_at=now
        )
        if claimed:
            try:
                entry.task.enqueue()
            except Exception:  # noqa: BLE001
                logger.exception("Could not enqueue scheduled job %s", entry.name)
                continue
            ran.append(entry.name)
    return ran
