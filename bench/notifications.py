"""Notification benchmarks (issue 16): fan-out of one event to N recipients, the daily
digest for N users × 10 items, and the header bell's cost per page.

Run briefly on your own database: ``manage.py bench_notifications --users 2000``
(the issue's figures are for 20,000). Everything it creates is deleted at the end.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from background.compat import task
from bench.report import Figure, at_most
from notifications import services
from notifications.models import Channel, Notification, NotificationPreference, NotificationSettings
from notifications.selectors import cached_unread_count

TYPE = "courses.step_added"
DOMAIN = "bench-notifications.invalid"


def _users(count: int) -> list[int]:
    User = get_user_model()
    User.objects.bulk_create(
        [
            User(
                email=f"u{n}@{DOMAIN}",
                full_name=f"Bench {n}",
                preferred_language=("pl", "en", "uk")[n % 3],
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    return list(User.objects.filter(email__endswith=DOMAIN).values_list("pk", flat=True))


def _cleanup(since=None) -> None:
    from django_tasks_db.models import DBTaskResult

    from background.models import EmailDelivery

    if since is not None:  # the digests' delivery tasks: their emails are deleted below
        DBTaskResult.objects.filter(
            task_path__startswith="background.tasks.deliver_email", enqueued_at__gte=since
        ).delete()
    User = get_user_model()
    EmailDelivery.objects.filter(to__endswith=DOMAIN).delete()
    User.objects.filter(email__endswith=DOMAIN).delete()


def fan_out(user_ids: list[int]) -> dict:
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():
            created = services.notify(
                type_key=TYPE,
                recipient_ids=user_ids,
                event="bench:fan-out",
                params={"course": "Benchmark", "item": "Step", "group_title": "Benchmark"},
                group="course:0",
            )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    batches = -(-len(user_ids) // services.BATCH)
    return {
        "recipients": created,
        "seconds": round(seconds, 2),
        "cpu_seconds_this_process": round(cpu, 2),
        "queries": len(queries),
        "queries_per_batch": round(len(queries) / batches, 2),
    }


def digest(user_ids: list[int], items: int = 10) -> dict:
    Notification.objects.filter(recipient_id__in=user_ids).delete()
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user_id=pk, type=TYPE, channel=Channel.DAILY) for pk in user_ids],
        batch_size=2000,
    )
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                type=TYPE,
                event=f"bench:{n}",
                role="learner",
                group=f"course:{n % 3}",
                params={
                    "course": f"Kurs {n % 3}",
                    "item": f"Krok {n}",
                    "group_title": f"Kurs {n % 3}",
                },
            )
            for pk in user_ids
            for n in range(items)
        ],
        batch_size=5000,
    )
    Notification.objects.filter(recipient_id__in=user_ids).update(
        created_at=now - timedelta(hours=2)
    )
    hour = timezone.localtime(now).hour
    NotificationSettings.objects.filter(user_id__in=user_ids).delete()
    NotificationSettings.objects.bulk_create(
        [NotificationSettings(user_id=pk, digest_hour=hour) for pk in user_ids], batch_size=2000
    )
    started, cpu = time.perf_counter(), time.process_time()
    sent = services.digests_send(now=now)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # On a shared machine the wall time includes waiting for a core: the CPU time and the
    # load average say how much.
    return {
        "users": len(user_ids),
        "items_each": items,
        "digests": sent,
        "seconds": round(seconds, 1),
        "cpu_seconds_this_process": round(cpu, 1),
        "load_average": os.getloadavg()[0],
    }


def bell(user_id: int, rounds: int = 2000) -> dict:
    user = get_user_model().objects.get(pk=user_id)
    cache.set(services.unread_cache_key(user_id), 7, 300)

    def once():
        render_to_string(
            "notifications/_bell.html", {"notifications_unread": cached_unread_count(user)}
        )

    for _ in range(50):
        once()
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        once()
        samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(samples), 4), "queries": 0}


@task()
def noop(n: int) -> int:
    return n


def worker_memory(tasks: int) -> dict:
    """Run ``tasks`` no-op tasks through one real ``db_worker`` process; sample its memory."""
    import subprocess
    import sys
    import uuid

    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.bulk_create(
        [
            DBTaskResult(
                id=uuid.uuid4(),
                args_kwargs={"args": [n], "kwargs": {}},
                task_path="bench.notifications.noop",
                queue_name="default",
                backend_name="default",
                run_after=datetime(9999, 1, 1, tzinfo=UTC),
            )
            for n in range(tasks)
        ],
        batch_size=2000,
    )
    env = {**os.environ, "ACADEMY_TASKS_BACKEND": "database"}
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--queue-name",
            "default",
            "--no-reload",
            "--interval",
            "0",
            "--no-startup-delay",
            "-v",
            "0",
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    samples, started = [], time.perf_counter()
    while worker.poll() is None:
        try:
            with open(f"/proc/{worker.pid}/status") as status:
                rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
            samples.append(rss)
        except (OSError, StopIteration):
            pass
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    mine = DBTaskResult.objects.filter(task_path="bench.notifications.noop")
    done = mine.filter(status="SUCCESSFUL").count()
    mine.delete()
    tenth = samples[len(samples) // 10] if samples else 0
    return {
        "tasks": tasks,
        "done": done,
        "seconds": round(seconds, 1),
        "rss_kib_at_10_percent": tenth,
        "rss_kib_max": max(samples, default=0),
        "rss_kib_last": samples[-1] if samples else 0,
    }


# Issue 16's budgets, for the issue's 20,000 users (a smaller run reports without them).
BUDGET_USERS = 20_000


def figures(result: dict) -> list[Figure]:
    fan_out, digest = result["fan_out"], result["digest"]
    full, users = fan_out["recipients"] >= BUDGET_USERS, digest["users"]
    # name, value, unit, budget at the scale
    rows = [
        (f"fan_out_{users}.seconds", fan_out["seconds"], "s", 5),
        (f"fan_out_{users}.queries_per_batch", fan_out["queries_per_batch"], "count", None),
        (f"digest_{users}.seconds", digest["seconds"], "s", 120),
        (f"digest_{users}.cpu_seconds", digest["cpu_seconds_this_process"], "s", None),
    ]
    return [
        Figure(f"notifications.{name}", value, unit, at_most(budget) if full and budget else None)
        for name, value, unit, budget in rows
    ] + [Figure("notifications.bell.median_ms", result["bell"]["median_ms"], "ms", at_most(0.3))]


def run(users: int) -> dict:
    _cleanup()
    started = timezone.now()
    try:
        ids = _users(users)
        return {"fan_out": fan_out(ids), "digest": digest(ids), "bell": bell(ids[0])}
    finally:
        _cleanup(since=started)
